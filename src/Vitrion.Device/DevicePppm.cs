using ILGPU;
using ILGPU.Runtime;
using Vitrion.Core;
using Vitrion.Device.Kernels;
using Vitrion.ForceField.Kspace;

namespace Vitrion.Device;

/// <summary>
/// PPPM on the device (LAMMPS kspace_style pppm, ik differentiation, as the CPU <see cref="Pppm"/>): the grid and
/// g_ewald are the CPU engine's choice (<see cref="PppmTuning"/> through a CPU <see cref="Pppm"/> made once), the influence
/// table is computed on the host by <see cref="PppmInfluence"/> and uploaded once per box; charge spreading (a gather per
/// grid point), a complex 3-D mixed-radix FFT (one thread per line), the k-space solve and the interpolation run on the
/// device. The spreading finds its atoms through the bins of the neighbour list's last build (nothing is sorted per
/// step); per evaluation only the per-plane energy sums travel (7 doubles per z plane).
/// </summary>
public sealed class DevicePppm : IDisposable
{
    private const double MyPis = 1.77245385090551602729;
    private const double MyPi2 = 1.57079632679489661923;
    private readonly Accelerator _acc;
    private readonly int _n, _nk;
    private readonly double _qsum, _qsqsum;
    private PppmParams _p;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _rhoCoeff, _weights, _re, _im, _sre, _sim, _fRe, _fIm, _coef, _kgx, _kgy, _kgz, _partial;
    private readonly MemoryBuffer1D<double, Stride1D.Dense>[] _twRe = new MemoryBuffer1D<double, Stride1D.Dense>[3], _twIm = new MemoryBuffer1D<double, Stride1D.Dense>[3];
    private readonly MemoryBuffer1D<int, Stride1D.Dense>[] _factors = new MemoryBuffer1D<int, Stride1D.Dense>[3];
    private readonly int[] _factorCount = new int[3];
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _origin;
    private readonly double[] _partialHost;
    private double _volume;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, PppmParams> _mapK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, PppmParams, SpreadBins> _spreadK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, int, int, int, PppmParams> _lineK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, PppmParams> _solveK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, PppmParams> _energyK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, PppmParams> _interpK;

    /// <summary>Creates the solver for the charges of <paramref name="topology"/> in <paramref name="box"/>.</summary>
    /// <param name="device">the accelerator.</param>
    /// <param name="topology">the topology (charges in use).</param>
    /// <param name="box">the box (orthorhombic).</param>
    /// <param name="options">accuracy, real-space cutoff, order, fixed g_ewald (as the CPU PPPM).</param>
    public DevicePppm(DeviceAccelerator device, Topology topology, Box box, PppmOptions options)
    {
        _acc = device.Accelerator;
        var cpu = new Pppm(topology, box, options with { Threads = 1 });
        GEwald = cpu.GEwald;
        Nx = cpu.GridX; Ny = cpu.GridY; Nz = cpu.GridZ;
        int order = cpu.Order;
        _n = topology.AtomCount;
        _nk = Nx * Ny * Nz;
        foreach (double q in topology.Charges) { _qsum += q; _qsqsum += q * q; }
        int half = Nx / 2 + 1;
        _p = new PppmParams
        {
            Nx = Nx, Ny = Ny, Nz = Nz, Half = half, RowStride = half, Order = order, NLower = -(order - 1) / 2,
            ShiftAdd = order % 2 == 1 ? 0.5 : 0.0, ShiftOne = order % 2 == 1 ? 0.0 : 0.5, Qqrd2e = Units.Coulomb,
        };
        MemoryBuffer1D<double, Stride1D.Dense> D(long len) => _acc.Allocate1D<double>(Math.Max(1, len));
        _rhoCoeff = D(order * order);
        _rhoCoeff.View.CopyFromCPU(PppmChargeAssignment.ComputeRhoCoeff(order));
        _weights = D(3L * order * _n);
        _re = D(_nk); _im = D(_nk); _sre = D(4L * _nk); _sim = D(4L * _nk); _fRe = D(4L * _nk); _fIm = D(4L * _nk);
        _coef = D(8L * Ny * Nz * half); _kgx = D(Nx); _kgy = D(Ny); _kgz = D(Nz); _partial = D(7L * Nz);
        int[] dims = [Nx, Ny, Nz];
        for (int a = 0; a < 3; a++)
        {
            int len = dims[a];
            var tr = new double[len];
            var ti = new double[len];
            for (int t = 0; t < len; t++) { tr[t] = Math.Cos(2 * Math.PI * t / len); ti[t] = -Math.Sin(2 * Math.PI * t / len); }
            _twRe[a] = D(len); _twIm[a] = D(len);
            _twRe[a].View.CopyFromCPU(tr); _twIm[a].View.CopyFromCPU(ti);
            var f = Factor(len);
            _factorCount[a] = f.Length;
            _factors[a] = _acc.Allocate1D<int>(Math.Max(1, f.Length));
            if (f.Length > 0) { _factors[a].View.SubView(0, f.Length).CopyFromCPU(f); }
        }

        _origin = _acc.Allocate1D<int>(3 * _n);
        _partialHost = new double[7 * Nz];
        _mapK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, PppmParams>(PppmKernels.Map);
        _spreadK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, PppmParams, SpreadBins>(PppmKernels.Spread);
        _lineK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, int, int, int, PppmParams>(PppmKernels.Line);
        _solveK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, PppmParams>(PppmKernels.Solve);
        _energyK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, PppmParams>(PppmKernels.EnergyPlanes);
        _interpK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, PppmParams>(PppmKernels.Interpolate);
        Setup(box);
    }

    /// <summary>The Ewald splitting parameter [1/Å].</summary>
    public double GEwald { get; }

    /// <summary>Grid points along x.</summary>
    public int Nx { get; }

    /// <summary>Grid points along y.</summary>
    public int Ny { get; }

    /// <summary>Grid points along z.</summary>
    public int Nz { get; }

    private static int[] Factor(int n)
    {
        var f = new List<int>();
        foreach (int r in new[] { 4, 2, 3, 5 })
        {
            while (n % r == 0 && n > 1) { f.Add(r); n /= r; }
        }

        if (n > 1) { f.Add(n); } // any other prime: a plain DFT stage of that length
        return f.ToArray();
    }

    /// <summary>Recomputes the box-dependent quantities (influence table, wavevectors) on the host and uploads them.</summary>
    public void Setup(Box box)
    {
        if (box.IsTriclinic) { throw new NotSupportedException("PPPM on the device supports orthorhombic boxes only"); }
        double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
        _volume = xprd * yprd * zprd;
        _p.Ox = box.Origin.X; _p.Oy = box.Origin.Y; _p.Oz = box.Origin.Z;
        _p.Dxi = Nx / xprd; _p.Dyi = Ny / yprd; _p.Dzi = Nz / zprd;
        _p.Dvi = _p.Dxi * _p.Dyi * _p.Dzi;
        _p.SelfFactor = GEwald / MyPis;
        _p.Background = MyPi2 * _qsum / (GEwald * GEwald * _volume);
        int half = _p.Half;
        var coef = new double[8 * Ny * Nz * half];
        var kgxHalf = new double[half];
        var kgy = new double[Ny];
        var kgz = new double[Nz];
        PppmInfluence.Compute(Nx, Ny, Nz, half, half, _p.Order, GEwald, xprd, yprd, zprd, coef, kgxHalf, kgy, kgz);
        var kgx = new double[Nx];
        double unitkx = 2.0 * Math.PI / xprd;
        for (int i = 0; i < Nx; i++) { kgx[i] = (Nx % 2 == 0 && i == Nx / 2) ? 0.0 : unitkx * (i - Nx * (2 * i / Nx)); }
        for (int i = 0; i < half; i++) { kgx[i] = kgxHalf[i]; }
        _coef.View.CopyFromCPU(coef); _kgx.View.CopyFromCPU(kgx); _kgy.View.CopyFromCPU(kgy); _kgz.View.CopyFromCPU(kgz);
        Box = box;
    }

    /// <summary>The box of the last <see cref="Setup"/>.</summary>
    public Box Box { get; private set; } = null!;

    private void Fft(ArrayView<double> re, ArrayView<double> im, int sign)
    {
        _lineK(Ny * Nz, re, im, _sre.View, _sim.View, _twRe[0].View, _twIm[0].View, _factors[0].View, _factorCount[0], 0, sign, _p);
        _lineK(Nx * Nz, re, im, _sre.View, _sim.View, _twRe[1].View, _twIm[1].View, _factors[1].View, _factorCount[1], 1, sign, _p);
        _lineK(Nx * Ny, re, im, _sre.View, _sim.View, _twRe[2].View, _twIm[2].View, _factors[2].View, _factorCount[2], 2, sign, _p);
    }

    /// <summary>
    /// Adds the reciprocal-space forces (and per-atom energies) of the positions <paramref name="x"/> to the accumulator
    /// and returns the energy (elong) [kcal/mol] and virial [kcal/mol].
    /// </summary>
    internal (double Energy, double[] Virial) Compute(ArrayView<double> x, ArrayView<double> q, ArrayView<double> acc, bool perAtom, DeviceNeighborList neighbors)
    {
        _mapK(_n, x, _rhoCoeff.View, _origin.View, _weights.View, _p);
        var box = Box;
        // An atom covers grid points at most (order/2 + 1) grid spacings away and has moved at most skin/2 since the bins were made.
        double Reach(double l, int n) => (_p.Order / 2 + 1) * l / n + 0.5 * neighbors.Skin + 1e-6;
        var sb = new SpreadBins
        {
            Nbx = neighbors.Bins.X, Nby = neighbors.Bins.Y, Nbz = neighbors.Bins.Z,
            Sx = (int)Math.Ceiling(Reach(box.Lx, Nx) / (box.Lx / neighbors.Bins.X)),
            Sy = (int)Math.Ceiling(Reach(box.Ly, Ny) / (box.Ly / neighbors.Bins.Y)),
            Sz = (int)Math.Ceiling(Reach(box.Lz, Nz) / (box.Lz / neighbors.Bins.Z)),
            Fx0 = box.Origin.X / box.Lx, Fy0 = box.Origin.Y / box.Ly, Fz0 = box.Origin.Z / box.Lz,
        };
        _spreadK(_nk, q, _origin.View, _weights.View, neighbors.BinStart, neighbors.BinAtoms, _re.View, _im.View, _p, sb);
        Fft(_re.View, _im.View, 1);
        _energyK(Nz, _re.View, _im.View, _coef.View, _partial.View, _p);
        _solveK(_nk, _re.View, _im.View, _coef.View, _kgx.View, _kgy.View, _kgz.View, _fRe.View, _fIm.View, perAtom ? 1 : 0, _p);
        for (int c = 0; c < (perAtom ? 4 : 3); c++) { Fft(_fRe.View.SubView(c * (long)_nk, _nk), _fIm.View.SubView(c * (long)_nk, _nk), -1); }
        _interpK(_n, q, _origin.View, _weights.View, _fRe.View, acc, perAtom ? 1 : 0, _p);
        _partial.View.CopyToCPU(_partialHost);
        var s = new double[7];
        for (int z = 0; z < Nz; z++) { for (int k = 0; k < 7; k++) { s[k] += _partialHost[7 * z + k]; } }
        double qscale = Units.Coulomb;
        double energy = s[0] * 0.5 * _volume;
        energy -= GEwald * _qsqsum / MyPis + MyPi2 * _qsum * _qsum / (GEwald * GEwald * _volume);
        energy *= qscale;
        double vf = 0.5 * qscale * _volume;
        return (energy, [vf * s[1], vf * s[2], vf * s[3], vf * s[4], vf * s[5], vf * s[6]]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in new MemoryBuffer[] { _rhoCoeff, _weights, _re, _im, _sre, _sim, _fRe, _fIm, _coef, _kgx, _kgy, _kgz, _partial, _origin })
        {
            b.Dispose();
        }

        for (int a = 0; a < 3; a++) { _twRe[a].Dispose(); _twIm[a].Dispose(); _factors[a].Dispose(); }
    }
}
