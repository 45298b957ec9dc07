using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vitrion.Core;

namespace Vitrion.ForceField.Kspace;

/// <summary>Options of the PPPM k-space solver (as LAMMPS <c>kspace_style pppm</c>).</summary>
public sealed record PppmOptions
{
    /// <summary>Requested relative force accuracy (LAMMPS kspace_style accuracy), dimensionless.</summary>
    public double Accuracy { get; init; } = 1e-5;

    /// <summary>Real-space Coulomb cutoff [Å] used to choose g_ewald.</summary>
    public double RealSpaceCutoff { get; init; } = 12.0;

    /// <summary>Charge-assignment order (stencil points per dimension), 2..7.</summary>
    public int Order { get; init; } = 5;

    /// <summary>A fixed Ewald splitting parameter [1/Å]; null = chosen from the accuracy as LAMMPS does.</summary>
    public double? GEwald { get; init; }

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; } = 0;

    /// <summary>Grids with fewer points run on the calling thread whatever <see cref="Threads"/> says (default 32³).</summary>
    public int MinGridPointsForThreads { get; init; } = 32 * 32 * 32;

    /// <summary>Widest SIMD vectors [bits] the solver may use: 512 (AVX-512F where the CPU has it) or 256.</summary>
    public int MaxVectorBits { get; init; } = 512;
}

/// <summary>
/// Particle–particle particle–mesh Ewald k-space Coulomb term matching LAMMPS <c>kspace_style pppm</c> with ik
/// differentiation (LAMMPS pppm.cpp): grid and g_ewald chosen from the requested relative force accuracy exactly as
/// LAMMPS does (ik error estimate, grid sizes with factors 2, 3, 5, Newton iteration of g_ewald so that real- and
/// k-space error estimates match), the Hockney–Eastwood optimal influence function with its aliasing sums, charge
/// assignment of order 2..7, self-energy and neutralising-background terms, the k-space virial and per-atom energies
/// with LAMMPS conventions. The grid and g_ewald are chosen once (constructor); <see cref="Setup"/> recomputes the
/// box-dependent parts for a new box, as LAMMPS does during NPT. Orthorhombic boxes only.
/// </summary>
public sealed class Pppm : IKspaceTerm
{
    private const double MyPis = 1.77245385090551602729;   // sqrt(pi)
    private const double MyPi2 = 1.57079632679489661923;   // pi/2 (LAMMPS MY_PI2)

    private readonly PppmOptions _options;
    private readonly double[] _q;
    private readonly int[] _charged;
    private readonly double _qsum;
    private readonly double _qsqsum;
    private readonly int _natoms;
    private readonly PppmChargeAssignment _assign;
    private readonly int _order;
    private readonly double _cutoff;
    private readonly bool _wide;          // 512-bit spreading and interpolation (AVX-512F)

    // grid
    private int _nx, _ny, _nz;
    private int _px, _py, _pz;           // padded (ghost) grid sizes
    private Fft3dReal _fft = null!;
    private Threading.WorkerTeam _team = null!;
    private double[][] _threadGrids = null!;
    private double[] _real = null!;
    private double[] _rhoRe = null!, _rhoIm = null!;
    private double[][] _specRe = null!, _specIm = null!;   // Ex, Ey, Ez, u spectra
    private double[][] _fieldReal = null!;                 // Ex, Ey, Ez, u on the periodic grid
    private double[] _padded = null!;                      // [pz][py][px][4] interpolation grid
    private int[] _wrapX = null!, _wrapY = null!, _wrapZ = null!;
    private int[] _paddedRowStart = null!;                 // CSR: padded rows (pz·py + ppy) that are copies of periodic row tz·ny + ty
    private int[] _paddedRows = null!;
    private double[] _coef = null!;                        // per stored k: gfE, vir0..5, gfV
    private double[] _kgx = null!, _kgy = null!, _kgz = null!;
    private double[] _partial = null!;                     // per worker: energy + 6 virial, padded

    // per-atom stencil data (charged atoms)

    // box-dependent
    private Box _box = null!;
    private double _volume, _delxinv, _delyinv, _delzinv, _delvolinv;

    // per-evaluation context
    private SystemState? _state;
    private ForceBuffer? _output;
    private bool _perAtom;
    private readonly Action<int> _mapBody, _spreadBody, _forwardPlanesBody, _columnsBody, _inversePlanesBody, _interpBody;

    /// <summary>Creates the solver for <paramref name="topology"/> (charges [e]) in <paramref name="box"/>; chooses grid and g_ewald.</summary>
    public Pppm(Topology topology, Box box, PppmOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Order < 2 || options.Order > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Order, "PPPM order must be 2..7.");
        }

        if (!(options.Accuracy > 0)) { throw new ArgumentOutOfRangeException(nameof(options), options.Accuracy, "PPPM accuracy must be > 0."); }
        if (!(options.RealSpaceCutoff > 0)) { throw new ArgumentOutOfRangeException(nameof(options), options.RealSpaceCutoff, "cutoff must be > 0."); }
        _options = options;
        _order = options.Order;
        _cutoff = options.RealSpaceCutoff;
        _wide = options.MaxVectorBits >= 512 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated && _order <= 8;
        _natoms = topology.AtomCount;
        _q = topology.Charges.ToArray();
        var charged = new List<int>();
        for (int i = 0; i < _q.Length; i++)
        {
            _qsum += _q[i];
            _qsqsum += _q[i] * _q[i];
            if (_q[i] != 0.0) { charged.Add(i); }
        }

        if (_qsqsum == 0.0) { throw new ArgumentException("PPPM needs charged atoms (all charges are zero)."); }
        _charged = charged.ToArray();
        _assign = new PppmChargeAssignment(_order, _charged.Length);

        _mapBody = Map; _spreadBody = Spread; _forwardPlanesBody = ForwardPlanes; _columnsBody = Columns;
        _inversePlanesBody = InversePlanes; _interpBody = Interpolate;
        _stages = [_spreadBody, _forwardPlanesBody, _columnsBody, _inversePlanesBody, _interpBody];

        CheckBox(box);
        var grid = PppmTuning.Choose(_natoms, _qsqsum, box, options.Accuracy, _cutoff, _order, options.GEwald);
        (_nx, _ny, _nz, GEwald) = (grid.Nx, grid.Ny, grid.Nz, grid.GEwald);
        EstimatedKspaceForceError = grid.KspaceForceError;
        EstimatedRealSpaceForceError = grid.RealSpaceForceError;
        EstimatedRelativeForceError = grid.RelativeForceError;
        // A small grid (an ~800-atom glass has 18³ points, a fraction of a millisecond per step) is not worth waking a
        // team for eleven stages: below MinGridPointsForThreads points the solver runs on the calling thread.
        int threads = options.Threads <= 0 ? Environment.ProcessorCount : options.Threads;
        if ((long)_nx * _ny * _nz < options.MinGridPointsForThreads) { threads = 1; }
        Allocate(threads);
        Setup(box);
    }

    private readonly Action<int>[] _stages;

    /// <summary>Names of the evaluation stages, in the order of <see cref="StageTicks"/>.</summary>
    public static IReadOnlyList<string> StageNames { get; } = ["map+sort", "spread", "fold+x/y-FFT", "z-FFT+k+z-iFFT", "y/x-iFFT+fill", "interpolate"];

    /// <summary>Accumulated Stopwatch ticks per evaluation stage (see <see cref="StageNames"/>).</summary>
    public long[] StageTicks { get; } = new long[StageNames.Count];

    /// <inheritdoc/>
    public string Name => "pppm";

    /// <summary>Grid points along x.</summary>
    public int GridX => _nx;

    /// <summary>Grid points along y.</summary>
    public int GridY => _ny;

    /// <summary>Grid points along z.</summary>
    public int GridZ => _nz;

    /// <inheritdoc/>
    public double GEwald { get; private set; }

    /// <summary>True when spreading and interpolation use 512-bit vectors (AVX-512F and <see cref="PppmOptions.MaxVectorBits"/> 512).</summary>
    public bool UsesAvx512 => _wide;

    /// <summary>Charge-assignment order in use.</summary>
    public int Order => _order;

    /// <summary>
    /// Estimated relative RMS force error of the setup, sqrt(dF_kspace² + dF_rspace²) / (k_C e²/Å²), as LAMMPS prints
    /// "estimated relative force accuracy" (without LAMMPS' extra term for tabulated real-space Coulomb).
    /// </summary>
    public double EstimatedRelativeForceError { get; private set; }

    /// <summary>Estimated absolute RMS k-space force error [kcal/mol/Å] of the chosen grid.</summary>
    public double EstimatedKspaceForceError { get; private set; }

    /// <summary>Estimated absolute RMS real-space force error [kcal/mol/Å] for the cutoff and g_ewald.</summary>
    public double EstimatedRealSpaceForceError { get; private set; }

    /// <inheritdoc/>
    public void Setup(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        CheckBox(box);
        _box = box;
        double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
        _volume = xprd * yprd * zprd;
        _delxinv = _nx / xprd;
        _delyinv = _ny / yprd;
        _delzinv = _nz / zprd;
        _delvolinv = _delxinv * _delyinv * _delzinv;
        PppmInfluence.Compute(_nx, _ny, _nz, _fft.HalfX, _fft.RowStride, _order, GEwald, xprd, yprd, zprd, _coef, _kgx, _kgy, _kgz);
    }

    /// <inheritdoc/>
    public void Compute(SystemState state, Neighbors.GhostNeighborList neighbors, ForceBuffer output) => Compute(state, output);

    /// <summary>Adds the reciprocal-space energy, forces and virial of <paramref name="state"/> to <paramref name="output"/> (no neighbour list needed).</summary>
    public void Compute(SystemState state, ForceBuffer output)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        if (state.AtomCount != _natoms) { throw new ArgumentException("state atom count differs from the topology given to PPPM"); }
        if (!ReferenceEquals(state.Box, _box) && !state.Box.Equals(_box)) { Setup(state.Box); }
        _state = state;
        _output = output;
        _perAtom = output.PerAtomRequested;
        Array.Clear(_partial);
        try
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            _team.Run(_mapBody);
            _assign.SortByRow();
            long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            StageTicks[0] += t1 - t0;
            var stages = _stages;
            for (int s = 0; s < stages.Length; s++)
            {
                _team.Run(stages[s]);
                long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
                StageTicks[s + 1] += t2 - t1;
                t1 = t2;
            }
        }
        finally
        {
            _state = null;
            _output = null;
        }

        double energy = 0;
        double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        for (int w = 0; w < _team.Count; w++)
        {
            int o = 8 * w;
            energy += _partial[o]; v0 += _partial[o + 1]; v1 += _partial[o + 2]; v2 += _partial[o + 3];
            v3 += _partial[o + 4]; v4 += _partial[o + 5]; v5 += _partial[o + 6];
        }

        double qscale = Units.Coulomb;
        energy *= 0.5 * _volume;
        energy -= GEwald * _qsqsum / MyPis + MyPi2 * _qsum * _qsum / (GEwald * GEwald * _volume);
        energy *= qscale;
        output.Energies.Elong += energy;
        double vf = 0.5 * qscale * _volume;
        output.Virial[0] += vf * v0; output.Virial[1] += vf * v1; output.Virial[2] += vf * v2;
        output.Virial[3] += vf * v3; output.Virial[4] += vf * v4; output.Virial[5] += vf * v5;
    }

    // ------------------------------------------------------------------ setup: grid, g_ewald, influence function

    private static void CheckBox(Box box)
    {
        if (box.IsTriclinic) { throw new NotSupportedException("PPPM supports orthorhombic boxes only; use Ewald for a triclinic box."); }
        if (!(box.Lx > 0 && box.Ly > 0 && box.Lz > 0)) { throw new ArgumentException("PPPM needs a box with positive edges."); }
    }

    private void Allocate(int threads)
    {
        _team = new Threading.WorkerTeam(threads);
        int workers = _team.Count;
        _fft = new Fft3dReal(_nx, _ny, _nz, workers);
        _planeBlock = _fft.RowsPerGroup / (int)System.Numerics.BigInteger.GreatestCommonDivisor(_ny, _fft.RowsPerGroup);
        _px = _nx + _order; _py = _ny + _order; _pz = _nz + _order;
        _threadGrids = new double[workers][];
        for (int w = 0; w < workers; w++) { _threadGrids[w] = new double[_px * _py * _pz + PppmChargeAssignment.GridSlack]; }
        _real = new double[_nx * _ny * _nz];
        _rhoRe = new double[_fft.SpectrumLength];
        _rhoIm = new double[_fft.SpectrumLength];
        _specRe = new double[4][];
        _specIm = new double[4][];
        _fieldReal = new double[4][];
        for (int c = 0; c < 4; c++)
        {
            _specRe[c] = new double[_fft.SpectrumLength];
            _specIm[c] = new double[_fft.SpectrumLength];
            _fieldReal[c] = new double[_nx * _ny * _nz];
        }

        _padded = new double[_px * _py * _pz * 4 + PppmChargeAssignment.GridSlack];
        _assign.SetGrid(_nx, _ny, _nz, _px, _py, _pz);
        _wrapX = Wrap(_px, _nx); _wrapY = Wrap(_py, _ny); _wrapZ = Wrap(_pz, _nz);
        _paddedRowStart = new int[_nz * _ny + 1];
        _paddedRows = new int[_pz * _py];
        for (int p = 0; p < _pz; p++)
        {
            for (int q = 0; q < _py; q++) { _paddedRowStart[_wrapZ[p] * _ny + _wrapY[q] + 1]++; }
        }

        for (int r = 0; r < _nz * _ny; r++) { _paddedRowStart[r + 1] += _paddedRowStart[r]; }
        var next = (int[])_paddedRowStart.Clone();
        for (int p = 0; p < _pz; p++)
        {
            for (int q = 0; q < _py; q++) { _paddedRows[next[_wrapZ[p] * _ny + _wrapY[q]]++] = p * _py + q; }
        }

        _coef = new double[_fft.SpectrumLength * 8];
        _kgx = new double[_fft.HalfX];
        _kgy = new double[_ny];
        _kgz = new double[_nz];
        _partial = new double[8 * workers];
    }

    private int[] Wrap(int padded, int n)
    {
        var w = new int[padded];
        for (int p = 0; p < padded; p++) { w[p] = (((p + _assign.NLower) % n) + n) % n; }
        return w;
    }

    // ------------------------------------------------------------------ evaluation stages (run on the worker team)

    private void Map(int w)
    {
        var (a0, a1) = Threading.WorkerTeam.Split(_charged.Length, w, _team.Count);
        _assign.Map(_state!.Positions, _charged, _box, _delxinv, _delyinv, _delzinv, a0, a1);
    }

    private void Spread(int w)
    {
        var grid = _threadGrids[w];
        Array.Clear(grid);
        var (a0, a1) = Threading.WorkerTeam.Split(_charged.Length, w, _team.Count);
        _assign.Spread(grid, _q, _charged, _delvolinv, a0, a1, _wide);
    }

    // The periodic grid row by row: the sum of the workers' padded grids over the padded rows and x points that are
    // copies of it (in a fixed order: grid, padded row, then x).
    private unsafe void FoldRows(int r0, int r1)
    {
        int nx = _nx, px = _px, lead = -_assign.NLower;
        int[] wrapX = _wrapX, start = _paddedRowStart, list = _paddedRows;
        fixed (double* real = _real)
        {
            for (int r = r0; r < r1; r++)
            {
                double* dst = real + (long)r * nx;
                bool first = true;
                foreach (var grid in _threadGrids)
                {
                    fixed (double* g = grid)
                    {
                        for (int k = start[r]; k < start[r + 1]; k++)
                        {
                            double* src = g + (long)list[k] * px;
                            if (first) { new ReadOnlySpan<double>(src + lead, nx).CopyTo(new Span<double>(dst, nx)); first = false; }
                            else { AddTo(dst, src + lead, nx); }
                            for (int x = 0; x < lead; x++) { dst[wrapX[x]] += src[x]; }
                            for (int x = lead + nx; x < px; x++) { dst[wrapX[x]] += src[x]; }
                        }
                    }
                }
            }
        }
    }

    private static unsafe void AddTo(double* dst, double* src, int n)
    {
        int i = 0;
        for (; i + 4 <= n; i += 4) { Vector256.Store(Vector256.Load(dst + i) + Vector256.Load(src + i), dst + i); }
        for (; i < n; i++) { dst[i] += src[i]; }
    }

    // Stage: the z planes [z0, z1) of this worker: fold, x rows, y lines (nothing outside the planes is needed).
    private void ForwardPlanes(int w)
    {
        var (z0, z1) = Threading.WorkerTeam.Split(_nz, w, _team.Count);
        for (int zb = z0; zb < z1; zb += _planeBlock)
        {
            int ze = Math.Min(z1, zb + _planeBlock), r0 = zb * _ny, r1 = ze * _ny;
            FoldRows(r0, r1);
            _fft.ForwardRowRange(_real, _rhoRe, _rhoIm, r0, r1, w);
            _fft.TransformY(_rhoRe, _rhoIm, zb, ze, false);
        }
    }

    // z planes per block of the plane stages: the smallest count whose rows fill whole x batches (36 rows a plane, 32 a
    // batch: 8 planes), so that a block's lines stay in cache between the x and y transforms
    private int _planeBlock = 1;

    private const int ColumnChunk = 64;   // z lines per chunk of the column stage (a multiple of 4; 16, 48 and unchunked measured within noise)

    // Stage: the (ky, kx) columns of this worker in chunks: z transform of rho, the k-space solve, the inverse z
    // transforms of the fields, while the chunk is in cache. Energy and virial are summed in a fixed order per worker.
    private void Columns(int w)
    {
        int quads = _ny * _fft.RowStride / 4;
        var (q0, q1) = Threading.WorkerTeam.Split(quads, w, _team.Count);
        int b0 = 4 * q0, b1 = 4 * q1;
        Span<double> sums = stackalloc double[7];
        for (int c0 = b0; c0 < b1; c0 += ColumnChunk)
        {
            int c1 = Math.Min(b1, c0 + ColumnChunk);
            _fft.TransformZ(_rhoRe, _rhoIm, c0, c1, false);
            KspaceColumns(c0, c1, sums);
            for (int c = 0; c < Components; c++) { _fft.TransformZ(_specRe[c], _specIm[c], c0, c1, true); }
        }

        int o = 8 * w;
        for (int j = 0; j < 7; j++) { _partial[o + j] = sums[j]; }
    }

    private unsafe void KspaceColumns(int c0, int c1, Span<double> sums)
    {
        int ny = _ny, nz = _nz, rs = _fft.RowStride, half = _fft.HalfX, plane = ny * rs;
        bool u = _perAtom;
        double e = sums[0], v0 = sums[1], v1 = sums[2], v2 = sums[3], v3 = sums[4], v4 = sums[5], v5 = sums[6];
        fixed (double* exr = _specRe[0], exi = _specIm[0], eyr = _specRe[1], eyi = _specIm[1], ezr = _specRe[2], ezi = _specIm[2])
        fixed (double* ur = _specRe[3], ui = _specIm[3], rhoRe = _rhoRe, rhoIm = _rhoIm, coef = _coef, kgx = _kgx, kgy = _kgy, kgz = _kgz)
        {
            for (int kz = 0; kz < nz; kz++)
            {
                double fz = kgz[kz];
                for (int col = c0; col < c1; col++)
                {
                    int ky = col / rs, kx = col - ky * rs;
                    int idx = kz * plane + col;
                    if (kx >= half)
                    {
                        exr[idx] = exi[idx] = eyr[idx] = eyi[idx] = ezr[idx] = ezi[idx] = 0;
                        if (u) { ur[idx] = ui[idx] = 0; }
                        continue;
                    }

                    double* c = coef + idx * 8;
                    double re = rhoRe[idx], im = rhoIm[idx];
                    double p = re * re + im * im;
                    e += c[0] * p;
                    v0 += c[1] * p; v1 += c[2] * p; v2 += c[3] * p;
                    v3 += c[4] * p; v4 += c[5] * p; v5 += c[6] * p;
                    double vr = c[7] * re, vi = c[7] * im;
                    double fx = kgx[kx], fy = kgy[ky];
                    // E(k) = −i k V(k)
                    exr[idx] = fx * vi; exi[idx] = -fx * vr;
                    eyr[idx] = fy * vi; eyi[idx] = -fy * vr;
                    ezr[idx] = fz * vi; ezi[idx] = -fz * vr;
                    if (u) { ur[idx] = vr; ui[idx] = vi; }
                }
            }
        }

        sums[0] = e; sums[1] = v0; sums[2] = v1; sums[3] = v2; sums[4] = v3; sums[5] = v4; sums[6] = v5;
    }

    private int Components => _perAtom ? 4 : 3;

    // Stage: the z planes [z0, z1) of this worker: inverse y lines of the fields, then their x rows in batches, each
    // batch's padded copies written while the rows are in cache.
    private void InversePlanes(int w)
    {
        var (z0, z1) = Threading.WorkerTeam.Split(_nz, w, _team.Count);
        int step = _fft.RowsPerGroup;
        for (int zb = z0; zb < z1; zb += _planeBlock)
        {
            int ze = Math.Min(z1, zb + _planeBlock);
            for (int c = 0; c < Components; c++) { _fft.TransformY(_specRe[c], _specIm[c], zb, ze, true); }
            int r1 = ze * _ny;
            for (int r = zb * _ny; r < r1; r += step)
            {
                int re = Math.Min(r1, r + step);
                for (int c = 0; c < Components; c++) { _fft.InverseRowRange(_specRe[c], _specIm[c], _fieldReal[c], r, re, w); }
                FillRows(r, re);
            }
        }
    }

    // components per point of the padded interpolation grid: 3 (Ex, Ey, Ez) for the 512-bit stencil sum without
    // per-atom energies, else 4 (the fourth is u, or 0)
    private int PaddedComponents => _wide && !_perAtom ? 3 : 4;

    // The padded interpolation grid ([pz][py][px][comps]) for the copies of periodic rows [r0, r1).
    private unsafe void FillRows(int r0, int r1)
    {
        int nx = _nx, px = _px, comps = PaddedComponents, lead = -_assign.NLower;
        bool u = _perAtom;
        int[] wrapX = _wrapX, start = _paddedRowStart, list = _paddedRows;
        fixed (double* fx = _fieldReal[0], fy = _fieldReal[1], fz = _fieldReal[2], fu = _fieldReal[3], padded = _padded)
        {
            for (int r = r0; r < r1; r++)
            {
                double* sx = fx + (long)r * nx, sy = fy + (long)r * nx, sz = fz + (long)r * nx, su = fu + (long)r * nx;
                for (int k = start[r]; k < start[r + 1]; k++)
                {
                    double* dst = padded + (long)list[k] * px * comps;
                    if (comps == 3)
                    {
                        // x points whose copy is e = x − lead, 0 ≤ e < nx, 8 at a time interleaved with permutes; the rest one by one
                        int x = 0;
                        for (; x < lead; x++)
                        {
                            int e = wrapX[x];
                            dst[3 * x] = sx[e]; dst[3 * x + 1] = sy[e]; dst[3 * x + 2] = sz[e];
                        }

                        for (; x + 8 <= lead + nx; x += 8)
                        {
                            int e = x - lead;
                            Interleave3(Vector512.Load(sx + e), Vector512.Load(sy + e), Vector512.Load(sz + e), dst + 3 * x);
                        }

                        for (; x < px; x++)
                        {
                            int e = wrapX[x];
                            dst[3 * x] = sx[e]; dst[3 * x + 1] = sy[e]; dst[3 * x + 2] = sz[e];
                        }
                    }
                    else
                    {
                        for (int x = 0; x < px; x++, dst += 4)
                        {
                            int e = wrapX[x];
                            dst[0] = sx[e]; dst[1] = sy[e]; dst[2] = sz[e]; dst[3] = u ? su[e] : 0.0;
                        }
                    }
                }
            }
        }
    }

    private static readonly Vector512<long> Il0 = Vector512.Create(0L, 8, 0, 1, 9, 0, 2, 10), Iz0 = Vector512.Create(0L, 1, 8, 3, 4, 9, 6, 7);
    private static readonly Vector512<long> Il1 = Vector512.Create(0L, 3, 11, 0, 4, 12, 0, 5), Iz1 = Vector512.Create(10L, 1, 2, 11, 4, 5, 12, 7);
    private static readonly Vector512<long> Il2 = Vector512.Create(13L, 0, 6, 14, 0, 7, 15, 0), Iz2 = Vector512.Create(0L, 13, 2, 3, 14, 5, 6, 15);

    // (x0..x7), (y0..y7), (z0..z7) → x0 y0 z0 x1 y1 z1 … x7 y7 z7 at dst (AVX-512F; only called on the 512-bit path)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void Interleave3(Vector512<double> x, Vector512<double> y, Vector512<double> z, double* dst)
    {
        Vector512.Store(Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(x, Il0, y), Iz0, z), dst);
        Vector512.Store(Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(x, Il1, y), Iz1, z), dst + 8);
        Vector512.Store(Avx512F.PermuteVar8x64x2(Avx512F.PermuteVar8x64x2(x, Il2, y), Iz2, z), dst + 16);
    }

    private void Interpolate(int w)
    {
        var output = _output!;
        var (a0, a1) = Threading.WorkerTeam.Split(_charged.Length, w, _team.Count);
        double qqrd2e = Units.Coulomb;
        bool u = _perAtom;
        double selfFactor = GEwald / MyPis;
        double background = MyPi2 * _qsum / (GEwald * GEwald * _volume);
        var forces = output.Forces;
        var pe = output.PerAtomEnergy;
        int[] charged = _charged;
        var sorted = _assign.Sorted;
        double[] q = _q;
        bool wide = _wide;
        int comps = PaddedComponents;
        for (int s = a0; s < a1; s++)
        {
            int c = sorted[s];
            int i = charged[c];
            var acc = wide ? _assign.StencilSum512(_padded, comps, c) : _assign.StencilSum(_padded, c);
            double qi = q[i];
            double qf = qqrd2e * qi;
            forces[i] += new Vec3(qf * acc.GetElement(0), qf * acc.GetElement(1), qf * acc.GetElement(2));
            if (u)
            {
                pe[i] += qqrd2e * (0.5 * qi * acc.GetElement(3) - selfFactor * qi * qi - background * qi);
            }
        }
    }
}
