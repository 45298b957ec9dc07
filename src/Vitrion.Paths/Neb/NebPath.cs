using Vitrion.Core;

namespace Vitrion.Paths.Neb;

/// <summary>Initial paths for a band: linear and IDPP interpolation, and periodic alignment of end states.</summary>
public static class NebPath
{
    /// <summary>
    /// Returns a copy of <paramref name="other"/> in which every atom is moved to the periodic image nearest to
    /// the same atom of <paramref name="reference"/> (minimum-image convention of <paramref name="box"/>), so that
    /// the band can use plain differences of continuous coordinates.
    /// </summary>
    public static Vec3[] AlignToReference(Box box, IReadOnlyList<Vec3> reference, IReadOnlyList<Vec3> other)
    {
        if (reference.Count != other.Count) { throw new ArgumentException("end states must have the same atoms."); }
        var r = new Vec3[other.Count];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = reference[i] + box.MinimumImage(other[i] - reference[i]);
        }

        return r;
    }

    /// <summary>Flattens positions to x0,y0,z0,x1,….</summary>
    public static double[] Flatten(IReadOnlyList<Vec3> positions)
    {
        var x = new double[3 * positions.Count];
        for (int i = 0; i < positions.Count; i++)
        {
            x[3 * i] = positions[i].X; x[3 * i + 1] = positions[i].Y; x[3 * i + 2] = positions[i].Z;
        }

        return x;
    }

    /// <summary>Unflattens x0,y0,z0,… to positions.</summary>
    public static Vec3[] Unflatten(ReadOnlySpan<double> x)
    {
        var p = new Vec3[x.Length / 3];
        for (int i = 0; i < p.Length; i++) { p[i] = new Vec3(x[3 * i], x[3 * i + 1], x[3 * i + 2]); }
        return p;
    }

    /// <summary>Linear interpolation: <paramref name="imageCount"/> images (ends included) evenly between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static double[][] Linear(ReadOnlySpan<double> start, ReadOnlySpan<double> end, int imageCount)
    {
        if (imageCount < 3) { throw new ArgumentException("a band needs at least three images."); }
        if (start.Length != end.Length) { throw new ArgumentException("end states must have the same dimension."); }
        var path = new double[imageCount][];
        for (int i = 0; i < imageCount; i++)
        {
            double t = (double)i / (imageCount - 1);
            var p = new double[start.Length];
            for (int k = 0; k < p.Length; k++) { p[k] = (1 - t) * start[k] + t * end[k]; }
            path[i] = p;
        }

        return path;
    }

    /// <summary>
    /// Image-dependent pair potential interpolation (Smidstrup, Pedersen, Stokbro &amp; Jónsson, J. Chem. Phys.
    /// 140, 214106 (2014)), as ASE's <c>idpp_interpolate</c>: starting from the linear path, each image i
    /// minimises S_i(r) = Σ_{pairs} w(d) (d_ij^target(t_i) − d_ij)² with w = d⁻⁴ and
    /// d^target(t) = (1−t) d(start) + t d(end), the images coupled by a NEB with springs (k = 0.1), relaxed by
    /// FIRE to a force of <paramref name="tolerance"/> or <paramref name="maxSteps"/> steps. Pairs are those
    /// closer than <paramref name="cutoff"/> Å in either end state; distances use the minimum image of
    /// <paramref name="box"/> when given.
    /// </summary>
    /// <param name="start">start positions [Å].</param>
    /// <param name="end">end positions [Å] (aligned to the start, see <see cref="AlignToReference"/>).</param>
    /// <param name="imageCount">images, ends included.</param>
    /// <param name="box">periodic box (null: no periodicity).</param>
    /// <param name="cutoff">pair cutoff [Å] (default 8).</param>
    /// <param name="tolerance">force tolerance on the IDPP objective (default 0.1, as ASE).</param>
    /// <param name="maxSteps">step limit (default 200).</param>
    /// <param name="mobile">which atoms may move (null: all); the others stay at their (common) end positions.</param>
    public static double[][] Idpp(IReadOnlyList<Vec3> start, IReadOnlyList<Vec3> end, int imageCount, Box? box = null,
        double cutoff = 8.0, double tolerance = 0.1, int maxSteps = 200, IReadOnlyList<bool>? mobile = null)
    {
        var x0 = Flatten(start);
        var x1 = Flatten(end);
        var path = Linear(x0, x1, imageCount);
        var pairs = IdppObjective.BuildPairs(start, end, box, cutoff);
        var objectives = new IOptimizable[imageCount];
        for (int i = 0; i < imageCount; i++)
        {
            objectives[i] = new IdppObjective(pairs, (double)i / (imageCount - 1), start.Count, box, mobile);
        }

        var result = NebRunner.Run(objectives, path, new NebOptions
        {
            SpringConstant = 0.1,
            Climb = false,
            ForceTolerance = tolerance,
            MaxSteps = maxSteps,
            MaxStep = 0.1,
        });
        return result.Images.Select(a => a.ToArray()).ToArray();
    }
}

/// <summary>The IDPP objective of one image (see <see cref="NebPath.Idpp"/>).</summary>
internal sealed class IdppObjective : IOptimizable
{
    private readonly (int I, int J, double D0, double D1)[] _pairs;
    private readonly double _t;
    private readonly int _n;
    private readonly Box? _box;
    private readonly IReadOnlyList<bool>? _mobile;

    public IdppObjective((int I, int J, double D0, double D1)[] pairs, double t, int atomCount, Box? box, IReadOnlyList<bool>? mobile = null)
    {
        _pairs = pairs; _t = t; _n = atomCount; _box = box; _mobile = mobile;
    }

    public int Dimension => 3 * _n;

    public static (int I, int J, double D0, double D1)[] BuildPairs(IReadOnlyList<Vec3> a, IReadOnlyList<Vec3> b, Box? box, double cutoff)
    {
        var list = new List<(int, int, double, double)>();
        double c2 = cutoff * cutoff;
        for (int i = 0; i < a.Count; i++)
        {
            for (int j = i + 1; j < a.Count; j++)
            {
                var da = a[j] - a[i];
                var db = b[j] - b[i];
                if (box is not null) { da = box.MinimumImage(da); db = box.MinimumImage(db); }
                double na = da.NormSquared, nb = db.NormSquared;
                if (na < c2 || nb < c2)
                {
                    list.Add((i, j, Math.Sqrt(na), Math.Sqrt(nb)));
                }
            }
        }

        return list.ToArray();
    }

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        double s = 0;
        foreach (var (i, j, d0, d1) in _pairs)
        {
            var r = new Vec3(x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]);
            if (_box is not null) { r = _box.MinimumImage(r); }
            double d = Math.Max(r.Norm, 1e-6);
            double target = (1 - _t) * d0 + _t * d1;
            double diff = target - d;
            double w = 1.0 / (d * d * d * d);
            s += w * diff * diff;
            // dS/dd = −4 d⁻⁵ diff² − 2 w diff.
            double dsdd = -4 * w / d * diff * diff - 2 * w * diff;
            var gj = r * (dsdd / d);
            gradient[3 * j] += gj.X; gradient[3 * j + 1] += gj.Y; gradient[3 * j + 2] += gj.Z;
            gradient[3 * i] -= gj.X; gradient[3 * i + 1] -= gj.Y; gradient[3 * i + 2] -= gj.Z;
        }

        MinimizerMath.ZeroFrozen(gradient, _mobile);

        return s;
    }
}
