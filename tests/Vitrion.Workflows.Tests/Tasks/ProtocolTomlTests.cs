using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;
using Vitrion.TestKit;
using Vitrion.Workflows.Paper;
using Vitrion.Workflows.Tasks;
using Xunit;

namespace Vitrion.Workflows.Tests.Tasks;

/// <summary>Issue #17: protocols are built as <see cref="Protocol"/> records and TOML is written from the record.</summary>
public sealed class ProtocolTomlTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("tiny")]
    [InlineData("full")]
    public void PrepareProtocol_WrittenAsToml_ParsesBackToTheSameRecord(string preset)
    {
        string dir = References.TempDir("vitrion-protocol-toml");
        var plan = new PaperPlan(PaperPreset.Get(preset), PaperLayout.Of(dir), ForceThreads: 3);
        var record = plan.PrepareProtocol(25);
        string path = record.SourcePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ProtocolToml.Write(record, path, plan.PrepareComment(25));
        var parsed = ProtocolParser.Load(path);
        AssertSame(record, parsed);
        Assert.Contains("data = \"glass.data\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(3, parsed.ForceField.Threads);
        Assert.Equal(2048UL, parsed.Seed);
    }

    [Fact]
    public void EveryStageKindAndSchedule_RoundTrips()
    {
        string dir = References.TempDir("vitrion-protocol-toml");
        var p = new Protocol
        {
            SourcePath = Path.Combine(dir, "p.toml"),
            DataFile = Path.Combine(dir, "in.data"),
            ForceField = new ForceFieldSettings(Path.Combine(dir, "ff.json"), KspaceStyle.Ewald, 1e-6, 10.5, 1.5, 2),
            Seed = 99,
            TimestepFs = 0.5,
            Thermo = new OutputSpec(Path.Combine(dir, "t.csv"), 7),
            Dump = new OutputSpec(Path.Combine(dir, "sub", "d.dump"), 11),
            Checkpoint = new OutputSpec(Path.Combine(dir, "c.bin"), 13),
            FinalData = Path.Combine(dir, "out.data"),
            Stages =
            [
                new ProtocolStage { Name = "min", Kind = StageKind.Minimise, Steps = 10, ForceTolerance = 0.3 },
                new ProtocolStage { Name = "nve", Kind = StageKind.Nve, Steps = 5, TimestepFs = 0.25, ThermoEvery = 2, DumpEvery = 3 },
                new ProtocolStage { Name = "lan", Kind = StageKind.Langevin, Steps = 5, Temperature = Schedule.Linear(300, 600.5), TdampFs = 50, Seed = 4 },
                new ProtocolStage { Name = "npt", Kind = StageKind.Npt, Steps = 5, Temperature = new PiecewiseSchedule([(0, 300), (0.5, 900), (1, 400)]), Pressure = Schedule.Constant(2.5e4), PdampFs = 700, VelocityTemperature = 123.25 },
            ],
        };
        ProtocolToml.Write(p, p.SourcePath);
        AssertSame(p, ProtocolParser.Load(p.SourcePath));
    }

    private static void AssertSame(Protocol expected, Protocol actual)
    {
        Assert.Equal(Path.GetFullPath(expected.DataFile), actual.DataFile);
        Assert.Equal(expected.ForceField with { ForceFieldFile = null }, actual.ForceField with { ForceFieldFile = null });
        Assert.Equal(expected.ForceField.ForceFieldFile, actual.ForceField.ForceFieldFile);
        Assert.Equal(expected.Seed, actual.Seed);
        Assert.Equal(expected.TimestepFs, actual.TimestepFs);
        Assert.Equal(expected.Thermo, actual.Thermo);
        Assert.Equal(expected.Dump, actual.Dump);
        Assert.Equal(expected.Checkpoint, actual.Checkpoint);
        Assert.Equal(expected.FinalData, actual.FinalData);
        Assert.Equal(expected.Stages.Length, actual.Stages.Length);
        for (int i = 0; i < expected.Stages.Length; i++)
        {
            // Line numbers are where the parser found the stage; everything else must survive the trip.
            var a = actual.Stages[i] with { Line = 0 };
            var e = expected.Stages[i] with { Line = 0 };
            Assert.Equal(e with { Temperature = null, Pressure = null }, a with { Temperature = null, Pressure = null });
            foreach (var (se, sa) in new[] { (e.Temperature, a.Temperature), (e.Pressure, a.Pressure) })
            {
                Assert.Equal(se is null, sa is null);
                if (se is null) { continue; }
                for (int k = 0; k <= 20; k++) { Assert.Equal(se.ValueAt(k / 20.0), sa!.ValueAt(k / 20.0)); }
            }
        }
    }
}
