using MathNet.Numerics.Distributions;

namespace Vitrion.Analysis.Statistics;

/// <summary>What a measured effect says about a claim that predicts its sign.</summary>
public enum Verdict
{
    /// <summary>The 95 % interval excludes zero and the effect has the paper's sign.</summary>
    Reproduced,

    /// <summary>The 95 % interval excludes zero and the effect has the opposite sign.</summary>
    Contradicted,

    /// <summary>The 95 % interval contains zero (or could not be formed).</summary>
    Inconclusive,

    /// <summary>Nothing was measured.</summary>
    NotMeasured,
}

/// <summary>
/// An effect with its 95 % confidence interval, in the unit of the effect.
/// </summary>
/// <param name="Effect">point estimate.</param>
/// <param name="StdError">its standard error (NaN when the interval is a bootstrap percentile interval without one).</param>
/// <param name="Low">lower end of the 95 % interval.</param>
/// <param name="High">upper end of the 95 % interval.</param>
/// <param name="Units">independent units the interval rests on (replicas, models, hops).</param>
/// <param name="DegreesOfFreedom">degrees of freedom of the t quantile (∞ for a normal or bootstrap interval).</param>
/// <param name="Basis">what the interval is built from, in words.</param>
/// <param name="MinDetectable">smallest |effect| this design would call significant with 80 % power (two-sided 5 %).</param>
public sealed record EffectEstimate(double Effect, double StdError, double Low, double High, int Units, double DegreesOfFreedom, string Basis, double MinDetectable)
{
    /// <summary>An estimate that could not be made.</summary>
    /// <param name="basis">why.</param>
    /// <returns>an estimate of NaNs.</returns>
    public static EffectEstimate None(string basis) => new(double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN, basis, double.NaN);
}

/// <summary>
/// One rule for every claim: form the effect and its 95 % interval from independent units, then
/// <see cref="Judge"/> calls it reproduced (interval excludes zero, paper's sign), contradicted (excludes zero, opposite
/// sign) or inconclusive (interval contains zero; <see cref="EffectEstimate.MinDetectable"/> says what the run could
/// have detected). t intervals use MathNet's Student-t quantiles.
/// </summary>
public static class ClaimTest
{
    /// <summary>Two-sided level of every interval.</summary>
    public const double Confidence = 0.95;

    /// <summary>Power used for the smallest detectable effect.</summary>
    public const double Power = 0.80;

    /// <summary>The verdict on an effect whose sign the paper predicts.</summary>
    /// <param name="e">the effect and its interval.</param>
    /// <param name="paperSign">+1 when the paper predicts a positive effect, −1 for negative.</param>
    /// <returns>the verdict.</returns>
    public static Verdict Judge(EffectEstimate e, int paperSign)
    {
        if (paperSign is not (1 or -1)) { throw new ArgumentOutOfRangeException(nameof(paperSign), "the paper's sign is +1 or -1"); }
        if (!double.IsFinite(e.Effect)) { return Verdict.NotMeasured; }
        if (!double.IsFinite(e.Low) || !double.IsFinite(e.High)) { return Verdict.Inconclusive; }
        int sign = e.Low > 0 ? 1 : e.High < 0 ? -1 : 0;
        return sign == 0 ? Verdict.Inconclusive : sign == paperSign ? Verdict.Reproduced : Verdict.Contradicted;
    }

    /// <summary>Lower-case words of a verdict (as written in results.json and the report).</summary>
    /// <param name="v">verdict.</param>
    /// <returns>reproduced, contradicted, inconclusive or not measured.</returns>
    public static string Words(Verdict v) => v switch
    {
        Verdict.Reproduced => "reproduced",
        Verdict.Contradicted => "contradicted",
        Verdict.Inconclusive => "inconclusive",
        _ => "not measured",
    };

    /// <summary>Two-sided quantile t(1 − α/2, dof) (the normal quantile for infinite dof).</summary>
    /// <param name="dof">degrees of freedom (&gt; 0).</param>
    /// <param name="p">one-sided probability, e.g. 0.975.</param>
    /// <returns>the quantile.</returns>
    public static double Quantile(double dof, double p) =>
        double.IsPositiveInfinity(dof) ? Normal.InvCDF(0, 1, p) : StudentT.InvCDF(0, 1, dof, p);

    /// <summary>The interval and detectable effect of an estimate with standard error <paramref name="se"/> on <paramref name="dof"/> degrees of freedom.</summary>
    /// <param name="effect">estimate.</param>
    /// <param name="se">standard error.</param>
    /// <param name="dof">degrees of freedom (∞ for normal).</param>
    /// <param name="units">independent units.</param>
    /// <param name="basis">what it rests on.</param>
    /// <returns>the estimate with its interval.</returns>
    public static EffectEstimate WithError(double effect, double se, double dof, int units, string basis)
    {
        if (!double.IsFinite(effect)) { return EffectEstimate.None(basis); }
        if (!(dof > 0) || !double.IsFinite(se) || se < 0) { return new EffectEstimate(effect, double.NaN, double.NaN, double.NaN, units, dof, basis, double.NaN); }
        double q = Quantile(dof, 0.5 + Confidence / 2);
        double mde = (q + Quantile(dof, Power)) * se;
        return new EffectEstimate(effect, se, effect - q * se, effect + q * se, units, dof, basis, mde);
    }

    /// <summary>
    /// Mean of independent values (one per replica or model) with the t interval of the between-unit scatter:
    /// mean ± t(0.975, n−1)·s/√n. Fewer than two finite values give no interval.
    /// </summary>
    /// <param name="values">one value per independent unit.</param>
    /// <param name="basis">what a unit is.</param>
    /// <returns>the estimate.</returns>
    public static EffectEstimate Mean(IReadOnlyList<double> values, string basis)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) { return EffectEstimate.None(basis); }
        double m = v.Average();
        if (v.Length < 2) { return WithError(m, double.NaN, 0, 1, basis); }
        double s = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
        return WithError(m, s / Math.Sqrt(v.Length), v.Length - 1, v.Length, basis);
    }

    /// <summary>
    /// Ordinary least-squares slope of <paramref name="y"/> on <paramref name="x"/> (one point per independent unit)
    /// with its t interval on n−2 degrees of freedom: the residual scatter, between replicas included, sets the error.
    /// </summary>
    /// <param name="x">abscissae.</param>
    /// <param name="y">ordinates (NaN points are dropped with their x).</param>
    /// <param name="basis">what a point is.</param>
    /// <returns>the slope [unit of y per unit of x].</returns>
    public static EffectEstimate Slope(IReadOnlyList<double> x, IReadOnlyList<double> y, string basis)
    {
        if (x.Count != y.Count) { throw new ArgumentException("x and y differ in length"); }
        var pts = x.Zip(y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
        int n = pts.Length;
        if (n < 2) { return EffectEstimate.None(basis); }
        double mx = pts.Average(p => p.First), my = pts.Average(p => p.Second);
        double sxx = pts.Sum(p => (p.First - mx) * (p.First - mx));
        if (sxx <= 0) { return EffectEstimate.None(basis + " (all points at one abscissa)"); }
        double b = pts.Sum(p => (p.First - mx) * (p.Second - my)) / sxx;
        if (n < 3) { return WithError(b, double.NaN, 0, n, basis); }
        double a = my - b * mx;
        double rss = pts.Sum(p => Math.Pow(p.Second - a - b * p.First, 2));
        return WithError(b, Math.Sqrt(rss / (n - 2) / sxx), n - 2, n, basis);
    }

    /// <summary>
    /// Weighted least-squares slope through points with known standard errors (normal interval from the errors
    /// alone): the fallback when there are too few points for the residual scatter, e.g. one model at each of two
    /// compositions. Errors from within one model are lower bounds, which <paramref name="basis"/> should say.
    /// </summary>
    /// <param name="x">abscissae.</param>
    /// <param name="y">ordinates.</param>
    /// <param name="se">standard errors of <paramref name="y"/>.</param>
    /// <param name="basis">what the errors are.</param>
    /// <returns>the slope.</returns>
    public static EffectEstimate WeightedSlope(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> se, string basis)
    {
        var pts = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i]) && double.IsFinite(se[i]) && se[i] > 0)
            .Select(i => (X: x[i], Y: y[i], W: 1 / (se[i] * se[i]))).ToArray();
        if (pts.Length < 2) { return EffectEstimate.None(basis); }
        double sw = pts.Sum(p => p.W), mx = pts.Sum(p => p.W * p.X) / sw, my = pts.Sum(p => p.W * p.Y) / sw;
        double sxx = pts.Sum(p => p.W * (p.X - mx) * (p.X - mx));
        if (sxx <= 0) { return EffectEstimate.None(basis + " (all points at one abscissa)"); }
        double b = pts.Sum(p => p.W * (p.X - mx) * (p.Y - my)) / sxx;
        return WithError(b, Math.Sqrt(1 / sxx), double.PositiveInfinity, pts.Length, basis);
    }

    /// <summary>
    /// Difference of medians median(<paramref name="b"/>) − median(<paramref name="a"/>) of two independent samples
    /// with a 95 % bootstrap percentile interval (each sample resampled with replacement, seeded) and the bootstrap
    /// standard error.
    /// </summary>
    /// <param name="a">first sample.</param>
    /// <param name="b">second sample.</param>
    /// <param name="basis">what the samples are.</param>
    /// <param name="resamples">bootstrap resamples.</param>
    /// <param name="seed">seed.</param>
    /// <returns>the difference.</returns>
    public static EffectEstimate MedianDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, string basis, int resamples = 4000, int seed = 2023)
    {
        var va = a.Where(double.IsFinite).ToArray();
        var vb = b.Where(double.IsFinite).ToArray();
        if (va.Length == 0 || vb.Length == 0) { return EffectEstimate.None(basis); }
        double d = Median(vb) - Median(va);
        int units = va.Length + vb.Length;
        if (va.Length < 2 || vb.Length < 2) { return new EffectEstimate(d, double.NaN, double.NaN, double.NaN, units, double.PositiveInfinity, basis, double.NaN); }
        var rng = new Random(seed);
        var boot = new double[resamples];
        var ta = new double[va.Length];
        var tb = new double[vb.Length];
        for (int k = 0; k < resamples; k++)
        {
            for (int i = 0; i < ta.Length; i++) { ta[i] = va[rng.Next(va.Length)]; }
            for (int i = 0; i < tb.Length; i++) { tb[i] = vb[rng.Next(vb.Length)]; }
            boot[k] = Median(tb) - Median(ta);
        }

        Array.Sort(boot);
        double mean = boot.Average();
        double se = Math.Sqrt(boot.Sum(x => (x - mean) * (x - mean)) / (resamples - 1));
        double lo = Percentile(boot, (1 - Confidence) / 2), hi = Percentile(boot, 1 - (1 - Confidence) / 2);
        double mde = (Quantile(double.PositiveInfinity, 0.5 + Confidence / 2) + Quantile(double.PositiveInfinity, Power)) * se;
        return new EffectEstimate(d, se, lo, hi, units, double.PositiveInfinity, basis, mde);
    }

    /// <summary>
    /// Hops per class needed to detect a difference <paramref name="delta"/> of medians with 80 % power at 5 %
    /// (two-sided), given the per-class standard errors of the medians measured on <paramref name="nA"/> and
    /// <paramref name="nB"/> hops (the s.e. of a median scales as 1/√n).
    /// </summary>
    /// <param name="seA">s.e. of the first median.</param>
    /// <param name="nA">its hops.</param>
    /// <param name="seB">s.e. of the second median.</param>
    /// <param name="nB">its hops.</param>
    /// <param name="delta">difference to detect [same unit as the s.e.].</param>
    /// <returns>hops per class (equal classes), or NaN when the spreads are unknown.</returns>
    public static double RequiredPerClass(double seA, int nA, double seB, int nB, double delta)
    {
        if (!double.IsFinite(seA) || !double.IsFinite(seB) || nA < 2 || nB < 2 || !(delta > 0)) { return double.NaN; }
        // Per-hop spread of the median estimator: s = se·√n; with n per class, se(diff) = √((sA² + sB²)/n).
        double s2 = seA * seA * nA + seB * seB * nB;
        double z = Quantile(double.PositiveInfinity, 0.5 + Confidence / 2) + Quantile(double.PositiveInfinity, Power);
        return Math.Ceiling(z * z * s2 / (delta * delta));
    }

    /// <summary>Median of a sample (mean of the two middle values for even sizes).</summary>
    /// <param name="v">values.</param>
    /// <returns>the median.</returns>
    public static double Median(IReadOnlyList<double> v)
    {
        var s = v.ToArray();
        Array.Sort(s);
        int n = s.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static double Percentile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int i = (int)Math.Floor(pos);
        int j = Math.Min(i + 1, sorted.Length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
