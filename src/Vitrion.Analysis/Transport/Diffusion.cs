using Vitrion.Core;

namespace Vitrion.Analysis.Transport;

/// <summary>How the uncertainty of D is estimated.</summary>
public enum DiffusionUncertainty
{
    /// <summary>Bootstrap over atoms: resample the atoms with replacement, refit (needs per-atom MSD; default).</summary>
    BootstrapAtoms,

    /// <summary>Standard error of the fitted slope only (no per-atom data; underestimates for correlated MSD points).</summary>
    FitOnly,
}

/// <summary>Options of <see cref="DiffusionFit"/>.</summary>
public sealed record DiffusionOptions
{
    /// <summary>Largest |β − 1| accepted in the fit window, β = d ln MSD / d ln t the local log–log slope (default 0.15).</summary>
    public double SlopeTolerance { get; init; } = 0.15;

    /// <summary>Smallest lag considered [fs] (default 0: the window search starts at the first lag).</summary>
    public double MinLagFs { get; init; }

    /// <summary>Largest lag considered, as a fraction of the longest lag (default 0.5 for windowed MSD, where longer lags have few origins; origin-mode MSD uses 1).</summary>
    public double MaxLagFraction { get; init; } = 0.5;

    /// <summary>Manual fit window start [fs] (with <see cref="FitEndFs"/>; overrides the automatic window).</summary>
    public double? FitStartFs { get; init; }

    /// <summary>Manual fit window end [fs].</summary>
    public double? FitEndFs { get; init; }

    /// <summary>Uncertainty method (default <see cref="DiffusionUncertainty.BootstrapAtoms"/>, falls back to <see cref="DiffusionUncertainty.FitOnly"/> without per-atom data).</summary>
    public DiffusionUncertainty Uncertainty { get; init; } = DiffusionUncertainty.BootstrapAtoms;

    /// <summary>Bootstrap resamples (default 200).</summary>
    public int BootstrapSamples { get; init; } = 200;

    /// <summary>Seed of the bootstrap random numbers (default 12345).</summary>
    public int Seed { get; init; } = 12345;
}

/// <summary>A diffusion coefficient from MSD = 6 D t + c.</summary>
/// <param name="DA2PerFs">D [Å²/fs].</param>
/// <param name="SigmaDA2PerFs">standard uncertainty of D [Å²/fs].</param>
/// <param name="InterceptA2">c [Å²].</param>
/// <param name="FitStartFs">fit window start [fs].</param>
/// <param name="FitEndFs">fit window end [fs].</param>
/// <param name="SlopeInWindow">log–log slope of the MSD over the window (1 = diffusive).</param>
/// <param name="Diffusive">true when the window satisfies the slope tolerance (false: the best available window was used; D is an upper-limit estimate).</param>
/// <param name="AutomaticWindow">true when the window was chosen automatically.</param>
/// <param name="Points">MSD points in the fit.</param>
/// <param name="Uncertainty">the method that gave σ.</param>
/// <param name="BootstrapSamples">resamples used (0 for fit-only).</param>
/// <param name="Seed">bootstrap seed.</param>
/// <param name="AtomCount">atoms averaged.</param>
public sealed record DiffusionResult(
    double DA2PerFs, double SigmaDA2PerFs, double InterceptA2, double FitStartFs, double FitEndFs, double SlopeInWindow,
    bool Diffusive, bool AutomaticWindow, int Points, DiffusionUncertainty Uncertainty, int BootstrapSamples, int Seed, int AtomCount)
{
    /// <summary>1 Å²/fs = 0.1 cm²/s.</summary>
    public const double CmSquaredPerSecondPerA2PerFs = 0.1;

    /// <summary>D [cm²/s].</summary>
    public double DCm2PerS => DA2PerFs * CmSquaredPerSecondPerA2PerFs;

    /// <summary>σ(D) [cm²/s].</summary>
    public double SigmaDCm2PerS => SigmaDA2PerFs * CmSquaredPerSecondPerA2PerFs;
}

/// <summary>
/// Fits D from the diffusive regime of an MSD curve. The automatic window is the longest stretch (in log time)
/// of lags in [MinLagFs, MaxLagFraction × longest lag] where the local log–log slope, from a least-squares line
/// through five neighbouring log-spaced points, stays within the tolerance of 1; MSD = 6 D t + c is then fitted
/// by ordinary least squares over every lag in the window. The window is reported with the result.
/// </summary>
public static class DiffusionFit
{
    /// <summary>Fits D to an MSD result.</summary>
    public static DiffusionResult Fit(MsdResult msd, DiffusionOptions? options = null)
    {
        options ??= new DiffusionOptions();
        double maxFrac = msd.Mode == MsdMode.Origin && options.MaxLagFraction == 0.5 ? 1.0 : options.MaxLagFraction;
        var o = options with { MaxLagFraction = maxFrac };
        var (lo, hi, slope, diffusive, auto) = ChooseWindow(msd.TimeFs, msd.MsdA2, o);
        var (d, c, se) = LineFit(msd.TimeFs, msd.MsdA2, lo, hi);
        double sigma = se;
        var method = DiffusionUncertainty.FitOnly;
        int samples = 0;
        if (o.Uncertainty == DiffusionUncertainty.BootstrapAtoms && msd.PerAtomA2.Length > 0 && msd.AtomCount > 1)
        {
            var idx = msd.SampledLags.Select((lag, s) => (lag, s)).Where(p => p.lag >= lo && p.lag <= hi).ToArray();
            if (idx.Length >= 2)
            {
                var rng = new Random(o.Seed);
                int n = msd.AtomCount;
                var ds = new double[o.BootstrapSamples];
                var xs = idx.Select(p => msd.TimeFs[p.lag]).ToArray();
                var ys = new double[idx.Length];
                var pick = new int[n];
                for (int b = 0; b < ds.Length; b++)
                {
                    for (int i = 0; i < n; i++) { pick[i] = rng.Next(n); }
                    for (int j = 0; j < idx.Length; j++)
                    {
                        var row = msd.PerAtomA2[idx[j].s];
                        double s = 0;
                        for (int i = 0; i < n; i++) { s += row[pick[i]]; }
                        ys[j] = s / n;
                    }

                    ds[b] = LineFit(xs, ys, 0, xs.Length - 1).Slope;
                }

                double mean = ds.Average();
                sigma = Math.Sqrt(ds.Sum(v => (v - mean) * (v - mean)) / (ds.Length - 1));
                method = DiffusionUncertainty.BootstrapAtoms;
                samples = ds.Length;
            }
        }

        return new DiffusionResult(d / 6.0, sigma / 6.0, c, msd.TimeFs[lo], msd.TimeFs[hi], slope, diffusive, auto, hi - lo + 1, method, samples, o.Seed, msd.AtomCount);
    }

    /// <summary>Fits D to a bare MSD curve (times [fs], MSD [Å²]); the uncertainty is the slope's standard error.</summary>
    public static DiffusionResult Fit(IReadOnlyList<double> timeFs, IReadOnlyList<double> msdA2, DiffusionOptions? options = null)
    {
        options ??= new DiffusionOptions();
        var t = timeFs.ToArray();
        var y = msdA2.ToArray();
        var (lo, hi, slope, diffusive, auto) = ChooseWindow(t, y, options);
        var (d, c, se) = LineFit(t, y, lo, hi);
        return new DiffusionResult(d / 6.0, se / 6.0, c, t[lo], t[hi], slope, diffusive, auto, hi - lo + 1, DiffusionUncertainty.FitOnly, 0, options.Seed, 0);
    }

    /// <summary>
    /// The fit window [lo, hi] (indices into the curve), the log–log slope over it, whether it met the tolerance,
    /// and whether it was automatic.
    /// </summary>
    public static (int Lo, int Hi, double Slope, bool Diffusive, bool Automatic) ChooseWindow(IReadOnlyList<double> t, IReadOnlyList<double> msd, DiffusionOptions o)
    {
        int count = t.Count;
        if (count < 3) { throw new InputException($"the MSD has {count} points; a diffusion fit needs at least 3 (a longer trajectory or more frames)"); }
        if (o.FitStartFs is double a && o.FitEndFs is double b)
        {
            int l = FirstAtOrAbove(t, a), h = LastAtOrBelow(t, b);
            if (h - l < 1) { throw new InputException(FormattableString.Invariant($"the fit window [{a}, {b}] fs holds fewer than 2 MSD points")); }
            double sl = LogSlope(t, msd, l, h);
            return (l, h, sl, Math.Abs(sl - 1) <= o.SlopeTolerance, false);
        }

        double tMax = t[count - 1] * o.MaxLagFraction;
        // Log-spaced candidate points with positive time and MSD.
        var pts = new List<int>();
        double lastLog = double.NegativeInfinity;
        for (int i = 1; i < count; i++)
        {
            if (t[i] < o.MinLagFs || t[i] > tMax || !(msd[i] > 0) || !(t[i] > 0)) { continue; }
            double lt = Math.Log(t[i]);
            if (lt - lastLog >= 0.02) { pts.Add(i); lastLog = lt; }
        }

        if (pts.Count < 3)
        {
            int h = LastAtOrBelow(t, Math.Max(tMax, t[2]));
            int l = Math.Max(1, h / 2);
            if (h - l < 1) { l = Math.Max(0, h - 1); }
            double sl = LogSlope(t, msd, l, h);
            return (l, h, sl, Math.Abs(sl - 1) <= o.SlopeTolerance, true);
        }

        var beta = new double[pts.Count];
        for (int p = 0; p < pts.Count; p++)
        {
            int l = Math.Max(0, p - 2), h = Math.Min(pts.Count - 1, p + 2);
            beta[p] = LogSlopeOf(pts.Skip(l).Take(h - l + 1).Select(i => t[i]).ToArray(), pts.Skip(l).Take(h - l + 1).Select(i => msd[i]).ToArray());
        }

        // Longest run (in log time) with |β − 1| ≤ tol.
        int bestLo = -1, bestHi = -1;
        double bestSpan = -1;
        for (int p = 0; p < pts.Count;)
        {
            if (Math.Abs(beta[p] - 1) > o.SlopeTolerance) { p++; continue; }
            int q = p;
            while (q + 1 < pts.Count && Math.Abs(beta[q + 1] - 1) <= o.SlopeTolerance) { q++; }
            double span = Math.Log(t[pts[q]]) - Math.Log(t[pts[p]]);
            if (q > p && span > bestSpan) { bestSpan = span; bestLo = p; bestHi = q; }
            p = q + 1;
        }

        if (bestLo >= 0)
        {
            int l = pts[bestLo], h = pts[bestHi];
            return (l, h, LogSlope(t, msd, l, h), true, true);
        }

        // Not diffusive anywhere: use the last decade (or last half in log) of the allowed lags, and say so.
        int hi2 = pts[^1];
        double startLog = Math.Max(Math.Log(t[pts[0]]), Math.Log(t[hi2]) - Math.Log(10));
        int lo2 = pts.First(i => Math.Log(t[i]) >= startLog - 1e-12);
        if (lo2 == hi2) { lo2 = pts[Math.Max(0, pts.Count - 3)]; }
        double s2 = LogSlope(t, msd, lo2, hi2);
        return (lo2, hi2, s2, false, true);
    }

    private static int FirstAtOrAbove(IReadOnlyList<double> t, double v)
    {
        for (int i = 0; i < t.Count; i++) { if (t[i] >= v) { return i; } }
        return t.Count - 1;
    }

    private static int LastAtOrBelow(IReadOnlyList<double> t, double v)
    {
        for (int i = t.Count - 1; i >= 0; i--) { if (t[i] <= v) { return i; } }
        return 0;
    }

    private static double LogSlope(IReadOnlyList<double> t, IReadOnlyList<double> y, int lo, int hi)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = lo; i <= hi; i++)
        {
            if (t[i] > 0 && y[i] > 0) { xs.Add(t[i]); ys.Add(y[i]); }
        }

        return xs.Count >= 2 ? LogSlopeOf(xs.ToArray(), ys.ToArray()) : double.NaN;
    }

    private static double LogSlopeOf(double[] t, double[] y) =>
        LineFit(t.Select(v => Math.Log(v)).ToArray(), y.Select(v => Math.Log(v)).ToArray(), 0, t.Length - 1).Slope;

    /// <summary>Ordinary least-squares line y = a x + b over indices [lo, hi]; returns slope, intercept and the slope's standard error.</summary>
    public static (double Slope, double Intercept, double SlopeError) LineFit(IReadOnlyList<double> x, IReadOnlyList<double> y, int lo, int hi)
    {
        int n = hi - lo + 1;
        double mx = 0, my = 0;
        for (int i = lo; i <= hi; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxx = 0, sxy = 0;
        for (int i = lo; i <= hi; i++) { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my); }
        double slope = sxx > 0 ? sxy / sxx : double.NaN;
        double b = my - slope * mx;
        double rss = 0;
        for (int i = lo; i <= hi; i++) { double r = y[i] - slope * x[i] - b; rss += r * r; }
        double se = n > 2 && sxx > 0 ? Math.Sqrt(rss / (n - 2) / sxx) : double.NaN;
        return (slope, b, se);
    }
}
