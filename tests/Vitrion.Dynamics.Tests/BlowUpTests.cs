using Vitrion.Core;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Dynamics.Tests;

/// <summary>Issue #19, defect 8: after a blow-up the dump holds every frame once, and the last good frame never overwrites a file.</summary>
public class BlowUpTests
{
    /// <summary>Argon that returns NaN forces from the given evaluation on (a blow-up at a known step).</summary>
    private sealed class FailingPotential(int failAt) : IPotential
    {
        private readonly IPotential _inner = TestSystems.Argon();
        private int _calls;

        public void Compute(SystemState state, ForceBuffer output, bool perAtom = false)
        {
            _inner.Compute(state, output, perAtom);
            if (++_calls >= failAt) { output.Forces[0] = new Vec3(double.NaN, 0, 0); }
        }
    }

    [Fact]
    public void TheDumpEndsWithTheLastGoodFrameOnceAndLastGoodDataNeverOverwrites()
    {
        string dir = References.TempDir();
        var state = TestSystems.LjFcc(3, 5.6, 0, 1);
        string data = Path.Combine(dir, "lj.data");
        LammpsDataWriter.Write(data, LammpsData.FromState(state));
        string existing = Path.Combine(dir, "final.last-good.data");
        File.WriteAllText(existing, "keep me");
        var protocol = new Protocol
        {
            SourcePath = data,
            DataFile = data,
            TimestepFs = 2,
            Dump = new OutputSpec(Path.Combine(dir, "t.dump"), 5),
            Thermo = new OutputSpec(Path.Combine(dir, "t.csv"), 5),
            FinalData = Path.Combine(dir, "final.data"),
            Stages = [new ProtocolStage { Name = "nvt", Kind = StageKind.Nvt, Steps = 100, Temperature = Schedule.Constant(80), VelocityTemperature = 80 }],
        };

        // Evaluation 1 is the set-up; evaluation k+1 is step k, so the run blows up at step 21 and step 20 (a dump step) is the last good one.
        var runner = new ProtocolRunner(protocol, _ => new FailingPotential(22));
        var e = Assert.Throws<InputException>(() => runner.Run(cancel: TestContext.Current.CancellationToken));
        Assert.Contains("run blew up at step 21", e.Message, StringComparison.Ordinal);
        Assert.Contains("last good frame (step 20)", e.Message, StringComparison.Ordinal);

        var steps = LammpsDumpReader.ReadFrames(Path.Combine(dir, "t.dump")).Select(f => f.Step).ToList();
        Assert.Equal([5L, 10, 15, 20], steps);
        Assert.Equal("keep me", File.ReadAllText(existing));
        string written = Path.Combine(dir, "final.last-good-2.data");
        Assert.Contains(written, e.Message, StringComparison.Ordinal);
        Assert.Equal(state.AtomCount, LammpsDataReader.Read(written).Topology.AtomCount);
    }
}
