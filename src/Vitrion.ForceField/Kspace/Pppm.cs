using System.Runtime.Intrinsics;
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
    private const double Small = 0.00001;
    private const int Large = 10000;
    private const double EpsHoc = 1.0e-7;
    private const double MyPis = 1.77245385090551602729;   // sqrt(pi)
    private const double MyPi2 = 1.57079632679489661923;   // pi/2 (LAMMPS MY_PI2)

    private static readonly double[][] Acons = BuildAcons();

    private readonly PppmOptions _options;
    private readonly double[] _q;
    private readonly int[] _charged;
    private readonly double _qsum;
    private readonly double _qsqsum;
    private readonly int _natoms;
    private readonly int _order;
    private readonly int _nlower;
    private readonly double _shiftAdd;   // shift − OFFSET of LAMMPS
    private readonly double _shiftone;
    private readonly double[] _rhoCoeff;  // [(k − (1−order)/2)·order + l]
    private readonly double[] _gfB;
    private readonly double _cutoff;
    private readonly double _accuracyAbs;
    private readonly double _q2;

    // grid
    private int _nx, _ny, _nz;
    private int _px, _py, _pz;           // padded (ghost) grid sizes
    private Fft3dReal _fft = null!;
    private PppmThreads _team = null!;
    private double[][] _threadGrids = null!;
    private double[] _real = null!;
    private double[] _rhoRe = null!, _rhoIm = null!;
    private double[][] _specRe = null!, _specIm = null!;   // Ex, Ey, Ez, u spectra
    private double[][] _fieldReal = null!;                 // Ex, Ey, Ez, u on the periodic grid
    private double[] _padded = null!;                      // [pz][py][px][4] interpolation grid
    private int[] _wrapX = null!, _wrapY = null!, _wrapZ = null!;
    private int[][] _planesOfZ = null!;
    private double[] _coef = null!;                        // per stored k: gfE, vir0..5, gfV
    private double[] _kgx = null!, _kgy = null!, _kgz = null!;
    private double[] _partial = null!;                     // per worker: energy + 6 virial, padded

    // per-atom stencil data (charged atoms)
    private readonly int[] _base;
    private readonly int[] _keys;
    private readonly int[] _sorted;
    private int[] _rowCounts = null!;
    private readonly double[] _weights;

    // box-dependent
    private Box _box = null!;
    private double _volume, _delxinv, _delyinv, _delzinv, _delvolinv;

    // per-evaluation context
    private SystemState? _state;
    private ForceBuffer? _output;
    private bool _perAtom;
    private readonly Action<int> _mapBody, _spreadBody, _foldBody, _rowsForwardBody, _yForwardBody, _zForwardBody, _kspaceBody,
        _zInverseBody, _yInverseBody, _rowsInverseBody, _fillBody, _interpBody;

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
        _nlower = -(_order - 1) / 2;
        _shiftAdd = _order % 2 == 1 ? 0.5 : 0.0;
        _shiftone = _order % 2 == 1 ? 0.0 : 0.5;
        _cutoff = options.RealSpaceCutoff;
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
        _base = new int[_charged.Length];
        _keys = new int[_charged.Length];
        _sorted = new int[_charged.Length];
        _weights = new double[_charged.Length * 3 * _order];
        _q2 = _qsqsum * Units.Coulomb;
        _accuracyAbs = options.Accuracy * Units.Coulomb;   // LAMMPS: accuracy_relative * two_charge_force
        _rhoCoeff = ComputeRhoCoeff(_order);
        _gfB = ComputeGfDenom(_order);

        _mapBody = Map; _spreadBody = Spread; _foldBody = Fold; _rowsForwardBody = RowsForward; _yForwardBody = YForward; _zForwardBody = ZForward;
        _kspaceBody = KspaceSolve; _zInverseBody = ZInverse; _yInverseBody = YInverse; _rowsInverseBody = RowsInverse;
        _fillBody = FillPadded; _interpBody = Interpolate;
        _stages = [_spreadBody, _foldBody, _rowsForwardBody, _yForwardBody, _zForwardBody, _kspaceBody, _zInverseBody, _yInverseBody, _rowsInverseBody, _fillBody, _interpBody];

        CheckBox(box);
        ChooseGridAndGEwald(box);
        Allocate(options.Threads <= 0 ? Environment.ProcessorCount : options.Threads);
        Setup(box);
    }

    private readonly Action<int>[] _stages;

    /// <summary>Accumulated Stopwatch ticks per evaluation stage (spread, fold, x-FFT, y-FFT, z-FFT, k-space, z-iFFT, y-iFFT, x-iFFT, fill, interpolate).</summary>
    public long[] StageTicks { get; } = new long[11];

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
        ComputeInfluence(xprd, yprd, zprd);
    }

    /// <inheritdoc/>
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
            _team.Run(_mapBody);
            SortByRow();
            var stages = _stages;
            for (int s = 0; s < stages.Length; s++)
            {
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                _team.Run(stages[s]);
                StageTicks[s] += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
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

    private void ChooseGridAndGEwald(Box box)
    {
        double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
        double natoms = _natoms;
        double accuracy = _accuracyAbs;
        if (_options.GEwald is { } g0)
        {
            if (!(g0 > 0)) { throw new ArgumentOutOfRangeException(nameof(box), g0, "g_ewald must be > 0"); }
            GEwald = g0;
        }
        else
        {
            double g = accuracy * Math.Sqrt(natoms * _cutoff * xprd * yprd * zprd) / (2.0 * _q2);
            GEwald = g >= 1.0 ? (1.35 - 0.15 * Math.Log(accuracy)) / _cutoff : Math.Sqrt(-Math.Log(g)) / _cutoff;
        }

        double hx = 1.0 / GEwald, hy = hx, hz = hx;
        int nx = (int)(xprd / hx) + 1;
        int ny = (int)(yprd / hy) + 1;
        int nz = (int)(zprd / hz) + 1;
        double err = EstimateIkError(hx, xprd);
        while (err > accuracy)
        {
            err = EstimateIkError(hx, xprd);
            nx++;
            hx = xprd / nx;
        }

        err = EstimateIkError(hy, yprd);
        while (err > accuracy)
        {
            err = EstimateIkError(hy, yprd);
            ny++;
            hy = yprd / ny;
        }

        err = EstimateIkError(hz, zprd);
        while (err > accuracy)
        {
            err = EstimateIkError(hz, zprd);
            nz++;
            hz = zprd / nz;
        }

        while (!FftBatch.IsFactorable(nx)) { nx++; }
        while (!FftBatch.IsFactorable(ny)) { ny++; }
        while (!FftBatch.IsFactorable(nz)) { nz++; }
        if (nx >= 16384 || ny >= 16384 || nz >= 16384) { throw new InvalidOperationException("PPPM grid is too large"); }
        _nx = nx; _ny = ny; _nz = nz;

        if (_options.GEwald is null)
        {
            bool converged = false;
            for (int i = 0; i < Large; i++)
            {
                double dx = NewtonRaphsonF(box) / DerivF(box);
                GEwald -= dx;
                if (Math.Abs(NewtonRaphsonF(box)) < Small) { converged = true; break; }
            }

            if (!converged) { throw new InvalidOperationException("PPPM could not compute g_ewald"); }
        }

        EstimatedKspaceForceError = ComputeDfKspace(box);
        EstimatedRealSpaceForceError = 2.0 * (_q2 / Math.Sqrt(natoms * _cutoff * xprd * yprd * zprd)) * Math.Exp(-GEwald * GEwald * _cutoff * _cutoff);
        double estimated = Math.Sqrt(EstimatedKspaceForceError * EstimatedKspaceForceError + EstimatedRealSpaceForceError * EstimatedRealSpaceForceError);
        EstimatedRelativeForceError = estimated / Units.Coulomb;
    }

    private double EstimateIkError(double h, double prd)
    {
        double sum = 0.0;
        for (int m = 0; m < _order; m++) { sum += Acons[_order][m] * Math.Pow(h * GEwald, 2.0 * m); }
        return _q2 * Math.Pow(h * GEwald, _order) * Math.Sqrt(GEwald * prd * Math.Sqrt(2.0 * Math.PI) * sum / _natoms) / (prd * prd);
    }

    private double ComputeDfKspace(Box box)
    {
        double lprx = EstimateIkError(box.Lx / _nx, box.Lx);
        double lpry = EstimateIkError(box.Ly / _ny, box.Ly);
        double lprz = EstimateIkError(box.Lz / _nz, box.Lz);
        return Math.Sqrt(lprx * lprx + lpry * lpry + lprz * lprz) / Math.Sqrt(3.0);
    }

    private double NewtonRaphsonF(Box box)
    {
        double dfRspace = 2.0 * _q2 * Math.Exp(-GEwald * GEwald * _cutoff * _cutoff) /
            Math.Sqrt((double)_natoms * _cutoff * box.Lx * box.Ly * box.Lz);
        return dfRspace - ComputeDfKspace(box);
    }

    private double DerivF(Box box)
    {
        const double h = 0.000001;
        double f1 = NewtonRaphsonF(box);
        double old = GEwald;
        GEwald += h;
        double f2 = NewtonRaphsonF(box);
        GEwald = old;
        return (f2 - f1) / h;
    }

    private void Allocate(int threads)
    {
        _team = new PppmThreads(threads);
        int workers = _team.Count;
        _fft = new Fft3dReal(_nx, _ny, _nz, workers);
        _px = _nx + _order; _py = _ny + _order; _pz = _nz + _order;
        _threadGrids = new double[workers][];
        for (int w = 0; w < workers; w++) { _threadGrids[w] = new double[_px * _py * _pz]; }
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

        _padded = new double[_px * _py * _pz * 4];
        _rowCounts = new int[_py * _pz + 1];
        _wrapX = Wrap(_px, _nx); _wrapY = Wrap(_py, _ny); _wrapZ = Wrap(_pz, _nz);
        _planesOfZ = new int[_nz][];
        for (int z = 0; z < _nz; z++)
        {
            var list = new List<int>();
            for (int p = 0; p < _pz; p++) { if (_wrapZ[p] == z) { list.Add(p); } }
            _planesOfZ[z] = list.ToArray();
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
        for (int p = 0; p < padded; p++) { w[p] = (((p + _nlower) % n) + n) % n; }
        return w;
    }

    private static int Per(int i, int n) => i - n * (2 * i / n);

    private static double Square(double x) => x * x;

    private static double PowSinXX(double x, int n)
    {
        if (x == 0.0) { return 1.0; }
        double yy = Math.Sin(x) / x;
        double ww = 1.0;
        for (; n != 0; n >>= 1, yy *= yy)
        {
            if ((n & 1) != 0) { ww *= yy; }
        }

        return ww;
    }

    private double DenomFactor(double x)
    {
        double sx = 0;
        for (int l = _order - 1; l >= 0; l--) { sx = _gfB[l] + sx * x; }
        return sx;
    }

    /// <summary>Optimal influence function (LAMMPS compute_gf_ik) and virial coefficients on the stored half spectrum.</summary>
    private void ComputeInfluence(double xprd, double yprd, double zprd)
    {
        double g = GEwald;
        double unitkx = 2.0 * Math.PI / xprd, unitky = 2.0 * Math.PI / yprd, unitkz = 2.0 * Math.PI / zprd;
        double hoc = Math.Pow(-Math.Log(EpsHoc), 0.25);
        int nbx = (int)((g * xprd / (Math.PI * _nx)) * hoc);
        int nby = (int)((g * yprd / (Math.PI * _ny)) * hoc);
        int nbz = (int)((g * zprd / (Math.PI * _nz)) * hoc);
        int twoorder = 2 * _order;
        int half = _fft.HalfX, rs = _fft.RowStride;
        double scaleinv = 1.0 / ((double)_nx * _ny * _nz);
        double s2 = scaleinv * scaleinv;
        double g2inv = 0.25 / (g * g);

        // 1-D tables of the aliasing sums: q, exp(−q²/4g²), (sin x/x)^(2p) per index and alias n
        var (qxT, sxT, wxT) = AliasTables(_nx, unitkx, xprd, nbx, g, twoorder);
        var (qyT, syT, wyT) = AliasTables(_ny, unitky, yprd, nby, g, twoorder);
        var (qzT, szT, wzT) = AliasTables(_nz, unitkz, zprd, nbz, g, twoorder);
        int cx = 2 * nbx + 1, cy = 2 * nby + 1, cz = 2 * nbz + 1;

        for (int i = 0; i < half; i++) { _kgx[i] = (_nx % 2 == 0 && i == _nx / 2) ? 0.0 : unitkx * Per(i, _nx); }
        for (int j = 0; j < _ny; j++) { _kgy[j] = (_ny % 2 == 0 && j == _ny / 2) ? 0.0 : unitky * Per(j, _ny); }
        for (int k = 0; k < _nz; k++) { _kgz[k] = (_nz % 2 == 0 && k == _nz / 2) ? 0.0 : unitkz * Per(k, _nz); }
        Array.Clear(_coef);

        var denX = new double[half];
        for (int k = 0; k < half; k++) { denX[k] = DenomFactor(Square(Math.Sin(0.5 * unitkx * Per(k, _nx) * xprd / _nx))); }
        var denY = new double[_ny];
        for (int l = 0; l < _ny; l++) { denY[l] = DenomFactor(Square(Math.Sin(0.5 * unitky * Per(l, _ny) * yprd / _ny))); }
        for (int m = 0; m < _nz; m++)
        {
            int mper = Per(m, _nz);
            double dz = DenomFactor(Square(Math.Sin(0.5 * unitkz * mper * zprd / _nz)));
            double fkz = unitkz * mper;
            double fkzM = unitkz * Per((_nz - m) % _nz, _nz);
            for (int l = 0; l < _ny; l++)
            {
                int lper = Per(l, _ny);
                double dy = denY[l];
                double fky = unitky * lper;
                double fkyM = unitky * Per((_ny - l) % _ny, _ny);
                for (int k = 0; k < half; k++)
                {
                    int kper = Per(k, _nx);
                    double fkx = unitkx * kper;
                    double sqk = Square(unitkx * kper) + Square(unitky * lper) + Square(unitkz * mper);
                    int idx = ((m * _ny + l) * rs + k) * 8;
                    if (sqk == 0.0) { continue; }
                    double numerator = 12.5663706 / sqk;   // LAMMPS' literal 4π
                    double sden = denX[k] * dy * dz;
                    double denominator = sden * sden;   // LAMMPS gf_denom
                    double sum1 = 0.0;
                    for (int ax = 0; ax < cx; ax++)
                    {
                        double qx = qxT[k * cx + ax], sx = sxT[k * cx + ax], wx = wxT[k * cx + ax];
                        for (int ay = 0; ay < cy; ay++)
                        {
                            double qy = qyT[l * cy + ay], sy = syT[l * cy + ay], wy = wyT[l * cy + ay];
                            for (int az = 0; az < cz; az++)
                            {
                                double qz = qzT[m * cz + az], sz = szT[m * cz + az], wz = wzT[m * cz + az];
                                double dot1 = unitkx * kper * qx + unitky * lper * qy + unitkz * mper * qz;
                                double dot2 = qx * qx + qy * qy + qz * qz;
                                sum1 += (dot1 / dot2) * sx * sy * sz * wx * wy * wz;
                            }
                        }
                    }

                    double gf = numerator * sum1 / denominator;

                    // weight of this stored k in the full-spectrum sums: its mirror −k is not stored for 0 < kx < Nx/2
                    bool boundary = k == 0 || (_nx % 2 == 0 && k == _nx / 2);
                    double sqkv = fkx * fkx + fky * fky + fkz * fkz;
                    double vterm = -2.0 * (1.0 / sqkv + g2inv);
                    double v0 = 1.0 + vterm * fkx * fkx, v1 = 1.0 + vterm * fky * fky, v2 = 1.0 + vterm * fkz * fkz;
                    double v3 = vterm * fkx * fky, v4 = vterm * fkx * fkz, v5 = vterm * fky * fkz;
                    double weight = 1.0;
                    if (!boundary)
                    {
                        weight = 2.0;
                        double fkxM = -fkx;
                        v0 *= 2; v1 *= 2; v2 *= 2;
                        v3 += vterm * fkxM * fkyM; v4 += vterm * fkxM * fkzM; v5 += vterm * fkyM * fkzM;
                    }

                    double gs = gf * s2;
                    _coef[idx] = weight * gs;
                    _coef[idx + 1] = gs * v0; _coef[idx + 2] = gs * v1; _coef[idx + 3] = gs * v2;
                    _coef[idx + 4] = gs * v3; _coef[idx + 5] = gs * v4; _coef[idx + 6] = gs * v5;
                    _coef[idx + 7] = gf * scaleinv;
                }
            }
        }
    }

    private static (double[] Q, double[] S, double[] W) AliasTables(int n, double unitk, double prd, int nb, double g, int twoorder)
    {
        int c = 2 * nb + 1;
        var q = new double[n * c];
        var s = new double[n * c];
        var w = new double[n * c];
        for (int i = 0; i < n; i++)
        {
            int per = Per(i, n);
            for (int a = 0; a < c; a++)
            {
                int alias = a - nb;
                double qq = unitk * (per + n * alias);
                q[i * c + a] = qq;
                s[i * c + a] = Math.Exp(-0.25 * Square(qq / g));
                w[i * c + a] = PowSinXX(0.5 * qq * prd / n, twoorder);
            }
        }

        return (q, s, w);
    }

    private static double[] ComputeGfDenom(int order)
    {
        var gfB = new double[order];
        gfB[0] = 1.0;
        int l;
        for (int m = 1; m < order; m++)
        {
            for (l = m; l > 0; l--)
            {
                gfB[l] = 4.0 * (gfB[l] * (l - m) * (l - m - 0.5) - gfB[l - 1] * (l - m - 1) * (l - m - 1));
            }

            gfB[0] = 4.0 * (gfB[0] * (l - m) * (l - m - 0.5));
        }

        long ifact = 1;
        for (int k = 1; k < 2 * order; k++) { ifact *= k; }
        double gaminv = 1.0 / ifact;
        for (l = 0; l < order; l++) { gfB[l] *= gaminv; }
        return gfB;
    }

    private static double[] ComputeRhoCoeff(int order)
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

    private static double[][] BuildAcons()
    {
        var a = new double[8][];
        for (int i = 0; i < 8; i++) { a[i] = new double[7]; }
        a[1][0] = 2.0 / 3.0;
        a[2][0] = 1.0 / 50.0;
        a[2][1] = 5.0 / 294.0;
        a[3][0] = 1.0 / 588.0;
        a[3][1] = 7.0 / 1440.0;
        a[3][2] = 21.0 / 3872.0;
        a[4][0] = 1.0 / 4320.0;
        a[4][1] = 3.0 / 1936.0;
        a[4][2] = 7601.0 / 2271360.0;
        a[4][3] = 143.0 / 28800.0;
        a[5][0] = 1.0 / 23232.0;
        a[5][1] = 7601.0 / 13628160.0;
        a[5][2] = 143.0 / 69120.0;
        a[5][3] = 517231.0 / 106536960.0;
        a[5][4] = 106640677.0 / 11737571328.0;
        a[6][0] = 691.0 / 68140800.0;
        a[6][1] = 13.0 / 57600.0;
        a[6][2] = 47021.0 / 35512320.0;
        a[6][3] = 9694607.0 / 2095994880.0;
        a[6][4] = 733191589.0 / 59609088000.0;
        a[6][5] = 326190917.0 / 11700633600.0;
        a[7][0] = 1.0 / 345600.0;
        a[7][1] = 3617.0 / 35512320.0;
        a[7][2] = 745739.0 / 838397952.0;
        a[7][3] = 56399353.0 / 12773376000.0;
        a[7][4] = 25091609.0 / 1560084480.0;
        a[7][5] = 1755948832039.0 / 36229939200000.0;
        a[7][6] = 4887769399.0 / 37838389248.0;
        return a;
    }

    // ------------------------------------------------------------------ evaluation stages (run on the worker team)

    private unsafe void Map(int w)
    {
        var state = _state!;
        var (a0, a1) = PppmThreads.Split(_charged.Length, w, _team.Count);
        int order = _order, nx = _nx, ny = _ny, nz = _nz, px = _px, py = _py;
        var box = _box;
        double ox = box.Origin.X, oy = box.Origin.Y, oz = box.Origin.Z;
        double dxi = _delxinv, dyi = _delyinv, dzi = _delzinv, shiftAdd = _shiftAdd, shiftone = _shiftone;
        var positions = state.Positions;
        int[] charged = _charged, bases = _base, keys = _keys;
        fixed (double* wts = _weights, coeff = _rhoCoeff)
        {
            for (int c = a0; c < a1; c++)
            {
                var r = positions[charged[c]];
                double tx = WrapGrid((r.X - ox) * dxi, nx);
                double ty = WrapGrid((r.Y - oy) * dyi, ny);
                double tz = WrapGrid((r.Z - oz) * dzi, nz);
                int ix = (int)(tx + shiftAdd), iy = (int)(ty + shiftAdd), iz = (int)(tz + shiftAdd);
                double* rx = wts + c * 3 * order;
                RhoOneD(ix + shiftone - tx, rx, coeff, order);
                RhoOneD(iy + shiftone - ty, rx + order, coeff, order);
                RhoOneD(iz + shiftone - tz, rx + 2 * order, coeff, order);
                bases[c] = (iz * py + iy) * px + ix;
                keys[c] = iz * py + iy;
            }
        }
    }

    /// <summary>Counting sort of the charged atoms by grid row, so that spreading and interpolation walk the grid in order.</summary>
    private void SortByRow()
    {
        var counts = _rowCounts;
        Array.Clear(counts);
        int[] keys = _keys, sorted = _sorted;
        for (int c = 0; c < keys.Length; c++) { counts[keys[c] + 1]++; }
        for (int k = 1; k < counts.Length; k++) { counts[k] += counts[k - 1]; }
        for (int c = 0; c < keys.Length; c++) { sorted[counts[keys[c]]++] = c; }
    }

    private unsafe void Spread(int w)
    {
        var grid = _threadGrids[w];
        Array.Clear(grid);
        var (a0, a1) = PppmThreads.Split(_charged.Length, w, _team.Count);
        int order = _order, px = _px, py = _py;
        double dvi = _delvolinv;
        int[] charged = _charged, bases = _base, sorted = _sorted;
        double[] q = _q;
        fixed (double* g = grid, wts = _weights)
        {
            for (int s = a0; s < a1; s++)
            {
                int c = sorted[s];
                double* rx = wts + c * 3 * order;
                double* ry = rx + order;
                double* rz = ry + order;
                int b = bases[c];
                double z0 = dvi * q[charged[c]];
                if (order >= 4)
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

    private static double WrapGrid(double t, int n)
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

    private static unsafe void RhoOneD(double d, double* r, double* coeff, int order)
    {
        for (int k = 0; k < order; k++)
        {
            double* ck = coeff + k * order;
            double acc = 0;
            for (int l = order - 1; l >= 0; l--) { acc = ck[l] + acc * d; }
            r[k] = acc;
        }
    }

    private void Fold(int w)
    {
        var (z0, z1) = PppmThreads.Split(_nz, w, _team.Count);
        int nx = _nx, ny = _ny, px = _px, py = _py;
        for (int tz = z0; tz < z1; tz++)
        {
            Array.Clear(_real, tz * ny * nx, ny * nx);
            foreach (var grid in _threadGrids)
            {
                foreach (int pz in _planesOfZ[tz])
                {
                    for (int ppy = 0; ppy < py; ppy++)
                    {
                        int dst = (tz * ny + _wrapY[ppy]) * nx;
                        int src = (pz * py + ppy) * px;
                        for (int ppx = 0; ppx < px; ppx++) { _real[dst + _wrapX[ppx]] += grid[src + ppx]; }
                    }
                }
            }
        }
    }

    private void RowsForward(int w)
    {
        var (g0, g1) = PppmThreads.Split(_fft.RowGroups, w, _team.Count);
        _fft.ForwardRows(_real, _rhoRe, _rhoIm, g0, g1, w);
    }

    private void YForward(int w)
    {
        var (z0, z1) = PppmThreads.Split(_nz, w, _team.Count);
        _fft.TransformY(_rhoRe, _rhoIm, z0, z1, false);
    }

    private (int, int) ColumnRange(int w)
    {
        int quads = _ny * _fft.RowStride / 4;
        var (c0, c1) = PppmThreads.Split(quads, w, _team.Count);
        return (4 * c0, 4 * c1);
    }

    private void ZForward(int w)
    {
        var (b0, b1) = ColumnRange(w);
        _fft.TransformZ(_rhoRe, _rhoIm, b0, b1, false);
    }

    private unsafe void KspaceSolve(int w)
    {
        var (z0, z1) = PppmThreads.Split(_nz, w, _team.Count);
        int ny = _ny, rs = _fft.RowStride, half = _fft.HalfX;
        bool u = _perAtom;
        double e = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        fixed (double* exr = _specRe[0], exi = _specIm[0], eyr = _specRe[1], eyi = _specIm[1], ezr = _specRe[2], ezi = _specIm[2])
        fixed (double* ur = _specRe[3], ui = _specIm[3], rhoRe = _rhoRe, rhoIm = _rhoIm, coef = _coef, kgx = _kgx)
        {
            for (int kz = z0; kz < z1; kz++)
            {
                double fz = _kgz[kz];
                for (int ky = 0; ky < ny; ky++)
                {
                    double fy = _kgy[ky];
                    int row = (kz * ny + ky) * rs;
                    for (int kx = 0; kx < half; kx++)
                    {
                        int idx = row + kx;
                        double* c = coef + idx * 8;
                        double re = rhoRe[idx], im = rhoIm[idx];
                        double p = re * re + im * im;
                        e += c[0] * p;
                        v0 += c[1] * p; v1 += c[2] * p; v2 += c[3] * p;
                        v3 += c[4] * p; v4 += c[5] * p; v5 += c[6] * p;
                        double vr = c[7] * re, vi = c[7] * im;
                        double fx = kgx[kx];
                        // E(k) = −i k V(k)
                        exr[idx] = fx * vi; exi[idx] = -fx * vr;
                        eyr[idx] = fy * vi; eyi[idx] = -fy * vr;
                        ezr[idx] = fz * vi; ezi[idx] = -fz * vr;
                        if (u) { ur[idx] = vr; ui[idx] = vi; }
                    }

                    for (int kx = half; kx < rs; kx++)
                    {
                        int idx = row + kx;
                        exr[idx] = exi[idx] = eyr[idx] = eyi[idx] = ezr[idx] = ezi[idx] = 0;
                        if (u) { ur[idx] = ui[idx] = 0; }
                    }
                }
            }
        }

        int o = 8 * w;
        _partial[o] = e; _partial[o + 1] = v0; _partial[o + 2] = v1; _partial[o + 3] = v2;
        _partial[o + 4] = v3; _partial[o + 5] = v4; _partial[o + 6] = v5;
    }

    private int Components => _perAtom ? 4 : 3;

    private void ZInverse(int w)
    {
        var (b0, b1) = ColumnRange(w);
        for (int c = 0; c < Components; c++) { _fft.TransformZ(_specRe[c], _specIm[c], b0, b1, true); }
    }

    private void YInverse(int w)
    {
        var (z0, z1) = PppmThreads.Split(_nz, w, _team.Count);
        for (int c = 0; c < Components; c++) { _fft.TransformY(_specRe[c], _specIm[c], z0, z1, true); }
    }

    private void RowsInverse(int w)
    {
        var (g0, g1) = PppmThreads.Split(_fft.RowGroups, w, _team.Count);
        for (int c = 0; c < Components; c++) { _fft.InverseRows(_specRe[c], _specIm[c], _fieldReal[c], g0, g1, w); }
    }

    private void FillPadded(int w)
    {
        var (z0, z1) = PppmThreads.Split(_pz, w, _team.Count);
        int nx = _nx, ny = _ny, px = _px, py = _py;
        double[] fx = _fieldReal[0], fy = _fieldReal[1], fz = _fieldReal[2], fu = _fieldReal[3];
        bool u = _perAtom;
        for (int pz = z0; pz < z1; pz++)
        {
            int tz = _wrapZ[pz];
            for (int ppy = 0; ppy < py; ppy++)
            {
                int srcRow = (tz * ny + _wrapY[ppy]) * nx;
                int dst = ((pz * py + ppy) * px) * 4;
                for (int ppx = 0; ppx < px; ppx++)
                {
                    int s = srcRow + _wrapX[ppx];
                    _padded[dst] = fx[s];
                    _padded[dst + 1] = fy[s];
                    _padded[dst + 2] = fz[s];
                    _padded[dst + 3] = u ? fu[s] : 0.0;
                    dst += 4;
                }
            }
        }
    }

    private unsafe void Interpolate(int w)
    {
        var output = _output!;
        var (a0, a1) = PppmThreads.Split(_charged.Length, w, _team.Count);
        int order = _order, px = _px, py = _py;
        double qqrd2e = Units.Coulomb;
        bool u = _perAtom;
        double selfFactor = GEwald / MyPis;
        double background = MyPi2 * _qsum / (GEwald * GEwald * _volume);
        var forces = output.Forces;
        var pe = output.PerAtomEnergy;
        int[] charged = _charged, bases = _base, sorted = _sorted;
        double[] q = _q;
        fixed (double* grid = _padded, wts = _weights)
        {
            for (int s = a0; s < a1; s++)
            {
                int c = sorted[s];
                int i = charged[c];
                double* rx = wts + c * 3 * order;
                double* ry = rx + order;
                double* rz = ry + order;
                double* b = grid + (long)bases[c] * 4;
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
}
