using Vitrion.Core;

namespace Vitrion.ForceField.Tests.Threading;

/// <summary>
/// The terms side by side in one parallel region (k-space whole on one worker, the pair, three-body and bonded work split by
/// estimated cost) against the same terms one after another, on the 8069-atom reference glass with PPPM, and against LAMMPS' pe.
/// </summary>
public class ConcurrentTermsTests
{
    private static readonly Lazy<(ForceBuffer Serial, ForceBuffer One, ForceBuffer Two, ForceBuffer Three, ArigaForceField TwoField)> Results = new(() =>
    {
        var d = TestSystems.Glass;
        var o = new ForceFieldOptions { Kspace = KspaceStyle.Pppm, Accuracy = 1e-5 };
        var (serial, _, _) = TestSystems.Evaluate(d, o with { Threads = 2, ConcurrentTerms = false }, perAtom: true);
        var (one, _, _) = TestSystems.Evaluate(d, o with { Threads = 1 }, perAtom: true);
        var (two, _, f2) = TestSystems.Evaluate(d, o with { Threads = 2 }, perAtom: true);
        var (three, _, _) = TestSystems.Evaluate(d, o with { Threads = 3 }, perAtom: true);
        return (serial, one, two, three, f2);
    });

    [Fact]
    public void TheRegionRunsKspaceWholeOnOneWorker()
    {
        var f = Results.Value.TwoField;
        Assert.True(f.ConcurrentTerms);
        Assert.True(f.KspaceInRegion);
        Assert.Contains("region", f.TimingsSeconds.Keys);
        var costs = f.EstimatedCostsNanoseconds();
        Assert.Equal(new[] { "bonded", "kspace", "pair", "sw" }, costs.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(costs.Values, c => Assert.True(c > 0 && double.IsFinite(c)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ConcurrentTermsEqualTheTermsOneAfterAnother(int threads)
    {
        var (serial, one, two, three, _) = Results.Value;
        var b = threads switch { 1 => one, 2 => two, _ => three };
        // LAMMPS' pe of the reference glass with PPPM 1e-5 and its default Coulomb tables (REFERENCE.md: −240747.73 kcal/mol).
        Assert.Equal(-240747.73, b.Energies.Pe, 0.05);
        Assert.Equal(serial.Energies.Pe, b.Energies.Pe, Math.Abs(serial.Energies.Pe) * 1e-12);
        Assert.Equal(serial.Energies.Elj, b.Energies.Elj, Math.Abs(serial.Energies.Elj) * 1e-12);
        Assert.Equal(serial.Energies.Ecoul, b.Energies.Ecoul, Math.Abs(serial.Energies.Ecoul) * 1e-12);
        Assert.Equal(serial.Energies.Elong, b.Energies.Elong, Math.Abs(serial.Energies.Elong) * 1e-12);
        Assert.Equal(serial.Energies.E3body, b.Energies.E3body, Math.Abs(serial.Energies.E3body) * 1e-12);
        Assert.Equal(serial.Energies.Ebond + serial.Energies.Eangle + serial.Energies.Edihed, b.Energies.Ebond + b.Energies.Eangle + b.Energies.Edihed, 1e-8);
        double maxF = 0, maxE = 0;
        for (int i = 0; i < b.Forces.Length; i++)
        {
            maxF = Math.Max(maxF, (serial.Forces[i] - b.Forces[i]).Norm);
            maxE = Math.Max(maxE, Math.Abs(serial.PerAtomEnergy[i] - b.PerAtomEnergy[i]));
        }

        Assert.True(maxF < 1e-9, $"max force difference {maxF} kcal/mol/Å");
        Assert.True(maxE < 1e-9, $"max per-atom energy difference {maxE} kcal/mol");
        for (int k = 0; k < 6; k++) { Assert.Equal(serial.Virial[k], b.Virial[k], Math.Abs(serial.Virial[k]) * 1e-11 + 1e-8); }
    }

    [Fact]
    public void TwoRunsWithTwoThreadsAgreeToTheLastBit()
    {
        // The split comes from counts, never from timings: a fresh force field gives the same bits, step after step.
        var d = TestSystems.Glass;
        var o = new ForceFieldOptions { Kspace = KspaceStyle.Pppm, Accuracy = 1e-5, Threads = 2 };
        // The virial too, at every evaluation: it is summed from per-worker parts (a race there once changed NPT runs).
        var runs = new List<(Vec3[] Forces, List<double[]> Virials)>();
        for (int r = 0; r < 2; r++)
        {
            var ff = new ArigaForceField(TestSystems.Spec, d.Topology, d.Box, o);
            var s = TestSystems.State(ff, d);
            var b = new ForceBuffer(s.AtomCount);
            var virials = new List<double[]>();
            for (int step = 0; step < 12; step++)
            {
                for (int i = 0; i < s.Positions.Length; i++) { s.Positions[i] += new Vec3(0.01, -0.02, 0.015) * (i % 7 - 3) * 0.3; }
                ff.Compute(s, b);
                virials.Add((double[])b.Virial.Clone());
            }

            runs.Add(((Vec3[])b.Forces.Clone(), virials));
        }

        Assert.True(runs[0].Forces.AsSpan().SequenceEqual(runs[1].Forces), "forces differ between two identical runs with two threads");
        for (int step = 0; step < runs[0].Virials.Count; step++)
        {
            Assert.True(runs[0].Virials[step].AsSpan().SequenceEqual(runs[1].Virials[step]), $"virial differs at evaluation {step + 1}");
        }
    }
}
