namespace Vitrion.Paths.Neb;

/// <summary>
/// A nudged elastic band as an <see cref="IOptimizable"/>: x is the concatenation of the movable (interior)
/// images; the two end images are fixed. The gradient returned is minus the NEB force of each image
/// (Henkelman &amp; Jónsson, J. Chem. Phys. 113, 9978 (2000), improved tangent; climbing image of Henkelman,
/// Uberuaga &amp; Jónsson, J. Chem. Phys. 113, 9901 (2000)):
/// F_i = F⊥_true + k (|R_{i+1} − R_i| − |R_i − R_{i−1}|) τ_i, and for the climbing image F = F_true − 2 (F_true·τ) τ.
/// Images are evaluated in parallel; each image has its own <see cref="IOptimizable"/> (which therefore need
/// not be thread-safe). All images must use continuous coordinates (periodic end states aligned with
/// <see cref="NebPath.AlignToReference"/>), so that differences of images are plain differences.
/// </summary>
public sealed class NudgedElasticBand : IOptimizable
{
    private readonly IReadOnlyList<IOptimizable> _images;
    private readonly double[][] _r;      // all image coordinates, including the fixed ends
    private readonly double[][] _g;      // true gradients of all images
    private readonly double[][] _tau;    // unit tangents
    private readonly double[] _e;
    private readonly int _d;

    /// <summary>Creates a band.</summary>
    /// <param name="images">one optimisable per image, ends included (at least 3); each is used by one thread at a time.</param>
    /// <param name="initialPath">coordinates of every image (same count as <paramref name="images"/>); the ends stay fixed.</param>
    /// <param name="springConstant">spring constant k [kcal/mol/Å²].</param>
    /// <param name="parallel">evaluate the interior images in parallel.</param>
    public NudgedElasticBand(IReadOnlyList<IOptimizable> images, IReadOnlyList<double[]> initialPath, double springConstant, bool parallel = true)
    {
        if (images.Count < 3 || images.Count != initialPath.Count)
        {
            throw new ArgumentException("a band needs at least three images and one coordinate set per image.");
        }

        _images = images;
        _d = images[0].Dimension;
        ImageCount = images.Count;
        SpringConstant = springConstant;
        Parallel = parallel;
        _r = new double[ImageCount][];
        _g = new double[ImageCount][];
        _tau = new double[ImageCount][];
        _e = new double[ImageCount];
        for (int i = 0; i < ImageCount; i++)
        {
            if (images[i].Dimension != _d || initialPath[i].Length != _d)
            {
                throw new ArgumentException("every image must have the same dimension.");
            }

            _r[i] = (double[])initialPath[i].Clone();
            _g[i] = new double[_d];
            _tau[i] = new double[_d];
        }

        _e[0] = images[0].Evaluate(_r[0], _g[0]);
        _e[^1] = images[^1].Evaluate(_r[^1], _g[^1]);
        for (int i = 1; i < ImageCount - 1; i++)
        {
            _e[i] = double.NaN;
        }
    }

    /// <summary>Number of images, ends included.</summary>
    public int ImageCount { get; }

    /// <summary>Spring constant [kcal/mol/Å²].</summary>
    public double SpringConstant { get; }

    /// <summary>Whether interior images are evaluated in parallel.</summary>
    public bool Parallel { get; }

    /// <summary>Whether the highest interior image climbs (set after an initial relaxation).</summary>
    public bool Climb { get; set; }

    /// <summary>Index of the climbing image in the last evaluation (−1 when not climbing).</summary>
    public int ClimbingImage { get; private set; } = -1;

    /// <summary>Number of evaluations of the whole band.</summary>
    public int Evaluations { get; private set; }

    /// <inheritdoc/>
    public int Dimension => (ImageCount - 2) * _d;

    /// <inheritdoc/>
    public int BlockSize => _images[0].BlockSize;

    /// <inheritdoc/>
    public bool EnergyIsConsistent => false;

    /// <summary>Energies of all images from the last evaluation [kcal/mol].</summary>
    public IReadOnlyList<double> Energies => _e;

    /// <summary>Coordinates of image <paramref name="i"/> from the last evaluation.</summary>
    public ReadOnlySpan<double> Image(int i) => _r[i];

    /// <summary>True gradient (−forces) of image <paramref name="i"/> from the last evaluation.</summary>
    public ReadOnlySpan<double> TrueGradient(int i) => _g[i];

    /// <summary>Copies the interior images into <paramref name="x"/>.</summary>
    public void GetCoordinates(Span<double> x)
    {
        for (int i = 1; i < ImageCount - 1; i++)
        {
            _r[i].CopyTo(x.Slice((i - 1) * _d, _d));
        }
    }

    /// <summary>Path coordinate s_i [Å]: cumulative distance along the band from image 0.</summary>
    public double[] PathCoordinates()
    {
        var s = new double[ImageCount];
        for (int i = 1; i < ImageCount; i++)
        {
            s[i] = s[i - 1] + Distance(_r[i - 1], _r[i]);
        }

        return s;
    }

    /// <summary>
    /// Tangential true force F·τ of each image [kcal/mol/Å] (the derivative −dE/ds used by the spline); the end
    /// images use the unit vector towards their neighbour.
    /// </summary>
    public double[] TangentialForces()
    {
        var f = new double[ImageCount];
        var t = new double[_d];
        for (int i = 0; i < ImageCount; i++)
        {
            if (i == 0 || i == ImageCount - 1)
            {
                int a = i == 0 ? 0 : i - 1, b = i == 0 ? 1 : i;
                double n = 0;
                for (int k = 0; k < _d; k++) { t[k] = _r[b][k] - _r[a][k]; n += t[k] * t[k]; }
                n = Math.Sqrt(n);
                double dot = 0;
                for (int k = 0; k < _d; k++) { dot -= _g[i][k] * t[k] / n; }
                f[i] = dot;
            }
            else
            {
                double dot = 0;
                for (int k = 0; k < _d; k++) { dot -= _g[i][k] * _tau[i][k]; }
                f[i] = dot;
            }
        }

        return f;
    }

    /// <summary>Largest atomic norm of the true force of image <paramref name="i"/> [kcal/mol/Å].</summary>
    public double MaxTrueForce(int i) => MinimizerMath.MaxBlockNorm(_g[i], Math.Max(1, BlockSize));

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int m = ImageCount;
        for (int i = 1; i < m - 1; i++)
        {
            x.Slice((i - 1) * _d, _d).CopyTo(_r[i]);
        }

        if (Parallel)
        {
            System.Threading.Tasks.Parallel.For(1, m - 1, i => _e[i] = _images[i].Evaluate(_r[i], _g[i]));
        }
        else
        {
            for (int i = 1; i < m - 1; i++)
            {
                _e[i] = _images[i].Evaluate(_r[i], _g[i]);
            }
        }

        Evaluations++;
        ClimbingImage = -1;
        if (Climb)
        {
            double best = double.NegativeInfinity;
            for (int i = 1; i < m - 1; i++)
            {
                if (_e[i] > best) { best = _e[i]; ClimbingImage = i; }
            }
        }

        double sum = 0;
        for (int i = 1; i < m - 1; i++)
        {
            ImprovedTangent(i);
            var tau = _tau[i];
            var g = _g[i];
            var outG = gradient.Slice((i - 1) * _d, _d);
            double gt = 0;
            for (int k = 0; k < _d; k++) { gt += g[k] * tau[k]; }

            if (i == ClimbingImage)
            {
                // F = F_true − 2 (F_true·τ) τ  ⇒  gradient = g − 2 (g·τ) τ.
                for (int k = 0; k < _d; k++) { outG[k] = g[k] - 2 * gt * tau[k]; }
            }
            else
            {
                double spring = SpringConstant * (Distance(_r[i + 1], _r[i]) - Distance(_r[i], _r[i - 1]));
                for (int k = 0; k < _d; k++) { outG[k] = g[k] - gt * tau[k] - spring * tau[k]; }
            }

            sum += _e[i];
        }

        return sum;
    }

    private void ImprovedTangent(int i)
    {
        double ep = _e[i + 1], e0 = _e[i], em = _e[i - 1];
        var t = _tau[i];
        var rp = _r[i + 1];
        var r0 = _r[i];
        var rm = _r[i - 1];
        double wPlus, wMinus;
        if (ep > e0 && e0 > em) { wPlus = 1; wMinus = 0; }
        else if (ep < e0 && e0 < em) { wPlus = 0; wMinus = 1; }
        else
        {
            double dMax = Math.Max(Math.Abs(ep - e0), Math.Abs(em - e0));
            double dMin = Math.Min(Math.Abs(ep - e0), Math.Abs(em - e0));
            (wPlus, wMinus) = ep > em ? (dMax, dMin) : (dMin, dMax);
        }

        double n = 0;
        for (int k = 0; k < _d; k++)
        {
            t[k] = wPlus * (rp[k] - r0[k]) + wMinus * (r0[k] - rm[k]);
            n += t[k] * t[k];
        }

        if (n == 0)
        {
            // Degenerate (equal energies): fall back to the central difference.
            for (int k = 0; k < _d; k++) { t[k] = rp[k] - rm[k]; n += t[k] * t[k]; }
        }

        n = Math.Sqrt(n);
        if (n > 0)
        {
            for (int k = 0; k < _d; k++) { t[k] /= n; }
        }
    }

    private static double Distance(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) { double d = a[k] - b[k]; s += d * d; }
        return Math.Sqrt(s);
    }
}
