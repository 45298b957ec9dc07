using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Xunit;

namespace Vitrion.Analysis.Tests.Transport;

public class DiffusionTests
{
    [Fact]
    public void RecoversDOfRandomWalksWithinItsUncertainty()
    {
        const double d = 0.004; // Å²/fs
        var msd = Msd.Windowed(Synthetic.RandomWalks(300, 1000, d, 10, 77));
        var fit = DiffusionFit.Fit(msd);
        Assert.True(fit.Diffusive);
        Assert.True(fit.AutomaticWindow);
        Assert.Equal(DiffusionUncertainty.BootstrapAtoms, fit.Uncertainty);
        Assert.True(Math.Abs(fit.DA2PerFs - d) < 3 * fit.SigmaDA2PerFs, $"D = {fit.DA2PerFs} ± {fit.SigmaDA2PerFs}, true {d}");
        Assert.True(fit.SigmaDA2PerFs < 0.1 * d && fit.SigmaDA2PerFs > 0.002 * d, $"σ = {fit.SigmaDA2PerFs}");
        Assert.True(fit.FitEndFs <= 0.5 * msd.TimeFs[^1] + 1e-9);
        Assert.Equal(fit.DA2PerFs * 0.1, fit.DCm2PerS, 15);
    }

    [Fact]
    public void StatedUncertaintyCoversTheTruth()
    {
        // 20 independent replicas: |D̂ − D| < 2σ should hold in about 95 % of them (binomial: ≥ 16 of 20 with p > 0.999).
        const double d = 0.01;
        int inside = 0;
        for (int rep = 0; rep < 20; rep++)
        {
            var fit = DiffusionFit.Fit(Msd.Windowed(Synthetic.RandomWalks(100, 400, d, 5, 1000 + rep)), new DiffusionOptions { BootstrapSamples = 100, Seed = rep });
            if (Math.Abs(fit.DA2PerFs - d) < 2 * fit.SigmaDA2PerFs) { inside++; }
        }

        Assert.True(inside >= 16, $"only {inside}/20 replicas within 2σ");
    }

    [Fact]
    public void AutomaticWindowSkipsTheBallisticRegime()
    {
        // MSD = 6 D t² / (t + τ): slope 2 for t ≪ τ, slope 1 (and MSD → 6 D (t − τ)) for t ≫ τ.
        const double d = 0.002, tau = 200;
        var t = Enumerable.Range(0, 20001).Select(k => k * 5.0).ToArray();
        var y = t.Select(x => 6 * d * x * x / (x + tau)).ToArray();
        var fit = DiffusionFit.Fit(t, y, new DiffusionOptions { MaxLagFraction = 1.0 });
        Assert.True(fit.Diffusive);
        Assert.True(fit.FitStartFs > 5 * tau, $"window starts at {fit.FitStartFs} fs");
        Assert.True(Math.Abs(fit.DA2PerFs - d) < 0.05 * d, $"D {fit.DA2PerFs}");
        Assert.True(Math.Abs(fit.SlopeInWindow - 1) < 0.15);

        // A sub-diffusive (caged) curve is reported as not diffusive.
        var caged = t.Select(x => 2.0 * Math.Pow(x + 1, 0.4)).ToArray();
        Assert.False(DiffusionFit.Fit(t, caged).Diffusive);
    }

    [Fact]
    public void ArrheniusFitRecoversEaFromRandomWalks()
    {
        const double ea = 0.30, d0 = 2e-3; // eV, cm²/s
        double[] temps = [500, 600, 700, 800, 900];
        var pts = new List<DiffusionPoint>();
        for (int k = 0; k < temps.Length; k++)
        {
            double dTrue = d0 * Math.Exp(-ea / (Units.BoltzmannEv * temps[k])) / 0.1; // Å²/fs
            var fit = DiffusionFit.Fit(Msd.Windowed(Synthetic.RandomWalks(200, 600, dTrue, 10, 500 + k)), new DiffusionOptions { BootstrapSamples = 100 });
            pts.Add(new DiffusionPoint(temps[k], fit.DCm2PerS, fit.SigmaDCm2PerS));
        }

        var arr = ArrheniusFit.Fit(pts);
        Assert.True(arr.Weighted);
        Assert.True(Math.Abs(arr.EaEv - ea) < 3 * arr.SigmaEaEv, $"Ea = {arr.EaEv} ± {arr.SigmaEaEv} eV, true {ea}");
        Assert.True(arr.SigmaEaEv < 0.03, $"σ(Ea) {arr.SigmaEaEv}");
        var (d300, sLn) = arr.Extrapolate(300);
        double true300 = d0 * Math.Exp(-ea / (Units.BoltzmannEv * 300));
        Assert.True(Math.Abs(Math.Log(d300 / true300)) < 3 * sLn, $"D(300 K) {d300} vs {true300}, σ(ln D) {sLn}");
    }

    [Fact]
    public void ArrheniusFitOfExactPointsMatchesTheTwoPointFormula()
    {
        double t1 = 400, t2 = 800, dd1 = 1e-7, dd2 = 4e-6;
        double eaHand = Math.Log(dd2 / dd1) / (1 / (8.617333262e-5 * t1) - 1 / (8.617333262e-5 * t2));
        var a = ArrheniusFit.Fit([new(t1, dd1, 0.05 * dd1), new(t2, dd2, 0.05 * dd2)]);
        Assert.Equal(eaHand, a.EaEv, 12);
        // σ(Ea) of two points with 5 % errors: sqrt(0.05² + 0.05²) / Δ(1/kT).
        double dx = 1 / (8.617333262e-5 * t1) - 1 / (8.617333262e-5 * t2);
        Assert.Equal(Math.Sqrt(2) * 0.05 / dx, a.SigmaEaEv, 12);
        Assert.Equal(dd1, a.Extrapolate(t1).DCm2PerS, 1e-18);
        Assert.Throws<InputException>(() => ArrheniusFit.Fit([new(500, 1e-6, 0)]));
        Assert.Throws<InputException>(() => ArrheniusFit.Fit([new(500, 1e-6, 0), new(600, 2e-6, 0)])); // no σ and only 2 points
        var u = ArrheniusFit.Fit([new(500, 1e-6, 0), new(600, 2e-6, 0), new(700, 3.1e-6, 0)]);
        Assert.False(u.Weighted);
        Assert.True(u.SigmaEaEv > 0);
    }

    [Fact]
    public void NernstEinsteinMatchesTheFaradayForm()
    {
        // σ = F² c D / (R T), c in mol/cm³ — an independent route through molar constants.
        int n = 2580;
        double v = 56.54313 * 56.54313 * 56.54313, d = 3.2e-6, sd = 0.4e-6, t = 600;
        double c = n / 6.02214076e23 / (v * 1e-24);
        double expect = 96485.33212 * 96485.33212 * c * d / (8.314462618 * t);
        var r = NernstEinstein.Conductivity(d, sd, n, v, t);
        Assert.Equal(expect, r.SigmaSPerCm, 1e-9 * expect);
        Assert.Equal(expect * sd / d, r.UncertaintySPerCm, 1e-9 * expect);
        var h = NernstEinstein.Conductivity(d, 0, n, v, t, chargeE: 1, havenRatio: 0.5, sigmaVolumeA3: 0.01 * v);
        Assert.Equal(2 * expect, h.SigmaSPerCm, 1e-9 * expect);
        Assert.Equal(0.01 * 2 * expect, h.UncertaintySPerCm, 1e-9 * expect);
        Assert.Throws<InputException>(() => NernstEinstein.Conductivity(d, 0, n, -1, t));
    }
}
