using Vitrion.Analysis.Statistics;
using Xunit;

namespace Vitrion.Analysis.Tests.Statistics;

public class ClaimTestTests
{
    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void Quantiles_match_tables()
    {
        // Student-t and normal tables: t(0.975, 4) = 2.7764, t(0.975, 2) = 4.3027, z(0.975) = 1.95996, z(0.8) = 0.84162.
        Assert.Equal(2.7764451, ClaimTest.Quantile(4, 0.975), 6);
        Assert.Equal(4.3026527, ClaimTest.Quantile(2, 0.975), 6);
        Assert.Equal(1.959964, ClaimTest.Quantile(double.PositiveInfinity, 0.975), 5);
        Assert.Equal(0.841621, ClaimTest.Quantile(double.PositiveInfinity, 0.8), 5);
    }

    [Fact]
    public void Slope_matches_hand_calculation()
    {
        // x = 0..3, y = 1, 3, 2, 5: b = Sxy/Sxx = 5.5/5 = 1.1, a = 1.1, RSS = 2.7, se = √(2.7/2/5) = 0.519615.
        var e = ClaimTest.Slope([0, 1, 2, 3], [1, 3, 2, 5], "hand");
        Assert.Equal(1.1, e.Effect, 12);
        Assert.Equal(Math.Sqrt(0.27), e.StdError, 12);
        Assert.Equal(2, e.DegreesOfFreedom);
        Assert.Equal(1.1 - 4.302653 * Math.Sqrt(0.27), e.Low, 5);
        Assert.Equal(Verdict.Inconclusive, ClaimTest.Judge(e, +1)); // the interval [-1.14, 3.34] spans zero
    }

    [Fact]
    public void Mean_matches_hand_calculation()
    {
        // 1, 2, 3, 4, 5: mean 3, s = √2.5, se = √0.5, interval 3 ± 2.7764·0.70711 = [1.0368, 4.9632].
        var e = ClaimTest.Mean([1, 2, 3, 4, 5], "hand");
        Assert.Equal(3, e.Effect, 12);
        Assert.Equal(Math.Sqrt(0.5), e.StdError, 12);
        Assert.Equal(1.03676, e.Low, 4);
        Assert.Equal(4.96324, e.High, 4);
        Assert.Equal((2.776445 + StudentTPower(4)) * Math.Sqrt(0.5), e.MinDetectable, 4);
        Assert.Equal(Verdict.Reproduced, ClaimTest.Judge(e, +1));
        Assert.Equal(Verdict.Contradicted, ClaimTest.Judge(e, -1));
    }

    private static double StudentTPower(int dof) => ClaimTest.Quantile(dof, 0.8);

    /// <summary>
    /// Synthetic replicas: 3 compositions × 4 replicas, a trend of known slope plus Gaussian noise of known width.
    /// A slope four times its standard error is reproduced, a zero slope is inconclusive, a reversed one contradicted.
    /// </summary>
    [Theory]
    [InlineData(0.004, "reproduced")]
    [InlineData(0.0, "inconclusive")]
    [InlineData(-0.004, "contradicted")]
    public void Known_trend_gets_the_right_verdict(double slope, string expected)
    {
        // noise 0.01 at x = 5, 15, 25 (4 each): se(slope) = 0.01/√800 = 3.5e-4, so ±0.004 is ≈ 11 s.e. from zero.
        var rng = new Random(7);
        var x = new List<double>();
        var y = new List<double>();
        foreach (int p in new[] { 5, 15, 25 })
        {
            for (int r = 0; r < 4; r++) { x.Add(p); y.Add(0.2 + slope * p + 0.01 * Gauss(rng)); }
        }

        var e = ClaimTest.Slope(x, y, "synthetic replicas");
        Assert.Equal(expected, ClaimTest.Words(ClaimTest.Judge(e, +1)));
        Assert.InRange(e.StdError, 0.5 * 3.5e-4, 1.6 * 3.5e-4);
        Assert.Equal(12, e.Units);
    }

    /// <summary>
    /// Calibration: over many synthetic experiments with no effect, the rule calls a result significant (reproduced or
    /// contradicted) about 5 % of the time, and the slope interval covers the true slope about 95 % of the time.
    /// </summary>
    [Fact]
    public void Intervals_have_their_nominal_coverage()
    {
        var rng = new Random(11);
        int n = 2000, covered = 0, falsePositive = 0, meanCovered = 0;
        for (int k = 0; k < n; k++)
        {
            var x = new double[] { 5, 5, 5, 15, 15, 15, 25, 25, 25 };
            var y = x.Select(v => 1.0 - 0.01 * v + 0.05 * Gauss(rng)).ToArray();
            var e = ClaimTest.Slope(x, y, "s");
            if (e.Low <= -0.01 && -0.01 <= e.High) { covered++; }
            var z = ClaimTest.Mean(Enumerable.Range(0, 4).Select(_ => 0.3 * Gauss(rng)).ToArray(), "m");
            if (ClaimTest.Judge(z, +1) != Verdict.Inconclusive) { falsePositive++; }
            if (z.Low <= 0 && 0 <= z.High) { meanCovered++; }
        }

        Assert.InRange(covered / (double)n, 0.93, 0.97);
        Assert.InRange(meanCovered / (double)n, 0.93, 0.97);
        Assert.InRange(falsePositive / (double)n, 0.03, 0.07);
    }

    [Fact]
    public void Median_difference_bootstrap_brackets_a_known_shift()
    {
        // Two samples of 60 from N(10, 3) and N(7, 3): the difference of medians is about 3 with a bootstrap s.e. near
        // 1.2533·3·√(2/60) = 0.69 (the asymptotic s.e. of a normal median).
        var rng = new Random(3);
        var hard = Enumerable.Range(0, 60).Select(_ => 10 + 3 * Gauss(rng)).ToArray();
        var soft = Enumerable.Range(0, 60).Select(_ => 7 + 3 * Gauss(rng)).ToArray();
        var e = ClaimTest.MedianDifference(soft, hard, "hops");
        Assert.Equal(ClaimTest.Median(hard) - ClaimTest.Median(soft), e.Effect, 12);
        Assert.InRange(e.StdError, 0.45, 0.95);
        Assert.True(e.Low < e.Effect && e.Effect < e.High);
        Assert.Equal(Verdict.Reproduced, ClaimTest.Judge(e, +1));
        var same = ClaimTest.MedianDifference(soft, soft.Select(v => v + 0.0).ToArray(), "same");
        Assert.Equal(Verdict.Inconclusive, ClaimTest.Judge(same, +1));
    }

    [Fact]
    public void Required_hops_follow_the_power_formula()
    {
        // se 1.0 on 16 hops each: per-hop spread² = 16 + 16 = 32; n = (1.95996 + 0.84162)² · 32 / 2² = 62.8 → 63.
        Assert.Equal(63, ClaimTest.RequiredPerClass(1.0, 16, 1.0, 16, 2.0));
        Assert.True(double.IsNaN(ClaimTest.RequiredPerClass(double.NaN, 16, 1.0, 16, 2.0)));
    }

    [Fact]
    public void Too_few_units_give_no_interval()
    {
        var one = ClaimTest.Mean([0.4], "one model");
        Assert.Equal(0.4, one.Effect);
        Assert.Equal(Verdict.Inconclusive, ClaimTest.Judge(one, +1));
        Assert.Equal(Verdict.NotMeasured, ClaimTest.Judge(ClaimTest.Mean([], "none"), +1));
        // two compositions, one model each: the fallback is the weighted slope through the fit errors (normal interval)
        var w = ClaimTest.WeightedSlope([5, 25], [0.20, 0.17], [0.008, 0.008], "fit errors");
        Assert.Equal(-0.0015, w.Effect, 12);
        Assert.Equal(Math.Sqrt(2) * 0.008 / 20, w.StdError, 12);
        Assert.Equal(Verdict.Contradicted, ClaimTest.Judge(w, +1)); // −0.0015 ± 0.0011 excludes zero
    }
}
