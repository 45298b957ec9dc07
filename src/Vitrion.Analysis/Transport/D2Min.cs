using Vitrion.Core;

namespace Vitrion.Analysis.Transport;

/// <summary>Options of <see cref="D2Min"/> (defaults of SCIENCE.md §5).</summary>
public sealed record D2MinOptions
{
    /// <summary>Neighbour cutoff rc [Å] at the first frame (default 5.0).</summary>
    public double CutoffA { get; init; } = 5.0;

    /// <summary>Species of the neighbours (type names or elements); null or empty = all species (default).</summary>
    public IReadOnlyList<string>? NeighborSpecies { get; init; }

    /// <summary>Species of the centre atoms for which D²min is computed; null or empty = all (default).</summary>
    public IReadOnlyList<string>? CenterSpecies { get; init; }

    /// <summary>Divide by the neighbour count (default true); false gives the original Falk–Langer sum.</summary>
    public bool NormalizeByNeighborCount { get; init; } = true;

    /// <summary>MD timestep [fs] for frames that carry only a step (default 1 fs).</summary>
    public double TimestepFs { get; init; } = 1.0;
}

/// <summary>
/// Per-atom D²min between two frames. Values are NaN where the neighbours do not span three dimensions (fewer
/// than 3 neighbours, or coplanar ones).
/// </summary>
/// <param name="Ids">ids of the centre atoms.</param>
/// <param name="Types">0-based types of the centre atoms.</param>
/// <param name="TypeNames">type names.</param>
/// <param name="ValuesA2">D²min [Å²] per centre atom.</param>
/// <param name="NeighborCounts">neighbours of each centre atom within rc at the first frame.</param>
/// <param name="T0Fs">time of the first frame [fs].</param>
/// <param name="T1Fs">time of the second frame [fs].</param>
/// <param name="CutoffA">rc [Å].</param>
/// <param name="Normalized">whether values are divided by the neighbour count.</param>
public sealed record D2MinResult(int[] Ids, int[] Types, IReadOnlyList<string> TypeNames, double[] ValuesA2, int[] NeighborCounts,
    double T0Fs, double T1Fs, double CutoffA, bool Normalized)
{
    /// <summary>Δt [fs].</summary>
    public double DtFs => T1Fs - T0Fs;
}

/// <summary>
/// Falk–Langer non-affine squared displacement: for atom i with neighbours j within rc at t (all periodic images
/// the cutoff reaches, i.e. the minimum image when rc is below half the box width),
/// D²min(i) = min_J Σ_j |d_ij(t+Δt) − J d_ij(t)|² (divided by the neighbour count by default), solved by
/// J = X Y⁻¹ with X = Σ d(t+Δt) d(t)ᵀ and Y = Σ d(t) d(t)ᵀ. The separation at t+Δt is built from the separation at t
/// and each atom's own displacement, in fractional coordinates: d_ij(t+Δt) = H(t+Δt) [s_ij(t) + Δs_j − Δs_i], so a
/// box deformation between the frames is affine by construction and periodic wrapping never changes the neighbour
/// image. Displacements come from unwrapped positions or image flags when both frames have them, else from the
/// minimum image (atoms must move less than half the box between the two frames).
/// </summary>
public sealed class D2Min
{
    private readonly D2MinOptions _o;

    /// <summary>Creates the analysis.</summary>
    public D2Min(D2MinOptions options)
    {
        if (!(options.CutoffA > 0)) { throw new InputException("the D²min cutoff must be positive (--cutoff)"); }
        _o = options;
    }

    /// <summary>The options.</summary>
    public D2MinOptions Options => _o;

    /// <summary>D²min of every centre atom between <paramref name="t0"/> and <paramref name="t1"/>.</summary>
    /// <exception cref="InputException">when the frames hold different atoms.</exception>
    public D2MinResult Compute(Frame t0, Frame t1)
    {
        int n = t0.AtomCount;
        int[] map = MatchAtoms(t0, t1);
        var box0 = t0.Box;
        var box1 = t1.Box;
        bool exact = HasUnwrap(t0) && HasUnwrap(t1);
        var ds = new Vec3[n]; // fractional displacement of each atom
        for (int i = 0; i < n; i++)
        {
            int j = map[i];
            if (exact)
            {
                ds[i] = box1.ToFractional(t1.UnwrappedPosition(j)) - box0.ToFractional(t0.UnwrappedPosition(i));
            }
            else
            {
                Vec3 d = box1.ToFractional(t1.Positions[j]) - box0.ToFractional(t0.Positions[i]);
                ds[i] = new Vec3(box0.Periodic.X ? d.X - Math.Round(d.X) : d.X, box0.Periodic.Y ? d.Y - Math.Round(d.Y) : d.Y, box0.Periodic.Z ? d.Z - Math.Round(d.Z) : d.Z);
            }
        }

        var centerMask = Species.TypeMask(t0.TypeNames, _o.CenterSpecies);
        var neighMask = Species.TypeMask(t0.TypeNames, _o.NeighborSpecies);
        var pos0 = t0.Positions.AsSpan();
        var nl = new NeighborList(_o.CutoffA, 0.0, half: false);
        nl.Build(box0, pos0);
        double rc2 = _o.CutoffA * _o.CutoffA;
        var centers = new List<int>();
        for (int i = 0; i < n; i++) { if (centerMask[t0.Types[i]]) { centers.Add(i); } }
        var values = new double[centers.Count];
        var counts = new int[centers.Count];
        var d0 = new List<Vec3>();
        var d1 = new List<Vec3>();
        for (int c = 0; c < centers.Count; c++)
        {
            int i = centers[c];
            d0.Clear(); d1.Clear();
            int start = nl.Offsets[i], end = nl.Offsets[i + 1];
            for (int e = start; e < end; e++)
            {
                int j = nl.Neighbors[e];
                if (!neighMask[t0.Types[j]]) { continue; }
                Vec3 a = nl.Displacement(pos0, i, e);
                if (a.NormSquared > rc2) { continue; }
                Vec3 s = box0.DisplacementToFractional(a) + ds[j] - ds[i];
                d0.Add(a);
                d1.Add(box1.FractionalToDisplacement(s));
            }

            counts[c] = d0.Count;
            values[c] = Solve(d0, d1, _o.NormalizeByNeighborCount);
        }

        double tt0 = TrajectoryCollector.TimeOf(t0, _o.TimestepFs), tt1 = TrajectoryCollector.TimeOf(t1, _o.TimestepFs);
        return new D2MinResult(centers.Select(i => t0.Ids[i]).ToArray(), centers.Select(i => t0.Types[i]).ToArray(), t0.TypeNames,
            values, counts, tt0, tt1, _o.CutoffA, _o.NormalizeByNeighborCount);
    }

    /// <summary>
    /// D²min of one neighbourhood: separations <paramref name="d0"/> at t and <paramref name="d1"/> at t+Δt [Å];
    /// NaN when Y = Σ d0 d0ᵀ is singular (fewer than 3 neighbours or all coplanar).
    /// </summary>
    public static double Solve(IReadOnlyList<Vec3> d0, IReadOnlyList<Vec3> d1, bool normalize)
    {
        int m = d0.Count;
        if (m < 3) { return double.NaN; }
        double y00 = 0, y01 = 0, y02 = 0, y11 = 0, y12 = 0, y22 = 0;
        double x00 = 0, x01 = 0, x02 = 0, x10 = 0, x11 = 0, x12 = 0, x20 = 0, x21 = 0, x22 = 0;
        for (int k = 0; k < m; k++)
        {
            Vec3 a = d0[k], b = d1[k];
            y00 += a.X * a.X; y01 += a.X * a.Y; y02 += a.X * a.Z; y11 += a.Y * a.Y; y12 += a.Y * a.Z; y22 += a.Z * a.Z;
            x00 += b.X * a.X; x01 += b.X * a.Y; x02 += b.X * a.Z;
            x10 += b.Y * a.X; x11 += b.Y * a.Y; x12 += b.Y * a.Z;
            x20 += b.Z * a.X; x21 += b.Z * a.Y; x22 += b.Z * a.Z;
        }

        // Inverse of the symmetric Y by cofactors.
        double c00 = y11 * y22 - y12 * y12, c01 = y02 * y12 - y01 * y22, c02 = y01 * y12 - y02 * y11;
        double c11 = y00 * y22 - y02 * y02, c12 = y01 * y02 - y00 * y12, c22 = y00 * y11 - y01 * y01;
        double det = y00 * c00 + y01 * c01 + y02 * c02;
        double tr = (y00 + y11 + y22) / 3;
        if (!(det > 1e-10 * tr * tr * tr)) { return double.NaN; }
        double id = 1.0 / det;
        double i00 = c00 * id, i01 = c01 * id, i02 = c02 * id, i11 = c11 * id, i12 = c12 * id, i22 = c22 * id;
        // J = X Y⁻¹.
        double j00 = x00 * i00 + x01 * i01 + x02 * i02, j01 = x00 * i01 + x01 * i11 + x02 * i12, j02 = x00 * i02 + x01 * i12 + x02 * i22;
        double j10 = x10 * i00 + x11 * i01 + x12 * i02, j11 = x10 * i01 + x11 * i11 + x12 * i12, j12 = x10 * i02 + x11 * i12 + x12 * i22;
        double j20 = x20 * i00 + x21 * i01 + x22 * i02, j21 = x20 * i01 + x21 * i11 + x22 * i12, j22 = x20 * i02 + x21 * i12 + x22 * i22;
        double sum = 0;
        for (int k = 0; k < m; k++)
        {
            Vec3 a = d0[k], b = d1[k];
            double rx = b.X - (j00 * a.X + j01 * a.Y + j02 * a.Z);
            double ry = b.Y - (j10 * a.X + j11 * a.Y + j12 * a.Z);
            double rz = b.Z - (j20 * a.X + j21 * a.Y + j22 * a.Z);
            sum += rx * rx + ry * ry + rz * rz;
        }

        return normalize ? sum / m : sum;
    }

    private static bool HasUnwrap(Frame f) => f.PositionsAreUnwrapped || f.Images is not null;

    private static int[] MatchAtoms(Frame a, Frame b)
    {
        if (a.AtomCount == b.AtomCount && a.Ids.AsSpan().SequenceEqual(b.Ids.AsSpan()))
        {
            return Enumerable.Range(0, a.AtomCount).ToArray();
        }

        var index = new Dictionary<int, int>(b.AtomCount);
        for (int j = 0; j < b.AtomCount; j++) { index[b.Ids[j]] = j; }
        var map = new int[a.AtomCount];
        for (int i = 0; i < a.AtomCount; i++)
        {
            if (!index.TryGetValue(a.Ids[i], out map[i]))
            {
                throw new InputException($"D²min: atom id {a.Ids[i]} of the frame at step {a.Step} is missing at step {b.Step}; both frames must hold the same atoms");
            }
        }

        if (b.AtomCount != a.AtomCount)
        {
            throw new InputException($"D²min: the frames at steps {a.Step} and {b.Step} hold {a.AtomCount} and {b.AtomCount} atoms; both must hold the same atoms");
        }

        return map;
    }
}

/// <summary>Options of <see cref="Dcum"/> (defaults of SCIENCE.md §5: Δt = 1 ps, window 20 ps).</summary>
public sealed record DcumOptions
{
    /// <summary>The D²min settings (cutoff, species, normalisation, timestep).</summary>
    public D2MinOptions D2Min { get; init; } = new();

    /// <summary>Δt between the two frames of each D²min [fs] (default 1000).</summary>
    public double IntervalFs { get; init; } = 1000;

    /// <summary>Window length [fs] (default 20 000); it holds window/Δt intervals.</summary>
    public double WindowFs { get; init; } = 20000;

    /// <summary>Window start [fs] (default: the first frame's time).</summary>
    public double? StartFs { get; init; }
}

/// <summary>Cumulative D²min of each centre atom over a window.</summary>
/// <param name="Ids">ids of the centre atoms.</param>
/// <param name="Types">0-based types.</param>
/// <param name="TypeNames">type names.</param>
/// <param name="ValuesA2">Dcum [Å²] (NaN when any interval's D²min was undefined for that atom).</param>
/// <param name="StartFs">window start [fs].</param>
/// <param name="IntervalFs">Δt [fs].</param>
/// <param name="Intervals">number of D²min intervals summed.</param>
/// <param name="CutoffA">rc [Å].</param>
/// <param name="Normalized">whether each D²min was divided by its neighbour count.</param>
public sealed record DcumResult(int[] Ids, int[] Types, IReadOnlyList<string> TypeNames, double[] ValuesA2,
    double StartFs, double IntervalFs, int Intervals, double CutoffA, bool Normalized)
{
    /// <summary>Window length [fs].</summary>
    public double WindowFs => IntervalFs * Intervals;
}

/// <summary>
/// Dcum(i) = Σ_k D²min(i; t0 + kΔt, Δt), k = 0 … K−1 with K = window/Δt. Frames stream: only the previous frame
/// of the chain is held.
/// </summary>
public static class Dcum
{
    /// <summary>Dcum over one window starting at <see cref="DcumOptions.StartFs"/> (default the first frame).</summary>
    public static DcumResult Compute(IEnumerable<Frame> frames, DcumOptions options) =>
        ComputeWindows(frames, options, 1)[0];

    /// <summary>Dcum over <paramref name="windows"/> consecutive, non-overlapping windows (several time origins for pooled labels).</summary>
    /// <exception cref="InputException">when the trajectory lacks a frame at a needed time.</exception>
    public static IReadOnlyList<DcumResult> ComputeWindows(IEnumerable<Frame> frames, DcumOptions options, int windows)
    {
        if (!(options.IntervalFs > 0) || !(options.WindowFs >= options.IntervalFs))
        {
            throw new InputException("Dcum needs Δt > 0 and a window of at least one Δt (--interval-fs, --window-fs)");
        }

        int k = (int)Math.Round(options.WindowFs / options.IntervalFs);
        if (Math.Abs(k * options.IntervalFs - options.WindowFs) > 1e-6 * options.WindowFs)
        {
            throw new InputException(FormattableString.Invariant($"the window {options.WindowFs} fs is not a whole number of intervals of {options.IntervalFs} fs"));
        }

        var d2 = new D2Min(options.D2Min);
        double dt = options.D2Min.TimestepFs;
        double tol = Math.Max(1e-3, 1e-6 * options.IntervalFs);
        var results = new List<DcumResult>();
        Frame? prev = null;
        double start = double.NaN, next = double.NaN, lastTime = double.NaN;
        int done = 0;
        double[]? sum = null;
        D2MinResult? first = null;
        foreach (var f in frames)
        {
            double t = TrajectoryCollector.TimeOf(f, dt);
            lastTime = t;
            if (double.IsNaN(start))
            {
                start = options.StartFs ?? t;
                next = start;
            }

            if (t < next - tol) { continue; }
            if (t > next + tol)
            {
                throw new InputException(FormattableString.Invariant($"Dcum needs a frame at t = {next} fs (window start {start} fs, Δt {options.IntervalFs} fs) but the trajectory jumps to {t} fs; dump at a multiple of Δt or change --interval-fs/--start-fs (frame time = step × --dt-fs)"));
            }

            if (prev is not null)
            {
                var r = d2.Compute(prev, f);
                first ??= r;
                sum ??= new double[r.ValuesA2.Length];
                for (int i = 0; i < sum.Length; i++) { sum[i] += r.ValuesA2[i]; }
                done++;
                if (done == k)
                {
                    results.Add(new DcumResult(first.Ids, first.Types, first.TypeNames, sum, next - k * options.IntervalFs, options.IntervalFs, k, options.D2Min.CutoffA, options.D2Min.NormalizeByNeighborCount));
                    if (results.Count == windows) { return results; }
                    sum = null; first = null; done = 0;
                }
            }

            prev = f;
            next += options.IntervalFs;
        }

        throw new InputException(FormattableString.Invariant($"the trajectory ends at t = {lastTime} fs before {windows} Dcum window(s) of {options.WindowFs} fs from {start} fs are complete ({results.Count} done); use a longer trajectory or a shorter --window-fs"));
    }
}
