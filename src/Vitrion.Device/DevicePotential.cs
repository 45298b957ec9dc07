using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Vitrion.Core;
using Vitrion.Device.Kernels;
using Vitrion.ForceField;
using Vitrion.ForceField.Kspace;
using Vitrion.ForceField.Spec;

namespace Vitrion.Device;

/// <summary>
/// The Ariga 2022 force field on an ILGPU accelerator behind <see cref="IPotential"/>, in double precision, with the
/// same outputs as <see cref="ArigaForceField"/> (forces, energies per LAMMPS term, virial, per-atom energies): the
/// neighbour list (<see cref="DeviceNeighborList"/>), the lj/class2/coul/long pair term with special pairs, the
/// Li-centred Stillinger–Weber term, the class2 bonds, angles and dihedrals and PPPM (<see cref="DevicePppm"/>) run on
/// the device as per-atom (per-grid-point) gathers (no atomic adds: a run is reproducible to the bit on one device).
/// Ewald (and PPPM when asked) runs on the host, the CPU engine's term with the same g_ewald: each evaluation then
/// brings the positions back and sends its forces to the device.
/// </summary>
public sealed class DevicePotential : IPotential, IDisposable
{
    private readonly DeviceAccelerator _device;
    private readonly Accelerator _acc;
    private readonly int _n;
    private readonly DeviceNeighborList _nl;
    private readonly IKspaceTerm? _kspace;
    private readonly DevicePppm? _pppm;
    private Box? _kspaceBox;
    private readonly PairParams _pairParams;
    private readonly SwParams _swParams;
    private readonly bool _sw;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _x, _accum, _partials, _q, _lj, _gamma, _lambda, _cos0, _hostF, _hostE;
    private MemoryBuffer1D<double, Stride1D.Dense> _slots;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _types;
    private readonly Bonded? _bonded;
    private readonly double[] _accHost, _partialHost, _hostFArr, _xHost, _zeros, _sums = new double[Acc.Stride];
    private readonly ForceBuffer? _kspaceBuffer;
    private readonly ForceFieldTerms _terms;
    private readonly Action<Index1D, ArrayView<double>> _clearK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<double>, PairParams> _pairK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, SwParams> _swK;
    private readonly Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>> _swGatherK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, int> _partialsK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>> _addHostK;

    /// <summary>Creates the device force field.</summary>
    /// <param name="device">the accelerator (not owned).</param>
    /// <param name="spec">the force-field description.</param>
    /// <param name="topology">the topology.</param>
    /// <param name="box">the initial box (fixes the k-space grid and g_ewald, as the CPU engine).</param>
    /// <param name="options">options (k-space method, accuracy, cutoff, skin, terms, erfc form; SIMD settings are ignored).</param>
    /// <param name="pppmOnDevice">run PPPM on the device (default); false = the CPU engine's PPPM on the host. Ewald always runs on the host.</param>
    /// <exception cref="NotSupportedException">for a triclinic or non-periodic box.</exception>
    public DevicePotential(DeviceAccelerator device, ForceFieldSpec spec, Topology topology, Box box, ForceFieldOptions? options = null, bool pppmOnDevice = true)
    {
        DeviceNeighborList.CheckBox(box);
        _device = device;
        _acc = device.Accelerator;
        Options = options ?? new ForceFieldOptions();
        Parameters = ForceFieldParameters.Resolve(spec, topology, Options.KeepFileCharges);
        var topo = Parameters.Topology;
        _n = topo.AtomCount;
        _terms = Options.Terms;
        double cutoff = Options.Cutoff ?? Math.Max(spec.LjCutoff, spec.CoulombCutoff);
        if (!(cutoff > 0)) { throw new InputException("the pair cutoff must be positive"); }
        int threads = Options.EffectiveThreads;
        var pppmOptions = new PppmOptions
        {
            Accuracy = Options.Accuracy, RealSpaceCutoff = cutoff, Order = Options.PppmOrder, GEwald = Options.GEwald, Threads = threads,
        };
        if (Options.Kspace == KspaceStyle.Pppm && pppmOnDevice) { _pppm = new DevicePppm(device, topo, box, pppmOptions); }
        _kspace = _pppm is not null ? null : Options.Kspace switch
        {
            KspaceStyle.Ewald => new Ewald(topo, box, new EwaldOptions
            {
                Accuracy = Options.Accuracy, RealSpaceCutoff = cutoff, GEwald = Options.GEwald, Threads = threads, CoulombConstant = spec.CoulombConstant,
            }),
            KspaceStyle.Pppm => new Pppm(topo, box, pppmOptions),
            _ => null,
        };
        _kspaceBox = box;
        if (_kspace is not null) { _kspaceBuffer = new ForceBuffer(_n); }

        int nt = Parameters.TypeCount;
        var centre = new bool[nt];
        var neighbor = new bool[nt];
        double swCut = 0;
        if (spec.ThreeBody is { } tb && Parameters.SwCentre.Any(c => c) && (_terms & ForceFieldTerms.ThreeBody) != 0)
        {
            for (int t = 0; t < nt; t++) { centre[t] = Parameters.SwCentre[t]; neighbor[t] = !double.IsNaN(Parameters.SwGamma[t]); }
            swCut = tb.Cutoff;
            _sw = true;
            _swParams = new SwParams { Nt = nt, Cut = tb.Cutoff, CutSq = tb.Cutoff * tb.Cutoff, Sigma = tb.Sigma, Epsilon = tb.Epsilon };
        }

        _nl = new DeviceNeighborList(device, topo, cutoff, Options.Skin, centre, neighbor, swCut);

        // Pair coefficients as LjClass2CoulLong builds them.
        int m = nt * nt;
        var lj = new double[4 * m];
        for (int k = 0; k < m; k++)
        {
            double e = Parameters.LjEpsilon[k], s = Parameters.LjSigma[k];
            double s3 = s * s * s, s6 = s3 * s3, s9 = s6 * s3;
            lj[k] = 18.0 * e * s9; lj[m + k] = 18.0 * e * s6; lj[2 * m + k] = 2.0 * e * s9; lj[3 * m + k] = 3.0 * e * s6;
        }

        double cutLj = Options.Cutoff ?? spec.LjCutoff, cutCoul = Options.Cutoff ?? spec.CoulombCutoff;
        var sl = spec.SpecialLj;
        var sc = spec.SpecialCoul;
        int drop = 0;
        for (int o = 0; o < 3; o++) { if (_kspace is null && _pppm is null && sl[o] == 0 && sc[o] == 0) { drop |= 1 << o; } }
        _pairParams = new PairParams
        {
            Nt = nt, CutLjSq = cutLj * cutLj, CutCoulSq = cutCoul * cutCoul, CutSq = Math.Max(cutLj * cutLj, cutCoul * cutCoul),
            G = GEwald, Qqrd2e = spec.CoulombConstant, LammpsErfc = Options.LammpsErfc ? 1 : 0,
            Lj1 = sl[0], Lj2 = sl[1], Lj3 = sl[2], Coul1 = sc[0], Coul2 = sc[1], Coul3 = sc[2], DropMask = drop,
        };

        _x = _acc.Allocate1D<double>(3 * _n);
        _accum = _acc.Allocate1D<double>(Acc.Stride * _n);
        _partials = _acc.Allocate1D<double>(Acc.Stride * UtilityKernels.Chunks);
        _q = Up(topo.Charges.ToArray());
        _types = _acc.Allocate1D<int>(_n);
        _types.View.CopyFromCPU(topo.Types.ToArray());
        _lj = Up(lj);
        _gamma = Up(Parameters.SwGamma.ToArray());
        _lambda = Up(Parameters.SwLambda.ToArray());
        _cos0 = Up(Parameters.SwCosTheta0.ToArray());
        _slots = _acc.Allocate1D<double>(4);
        _hostF = _acc.Allocate1D<double>(3 * _n);
        _hostE = _acc.Allocate1D<double>(_n);
        _accHost = new double[Acc.Stride * _n];
        _partialHost = new double[Acc.Stride * UtilityKernels.Chunks];
        _hostFArr = new double[3 * _n];
        _xHost = new double[3 * _n];
        _zeros = new double[_n];
        var bondedTerms = _terms & (ForceFieldTerms.Bonds | ForceFieldTerms.Angles | ForceFieldTerms.Dihedrals);
        if (bondedTerms != 0 && (!topo.Bonds.IsEmpty || !topo.Angles.IsEmpty || !topo.Dihedrals.IsEmpty))
        {
            _bonded = new Bonded(_acc, Parameters, bondedTerms);
        }

        _clearK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(UtilityKernels.Clear);
        _pairK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<double>, PairParams>(PairKernels.Pair);
        _swK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, SwParams>(ThreeBodyKernels.Centre);
        _swGatherK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>>(ThreeBodyKernels.Gather);
        _partialsK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, int>(UtilityKernels.Partials);
        _addHostK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(UtilityKernels.AddHost);
    }

    private MemoryBuffer1D<double, Stride1D.Dense> Up(double[] a)
    {
        var b = _acc.Allocate1D<double>(Math.Max(1, a.Length));
        if (a.Length > 0) { b.View.SubView(0, a.Length).CopyFromCPU(a); }
        return b;
    }

    /// <summary>The options.</summary>
    public ForceFieldOptions Options { get; }

    /// <summary>The parameters resolved for the topology.</summary>
    public ForceFieldParameters Parameters { get; }

    /// <summary>The topology with the charges in use.</summary>
    public Topology Topology => Parameters.Topology;

    /// <summary>The Ewald splitting parameter in use [1/Å] (0 without k-space).</summary>
    public double GEwald => _pppm?.GEwald ?? _kspace?.GEwald ?? 0.0;

    /// <summary>The accelerator.</summary>
    public DeviceAccelerator Device => _device;

    /// <summary>True when the k-space term runs on the host (it needs the positions there at every evaluation).</summary>
    public bool HasHostKspace => _kspace is not null && (_terms & ForceFieldTerms.Kspace) != 0;

    /// <summary>The device neighbour list.</summary>
    public DeviceNeighborList NeighborList => _nl;

    /// <summary>Positions on the device (3 per atom) [Å]; the resident integrator moves them in place.</summary>
    internal ArrayView<double> Positions => _x.View;

    /// <summary>The per-atom accumulator on the device (<see cref="Acc"/> layout): forces of the last evaluation.</summary>
    internal ArrayView<double> Accumulator => _accum.View;

    /// <inheritdoc />
    public void Compute(SystemState state, ForceBuffer output, bool perAtom = false)
    {
        if (state.AtomCount != _n) { throw new ArgumentException($"state has {state.AtomCount} atoms, the force field was built for {_n}"); }
        MemoryMarshal.Cast<Vec3, double>(state.Positions.AsSpan()).CopyTo(_xHost);
        _x.View.CopyFromCPU(_xHost);
        output.Clear(perAtom);
        Evaluate(state.Box, state, perAtom);
        Reduce(output);
        _accum.View.CopyToCPU(_accHost);
        var f = output.Forces;
        for (int i = 0; i < _n; i++)
        {
            int o = Acc.Stride * i;
            f[i] = new Vec3(_accHost[o], _accHost[o + 1], _accHost[o + 2]);
            if (perAtom) { output.PerAtomEnergy[i] = _accHost[o + Acc.EAtom]; }
        }
    }

    /// <summary>
    /// Evaluates the forces of the positions on the device (<see cref="Positions"/>) into the accumulator. The k-space
    /// term runs on the host with <paramref name="host"/>'s positions, which must equal the device's.
    /// </summary>
    internal void Evaluate(Box box, SystemState host, bool perAtom)
    {
        DeviceNeighborList.CheckBox(box);
        if (_nl.NeedsRebuild(box, _x.View))
        {
            _nl.Build(box, _x.View);
            if (_sw && _slots.Length < 4L * Math.Max(1, _nl.ThreeBodyCount))
            {
                _slots.Dispose();
                _slots = _acc.Allocate1D<double>(4L * Math.Max(1, _nl.ThreeBodyCount) + 64);
            }
        }

        var db = new DeviceBox(box.Lx, box.Ly, box.Lz);
        _clearK((int)_accum.Length, _accum.View);
        if ((_terms & ForceFieldTerms.Pair) != 0)
        {
            var p = _pairParams;
            p.Box = db;
            _pairK(_n, _x.View, _q.View, _types.View, _lj.View, _nl.Offsets, _nl.NbrJ, _nl.NbrCode, _accum.View, p);
        }

        if (_sw)
        {
            var p = _swParams;
            p.Box = db;
            _swK(_n, _x.View, _types.View, _nl.NbrJ, _nl.NbrCode, _nl.TbOffsets, _nl.TbEntry, _gamma.View, _lambda.View, _cos0.View, _slots.View, _accum.View, p);
            _swGatherK(_n, _nl.RevOffsets, _nl.Rev, _slots.View, _accum.View);
        }

        _bonded?.Run(_x.View, _accum.View, db);

        _kspaceEnergy = 0;
        Array.Clear(_kspaceVirial);
        if (_pppm is not null && (_terms & ForceFieldTerms.Kspace) != 0)
        {
            if (!box.Equals(_pppm.Box)) { _pppm.Setup(box); }
            (_kspaceEnergy, var vir) = _pppm.Compute(_x.View, _q.View, _accum.View, perAtom, _nl);
            Array.Copy(vir, _kspaceVirial, 6);
        }

        if (_kspace is not null && (_terms & ForceFieldTerms.Kspace) != 0)
        {
            if (!box.Equals(_kspaceBox))
            {
                _kspace.Setup(box);
                _kspaceBox = box;
            }

            var kb = _kspaceBuffer!;
            kb.Clear(perAtom);
            _kspace.Compute(host, null!, kb); // Ewald and PPPM ignore the neighbour structure
            for (int i = 0; i < _n; i++) { _hostFArr[3 * i] = kb.Forces[i].X; _hostFArr[3 * i + 1] = kb.Forces[i].Y; _hostFArr[3 * i + 2] = kb.Forces[i].Z; }
            _hostF.View.CopyFromCPU(_hostFArr);
            _hostE.View.CopyFromCPU(perAtom ? kb.PerAtomEnergy : _zeros);
            _addHostK(_n, _hostF.View, _hostE.View, _accum.View);
            _kspaceEnergy = kb.Energies.Elong;
            Array.Copy(kb.Virial, _kspaceVirial, 6);
        }
    }

    private double _kspaceEnergy;
    private readonly double[] _kspaceVirial = new double[6];

    /// <summary>Sums energies and virial of the last evaluation (fixed order) into <paramref name="output"/>'s energies and virial.</summary>
    internal void Reduce(ForceBuffer output)
    {
        _partialsK(UtilityKernels.Chunks, _accum.View, _partials.View, _n);
        _partials.View.CopyToCPU(_partialHost);
        var s = _sums;
        Array.Clear(s);
        for (int c = 0; c < UtilityKernels.Chunks; c++)
        {
            for (int k = 0; k < Acc.Stride; k++) { s[k] += _partialHost[Acc.Stride * c + k]; }
        }

        var e = output.Energies;
        e.Elj = s[Acc.Elj]; e.Ecoul = s[Acc.Ecoul]; e.E3body = s[Acc.E3]; e.Ebond = s[Acc.Ebond]; e.Eangle = s[Acc.Eangle]; e.Edihed = s[Acc.Edihed];
        e.Elong = _kspaceEnergy;
        for (int k = 0; k < 6; k++) { output.Virial[k] = s[Acc.V + k] + _kspaceVirial[k]; }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _nl.Dispose();
        _bonded?.Dispose();
        _pppm?.Dispose();
        foreach (var b in new MemoryBuffer[] { _x, _accum, _partials, _q, _lj, _gamma, _lambda, _cos0, _hostF, _hostE, _slots, _types }) { b.Dispose(); }
    }

    /// <summary>The bonded terms' device data: interactions, parameters, records and the reverse index (built once).</summary>
    private sealed class Bonded : IDisposable
    {
        private readonly int _nb, _na, _nd, _n;
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _bAtoms, _bType, _aAtoms, _aType, _dAtoms, _dType, _revOff, _rev;
        private readonly MemoryBuffer1D<double, Stride1D.Dense> _bPrm, _aPrm, _dPrm, _bRec, _aRec, _dRec;
        private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, DeviceBox> _bondK, _angleK, _dihedralK;
        private readonly Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> _gatherK;

        public Bonded(Accelerator acc, ForceFieldParameters p, ForceFieldTerms terms)
        {
            var t = p.Topology;
            _n = t.AtomCount;
            var bonds = (terms & ForceFieldTerms.Bonds) != 0 ? t.Bonds.ToArray() : [];
            var angles = (terms & ForceFieldTerms.Angles) != 0 ? t.Angles.ToArray() : [];
            var dihedrals = (terms & ForceFieldTerms.Dihedrals) != 0 ? t.Dihedrals.ToArray() : [];
            _nb = bonds.Length; _na = angles.Length; _nd = dihedrals.Length;
            var rev = new List<int>[_n];
            for (int i = 0; i < _n; i++) { rev[i] = new List<int>(); }
            var bAtoms = new int[2 * _nb]; var bType = new int[_nb];
            for (int k = 0; k < _nb; k++)
            {
                bAtoms[2 * k] = bonds[k].I; bAtoms[2 * k + 1] = bonds[k].J; bType[k] = bonds[k].Type;
                rev[bonds[k].I].Add(BondedKernels.Code(1, 0, k)); rev[bonds[k].J].Add(BondedKernels.Code(1, 1, k));
            }

            var aAtoms = new int[3 * _na]; var aType = new int[_na];
            for (int k = 0; k < _na; k++)
            {
                aAtoms[3 * k] = angles[k].I; aAtoms[3 * k + 1] = angles[k].J; aAtoms[3 * k + 2] = angles[k].K; aType[k] = angles[k].Type;
                rev[angles[k].I].Add(BondedKernels.Code(2, 0, k)); rev[angles[k].J].Add(BondedKernels.Code(2, 1, k)); rev[angles[k].K].Add(BondedKernels.Code(2, 2, k));
            }

            var dAtoms = new int[4 * _nd]; var dType = new int[_nd];
            for (int k = 0; k < _nd; k++)
            {
                var d = dihedrals[k];
                dAtoms[4 * k] = d.I; dAtoms[4 * k + 1] = d.J; dAtoms[4 * k + 2] = d.K; dAtoms[4 * k + 3] = d.L; dType[k] = d.Type;
                rev[d.I].Add(BondedKernels.Code(3, 0, k)); rev[d.J].Add(BondedKernels.Code(3, 1, k)); rev[d.K].Add(BondedKernels.Code(3, 2, k)); rev[d.L].Add(BondedKernels.Code(3, 3, k));
            }

            var bPrm = new double[4 * p.Bonds.Length];
            for (int k = 0; k < p.Bonds.Length; k++)
            {
                if (p.Bonds[k] is { } s) { bPrm[4 * k] = s.R0; bPrm[4 * k + 1] = s.K2; bPrm[4 * k + 2] = s.K3; bPrm[4 * k + 3] = s.K4; }
            }

            var aPrm = new double[11 * p.Angles.Length];
            for (int k = 0; k < p.Angles.Length; k++)
            {
                if (p.Angles[k] is not { } s) { continue; }
                double[] v = [s.K2, s.K3, s.K4, s.Theta0Degrees * Math.PI / 180.0, s.BbM, s.BbR1, s.BbR2, s.BaN1, s.BaN2, s.BaR1, s.BaR2];
                v.CopyTo(aPrm, 11 * k);
            }

            var dPrm = new double[9 * p.Dihedrals.Length];
            for (int k = 0; k < p.Dihedrals.Length; k++)
            {
                if (p.Dihedrals[k] is not { } s) { continue; }
                for (int q = 0; q < 3; q++)
                {
                    dPrm[9 * k + q] = s.K[q];
                    dPrm[9 * k + 3 + q] = Math.Cos(s.PhiDegrees[q] * Math.PI / 180.0);
                    dPrm[9 * k + 6 + q] = Math.Sin(s.PhiDegrees[q] * Math.PI / 180.0);
                }
            }

            var revOff = new int[_n + 1];
            for (int i = 0; i < _n; i++) { revOff[i + 1] = revOff[i] + rev[i].Count; }
            var revAll = rev.SelectMany(r => r).ToArray();
            MemoryBuffer1D<int, Stride1D.Dense> UpI(int[] a) { var b = acc.Allocate1D<int>(Math.Max(1, a.Length)); if (a.Length > 0) { b.View.SubView(0, a.Length).CopyFromCPU(a); } return b; }
            MemoryBuffer1D<double, Stride1D.Dense> UpD(double[] a) { var b = acc.Allocate1D<double>(Math.Max(1, a.Length)); if (a.Length > 0) { b.View.SubView(0, a.Length).CopyFromCPU(a); } return b; }
            _bAtoms = UpI(bAtoms); _bType = UpI(bType); _aAtoms = UpI(aAtoms); _aType = UpI(aType); _dAtoms = UpI(dAtoms); _dType = UpI(dType);
            _revOff = UpI(revOff); _rev = UpI(revAll);
            _bPrm = UpD(bPrm); _aPrm = UpD(aPrm); _dPrm = UpD(dPrm);
            _bRec = acc.Allocate1D<double>(Math.Max(1, BondedKernels.BondRecord * _nb));
            _aRec = acc.Allocate1D<double>(Math.Max(1, BondedKernels.AngleRecord * _na));
            _dRec = acc.Allocate1D<double>(Math.Max(1, BondedKernels.DihedralRecord * _nd));
            _bondK = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, DeviceBox>(BondedKernels.Bond);
            _angleK = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, DeviceBox>(BondedKernels.Angle);
            _dihedralK = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, DeviceBox>(BondedKernels.Dihedral);
            _gatherK = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(BondedKernels.Gather);
        }

        public void Run(ArrayView<double> x, ArrayView<double> accum, DeviceBox box)
        {
            if (_nb > 0) { _bondK(_nb, x, _bAtoms.View, _bType.View, _bPrm.View, _bRec.View, box); }
            if (_na > 0) { _angleK(_na, x, _aAtoms.View, _aType.View, _aPrm.View, _aRec.View, box); }
            if (_nd > 0) { _dihedralK(_nd, x, _dAtoms.View, _dType.View, _dPrm.View, _dRec.View, box); }
            _gatherK(_n, _revOff.View, _rev.View, _bRec.View, _aRec.View, _dRec.View, accum);
        }

        public void Dispose()
        {
            foreach (var b in new MemoryBuffer[] { _bAtoms, _bType, _aAtoms, _aType, _dAtoms, _dType, _revOff, _rev, _bPrm, _aPrm, _dPrm, _bRec, _aRec, _dRec }) { b.Dispose(); }
        }
    }
}
