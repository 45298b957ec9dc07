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
        workers = Math.Max(1, workers);
        _lineRe = new double[workers][];
        _lineIm = new double[workers][];
        _lineWorkRe = new double[workers][];
        _lineWorkIm = new double[workers][];
        for (int w = 0; w < workers; w++)
        {
            _lineRe[w] = new double[lanes * nx];
            _lineIm[w] = new double[lanes * nx];
            _lineWorkRe[w] = new double[lanes * nx];
            _lineWorkIm[w] = new double[lanes * nx];
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
    public void ForwardRows(double[] real, double[] specRe, double[] specIm, int g0, int g1, int worker)
    {
        int nx = Nx, rows = Ny * Nz, rs = RowStride, half = HalfX, lanes = Lanes;
        double[] lr = _lineRe[worker], li = _lineIm[worker];
        for (int g = g0; g < g1; g++)
        {
            int r0 = 2 * lanes * g;
            // lane c carries rows r0 + 2c (real part) and r0 + 2c + 1 (imaginary part); element e at e·lanes + c
            for (int c = 0; c < lanes; c++)
            {
                int ra = r0 + 2 * c, rb = ra + 1;
                if (ra < rows)
                {
                    int oa = ra * nx;
                    for (int e = 0, d = c; e < nx; e++, d += lanes) { lr[d] = real[oa + e]; }
                }
                else
                {
                    for (int e = 0, d = c; e < nx; e++, d += lanes) { lr[d] = 0.0; }
                }

                if (rb < rows)
                {
                    int ob = rb * nx;
                    for (int e = 0, d = c; e < nx; e++, d += lanes) { li[d] = real[ob + e]; }
                }
                else
                {
                    for (int e = 0, d = c; e < nx; e++, d += lanes) { li[d] = 0.0; }
                }
            }

            _fx.Transform(lr, li, _lineWorkRe[worker], _lineWorkIm[worker], 0, lanes, 0, lanes, false);
            for (int c = 0; c < lanes; c++)
            {
                int ra = r0 + 2 * c, rb = ra + 1;
                if (ra >= rows) { break; }
                int oa = ra * rs, ob = rb * rs;
                bool hasB = rb < rows;
                for (int k = 0; k < half; k++)
                {
                    int km = k == 0 ? 0 : nx - k;
                    double zr = lr[lanes * k + c], zi = li[lanes * k + c];
                    double mr = lr[lanes * km + c], mi = li[lanes * km + c];
                    specRe[oa + k] = 0.5 * (zr + mr);
                    specIm[oa + k] = 0.5 * (zi - mi);
                    if (hasB)
                    {
                        specRe[ob + k] = 0.5 * (zi + mi);
                        specIm[ob + k] = 0.5 * (mr - zr);
                    }
                }

                for (int k = half; k < rs; k++)
                {
                    specRe[oa + k] = 0; specIm[oa + k] = 0;
                    if (hasB) { specRe[ob + k] = 0; specIm[ob + k] = 0; }
                }
            }
        }
    }

    /// <summary>Complex transforms along y of the planes kz ∈ [z0, z1) (forward or inverse).</summary>
    public void TransformY(double[] specRe, double[] specIm, int z0, int z1, bool inverse)
    {
        int plane = Ny * RowStride;
        for (int z = z0; z < z1; z++)
        {
            _fy.Transform(specRe, specIm, _workRe, _workIm, z * plane, RowStride, 0, RowStride, inverse);
        }
    }

    /// <summary>Complex transforms along z of the columns [b0, b1) of the (ky, kx) plane (multiples of 4).</summary>
    public void TransformZ(double[] specRe, double[] specIm, int b0, int b1, bool inverse)
    {
        if (b1 > b0)
        {
            _fz.Transform(specRe, specIm, _workRe, _workIm, 0, Ny * RowStride, b0, b1, inverse);
        }
    }

    /// <summary>Last stage of the inverse transform: complex-to-real transforms along x of row groups [g0, g1).</summary>
    public void InverseRows(double[] specRe, double[] specIm, double[] real, int g0, int g1, int worker)
    {
        int nx = Nx, rows = Ny * Nz, rs = RowStride, half = HalfX, lanes = Lanes;
        bool even = (nx & 1) == 0;
        double[] lr = _lineRe[worker], li = _lineIm[worker];
        for (int g = g0; g < g1; g++)
        {
            int r0 = 2 * lanes * g;
            for (int c = 0; c < lanes; c++)
            {
                int ra = r0 + 2 * c, rb = ra + 1;
                int oa = ra * rs, ob = rb * rs;
                bool hasA = ra < rows, hasB = rb < rows;
                for (int k = 0; k < half; k++)
                {
                    double ar = hasA ? specRe[oa + k] : 0, ai = hasA ? specIm[oa + k] : 0;
                    double br = hasB ? specRe[ob + k] : 0, bi = hasB ? specIm[ob + k] : 0;
                    if (k == 0 || (even && k == nx / 2))
                    {
                        lr[lanes * k + c] = ar; li[lanes * k + c] = br;
                    }
                    else
                    {
                        lr[lanes * k + c] = ar - bi; li[lanes * k + c] = ai + br;
                        int km = nx - k;
                        lr[lanes * km + c] = ar + bi; li[lanes * km + c] = br - ai;
                    }
                }
            }

            _fx.Transform(lr, li, _lineWorkRe[worker], _lineWorkIm[worker], 0, lanes, 0, lanes, true);
            for (int c = 0; c < lanes; c++)
            {
                int ra = r0 + 2 * c, rb = ra + 1;
                if (ra >= rows) { break; }
                int oa = ra * nx;
                for (int e = 0, d = c; e < nx; e++, d += lanes) { real[oa + e] = lr[d]; }
                if (rb < rows)
                {
                    int ob = rb * nx;
                    for (int e = 0, d = c; e < nx; e++, d += lanes) { real[ob + e] = li[d]; }
                }
            }
        }
    }
}
