using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using Vitrion.Core;

namespace Vitrion.Analysis.Transport;

/// <summary>How the mean-square displacement averages over time.</summary>
public enum MsdMode
{
    /// <summary>One time origin, the first frame (as LAMMPS <c>compute msd</c>); streams, stores nothing.</summary>
    Origin,

    /// <summary>Averaged over every time origin (windowed, FFT-based, O(N T log T)); frames must be equally spaced.</summary>
    Window,
}

/// <summary>Options of <see cref="MsdAnalysis"/>.</summary>
public sealed record MsdOptions
{
    /// <summary>Species (type names or elements); default Li.</summary>
    public IReadOnlyList<string>? Species { get; init; } = ["Li"];

    /// <summary>Time averaging (default <see cref="MsdMode.Window"/>).</summary>
    public MsdMode Mode { get; init; } = MsdMode.Window;

    /// <summary>Drift removal (default <see cref="ComReference.System"/>; <see cref="ComReference.Group"/> reproduces LAMMPS <c>compute msd com yes</c>).</summary>
    public ComReference Com { get; init; } = ComReference.System;

    /// <summary>Unwrapping (default <see cref="UnwrapMode.Auto"/>).</summary>
    public UnwrapMode Unwrap { get; init; } = UnwrapMode.Auto;

    /// <summary>MD timestep [fs] for frames that carry only a step (default 1 fs).</summary>
    public double TimestepFs { get; init; } = 1.0;

    /// <summary>Origins used per lag for the non-Gaussian parameter and van Hove function in window mode (at most this many, evenly strided; default 400).</summary>
    public int MaxOriginsForHigherMoments { get; init; } = 400;
}

/// <summary>
/// A mean-square-displacement result. Times are lags [fs] (window mode) or times since the first frame [fs]
/// (origin mode); MSD values are averages over the selected atoms [Å²]. Per-atom values are kept at a set of
/// roughly log-spaced lag indices (<see cref="SampledLags"/>) for bootstrap uncertainties and per-atom output.
/// </summary>
/// <param name="Mode">time averaging used.</param>
/// <param name="Com">drift removal used.</param>
/// <param name="Unwrap">unwrapping used.</param>
/// <param name="Species">selected species.</param>
/// <param name="Ids">ids of the selected atoms.</param>
/// <param name="Types">0-based types of the selected atoms.</param>
/// <param name="TypeNames">type names.</param>
/// <param name="TimeFs">lag / time of each point [fs].</param>
/// <param name="MsdA2">mean-square displacement [Å²].</param>
/// <param name="MsdXA2">x component [Å²].</param>
/// <param name="MsdYA2">y component [Å²].</param>
/// <param name="MsdZA2">z component [Å²].</param>
/// <param name="SampledLags">indices into <see cref="TimeFs"/> at which per-atom values and the non-Gaussian parameter are kept.</param>
/// <param name="PerAtomA2">per-atom MSD [Å²] at each sampled lag: [sampled lag][atom].</param>
/// <param name="NonGaussian">non-Gaussian parameter α2 = 3⟨Δr⁴⟩/(5⟨Δr²⟩²) − 1 at each sampled lag (NaN at lag 0).</param>
/// <param name="MeanVolumeA3">mean box volume [Å³].</param>
/// <param name="PeakBytes">bytes of trajectory data held at the peak (0 in origin mode).</param>
public sealed record MsdResult(
    MsdMode Mode, ComReference Com, UnwrapMode Unwrap, IReadOnlyList<string> Species,
    int[] Ids, int[] Types, IReadOnlyList<string> TypeNames,
    double[] TimeFs, double[] MsdA2, double[] MsdXA2, double[] MsdYA2, double[] MsdZA2,
    int[] SampledLags, double[][] PerAtomA2, double[] NonGaussian, double MeanVolumeA3, long PeakBytes)
{
    /// <summary>Number of selected atoms.</summary>
    public int AtomCount => Ids.Length;
}

/// <summary>
/// Mean-square displacement of a species: feed frames (<see cref="Add"/>), then take <see cref="Result"/>.
/// Origin mode streams (memory O(N)); window mode stores the selected atoms' positions (24 N T bytes) and uses
/// the FFT algorithm of Calandrini et al. / Kneller (nMoldyn): MSD(m) = [S_A(m) − 2 S_AB(m)]/(T − m) with S_AB
/// the position autocorrelation computed by zero-padded FFTs (MathNet.Numerics).
/// </summary>
public sealed class MsdAnalysis
{
    private readonly MsdOptions _o;
    private readonly TrajectoryCollector _collector;
    private readonly List<double> _times = [];
    private readonly List<double> _msd = [], _mx = [], _my = [], _mz = [], _ngp = [];
    private readonly List<int> _sampled = [];
    private readonly List<double[]> _perAtom = [];

    /// <summary>Creates the analysis.</summary>
    public MsdAnalysis(MsdOptions options)
    {
        _o = options;
        _collector = new TrajectoryCollector(new CollectorOptions
        {
            Species = options.Species, Com = options.Com, Unwrap = options.Unwrap, TimestepFs = options.TimestepFs,
            Store = options.Mode == MsdMode.Window,
        });
    }

    /// <summary>Adds the next frame (time order).</summary>
    public void Add(Frame frame)
    {
        var d = _collector.Add(frame);
        if (_o.Mode != MsdMode.Origin) { return; }
        int k = _times.Count;
        _times.Add(CollectorTime(frame));
        double sx = 0, sy = 0, sz = 0, s4 = 0;
        bool keep = IsSampled(k);
        var per = keep ? new double[d.Length] : null;
        for (int i = 0; i < d.Length; i++)
        {
            double x2 = d[i].X * d[i].X, y2 = d[i].Y * d[i].Y, z2 = d[i].Z * d[i].Z;
            sx += x2; sy += y2; sz += z2;
            double r2 = x2 + y2 + z2;
            s4 += r2 * r2;
            if (per is not null) { per[i] = r2; }
        }

        int n = d.Length;
        _mx.Add(sx / n); _my.Add(sy / n); _mz.Add(sz / n);
        double msd = (sx + sy + sz) / n;
        _msd.Add(msd);
        if (per is not null)
        {
            _sampled.Add(k);
            _perAtom.Add(per);
            _ngp.Add(k == 0 ? double.NaN : 3.0 * (s4 / n) / (5.0 * msd * msd) - 1.0);
        }
    }

    private double _t0 = double.NaN;

    private double CollectorTime(Frame f)
    {
        double t = TrajectoryCollector.TimeOf(f, _o.TimestepFs);
        if (double.IsNaN(_t0)) { _t0 = t; }
        return t - _t0;
    }

    /// <summary>The result for the frames added so far.</summary>
    public MsdResult Result()
    {
        var first = _collector.FirstFrame ?? throw new InputException("the trajectory holds no frame");
        var sel = _collector.Selection;
        int[] ids = sel.Select(i => first.Ids[i]).ToArray();
        int[] types = sel.Select(i => first.Types[i]).ToArray();
        var species = _o.Species ?? [];
        if (_o.Mode == MsdMode.Origin)
        {
            return new MsdResult(MsdMode.Origin, _o.Com, _collector.Unwrap, species, ids, types, first.TypeNames,
                _times.ToArray(), _msd.ToArray(), _mx.ToArray(), _my.ToArray(), _mz.ToArray(),
                _sampled.ToArray(), _perAtom.ToArray(), _ngp.ToArray(), _collector.MeanVolumeA3, 0);
        }

        var traj = _collector.Build();
        var w = Msd.Windowed(traj, perAtom: true);
        var ngp = Msd.NonGaussian(traj, w.SampledLags, _o.MaxOriginsForHigherMoments);
        return w with
        {
            Com = _o.Com, Unwrap = _collector.Unwrap, Species = species, NonGaussian = ngp, MeanVolumeA3 = _collector.MeanVolumeA3,
        };
    }

    /// <summary>Runs the analysis over a sequence of frames.</summary>
    public static MsdResult Compute(IEnumerable<Frame> frames, MsdOptions options)
    {
        var a = new MsdAnalysis(options);
        foreach (var f in frames) { a.Add(f); }
        return a.Result();
    }

    /// <summary>
    /// True for the lag indices kept per atom: every index below 16, then a geometric sequence with ratio
    /// about 1.1 (about 24 indices per decade), so streaming works without knowing the frame count.
    /// </summary>
    public static bool IsSampled(int k)
    {
        if (k < 16) { return true; }
        return SampledSet.Contains(k);
    }

    /// <summary>The sampled lag indices below <paramref name="count"/> (see <see cref="IsSampled"/>).</summary>
    public static int[] SampledIndices(int count)
    {
        var list = new List<int>();
        for (int k = 0; k < Math.Min(16, count); k++) { list.Add(k); }
        foreach (int k in SampledSorted)
        {
            if (k >= count) { break; }
            list.Add(k);
        }

        return list.ToArray();
    }

    private static readonly int[] SampledSorted = BuildSampled();
    private static readonly HashSet<int> SampledSet = [.. SampledSorted];

    private static int[] BuildSampled()
    {
        var s = new SortedSet<int>();
        double v = 16;
        while (v < int.MaxValue / 2)
        {
            s.Add((int)Math.Round(v));
            v *= 1.1;
        }

        return s.Where(k => k >= 16).ToArray();
    }
}

/// <summary>MSD algorithms on a stored <see cref="UnwrappedTrajectory"/>.</summary>
public static class Msd
{
    /// <summary>
    /// Windowed MSD averaged over all time origins by FFT, O(N T log T). For each atom and axis,
    /// S_AB(m) = Σ_k r(k) r(k+m) is the inverse FFT of |FFT(r)|² (zero-padded to a power of two ≥ 2T; x and y are
    /// packed into one complex transform), and S_A(m) = Σ_{k&lt;T−m} r(k)² + Σ_{k≥m} r(k)² from prefix sums.
    /// Atoms are processed in fixed chunks in parallel and summed in a fixed order, so results are deterministic.
    /// </summary>
    /// <param name="traj">equally spaced frames.</param>
    /// <param name="perAtom">also keep per-atom MSD at the sampled lags (one extra inverse FFT per atom).</param>
    /// <param name="maxDegreeOfParallelism">threads (default all cores).</param>
    public static MsdResult Windowed(UnwrappedTrajectory traj, bool perAtom = true, int maxDegreeOfParallelism = -1)
    {
        int t = traj.FrameCount, n = traj.AtomCount;
        double dt = traj.UniformSpacingFs();
        int m = 1;
        while (m < 2 * t) { m <<= 1; }
        int[] sampled = MsdAnalysis.SampledIndices(t);
        var per = new double[sampled.Length][];
        for (int s = 0; s < sampled.Length; s++) { per[s] = new double[n]; }
        int chunks = Math.Min(n, 64);
        var sumAB = new double[chunks][];   // Σ over atoms in chunk of S_AB per axis: [3 t]
        var sumA = new double[chunks][];    // Σ of S_A per axis [3 t]
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            var ab = new double[3 * t];
            var sa = new double[3 * t];
            var bufXY = new Complex[m];
            var bufZ = new Complex[m];
            var pref = new double[t + 1];
            var pxy = new Complex[m];
            var pz = new Complex[m];
            var atomSA = perAtom ? new double[t] : null;
            int lo = (int)((long)n * c / chunks), hi = (int)((long)n * (c + 1) / chunks);
            for (int i = lo; i < hi; i++)
            {
                Array.Clear(bufXY); Array.Clear(bufZ);
                for (int k = 0; k < t; k++)
                {
                    var f = traj.FrameData(k);
                    bufXY[k] = new Complex(f[3 * i], f[3 * i + 1]);
                    bufZ[k] = new Complex(f[3 * i + 2], 0);
                }

                // S_A per axis from prefix sums of r².
                if (atomSA is not null) { Array.Clear(atomSA); }
                for (int axis = 0; axis < 3; axis++)
                {
                    pref[0] = 0;
                    for (int k = 0; k < t; k++)
                    {
                        double v = axis == 0 ? bufXY[k].Real : axis == 1 ? bufXY[k].Imaginary : bufZ[k].Real;
                        pref[k + 1] = pref[k] + v * v;
                    }

                    for (int lag = 0; lag < t; lag++)
                    {
                        double s = pref[t - lag] + (pref[t] - pref[lag]);
                        sa[axis * t + lag] += s;
                        if (atomSA is not null) { atomSA[lag] += s; }
                    }
                }

                Fourier.Forward(bufXY, FourierOptions.NoScaling);
                Fourier.Forward(bufZ, FourierOptions.NoScaling);
                // Power spectra: |X_k|² = |Z_k + conj(Z_-k)|²/4, |Y_k|² = |Z_k − conj(Z_-k)|²/4. Both are real and even,
                // so one inverse transform of |X|² + i|Y|² yields both autocorrelations (real and imaginary parts).
                for (int k = 0; k < m; k++)
                {
                    Complex zk = bufXY[k], zmk = Complex.Conjugate(bufXY[(m - k) & (m - 1)]);
                    Complex xk = (zk + zmk) * 0.5, yk = (zk - zmk) * new Complex(0, -0.5);
                    pxy[k] = new Complex(xk.Real * xk.Real + xk.Imaginary * xk.Imaginary, yk.Real * yk.Real + yk.Imaginary * yk.Imaginary);
                    pz[k] = bufZ[k].Real * bufZ[k].Real + bufZ[k].Imaginary * bufZ[k].Imaginary;
                }

                Fourier.Inverse(pxy, FourierOptions.NoScaling);
                Fourier.Inverse(pz, FourierOptions.NoScaling);
                double inv = 1.0 / m;
                for (int lag = 0; lag < t; lag++)
                {
                    ab[lag] += pxy[lag].Real * inv;
                    ab[t + lag] += pxy[lag].Imaginary * inv;
                    ab[2 * t + lag] += pz[lag].Real * inv;
                }

                if (atomSA is not null)
                {
                    for (int s = 0; s < sampled.Length; s++)
                    {
                        int lag = sampled[s];
                        double abAll = (pxy[lag].Real + pxy[lag].Imaginary + pz[lag].Real) * inv;
                        per[s][i] = (atomSA[lag] - 2 * abAll) / (t - lag);
                    }
                }
            }

            sumAB[c] = ab;
            sumA[c] = sa;
        });

        var total = new double[3 * t];
        for (int c = 0; c < chunks; c++)
        {
            for (int j = 0; j < total.Length; j++) { total[j] += sumA[c][j] - 2 * sumAB[c][j]; }
        }

        var mx = new double[t]; var my = new double[t]; var mz = new double[t]; var msd = new double[t]; var time = new double[t];
        for (int lag = 0; lag < t; lag++)
        {
            double norm = 1.0 / ((double)(t - lag) * n);
            mx[lag] = Math.Max(0, total[lag] * norm);
            my[lag] = Math.Max(0, total[t + lag] * norm);
            mz[lag] = Math.Max(0, total[2 * t + lag] * norm);
            if (lag == 0) { mx[0] = my[0] = mz[0] = 0; }
            msd[lag] = mx[lag] + my[lag] + mz[lag];
            time[lag] = lag * dt;
        }

        if (perAtom)
        {
            foreach (var row in per) { for (int i = 0; i < row.Length; i++) { row[i] = Math.Max(0, row[i]); } }
            per[0] = new double[n];
        }

        return new MsdResult(MsdMode.Window, ComReference.None, UnwrapMode.Columns, [], traj.Ids.ToArray(), traj.Types.ToArray(), traj.TypeNames,
            time, msd, mx, my, mz, perAtom ? sampled : [], perAtom ? per : [], Enumerable.Repeat(double.NaN, perAtom ? sampled.Length : 0).ToArray(),
            double.NaN, traj.Bytes);
    }

    /// <summary>
    /// The straightforward windowed MSD, O(N T²): for every lag, the mean over all origins and atoms of |Δr|²
    /// (the reference the FFT version is tested against). Returns the total MSD per lag [Å²].
    /// </summary>
    /// <param name="traj">equally spaced frames.</param>
    /// <param name="maxLag">largest lag index (default all).</param>
    public static double[] WindowedDirect(UnwrappedTrajectory traj, int maxLag = int.MaxValue)
    {
        int t = traj.FrameCount, n = traj.AtomCount;
        traj.UniformSpacingFs();
        int lags = maxLag >= t - 1 ? t : maxLag + 1;
        var msd = new double[lags];
        for (int lag = 1; lag < lags; lag++)
        {
            double s = 0;
            for (int k = 0; k + lag < t; k++)
            {
                var a = traj.FrameData(k);
                var b = traj.FrameData(k + lag);
                for (int j = 0; j < 3 * n; j++)
                {
                    double d = b[j] - a[j];
                    s += d * d;
                }
            }

            msd[lag] = s / ((double)(t - lag) * n);
        }

        return msd;
    }

    /// <summary>
    /// Non-Gaussian parameter α2(t) = 3⟨Δr⁴⟩/(5⟨Δr²⟩²) − 1 at the given lag indices, averaged over atoms and over
    /// at most <paramref name="maxOrigins"/> evenly strided origins per lag (NaN at lag 0).
    /// </summary>
    public static double[] NonGaussian(UnwrappedTrajectory traj, IReadOnlyList<int> lags, int maxOrigins = 400)
    {
        var result = new double[lags.Count];
        Parallel.For(0, lags.Count, s =>
        {
            int lag = lags[s];
            if (lag == 0) { result[s] = double.NaN; return; }
            double s2 = 0, s4 = 0;
            long count = 0;
            foreach (int k in Origins(traj.FrameCount, lag, maxOrigins))
            {
                var a = traj.FrameData(k);
                var b = traj.FrameData(k + lag);
                for (int i = 0; i < traj.AtomCount; i++)
                {
                    double dx = b[3 * i] - a[3 * i], dy = b[3 * i + 1] - a[3 * i + 1], dz = b[3 * i + 2] - a[3 * i + 2];
                    double r2 = dx * dx + dy * dy + dz * dz;
                    s2 += r2; s4 += r2 * r2;
                }

                count += traj.AtomCount;
            }

            double m2 = s2 / count, m4 = s4 / count;
            result[s] = m2 > 0 ? 3 * m4 / (5 * m2 * m2) - 1 : double.NaN;
        });
        return result;
    }

    /// <summary>Evenly strided time origins for a lag (at most <paramref name="maxOrigins"/>).</summary>
    public static IEnumerable<int> Origins(int frameCount, int lag, int maxOrigins)
    {
        int available = frameCount - lag;
        if (available <= 0) { yield break; }
        int stride = Math.Max(1, (int)Math.Ceiling(available / (double)Math.Max(1, maxOrigins)));
        for (int k = 0; k < available; k += stride) { yield return k; }
    }
}

/// <summary>Self part of the van Hove correlation function at one lag.</summary>
/// <param name="LagFs">lag [fs].</param>
/// <param name="RA">bin centres [Å].</param>
/// <param name="FourPiR2Gs">4π r² G_s(r, t) [1/Å]: the probability density of the displacement length (integrates to 1 over r).</param>
public sealed record VanHoveCurve(double LagFs, double[] RA, double[] FourPiR2Gs);

/// <summary>The self part of the van Hove correlation function, G_s(r, t) = ⟨δ(r − |Δr_i(t)|)⟩/(4π r²).</summary>
public static class VanHove
{
    /// <summary>Histograms of |Δr| at the given lags [fs] (nearest frame lag), over atoms and evenly strided origins.</summary>
    /// <param name="traj">equally spaced frames.</param>
    /// <param name="lagsFs">lags [fs].</param>
    /// <param name="rMaxA">histogram range [Å] (default 10).</param>
    /// <param name="bins">number of bins (default 100).</param>
    /// <param name="maxOrigins">at most this many origins per lag (default 400).</param>
    public static IReadOnlyList<VanHoveCurve> Compute(UnwrappedTrajectory traj, IReadOnlyList<double> lagsFs, double rMaxA = 10, int bins = 100, int maxOrigins = 400)
    {
        double dt = traj.UniformSpacingFs();
        double w = rMaxA / bins;
        var list = new List<VanHoveCurve>();
        foreach (double lagFs in lagsFs)
        {
            int lag = dt > 0 ? (int)Math.Round(lagFs / dt) : 0;
            if (lag <= 0 || lag >= traj.FrameCount)
            {
                throw new InputException(FormattableString.Invariant($"van Hove lag {lagFs} fs is outside the trajectory (0, {traj.TimesFs[^1]}] fs"));
            }

            var h = new double[bins];
            long count = 0;
            foreach (int k in Msd.Origins(traj.FrameCount, lag, maxOrigins))
            {
                var a = traj.FrameData(k);
                var b = traj.FrameData(k + lag);
                for (int i = 0; i < traj.AtomCount; i++)
                {
                    double dx = b[3 * i] - a[3 * i], dy = b[3 * i + 1] - a[3 * i + 1], dz = b[3 * i + 2] - a[3 * i + 2];
                    double r = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                    int bin = (int)(r / w);
                    if (bin < bins) { h[bin]++; }
                    count++;
                }
            }

            list.Add(new VanHoveCurve(lag * dt, Enumerable.Range(0, bins).Select(b => (b + 0.5) * w).ToArray(), h.Select(v => v / (count * w)).ToArray()));
        }

        return list;
    }
}
