using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vitrion.ForceField.Kspace;

/// <summary>
/// A 3-D real-to-complex FFT built from batched 1-D transforms (<see cref="FftBatch"/>). The real grid has
/// layout [z][y][x] (x fastest, <c>Nx·Ny·Nz</c> doubles). The spectrum keeps only kx = 0..Nx/2 (the rest follows
/// from Hermitian symmetry) in split format, layout [kz][ky][kx] with a row stride <see cref="RowStride"/> (Nx/2+1
/// rounded up to a multiple of 4; the padding columns are ignored). Forward: F(k) = Σ f(r) e^(−i k·r);
/// <see cref="Inverse"/>: f(r) = Σ F(k) e^(+i k·r) over the full (Hermitian) spectrum, unnormalised. On the x
/// planes kx = 0 and kx = Nx/2 the inverse takes the Hermitian part (real part of the result of a complex
/// inverse transform). The stages can be run by several workers on disjoint ranges (rows, planes, columns).
/// </summary>
public sealed class Fft3dReal
{
    private readonly FftBatch _fx;
    private readonly FftBatch _fy;
    private readonly FftBatch _fz;
    private readonly double[] _workRe;
    private readonly double[] _workIm;
    private readonly double[] _work2Re;
    private readonly double[] _work2Im;
    private readonly double[][] _lineWork2Re;
    private readonly double[][] _lineWork2Im;
    private readonly double[][] _lineRe;
    private readonly double[][] _lineIm;
    private readonly double[][] _lineWorkRe;
    private readonly double[][] _lineWorkIm;

    /// <summary>Creates the transform for an <paramref name="nx"/>×<paramref name="ny"/>×<paramref name="nz"/> grid
    /// (each a product of 2, 3 and 5), usable by up to <paramref name="workers"/> concurrent workers.</summary>
    public Fft3dReal(int nx, int ny, int nz, int workers = 1) : this(nx, ny, nz, workers, 16)
    {
    }

    /// <summary>As the other constructor, with <paramref name="lanes"/> (a multiple of 4) complex lines per x-row batch,
    /// each carrying two real rows.</summary>
    public Fft3dReal(int nx, int ny, int nz, int workers, int lanes)
    {
        if (lanes < 4 || (lanes & 3) != 0) { throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "lanes must be a positive multiple of 4"); }
        Lanes = lanes;
        Nx = nx; Ny = ny; Nz = nz;
        _fx = new FftBatch(nx);
        _fy = new FftBatch(ny);
        _fz = new FftBatch(nz);
        HalfX = nx / 2 + 1;
        RowStride = (HalfX + 3) & ~3;
        SpectrumLength = nz * ny * RowStride;
        _workRe = new double[SpectrumLength];
        _workIm = new double[SpectrumLength];
        _work2Re = new double[SpectrumLength];
        _work2Im = new double[SpectrumLength];
        workers = Math.Max(1, workers);
        _lineRe = new double[workers][];
        _lineIm = new double[workers][];
        _lineWorkRe = new double[workers][];
        _lineWorkIm = new double[workers][];
        _lineWork2Re = new double[workers][];
        _lineWork2Im = new double[workers][];
        for (int w = 0; w < workers; w++)
        {
            _lineRe[w] = new double[lanes * nx];
            _lineIm[w] = new double[lanes * nx];
            _lineWorkRe[w] = new double[lanes * nx];
            _lineWorkIm[w] = new double[lanes * nx];
            _lineWork2Re[w] = new double[lanes * nx];
            _lineWork2Im[w] = new double[lanes * nx];
        }
    }

    /// <summary>Grid points along x.</summary>
    public int Nx { get; }

    /// <summary>Grid points along y.</summary>
    public int Ny { get; }

    /// <summary>Grid points along z.</summary>
    public int Nz { get; }

    /// <summary>Number of stored kx values, Nx/2 + 1.</summary>
    public int HalfX { get; }

    /// <summary>Distance between consecutive (ky, kz) rows of the spectrum arrays.</summary>
    public int RowStride { get; }

    /// <summary>Length of each spectrum array (real or imaginary part): Nz·Ny·RowStride.</summary>
    public int SpectrumLength { get; }

    /// <summary>Complex lines per x-row batch (each carries two real rows, as real and imaginary part).</summary>
    public int Lanes { get; }

    /// <summary>Real x-rows per group, 2·<see cref="Lanes"/>; group g holds rows [g·RowsPerGroup, (g+1)·RowsPerGroup) ∩ [0, Ny·Nz).</summary>
    public int RowsPerGroup => 2 * Lanes;

    /// <summary>Number of groups of <see cref="RowsPerGroup"/> real x-rows (the unit of work of the x stages).</summary>
    public int RowGroups => (Ny * Nz + RowsPerGroup - 1) / RowsPerGroup;

    /// <summary>Single-threaded forward transform of <paramref name="real"/> into the spectrum arrays.</summary>
    public void Forward(double[] real, double[] specRe, double[] specIm)
    {
        ForwardRows(real, specRe, specIm, 0, RowGroups, 0);
        TransformY(specRe, specIm, 0, Nz, false);
        TransformZ(specRe, specIm, 0, Ny * RowStride, false);
    }

    /// <summary>Single-threaded inverse transform of the spectrum (which is overwritten) into <paramref name="real"/>.</summary>
    public void Inverse(double[] specRe, double[] specIm, double[] real)
    {
        TransformZ(specRe, specIm, 0, Ny * RowStride, true);
        TransformY(specRe, specIm, 0, Nz, true);
        InverseRows(specRe, specIm, real, 0, RowGroups, 0);
    }

    /// <summary>Stage 1 of the forward transform: real-to-complex transforms along x of row groups [g0, g1).</summary>
    /// <remarks>Lane c of group g carries row g·RowsPerGroup + c as real part and row g·RowsPerGroup + Lanes + c as
    /// imaginary part; element e of lane c lies at e·Lanes + c. Rows are moved in and out in 4×4 blocks.</remarks>
    public void ForwardRows(double[] real, double[] specRe, double[] specIm, int g0, int g1, int worker) =>
        ForwardRowRange(real, specRe, specIm, g0 * RowsPerGroup, Math.Min(Ny * Nz, g1 * RowsPerGroup), worker);

    /// <summary>As <see cref="ForwardRows"/> for the rows [<paramref name="rowBegin"/>, <paramref name="rowEnd"/>), in batches of
    /// <see cref="RowsPerGroup"/> rows from <paramref name="rowBegin"/> (the last one partly empty).</summary>
    public unsafe void ForwardRowRange(double[] real, double[] specRe, double[] specIm, int rowBegin, int rowEnd, int worker)
    {
        int nx = Nx, rows = rowEnd, rs = RowStride, half = HalfX, lanes = Lanes;
        int nx4 = nx & ~3;
        fixed (double* pr = real, sre = specRe, sim = specIm, lr = _lineRe[worker], li = _lineIm[worker])
        {
            for (int r0 = rowBegin; r0 < rowEnd; r0 += 2 * lanes)
            {
                for (int c0 = 0; c0 < lanes; c0 += 4)
                {
                    GatherBlock(pr, lr, r0 + c0, rows, nx, nx4, lanes, c0);
                    GatherBlock(pr, li, r0 + lanes + c0, rows, nx, nx4, lanes, c0);
                }

                _fx.Transform(_lineRe[worker], _lineIm[worker], _lineWorkRe[worker], _lineWorkIm[worker], _lineWork2Re[worker], _lineWork2Im[worker], 0, lanes, 0, lanes, false);
                var halfV = Vector256.Create(0.5);
                for (int c0 = 0; c0 < lanes; c0 += 4)
                {
                    int ra = r0 + c0, rb = r0 + lanes + c0;
                    if (ra >= rows) { break; }
                    for (int k0 = 0; k0 < rs; k0 += 4)
                    {
                        // A = row ra + j: (z(k) + conj z(−k))/2; B = row rb + j: (z(k) − conj z(−k))/(2i)
                        Vector256<double> ar0, ar1, ar2, ar3, ai0, ai1, ai2, ai3, br0, br1, br2, br3, bi0, bi1, bi2, bi3;
                        Split(lr, li, k0, half, nx, lanes, c0, halfV, out ar0, out ai0, out br0, out bi0);
                        Split(lr, li, k0 + 1, half, nx, lanes, c0, halfV, out ar1, out ai1, out br1, out bi1);
                        Split(lr, li, k0 + 2, half, nx, lanes, c0, halfV, out ar2, out ai2, out br2, out bi2);
                        Split(lr, li, k0 + 3, half, nx, lanes, c0, halfV, out ar3, out ai3, out br3, out bi3);
                        ScatterBlock(sre, ra, rows, rs, k0, ar0, ar1, ar2, ar3);
                        ScatterBlock(sim, ra, rows, rs, k0, ai0, ai1, ai2, ai3);
                        ScatterBlock(sre, rb, rows, rs, k0, br0, br1, br2, br3);
                        ScatterBlock(sim, rb, rows, rs, k0, bi0, bi1, bi2, bi3);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Split(double* lr, double* li, int k, int half, int nx, int lanes, int c0, Vector256<double> halfV,
        out Vector256<double> ar, out Vector256<double> ai, out Vector256<double> br, out Vector256<double> bi)
    {
        if (k >= half)
        {
            ar = ai = br = bi = Vector256<double>.Zero;
            return;
        }

        int km = k == 0 ? 0 : nx - k;
        var zr = Vector256.Load(lr + lanes * k + c0);
        var zi = Vector256.Load(li + lanes * k + c0);
        var mr = Vector256.Load(lr + lanes * km + c0);
        var mi = Vector256.Load(li + lanes * km + c0);
        ar = halfV * (zr + mr);
        ai = halfV * (zi - mi);
        br = halfV * (zi + mi);
        bi = halfV * (mr - zr);
    }

    /// <summary>Rows row0..row0+3 (those below <paramref name="rows"/>, others as zeros) into lanes c0..c0+3 of a line block.</summary>
    private static unsafe void GatherBlock(double* src, double* line, int row0, int rows, int nx, int nx4, int lanes, int c0)
    {
        var zero = Vector256<double>.Zero;
        double* s0 = src + (long)row0 * nx;
        bool h0 = row0 < rows, h1 = row0 + 1 < rows, h2 = row0 + 2 < rows, h3 = row0 + 3 < rows;
        for (int e0 = 0; e0 < nx4; e0 += 4)
        {
            var v0 = h0 ? Vector256.Load(s0 + e0) : zero;
            var v1 = h1 ? Vector256.Load(s0 + nx + e0) : zero;
            var v2 = h2 ? Vector256.Load(s0 + 2 * nx + e0) : zero;
            var v3 = h3 ? Vector256.Load(s0 + 3 * nx + e0) : zero;
            Transpose(ref v0, ref v1, ref v2, ref v3);
            double* d = line + lanes * e0 + c0;
            Vector256.Store(v0, d); Vector256.Store(v1, d + lanes); Vector256.Store(v2, d + 2 * lanes); Vector256.Store(v3, d + 3 * lanes);
        }

        for (int e = nx4; e < nx; e++)
        {
            double* d = line + lanes * e + c0;
            d[0] = h0 ? s0[e] : 0.0; d[1] = h1 ? s0[nx + e] : 0.0; d[2] = h2 ? s0[2 * nx + e] : 0.0; d[3] = h3 ? s0[3 * nx + e] : 0.0;
        }
    }

    /// <summary>Vectors v_i = (element k0+i of rows row0..row0+3) stored as rows row0+j, elements k0..k0+3 (rows below <paramref name="rows"/>).</summary>
    private static unsafe void ScatterBlock(double* dst, int row0, int rows, int stride, int k0,
        Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, Vector256<double> v3)
    {
        Transpose(ref v0, ref v1, ref v2, ref v3);
        double* d = dst + (long)row0 * stride + k0;
        if (row0 + 3 < rows)
        {
            Vector256.Store(v0, d); Vector256.Store(v1, d + stride); Vector256.Store(v2, d + 2 * stride); Vector256.Store(v3, d + 3 * stride);
            return;
        }

        if (row0 < rows) { Vector256.Store(v0, d); }
        if (row0 + 1 < rows) { Vector256.Store(v1, d + stride); }
        if (row0 + 2 < rows) { Vector256.Store(v2, d + 2 * stride); }
    }

    /// <summary>In-place transpose of the 4×4 block whose rows are v0..v3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<double> v0, ref Vector256<double> v1, ref Vector256<double> v2, ref Vector256<double> v3)
    {
        if (Avx.IsSupported)
        {
            var t0 = Avx.UnpackLow(v0, v1);
            var t1 = Avx.UnpackHigh(v0, v1);
            var t2 = Avx.UnpackLow(v2, v3);
            var t3 = Avx.UnpackHigh(v2, v3);
            v0 = Avx.Permute2x128(t0, t2, 0x20);
            v1 = Avx.Permute2x128(t1, t3, 0x20);
            v2 = Avx.Permute2x128(t0, t2, 0x31);
            v3 = Avx.Permute2x128(t1, t3, 0x31);
            return;
        }

        var a0 = Vector256.Create(v0[0], v1[0], v2[0], v3[0]);
        var a1 = Vector256.Create(v0[1], v1[1], v2[1], v3[1]);
        var a2 = Vector256.Create(v0[2], v1[2], v2[2], v3[2]);
        var a3 = Vector256.Create(v0[3], v1[3], v2[3], v3[3]);
        (v0, v1, v2, v3) = (a0, a1, a2, a3);
    }

    /// <summary>Complex transforms along y of the planes kz ∈ [z0, z1) (forward or inverse).</summary>
    public void TransformY(double[] specRe, double[] specIm, int z0, int z1, bool inverse)
    {
        int plane = Ny * RowStride;
        for (int z = z0; z < z1; z++)
        {
            _fy.Transform(specRe, specIm, _workRe, _workIm, _work2Re, _work2Im, z * plane, RowStride, 0, RowStride, inverse);
        }
    }

    /// <summary>Complex transforms along z of the columns [b0, b1) of the (ky, kx) plane (multiples of 4).</summary>
    public void TransformZ(double[] specRe, double[] specIm, int b0, int b1, bool inverse)
    {
        if (b1 > b0)
        {
            _fz.Transform(specRe, specIm, _workRe, _workIm, _work2Re, _work2Im, 0, Ny * RowStride, b0, b1, inverse);
        }
    }

    /// <summary>Last stage of the inverse transform: complex-to-real transforms along x of row groups [g0, g1) (lanes as in
    /// <see cref="ForwardRows"/>).</summary>
    public void InverseRows(double[] specRe, double[] specIm, double[] real, int g0, int g1, int worker) =>
        InverseRowRange(specRe, specIm, real, g0 * RowsPerGroup, Math.Min(Ny * Nz, g1 * RowsPerGroup), worker);

    /// <summary>As <see cref="InverseRows"/> for the rows [<paramref name="rowBegin"/>, <paramref name="rowEnd"/>), in batches of
    /// <see cref="RowsPerGroup"/> rows from <paramref name="rowBegin"/> (the last one partly empty).</summary>
    public unsafe void InverseRowRange(double[] specRe, double[] specIm, double[] real, int rowBegin, int rowEnd, int worker)
    {
        int nx = Nx, rows = rowEnd, rs = RowStride, half = HalfX, lanes = Lanes;
        int nx4 = nx & ~3;
        bool even = (nx & 1) == 0;
        fixed (double* pr = real, sre = specRe, sim = specIm, lr = _lineRe[worker], li = _lineIm[worker])
        {
            for (int r0 = rowBegin; r0 < rowEnd; r0 += 2 * lanes)
            {
                for (int c0 = 0; c0 < lanes; c0 += 4)
                {
                    int ra = r0 + c0, rb = r0 + lanes + c0;
                    for (int k0 = 0; k0 < rs; k0 += 4)
                    {
                        LoadBlock(sre, ra, rows, rs, k0, out var ar0, out var ar1, out var ar2, out var ar3);
                        LoadBlock(sim, ra, rows, rs, k0, out var ai0, out var ai1, out var ai2, out var ai3);
                        LoadBlock(sre, rb, rows, rs, k0, out var br0, out var br1, out var br2, out var br3);
                        LoadBlock(sim, rb, rows, rs, k0, out var bi0, out var bi1, out var bi2, out var bi3);
                        Combine(lr, li, k0, half, nx, even, lanes, c0, ar0, ai0, br0, bi0);
                        Combine(lr, li, k0 + 1, half, nx, even, lanes, c0, ar1, ai1, br1, bi1);
                        Combine(lr, li, k0 + 2, half, nx, even, lanes, c0, ar2, ai2, br2, bi2);
                        Combine(lr, li, k0 + 3, half, nx, even, lanes, c0, ar3, ai3, br3, bi3);
                    }
                }

                _fx.Transform(_lineRe[worker], _lineIm[worker], _lineWorkRe[worker], _lineWorkIm[worker], _lineWork2Re[worker], _lineWork2Im[worker], 0, lanes, 0, lanes, true);
                for (int c0 = 0; c0 < lanes; c0 += 4)
                {
                    int ra = r0 + c0, rb = r0 + lanes + c0;
                    if (ra >= rows) { break; }
                    StoreRows(lr, pr, ra, rows, nx, nx4, lanes, c0);
                    StoreRows(li, pr, rb, rows, nx, nx4, lanes, c0);
                }
            }
        }
    }

    /// <summary>Rows row0..row0+3, elements k0..k0+3 (zeros for rows at or past <paramref name="rows"/>), transposed:
    /// v_i holds element k0+i of the four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void LoadBlock(double* src, int row0, int rows, int stride, int k0,
        out Vector256<double> v0, out Vector256<double> v1, out Vector256<double> v2, out Vector256<double> v3)
    {
        var zero = Vector256<double>.Zero;
        double* s = src + (long)row0 * stride + k0;
        v0 = row0 < rows ? Vector256.Load(s) : zero;
        v1 = row0 + 1 < rows ? Vector256.Load(s + stride) : zero;
        v2 = row0 + 2 < rows ? Vector256.Load(s + 2 * stride) : zero;
        v3 = row0 + 3 < rows ? Vector256.Load(s + 3 * stride) : zero;
        Transpose(ref v0, ref v1, ref v2, ref v3);
    }

    /// <summary>Lines z = a + i b at k and −k from the half spectra of rows a and b (real part only at k = 0 and Nyquist).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Combine(double* lr, double* li, int k, int half, int nx, bool even, int lanes, int c0,
        Vector256<double> ar, Vector256<double> ai, Vector256<double> br, Vector256<double> bi)
    {
        if (k >= half) { return; }
        if (k == 0 || (even && 2 * k == nx))
        {
            Vector256.Store(ar, lr + lanes * k + c0);
            Vector256.Store(br, li + lanes * k + c0);
            return;
        }

        Vector256.Store(ar - bi, lr + lanes * k + c0);
        Vector256.Store(ai + br, li + lanes * k + c0);
        int km = nx - k;
        Vector256.Store(ar + bi, lr + lanes * km + c0);
        Vector256.Store(br - ai, li + lanes * km + c0);
    }

    /// <summary>Lanes c0..c0+3 of a line block into rows row0..row0+3 (those below <paramref name="rows"/>).</summary>
    private static unsafe void StoreRows(double* line, double* dst, int row0, int rows, int nx, int nx4, int lanes, int c0)
    {
        double* d0 = dst + (long)row0 * nx;
        bool h1 = row0 + 1 < rows, h2 = row0 + 2 < rows, h3 = row0 + 3 < rows;
        if (row0 >= rows) { return; }
        for (int e0 = 0; e0 < nx4; e0 += 4)
        {
            double* s = line + lanes * e0 + c0;
            var v0 = Vector256.Load(s); var v1 = Vector256.Load(s + lanes); var v2 = Vector256.Load(s + 2 * lanes); var v3 = Vector256.Load(s + 3 * lanes);
            Transpose(ref v0, ref v1, ref v2, ref v3);
            Vector256.Store(v0, d0 + e0);
            if (h1) { Vector256.Store(v1, d0 + nx + e0); }
            if (h2) { Vector256.Store(v2, d0 + 2 * nx + e0); }
            if (h3) { Vector256.Store(v3, d0 + 3 * nx + e0); }
        }

        for (int e = nx4; e < nx; e++)
        {
            double* s = line + lanes * e + c0;
            d0[e] = s[0];
            if (h1) { d0[nx + e] = s[1]; }
            if (h2) { d0[2 * nx + e] = s[2]; }
            if (h3) { d0[3 * nx + e] = s[3]; }
        }
    }
}
