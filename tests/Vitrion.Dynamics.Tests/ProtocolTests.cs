using Vitrion.Core;
using Vitrion.Dynamics.Protocols;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Dynamics.Tests;

public class ProtocolTests
{
    private static string WriteLjData(string dir)
    {
        var state = TestSystems.LjFcc(3, 5.6, 0, 1);
        string path = Path.Combine(dir, "lj.data");
        LammpsDataWriter.Write(path, LammpsData.FromState(state));
        return path;
    }

    private const string TwoStages = """
        # two stages, the second with a barostat
        data = "lj.data"
        seed = 7
        dt = 4.0
        final_data = "out/final.data"

        [thermo]
        file = "out/thermo.csv"
        every = 10

        [dump]
        file = "out/traj.dump"
        every = 40

        [checkpoint]
        file = "out/run.ckpt"
        every = 40

        [[stage]]
        type = "langevin"
        steps = 80
        temp = [60, 100]
        tdamp = 200
        velocities = 60

        [[stage]]
        name = "compress"
        type = "npt"
        steps = 120
        temp = 100
        press = [1, 300]
        tdamp = 100
        pdamp = 500
        """;

    [Fact]
    public void ResumedRunIsBitwiseIdenticalToUninterruptedRun()
    {
        string dirA = References.TempDir(), dirB = References.TempDir();
        foreach (var dir in new[] { dirA, dirB })
        {
            WriteLjData(dir);
            File.WriteAllText(Path.Combine(dir, "p.toml"), TwoStages);
        }

        Func<SystemState, ForceField.IPotential> lj = _ => TestSystems.Argon();
        var full = new ProtocolRunner(ProtocolParser.Load(Path.Combine(dirA, "p.toml")), lj);
        var summaryA = full.Run(cancel: TestContext.Current.CancellationToken);

        // Interrupt B at step 120 (inside the second stage), then resume from the checkpoint written on interruption.
        var cts = new CancellationTokenSource();
        var interrupted = new ProtocolRunner(ProtocolParser.Load(Path.Combine(dirB, "p.toml")), lj)
        {
            ProgressEvery = 20,
            Progress = p => { if (p.Step >= 120) { cts.Cancel(); } },
        };
        Assert.Throws<OperationCanceledException>(() => interrupted.Run(cancel: cts.Token));
        var resumed = new ProtocolRunner(ProtocolParser.Load(Path.Combine(dirB, "p.toml")), lj);
        resumed.Run(Path.Combine(dirB, "out", "run.ckpt"), TestContext.Current.CancellationToken);

        var a = full.FinalState!;
        var b = resumed.FinalState!;
        Assert.Equal(200, a.Step);
        Assert.Equal(a.Step, b.Step);
        Assert.Equal(a.Box, b.Box);
        Assert.Equal(a.Positions, b.Positions);
        Assert.Equal(a.Velocities, b.Velocities);
        Assert.Equal(a.Images, b.Images);
        Assert.NotEqual(a.Box.Volume, TestSystems.LjFcc(3, 5.6, 0, 1).Box.Volume);
        Assert.Equal(File.ReadAllText(Path.Combine(dirA, "out", "thermo.csv")), File.ReadAllText(Path.Combine(dirB, "out", "thermo.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dirA, "out", "traj.dump")), File.ReadAllBytes(Path.Combine(dirB, "out", "traj.dump")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dirA, "out", "final.data")), File.ReadAllBytes(Path.Combine(dirB, "out", "final.data")));
        // The thermo log: header + initial rows of both stages + every 10 steps.
        var lines = File.ReadAllLines(Path.Combine(dirA, "out", "thermo.csv"));
        Assert.Equal(ThermoLog.Header, lines[0]);
        Assert.Equal(1 + 21, lines.Length);
        Assert.True(summaryA.Steps == 200);
    }

    [Fact]
    public void ProtocolParsesSchedulesAndResolvesPathsFromItsFolder()
    {
        string dir = References.TempDir();
        string path = Path.Combine(dir, "p.toml");
        File.WriteAllText(path, TwoStages + "\n[[stage]]\ntype = \"nvt\"\nsteps = 10\ntemp = [[0.0, 500], [0.5, 500], [1.0, 300]]\n\n[[stage]]\ntype = \"minimise\"\nftol = 0.5\n");
        var p = ProtocolParser.Load(path);
        Assert.Equal(Path.Combine(dir, "lj.data"), p.DataFile);
        Assert.Equal(Path.Combine(dir, "out", "thermo.csv"), p.Thermo!.File);
        Assert.Equal(4, p.Stages.Length);
        Assert.Equal(80, p.Stages[0].Temperature!.ValueAt(0.5), 12);
        Assert.Equal(150.5, p.Stages[1].Pressure!.ValueAt(0.5), 12);
        Assert.Equal(500, p.Stages[2].Temperature!.ValueAt(0.25), 12);
        Assert.Equal(400, p.Stages[2].Temperature!.ValueAt(0.75), 12);
        Assert.Equal(StageKind.Minimise, p.Stages[3].Kind);
        Assert.Equal(0.5, p.Stages[3].ForceTolerance);
        Assert.Equal(80 + 120 + 10, p.TotalMdSteps);
    }

    [Theory]
    [InlineData("data = \"x.data\"\n\n[[stage]]\ntype = \"nvt\"\nsteps = 10\ntemp = 300\ntdampp = 5\n", 7, "unknown key 'tdampp'")]
    [InlineData("data = \"x.data\"\n[[stage]]\ntype = \"nvx\"\nsteps = 10\n", 3, "unknown type \"nvx\"")]
    [InlineData("data = \"x.data\"\n[[stage]]\ntype = \"nvt\"\nsteps = 10\n", 2, "needs 'temp'")]
    [InlineData("data = \"x.data\"\n[[stage]]\ntype = \"nve\"\nsteps = -3\n", 4, "'steps' must be")]
    [InlineData("data = \"x.data\"\n[[stage]]\ntype = \"nve\"\nsteps = 10\ndt = \"one\"\n", 5, "'dt' must be a number")]
    [InlineData("data = \"x.data\"\n[[stage]\ntype = \"nve\"\n", 2, "TOML syntax error")]
    [InlineData("data = \"x.data\"\n", 1, "at least one [[stage]]")]
    public void ProtocolErrorsNameFileAndLine(string text, int line, string fragment)
    {
        string path = Path.Combine(References.TempDir(), "bad.toml");
        File.WriteAllText(path, text);
        var ex = Assert.Throws<InputException>(() => ProtocolParser.Load(path));
        Assert.Equal(line, ex.Line);
        Assert.Equal(path, ex.File);
        Assert.Contains(fragment, ex.Message);
        Assert.StartsWith($"{path}:{line}: ", ex.Message);
    }

    [Fact]
    public void CheckpointRoundTripsExactly()
    {
        var state = TestSystems.LjFcc(2, 5.6, 80, 4);
        var sim = new Simulation(state, TestSystems.Argon(), Integrators.NoseHoover.Npt(100, 500), 2.0, Schedule.Constant(80), Schedule.Constant(10));
        sim.Setup(50);
        sim.Run(20, null, TestContext.Current.CancellationToken);
        string path = Path.Combine(References.TempDir(), "c.ckpt");
        Checkpoint.Of(sim, new Dictionary<string, string> { ["k"] = "v" }).Write(path);
        var c = Checkpoint.Read(path);
        Assert.Equal(20, c.Step);
        Assert.Equal(state.Positions, c.Positions);
        Assert.Equal(state.Velocities, c.Velocities);
        Assert.Equal(state.Box, c.Box);
        Assert.Equal(sim.IntegratorState(), c.IntegratorState);
        Assert.Equal("v", c.Metadata["k"]);
        Assert.Equal("npt", c.Integrator);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..40]);
        Assert.Throws<InputException>(() => Checkpoint.Read(path));
    }
}
