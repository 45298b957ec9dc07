using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Xunit;

namespace Vitrion.Analysis.Tests.Structure;

public class StructureFactorTests
{
    [Fact]
    public void FormFactorsAtZeroEqualElectronCounts()
    {
        Assert.Equal(2.0, ScatteringData.FormFactor("Li", 0), 3); // Li+
        Assert.Equal(15.0, ScatteringData.FormFactor("P", 0), 2);
        Assert.Equal(16.0, ScatteringData.FormFactor("S", 0), 3);
        Assert.True(ScatteringData.FormFactor("S", 4) < 10);
    }

    [Fact]
    public void PeakFitRecoversAGaussianOnALine()
    {
        var q = Enumerable.Range(0, 121).Select(k => 0.6 + k * 0.01).ToArray();
        var rng = new Random(3);
        var y = q.Select(x => 0.7 * Math.Exp(-(x - 1.17) * (x - 1.17) / (2 * 0.12 * 0.12)) + 0.4 + 0.1 * x + 0.002 * (rng.NextDouble() - 0.5)).ToArray();
        var fit = StructureFactor.FitPeak(q, y, 0.7, 1.7);
        Assert.Equal(1.17, fit.Position, 3);
        Assert.Equal(2.3548 * 0.12, fit.Fwhm, 2);
        Assert.InRange(fit.PositionError, 1e-6, 5e-3);
        Assert.Equal(0.7, fit.Height, 2);
    }

    [Fact]
    public void FourierAndDirectSumAgreeOnTheGlassAndFsdpIsNear1p2()
    {
        var frame = StructureTestData.ReferenceGlass();
        var opt = new SqOptions { QMin = 0.5, QMax = 2.4, QStep = 0.04 };
        var fourier = StructureFactor.FromFrames([frame], opt with { QStep = 0.01, RMax = 20, BinWidth = 0.02 });
        var direct = StructureFactor.Direct(frame, opt);
        var ff = StructureFactor.FitPeak(fourier.Q, fourier.Neutron, 0.8, 1.6);
        var fd = StructureFactor.FitPeak(direct.Q, direct.Neutron, 0.8, 1.6);
        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant(
            $"FSDP neutron: fourier {ff.Position:F4}±{ff.PositionError:F4} fwhm {ff.Fwhm:F3}; direct {fd.Position:F4}±{fd.PositionError:F4} fwhm {fd.Fwhm:F3}"));
        Assert.InRange(ff.Position, 1.0, 1.4);
        Assert.True(Math.Abs(ff.Position - fd.Position) < 0.05, $"fourier {ff.Position} direct {fd.Position}");
        // Main peak position (largest S(q) in 1.6-2.6) agrees within a bin.
        double Peak(SqResult r) => Enumerable.Range(0, r.Q.Length).Where(k => r.Q[k] > 1.6 && double.IsFinite(r.Neutron[k])).MaxBy(k => r.Neutron[k]) is int k ? r.Q[k] : double.NaN;
        Assert.True(Math.Abs(Peak(fourier) - Peak(direct)) <= 0.06, $"main peak fourier {Peak(fourier)} direct {Peak(direct)}");
        Assert.Equal("Faber-Ziman", fourier.Convention);
    }

    [Fact]
    public void DirectSumOfALatticeHasBraggPeaksOnly()
    {
        // Simple cubic lattice a = 3 Å in a 4a box: S(k) = N at k = 2π/a (Bragg), 0 elsewhere (k ≠ 0).
        var pts = new List<Vec3>();
        for (int x = 0; x < 4; x++) { for (int y = 0; y < 4; y++) { for (int z = 0; z < 4; z++) { pts.Add(new Vec3(3 * x + 0.1, 3 * y, 3 * z)); } } }
        var f = new Frame(Box.Cubic(12), [.. pts], Enumerable.Range(1, 64).ToArray(), new int[64], ["S"]);
        double kb = 2 * Math.PI / 3;
        var r = StructureFactor.Direct(f, new SqOptions { QMin = 0.5, QMax = 2.2, QStep = 0.01 });
        int ib = (int)Math.Round((kb - 0.5) / 0.01);
        Assert.Equal(64.0, r.Partials[0].S[ib], 8);
        int i1 = (int)Math.Round((2 * Math.PI / 12 - 0.5) / 0.01);
        Assert.Equal(0.0, r.Partials[0].S[i1], 8);
    }
}
