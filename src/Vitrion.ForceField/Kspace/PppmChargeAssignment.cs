using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vitrion.Core;

namespace Vitrion.ForceField.Kspace;

/// <summary>
/// Charge assignment and interpolation of PPPM (LAMMPS particle_map, make_rho, fieldforce_ik): for each charged atom
/// the origin of its order-p stencil on the padded grid and its 1-D weights (polynomials of the distance to the nearest
/// grid point), a counting sort of the atoms by grid row, spreading q·w onto a padded grid, and the weighted stencil sum
/// of a 4-component field (Ex, Ey, Ez, u) at each atom. The weights of one atom sum to 1 in each dimension.
/// </summary>
public sealed class PppmChargeAssignment
{
    private readonly double _shiftAdd;   // shift − OFFSET of LAMMPS
    private readonly double _shiftone;
    private readonly double[] _rhoCoeff;  // [(k − (1−order)/2)·order + l]
    private readonly int[] _base;
    private readonly int[] _keys;
    private readonly int[] _sorted;
    private readonly double[] _weights;
    private int[] _rowCounts = [];
    private int _nx, _ny, _nz, _px, _py;

    /// <summary>Creates the assignment of order <paramref name="order"/> (2..7) for <paramref name="chargedCount"/> charged atoms.</summary>
    public PppmChargeAssignment(int order, int chargedCount)
    {
        if (order < 2 || order > 7) { throw new ArgumentOutOfRangeException(nameof(order), order, "PPPM order must be 2..7."); }
        Order = order;
        NLower = -(order - 1) / 2;
        _shiftAdd = order % 2 == 1 ? 0.5 : 0.0;
        _shiftone = order % 2 == 1 ? 0.0 : 0.5;
        _rhoCoeff = ComputeRhoCoeff(order);
        _base = new int[chargedCount];
        _keys = new int[chargedCount];
        _sorted = new int[chargedCount];
        // 8 doubles of slack: the 512-bit paths load 8 weights from the start of the last atom's x weights
        _weights = new double[chargedCount * AtomStride];
        // Horner coefficients across the stencil: [l·8 + k] = rho_coeff of point k, power l (0 for k ≥ order)
        _hornerCoeff = new double[8 * order];
        for (int l = 0; l < order; l++)
        {
            for (int k = 0; k < order; k++) { _hornerCoeff[l * 8 + k] = _rhoCoeff[k * order + l]; }
        }

        _expandIndex = new long[2][];
        for (int k = 0; k < 2; k++)
        {
            int comps = 3 + k;
            _expandIndex[k] = new long[32];
            for (int j = 0; j < 32; j++) { _expandIndex[k][j] = j < order * comps ? j / comps : 7; }   // lane 7 holds weight 0
        }
    }

    // Weights of one atom: x, y, z, each WeightStride doubles (the order weights, then zeros), so that whole 8-double
    // vectors of weights can be loaded.
    private const int WeightStride = 8;
    private const int AtomStride = 3 * WeightStride;
    private readonly double[] _hornerCoeff;
    private readonly long[][] _expandIndex;    // [comps − 3][j]: x stencil point of lane j of the expanded x weights (7: none, weight 0)

    /// <summary>Doubles a grid must have beyond its last point for the 512-bit spreading and stencil sums (they read and
    /// write whole 8-double rows; the lanes past the stencil carry weight 0).</summary>
    public const int GridSlack = 8;

    /// <summary>
    /// Σ over the stencil of charged atom <paramref name="c"/> of w·field for a padded grid of <paramref name="comps"/>
    /// (3 or 4) interleaved components per point ([pz][py][px][comps], with <see cref="GridSlack"/> doubles after the
    /// last point), with 512-bit vectors (AVX-512F required): each stencil row of order·comps doubles is covered by
    /// whole 8-double vectors, summed over the rows with the y and z weights, and the x weights are applied once at the
    /// end (expanded to one weight per double, 0 past the stencil). Returns the sums (fourth 0 when comps is 3).
    /// </summary>
    public unsafe Vector256<double> StencilSum512(double[] padded, int comps, int c)
    {
        int order = Order, px = _px, py = _py;
        int nv = (order * comps + 7) >> 3;
        int rowStride = px * comps, planeStride = py * px * comps;
        fixed (double* grid = padded, wts = _weights)
        fixed (long* ei = _expandIndex[comps - 3])
        {
            double* rx = wts + c * AtomStride;
            double* ry = rx + WeightStride;
            double* rz = ry + WeightStride;
            double* b = grid + (long)_base[c] * comps;
            var a0 = Vector512<double>.Zero; var a1 = Vector512<double>.Zero; var a2 = Vector512<double>.Zero; var a3 = Vector512<double>.Zero;
            for (int n = 0; n < order; n++)
            {
                double* plane = b + (long)n * planeStride;
                var t0 = Vector512<double>.Zero; var t1 = Vector512<double>.Zero; var t2 = Vector512<double>.Zero; var t3 = Vector512<double>.Zero;
                for (int m = 0; m < order; m++)
                {
                    double* row = plane + (long)m * rowStride;
                    var wy = Vector512.Create(ry[m]);
                    t0 = Avx512F.FusedMultiplyAdd(wy, Vector512.Load(row), t0);
                    if (nv > 1) { t1 = Avx512F.FusedMultiplyAdd(wy, Vector512.Load(row + 8), t1); }
                    if (nv > 2) { t2 = Avx512F.FusedMultiplyAdd(wy, Vector512.Load(row + 16), t2); }
                    if (nv > 3) { t3 = Avx512F.FusedMultiplyAdd(wy, Vector512.Load(row + 24), t3); }
                }

                var wz = Vector512.Create(rz[n]);
                a0 = Avx512F.FusedMultiplyAdd(wz, t0, a0);
                a1 = Avx512F.FusedMultiplyAdd(wz, t1, a1);
                a2 = Avx512F.FusedMultiplyAdd(wz, t2, a2);
                a3 = Avx512F.FusedMultiplyAdd(wz, t3, a3);
            }

            var x8 = Vector512.Load(rx);
            var r0 = a0 * Avx512F.PermuteVar8x64(x8, Vector512.Load(ei));
            var r1 = a1 * Avx512F.PermuteVar8x64(x8, Vector512.Load(ei + 8));
            var r2 = a2 * Avx512F.PermuteVar8x64(x8, Vector512.Load(ei + 16));
            var r3 = a3 * Avx512F.PermuteVar8x64(x8, Vector512.Load(ei + 24));
            if (comps == 4)
            {
                var s = (r0 + r1) + (r2 + r3);
                return s.GetLower() + s.GetUpper();
            }

            double* lanes = stackalloc double[32];
            Vector512.Store(r0, lanes); Vector512.Store(r1, lanes + 8); Vector512.Store(r2, lanes + 16); Vector512.Store(r3, lanes + 24);
            double sx = 0, sy = 0, sz = 0;
            for (int j = 0; j < 3 * order; j += 3) { sx += lanes[j]; sy += lanes[j + 1]; sz += lanes[j + 2]; }
            return Vector256.Create(sx, sy, sz, 0.0);
        }
    }

    /// <summary>Charge-assignment order (stencil points per dimension).</summary>
    public int Order { get; }

    /// <summary>Offset of the first stencil point from the nearest grid point (LAMMPS nlower).</summary>
    public int NLower { get; }

    /// <summary>The 1-D weights of charged atom <paramref name="c"/> along dimension <paramref name="dim"/> (0, 1, 2).</summary>
    public ReadOnlySpan<double> Weights(int c, int dim) => _weights.AsSpan(c * AtomStride + dim * WeightStride, Order);

    /// <summary>Index of charged atom <paramref name="c"/>'s stencil origin in the padded grid.</summary>
    public int StencilOrigin(int c) => _base[c];

    /// <summary>The charged atoms in row order after <see cref="SortByRow"/>.</summary>
    public ReadOnlySpan<int> Sorted => _sorted;

    /// <summary>Sets the periodic grid (nx, ny, nz) and the padded grid's row sizes (px, py; pz rows in z).</summary>
    public void SetGrid(int nx, int ny, int nz, int px, int py, int pz)
    {
        (_nx, _ny, _nz, _px, _py) = (nx, ny, nz, px, py);
        _rowCounts = new int[py * pz + 1];
    }

    /// <summary>
    /// Σ over the stencil of charged atom <paramref name="c"/> of w·field, for a padded grid of 4 components per point
    /// ([pz][py][px][4]); returns the four sums.
    /// </summary>
    public unsafe Vector256<double> StencilSum(double[] padded4, int c)
    {
        int order = Order, px = _px, py = _py;
        fixed (double* grid = padded4, wts = _weights)
        {
            double* rx = wts + c * AtomStride;
            double* ry = rx + WeightStride;
            double* rz = ry + WeightStride;
            double* b = grid + (long)_base[c] * 4;
            var acc = Vector256<double>.Zero;
            for (int n = 0; n < order; n++)
            {
                double z0 = rz[n];
                for (int m = 0; m < order; m++)
                {
                    double y0 = z0 * ry[m];
                    double* row = b + (long)(n * py + m) * px * 4;
                    for (int l = 0; l < order; l++)
                    {
                        acc += Vector256.Create(y0 * rx[l]) * Vector256.Load(row + 4 * l);
                    }
                }
            }

            return acc;
        }
    }

    /// <summary>
    /// Stencil origin and 1-D weights of the charged atoms [<paramref name="a0"/>, <paramref name="a1"/>) (indices into
    /// <paramref name="charged"/>) for positions in an orthorhombic box with inverse grid spacings dxi, dyi, dzi [1/Å].
    /// </summary>
    public unsafe void Map(Vec3[] positions, int[] charged, Box box, double dxi, double dyi, double dzi, int a0, int a1)
    {
        int order = Order, nx = _nx, ny = _ny, nz = _nz, px = _px, py = _py;
        double ox = box.Origin.X, oy = box.Origin.Y, oz = box.Origin.Z;
        double shiftAdd = _shiftAdd, shiftone = _shiftone;
        int[] bases = _base, keys = _keys;
        fixed (double* wts = _weights, coeff = _hornerCoeff)
        {
            for (int c = a0; c < a1; c++)
            {
                var r = positions[charged[c]];
                double tx = WrapGrid((r.X - ox) * dxi, nx);
                double ty = WrapGrid((r.Y - oy) * dyi, ny);
                double tz = WrapGrid((r.Z - oz) * dzi, nz);
                int ix = (int)(tx + shiftAdd), iy = (int)(ty + shiftAdd), iz = (int)(tz + shiftAdd);
                double* rx = wts + c * AtomStride;
                RhoOneD(ix + shiftone - tx, rx, coeff, order);
                RhoOneD(iy + shiftone - ty, rx + WeightStride, coeff, order);
                RhoOneD(iz + shiftone - tz, rx + 2 * WeightStride, coeff, order);
                bases[c] = (iz * py + iy) * px + ix;
                keys[c] = iz * py + iy;
            }
        }
    }

    /// <summary>Counting sort of the charged atoms by grid row, so that spreading and interpolation walk the grid in order.</summary>
    public void SortByRow()
    {
        var counts = _rowCounts;
        Array.Clear(counts);
        int[] keys = _keys, sorted = _sorted;
        for (int c = 0; c < keys.Length; c++) { counts[keys[c] + 1]++; }
        for (int k = 1; k < counts.Length; k++) { counts[k] += counts[k - 1]; }
        for (int c = 0; c < keys.Length; c++) { sorted[counts[keys[c]]++] = c; }
    }

    /// <summary>
    /// Adds the charge density of the row-sorted charged atoms [<paramref name="a0"/>, <paramref name="a1"/>) to a padded
    /// grid ([pz][py][px]): q·dvi times the product of the three 1-D weights at each stencil point.
    /// </summary>
    /// <param name="grid">padded grid (added to).</param>
    /// <param name="q">charge per atom [e].</param>
    /// <param name="charged">atom index of each charged atom.</param>
    /// <param name="dvi">inverse grid cell volume [1/Å³].</param>
    /// <param name="a0">first sorted position.</param>
    /// <param name="a1">end of the sorted range.</param>
    /// <param name="wide">use 512-bit rows (AVX-512F; the grid needs <see cref="GridSlack"/> doubles after its end).</param>
    public unsafe void Spread(double[] grid, double[] q, int[] charged, double dvi, int a0, int a1, bool wide = false)
    {
        int order = Order, px = _px, py = _py;
        int[] bases = _base, sorted = _sorted;
        wide &= Avx512F.IsSupported && order <= 8;
        fixed (double* g = grid, wts = _weights)
        {
            for (int s = a0; s < a1; s++)
            {
                int c = sorted[s];
                double* rx = wts + c * AtomStride;
                double* ry = rx + WeightStride;
                double* rz = ry + WeightStride;
                int b = bases[c];
                double z0 = dvi * q[charged[c]];
                if (wide)
                {
                    // x stencil as one 512-bit row (lanes past the order carry weight 0 and add 0)
                    var rx8 = Vector512.Load(rx);
                    for (int n = 0; n < order; n++)
                    {
                        double y0 = z0 * rz[n];
                        double* plane = g + b + n * py * px;
                        for (int m = 0; m < order; m++)
                        {
                            double* row = plane + m * px;
                            Vector512.Store(Avx512F.FusedMultiplyAdd(Vector512.Create(y0 * ry[m]), rx8, Vector512.Load(row)), row);
                        }
                    }
                }
                else if (order >= 4)
                {
                    // x stencil: 4 points as one AVX vector, the rest scalar
                    var rx4 = Vector256.Load(rx);
                    for (int n = 0; n < order; n++)
                    {
                        double y0 = z0 * rz[n];
                        for (int m = 0; m < order; m++)
                        {
                            double x0 = y0 * ry[m];
                            double* row = g + b + (n * py + m) * px;
                            Vector256.Store(Vector256.Load(row) + Vector256.Create(x0) * rx4, row);
                            for (int l = 4; l < order; l++) { row[l] += x0 * rx[l]; }
                        }
                    }
                }
                else
                {
                    for (int n = 0; n < order; n++)
                    {
                        double y0 = z0 * rz[n];
                        for (int m = 0; m < order; m++)
                        {
                            double x0 = y0 * ry[m];
                            double* row = g + b + (n * py + m) * px;
                            for (int l = 0; l < order; l++) { row[l] += x0 * rx[l]; }
                        }
                    }
                }
            }
        }
    }

    internal static double WrapGrid(double t, int n)
    {
        if (!double.IsFinite(t)) { throw new InvalidOperationException("PPPM: non-finite atom position (simulation unstable)."); }
        if (t < 0 || t >= n)
        {
            t -= n * Math.Floor(t / n);
            if (t >= n) { t -= n; }
            if (t < 0) { t = 0; }
        }

        return t;
    }

    // The WeightStride weights at distance d (0 past the order): Horner's rule across the stencil points, with the
    // same operations per point as the scalar acc = c[l] + acc·d (no fused multiply-add).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RhoOneD(double d, double* r, double* coeffT, int order)
    {
        var vd = Vector256.Create(d);
        double* top = coeffT + (order - 1) * 8;
        var lo = Vector256.Load(top);
        var hi = Vector256.Load(top + 4);
        for (int l = order - 2; l >= 0; l--)
        {
            lo = Vector256.Load(coeffT + l * 8) + lo * vd;
            hi = Vector256.Load(coeffT + l * 8 + 4) + hi * vd;
        }

        Vector256.Store(lo, r);
        Vector256.Store(hi, r + 4);
    }

    /// <summary>LAMMPS rho_coeff: polynomial coefficients of the order-p charge-assignment weights, [k·order + l].</summary>
    public static double[] ComputeRhoCoeff(int order)
    {
        var a = new double[order, 2 * order + 1];   // a[l, k + order]
        a[0, order] = 1.0;
        for (int j = 1; j < order; j++)
        {
            for (int k = -j; k <= j; k += 2)
            {
                double s = 0.0;
                for (int l = 0; l < j; l++)
                {
                    a[l + 1, k + order] = (a[l, k + 1 + order] - a[l, k - 1 + order]) / (l + 1);
                    s += Math.Pow(0.5, (double)l + 1) * (a[l, k - 1 + order] + Math.Pow(-1.0, l) * a[l, k + 1 + order]) / (l + 1);
                }

                a[0, k + order] = s;
            }
        }

        var rho = new double[order * order];
        int m = 0;
        for (int k = -(order - 1); k < order; k += 2)
        {
            for (int l = 0; l < order; l++) { rho[m * order + l] = a[l, k + order]; }
            m++;
        }

        return rho;
    }
}
