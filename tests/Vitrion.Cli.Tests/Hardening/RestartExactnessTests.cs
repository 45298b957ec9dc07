using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;
using Vitrion.TestKit;
using Xunit;
using static Vitrion.Cli.Tests.Hardening.SmallGlass;

namespace Vitrion.Cli.Tests.Hardening;

/// <summary>
/// Issue #19, restarts: writing a checkpoint must not change the trajectory, and a run interrupted (Ctrl-C writes a
/// checkpoint) and resumed must equal the uninterrupted run bit for bit — final data file (round-trip doubles), dump
/// and thermo log compared byte for byte.
/// </summary>
public sealed class RestartExactnessTests
{
    private static (byte[] Data, byte[] Dump, byte[] Log) Run(string dir, string[] extra, params string[] md)
    {
        Directory.CreateDirectory(dir);
        string outData = Path.Combine(dir, "final.data"), dump = Path.Combine(dir, "t.dump"), log = Path.Combine(dir, "t.csv");
        var (code, _, err) = CliRunner.Run([.. md, "--threads", "2", "--out", outData, "--dump", dump, "--dump-every", "25", "--log", log, "--thermo", "5", .. extra]);
        Assert.True(code == 0, err);
        return (File.ReadAllBytes(outData), File.ReadAllBytes(dump), File.ReadAllBytes(log));
    }

    [Theory]
    [InlineData("nvt")]
    [InlineData("npt")]
    public void CheckpointsEvery100StepsDoNotChangeTheTrajectory(string ensemble)
    {
        string[] md = ["md", Data, "--steps", "400", "--ensemble", ensemble, "--temp", "600", "--press", "2000"];
        string root = References.TempDir("harden-restart");
        var none = Run(Path.Combine(root, "none"), [], md);
        var every100 = Run(Path.Combine(root, "c100"), ["--checkpoint", Path.Combine(root, "c100", "r.ckpt"), "--checkpoint-every", "100"], md);
        var every37 = Run(Path.Combine(root, "c37"), ["--checkpoint", Path.Combine(root, "c37", "r.ckpt"), "--checkpoint-every", "37"], md);
        Assert.Equal(none.Data, every100.Data);
        Assert.Equal(none.Dump, every100.Dump);
        Assert.Equal(none.Log, every100.Log);
        Assert.Equal(none.Data, every37.Data);
        Assert.Equal(none.Log, every37.Log);
    }

    [Theory]
    [InlineData(StageKind.Nvt, 237)]
    [InlineData(StageKind.Npt, 151)]
    public void InterruptThenResumeEqualsTheUninterruptedRunBitwise(StageKind kind, long stopAt)
    {
        string root = References.TempDir("harden-restart");
        string ens = kind.ToString().ToLowerInvariant();
        string[] md = ["md", Data, "--steps", "400", "--ensemble", ens, "--temp", "600", "--press", "2000"];
        var whole = Run(Path.Combine(root, "whole"), [], md);

        // What `vitrion md` does on Ctrl-C: the run's token is cancelled, the runner writes a checkpoint and stops.
        string dir = Path.Combine(root, "cut");
        Directory.CreateDirectory(dir);
        string ck = Path.Combine(dir, "r.ckpt");
        var protocol = new Protocol
        {
            SourcePath = Data,
            DataFile = Data,
            ForceField = new ForceFieldSettings(null, KspaceStyle.Pppm, 1e-5, null, 2.0, 2),
            Seed = 12345,
            TimestepFs = 1.0,
            Thermo = new OutputSpec(Path.Combine(dir, "t.csv"), 5),
            Dump = new OutputSpec(Path.Combine(dir, "t.dump"), 25),
            Checkpoint = new OutputSpec(ck, 100000),
            FinalData = Path.Combine(dir, "final.data"),
            Stages =
            [
                new ProtocolStage
                {
                    Name = ens, Kind = kind, Steps = 400, Temperature = Schedule.Constant(600),
                    Pressure = kind == StageKind.Npt ? Schedule.Constant(2000) : null, Seed = 12345,
                    VelocityTemperature = 600, // small.data has no velocities: md creates them at the start temperature
                },
            ],
        };
        using var cts = new CancellationTokenSource();
        var runner = new ProtocolRunner(protocol) { ProgressEvery = 1, Progress = p => { if (p.Step >= stopAt) { cts.Cancel(); } } };
        Assert.Throws<OperationCanceledException>(() => runner.Run(cancel: cts.Token));
        Assert.Equal(stopAt, Checkpoint.Read(ck).Step);
        Assert.False(File.Exists(Path.Combine(dir, "final.data")));

        var resumed = Run(dir, ["--checkpoint", ck, "--checkpoint-every", "100000", "--resume", ck], md);
        Assert.Equal(whole.Data, resumed.Data);
        Assert.Equal(whole.Dump, resumed.Dump);
        Assert.Equal(whole.Log, resumed.Log);
    }
}
