using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vitrion.Core;
using Vitrion.ForceField.Neighbors;
using Vitrion.ForceField.Pair;
using Vitrion.ForceField.Spec;

namespace Vitrion.ForceField.ManyBody;

/// <summary>
/// The three-body part of LAMMPS <c>pair_style sw</c> around centre atoms: for a centre i and each unordered pair of
/// neighbours j &lt; k (list order) with r_ij, r_ik below aσ, E = λ_jk ε (cos θ_jik − cos θ0_jk)² exp(γ_j σ/(r_ij − aσ))
/// exp(γ_k σ/(r_ik − aσ)) [kcal/mol] (the cutoff and γ of a leg from the LAMMPS "i j j" entry, λ and cos θ0 from
/// "i j k"). Per-atom energy: one third to each of the three atoms (LAMMPS ev_tally3). Uses the three-body list of
/// the shared <see cref="GhostNeighborList"/>. Three paths: the scalar reference (one triplet at a time, as LAMMPS);
/// a vector path (AVX2 + FMA) that evaluates four triplets j, k..k+3 of a centre at once, keeps the forces on each
/// neighbour in a contiguous per-centre accumulator, and scatters them (with the centre's reaction and the virial
/// Σ_j r_ij ⊗ F_j) once per neighbour; and its 512-bit form (AVX-512F, see <c>RangeVector512</c>) that takes the
/// triplets of a centre with up to 16 legs as cyclic leg shifts, eight at a time, with all per-leg sums in registers.
/// All three agree to round-off.
/// </summary>
public sealed partial class StillingerWeberThreeBody : ISplittableForceTerm
{
    private GhostNeighborList _nl = null!; // the list of the evaluation in progress
    private readonly ForceFieldParameters _p;
    private readonly double _cut, _cutsq, _sigma, _eps;
    private readonly int _nt;
    private readonly double[] _lambda, _cos0; // λ and cos θ0 per type pair (j type × count + k type), pinned by the vector path
    private readonly int[] _compactType; // neighbour types numbered 0 … _compactCount − 1 (0 for the other types)
    private readonly int _compactCount;
    private readonly double[] _gammaSigma; // γσ per type
    private readonly double[] _gammaSigma8 = new double[8]; // γσ per type, padded to 8 entries (512-bit path)
    private readonly long[] _compact8 = new long[8]; // compact neighbour type per type, padded to 8 entries (512-bit path)
    private readonly double[] _le8 = new double[64], _cos8 = new double[64]; // λε and cos θ0 by type pair, rows of 8 (256-bit path, at most 8 types)
    private readonly bool _rows256; // the 256-bit path permutes λε and cos θ0 from j's row (AVX-512VL, at most 8 types)
    private readonly double[] _leTable, _cos0Table; // λε and cos θ0 by compact pair (j × _compactCount + k), 64 entries
    private readonly int _threads;
    private double[][] _buf;
    private PairSums[] _sums;
    private bool[] _used = [];
    private int _slots = 1;
    private ForceBuffer? _output;
    private long _candidatePairs;
    private int _costBuild = -1;
    private GhostNeighborList? _costList;
    private bool _perAtom;
    private readonly Action<int> _body;
    private readonly ParallelOptions _parallelOptions;

    /// <summary>Creates the term (one thread).</summary>
    public StillingerWeberThreeBody(ForceFieldParameters parameters)
        : this(parameters, 1)
    {
    }

    /// <summary>Creates the term running on <paramref name="threads"/> threads (one force buffer per thread, allocated once).</summary>
    public StillingerWeberThreeBody(ForceFieldParameters parameters, int threads)
        : this(parameters, threads, false)
    {
    }

    /// <summary>Creates the term running on <paramref name="threads"/> threads, with the vector path when <paramref name="simd"/> is set and the processor has AVX2 and FMA.</summary>
    public StillingerWeberThreeBody(ForceFieldParameters parameters, int threads, bool simd)
        : this(parameters, threads, simd, 512)
    {
    }

    /// <summary>
    /// Creates the term running on <paramref name="threads"/> threads, with the vector path when <paramref name="simd"/> is
    /// set and the processor has AVX2 and FMA, and its 512-bit form when <paramref name="maxVectorBits"/> is at least 512,
    /// the processor has AVX-512F and there are at most 8 atom types.
    /// </summary>
    /// <param name="parameters">the force-field parameters.</param>
    /// <param name="threads">worker threads (one force buffer each).</param>
    /// <param name="simd">use a vector path when the processor allows.</param>
    /// <param name="maxVectorBits">the widest vector registers to use, in bits (256 or 512).</param>
    public StillingerWeberThreeBody(ForceFieldParameters parameters, int threads, bool simd, int maxVectorBits)
    {
        UsesSimd = simd && Avx2.IsSupported && Fma.IsSupported;
        _threads = Math.Max(1, threads);
        _buf = new double[_threads][];
        for (int t = 0; t < _threads; t++) { _buf[t] = []; }
        _sums = new PairSums[_threads];
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        _body = t => Run(t, (double)t / _threads, (double)(t + 1) / _threads);
        _p = parameters;
        var tb = parameters.Spec.ThreeBody ?? throw new ArgumentException("the force field has no three-body term");
        _cut = tb.Cutoff;
        _cutsq = _cut * _cut;
        _sigma = tb.Sigma;
        _eps = tb.Epsilon;
        _nt = parameters.TypeCount;
        _lambda = parameters.SwLambda.ToArray();
        _cos0 = parameters.SwCosTheta0.ToArray();
        _compactType = new int[_nt];
        _gammaSigma = new double[_nt];
        var neighbourTypes = new List<int>();
        for (int t = 0; t < _nt; t++)
        {
            _gammaSigma[t] = parameters.SwGamma[t] * _sigma;
            if (double.IsNaN(parameters.SwGamma[t])) { continue; }
            _compactType[t] = neighbourTypes.Count;
            neighbourTypes.Add(t);
        }

        _compactCount = Math.Max(1, neighbourTypes.Count);
        for (int t = 0; t < Math.Min(_nt, 8); t++) { _gammaSigma8[t] = _gammaSigma[t]; _compact8[t] = _compactType[t]; }
        _leTable = new double[64];
        _cos0Table = new double[64];
        if (_compactCount <= 8)
        {
            for (int a = 0; a < neighbourTypes.Count; a++)
            {
                for (int b = 0; b < neighbourTypes.Count; b++)
                {
                    int pair = neighbourTypes[a] * _nt + neighbourTypes[b];
                    double lambda = _lambda[pair];
                    _leTable[a * _compactCount + b] = lambda * _eps;
                    _cos0Table[a * _compactCount + b] = lambda == 0 || double.IsNaN(_cos0[pair]) ? 0.0 : _cos0[pair];
                }
            }
        }

        if (_nt <= 8)
        {
            for (int a = 0; a < _nt; a++)
            {
                for (int b = 0; b < _nt; b++)
                {
                    double lambda = _lambda[a * _nt + b];
                    _le8[8 * a + b] = lambda * _eps;
                    _cos8[8 * a + b] = lambda == 0 || double.IsNaN(_cos0[a * _nt + b]) ? 0.0 : _cos0[a * _nt + b];
                }
            }
        }

        _rows256 = _nt <= 8 && Avx512F.VL.IsSupported;
        UsesAvx512 = UsesSimd && maxVectorBits >= 512 && Avx512F.IsSupported && _nt <= 8;
    }

    /// <summary>True when the 512-bit vector path runs (AVX-512F, 512-bit vectors allowed, at most 8 atom types).</summary>
    public bool UsesAvx512 { get; }

    /// <summary>True when the vector path runs.</summary>
    public bool UsesSimd { get; }

    /// <summary>The three-body cutoff aσ [Å].</summary>
    public double Cutoff => _cut;

    /// <inheritdoc />
    public string Name => "sw";

    /// <inheritdoc />
    public void Compute(SystemState state, GhostNeighborList neighbors, ForceBuffer output)
    {
        Begin(state, neighbors, output, _threads);
        if (_threads == 1) { _body(0); Fold(0, 1); }
        else
        {
            Parallel.For(0, _threads, _parallelOptions, _body);
            Parallel.For(0, _threads, _parallelOptions, w => Fold(w, _threads));
        }

        End();
    }

    /// <summary>Nanoseconds per candidate leg pair (Σ over centres of n(n−1)/2, n = three-body candidates) of one core of the development machine.</summary>
    public const double NanosecondsPerCandidatePair = 0.4;

    /// <inheritdoc />
    public double EstimateCost(GhostNeighborList neighbors)
    {
        if (neighbors.BuildCount != _costBuild || !ReferenceEquals(neighbors, _costList))
        {
            var off = neighbors.ThreeBodyOffsets;
            long sum = 0;
            for (int i = 0; i < neighbors.LocalCount; i++) { long n = off[i + 1] - off[i]; sum += n * (n - 1) / 2; }
            _candidatePairs = sum;
            _costBuild = neighbors.BuildCount;
            _costList = neighbors;
        }

        return _candidatePairs * NanosecondsPerCandidatePair * (UsesSimd ? 1.0 : 3.0);
    }

    /// <inheritdoc />
    public void Begin(SystemState state, GhostNeighborList neighbors, ForceBuffer output, int slots)
    {
        _nl = neighbors;
        _output = output;
        _perAtom = output.PerAtomRequested;
        if (_buf.Length < slots)
        {
            var b = new double[slots][];
            for (int t = 0; t < slots; t++) { b[t] = t < _buf.Length ? _buf[t] : []; }
            _buf = b;
        }

        if (_sums.Length < slots) { _sums = new PairSums[slots]; }
        if (_used.Length < slots) { _used = new bool[slots]; }
        for (int t = 0; t < slots; t++) { _sums[t] = default; _used[t] = false; }
        _slots = slots;
    }

    /// <inheritdoc />
    public void Run(int slot, double from, double to)
    {
        int nAtoms = _output!.Forces.Length;
        if (!_used[slot])
        {
            if (_buf[slot].Length < 4 * nAtoms) { _buf[slot] = new double[4 * nAtoms]; }
            else { Array.Clear(_buf[slot], 0, 4 * nAtoms); } // each worker clears its own buffer
            _used[slot] = true;
        }

        // Centres split by three-body candidate count.
        int n = _nl.LocalCount;
        int i0 = Threading.ForceSchedule.ItemAt(_nl.ThreeBodyOffsets, n, from), i1 = Threading.ForceSchedule.ItemAt(_nl.ThreeBodyOffsets, n, to);
        if (i1 <= i0) { return; }
        if (UsesAvx512) { RangeVector512(i0, i1, _buf[slot], _perAtom, ref _sums[slot]); }
        else if (UsesSimd) { RangeVector(i0, i1, _buf[slot], _perAtom, ref _sums[slot]); }
        else { Range(i0, i1, _buf[slot], _perAtom, ref _sums[slot]); }
    }

    /// <inheritdoc />
    public void Fold(int worker, int workers)
    {
        var output = _output!;
        int nAtoms = output.Forces.Length;
        int a0 = (int)((long)nAtoms * worker / workers), a1 = (int)((long)nAtoms * (worker + 1) / workers);
        bool perAtom = _perAtom;
        var f = output.Forces;
        var eatom = output.PerAtomEnergy;
        // Each atom's records summed over the buffers in slot order (one 32-byte add per buffer).
        int m = 0;
        Span<int> used = stackalloc int[_slots];
        for (int t = 0; t < _slots; t++) { if (_used[t]) { used[m++] = t; } }
        used = used[..m];
        for (int o = a0; o < a1; o++)
        {
            var r = Vector256<double>.Zero;
            foreach (int t in used) { r += Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_buf[t]), (nuint)(4 * o)); }
            f[o] += new Vec3(r.GetElement(0), r.GetElement(1), r.GetElement(2));
            if (perAtom) { eatom[o] += r.GetElement(3); }
        }
    }

    /// <inheritdoc />
    public void End()
    {
        var output = _output!;
        for (int t = 0; t < _slots; t++)
        {
            if (!_used[t]) { continue; }
            ref var s = ref _sums[t];
            output.Energies.E3body += s.Evdwl;
            var v = output.Virial;
            v[0] += s.Vxx; v[1] += s.Vyy; v[2] += s.Vzz; v[3] += s.Vxy; v[4] += s.Vxz; v[5] += s.Vyz;
        }

        _output = null;
    }

    /// <summary>Centres [i0, i1) into a buffer of 4 doubles per atom (fx, fy, fz, energy) indexed by owner.</summary>
    private void Range(int i0, int i1, double[] fb, bool perAtom, ref PairSums sums)
    {
        var rec = _nl.Records;
        var owner = _nl.Owner;
        var types = _nl.Types;
        var off = _nl.ThreeBodyOffsets;
        var nb = _nl.ThreeBodyNeighbors;
        Span<int> sj = stackalloc int[256];
        Span<double> sr = stackalloc double[256 * 4];
        Span<double> sq = stackalloc double[256 * 4]; // per leg: r, 1/r², γσ/(r−aσ)²/r, exp(γσ/(r−aσ))
        var gamma = _p.SwGamma;
        var lambdaT = _p.SwLambda;
        var cos0 = _p.SwCosTheta0;
        double energy = 0;
        double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        for (int i = i0; i < i1; i++)
        {
            int k0 = off[i], k1 = off[i + 1];
            if (k1 == k0) { continue; }
            double xi = rec[4 * i], yi = rec[4 * i + 1], zi = rec[4 * i + 2];
            int ns = 0;
            for (int k = k0; k < k1; k++)
            {
                int j = nb[k];
                double dx = rec[4 * j] - xi, dy = rec[4 * j + 1] - yi, dz = rec[4 * j + 2] - zi;
                double rsq = dx * dx + dy * dy + dz * dz;
                if (rsq >= _cutsq) { continue; }
                if (ns >= sj.Length) { throw new InvalidOperationException("more than 256 three-body neighbours of one atom"); }
                sj[ns] = j; sr[4 * ns] = dx; sr[4 * ns + 1] = dy; sr[4 * ns + 2] = dz; sr[4 * ns + 3] = rsq;
                double rr = Math.Sqrt(rsq);
                double rainv = 1.0 / (rr - _cut);
                double gsrainv = gamma[types[j]] * _sigma * rainv;
                sq[4 * ns] = rr; sq[4 * ns + 1] = 1.0 / rsq; sq[4 * ns + 2] = gsrainv * rainv / rr; sq[4 * ns + 3] = Math.Exp(gsrainv);
                ns++;
            }

            int oi = owner[i];
            for (int a = 0; a < ns - 1; a++)
            {
                int j = sj[a];
                int tj = types[j];
                double d1x = sr[4 * a], d1y = sr[4 * a + 1], d1z = sr[4 * a + 2];
                double r1 = sq[4 * a], rinvsq1 = sq[4 * a + 1], gsrainvsq1 = sq[4 * a + 2], expgsrainv1 = sq[4 * a + 3];
                for (int b = a + 1; b < ns; b++)
                {
                    int k = sj[b];
                    int tk = types[k];
                    double lambda = lambdaT[tj * _nt + tk];
                    if (lambda == 0) { continue; }
                    double d2x = sr[4 * b], d2y = sr[4 * b + 1], d2z = sr[4 * b + 2];
                    double r2 = sq[4 * b], rinvsq2 = sq[4 * b + 1], gsrainvsq2 = sq[4 * b + 2], expgsrainv2 = sq[4 * b + 3];
                    double rinv12 = 1.0 / (r1 * r2);
                    double cs = (d1x * d2x + d1y * d2y + d1z * d2z) * rinv12;
                    double delcs = cs - cos0[tj * _nt + tk];
                    double facexp = expgsrainv1 * expgsrainv2;
                    double le = lambda * _eps;
                    double facrad = le * facexp * delcs * delcs;
                    double frad1 = facrad * gsrainvsq1;
                    double frad2 = facrad * gsrainvsq2;
                    double facang = 2.0 * le * facexp * delcs;
                    double facang12 = rinv12 * facang;
                    double csfacang = cs * facang;
                    double csfac1 = rinvsq1 * csfacang;
                    double fjx = d1x * (frad1 + csfac1) - d2x * facang12;
                    double fjy = d1y * (frad1 + csfac1) - d2y * facang12;
                    double fjz = d1z * (frad1 + csfac1) - d2z * facang12;
                    double csfac2 = rinvsq2 * csfacang;
                    double fkx = d2x * (frad2 + csfac2) - d1x * facang12;
                    double fky = d2y * (frad2 + csfac2) - d1y * facang12;
                    double fkz = d2z * (frad2 + csfac2) - d1z * facang12;
                    int oj = 4 * owner[j], ok = 4 * owner[k];
                    fb[4 * oi] -= fjx + fkx; fb[4 * oi + 1] -= fjy + fky; fb[4 * oi + 2] -= fjz + fkz;
                    fb[oj] += fjx; fb[oj + 1] += fjy; fb[oj + 2] += fjz;
                    fb[ok] += fkx; fb[ok + 1] += fky; fb[ok + 2] += fkz;
                    energy += facrad;
                    v0 += d1x * fjx + d2x * fkx;
                    v1 += d1y * fjy + d2y * fky;
                    v2 += d1z * fjz + d2z * fkz;
                    v3 += d1x * fjy + d2x * fky;
                    v4 += d1x * fjz + d2x * fkz;
                    v5 += d1y * fjz + d2y * fkz;
                    if (perAtom)
                    {
                        double e3 = facrad / 3.0;
                        fb[4 * oi + 3] += e3; fb[oj + 3] += e3; fb[ok + 3] += e3;
                    }
                }
            }
        }

        sums.Evdwl += energy;
        sums.Vxx += v0; sums.Vyy += v1; sums.Vzz += v2; sums.Vxy += v3; sums.Vxz += v4; sums.Vyz += v5;
    }

    /// <summary>Per-thread scratch of the vector path (structure of arrays over one centre's neighbours, padded by 4).</summary>
    private sealed class VectorScratch
    {
        public double[] Dx = new double[264], Dy = new double[264], Dz = new double[264], Ri = new double[264], RinvSq = new double[264];
        public double[] Gs = new double[264], Ex = new double[264], Fx = new double[264], Fy = new double[264], Fz = new double[264], E = new double[264];
        public int[] Type = new int[264], J = new int[264];
        public long[] TypeL = new long[264];
    }

    [ThreadStatic]
    private static VectorScratch? t_scratch;

    /// <summary>
    /// The legs of centre <paramref name="i"/> (candidates [k0, k1) of the three-body list inside the cutoff) into the
    /// scratch arrays, branch-free: every candidate is written at the current count, which advances when r² &lt; cutsq.
    /// </summary>
    /// <returns>the number of legs.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FilterLegs(double[] rec, int[] nb, int i, int k0, int k1, double cutsq, double[] gsTab, VectorScratch sc)
    {
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(rec);
        ref int nb0 = ref MemoryMarshal.GetArrayDataReference(nb);
        ref double dxA = ref MemoryMarshal.GetArrayDataReference(sc.Dx);
        ref double dyA = ref MemoryMarshal.GetArrayDataReference(sc.Dy);
        ref double dzA = ref MemoryMarshal.GetArrayDataReference(sc.Dz);
        ref double rqA = ref MemoryMarshal.GetArrayDataReference(sc.RinvSq);
        ref double gsA = ref MemoryMarshal.GetArrayDataReference(sc.Gs);
        ref int tyA = ref MemoryMarshal.GetArrayDataReference(sc.Type);
        ref long tyL = ref MemoryMarshal.GetArrayDataReference(sc.TypeL);
        ref int jA = ref MemoryMarshal.GetArrayDataReference(sc.J);
        double xi = rec[4 * i], yi = rec[4 * i + 1], zi = rec[4 * i + 2];
        int ns = 0;
        for (int k = k0; k < k1; k++)
        {
            int j = Unsafe.Add(ref nb0, k);
            ref double rj = ref Unsafe.Add(ref r0, 4 * j);
            double dx = rj - xi, dy = Unsafe.Add(ref rj, 1) - yi, dz = Unsafe.Add(ref rj, 2) - zi;
            double rsq = dx * dx + dy * dy + dz * dz;
            long tj = BitConverter.DoubleToInt64Bits(Unsafe.Add(ref rj, 3));
            Unsafe.Add(ref dxA, ns) = dx; Unsafe.Add(ref dyA, ns) = dy; Unsafe.Add(ref dzA, ns) = dz; Unsafe.Add(ref rqA, ns) = rsq;
            Unsafe.Add(ref gsA, ns) = gsTab[tj]; Unsafe.Add(ref tyA, ns) = (int)tj; Unsafe.Add(ref tyL, ns) = tj; Unsafe.Add(ref jA, ns) = j;
            ns += rsq < cutsq ? 1 : 0;
        }

        return ns;
    }

    /// <summary>
    /// The vector path over centres [i0, i1): four triplets (j, k..k+3) per step; equal to <see cref="Range"/> to round-off.
    /// The legs are kept branch-free (every candidate written, the count advanced by the cutoff test); per leg 1/r, so
    /// 1/(r_ij r_ik) is a product; the k blocks start at a multiple of 4 (lanes k ≤ j masked by a zero exponential
    /// factor), so the per-leg force sums are read back at the addresses they were stored to; λε and cos θ0 are permuted
    /// from j's 8-entry row in registers when the processor has AVX-512VL and there are at most 8 types (else gathered).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void RangeVector(int i0, int i1, double[] fb, bool perAtom, ref PairSums sums)
    {
        var sc = t_scratch ??= new VectorScratch();
        var rec = _nl.Records;
        var owner = _nl.Owner;
        var off = _nl.ThreeBodyOffsets;
        var nb = _nl.ThreeBodyNeighbors;
        var gsTab = _gammaSigma;
        double[] dxA = sc.Dx, dyA = sc.Dy, dzA = sc.Dz, rA = sc.Ri, riA = sc.RinvSq, gsA = sc.Gs, exA = sc.Ex, fxA = sc.Fx, fyA = sc.Fy, fzA = sc.Fz, eA = sc.E;
        int[] tyA = sc.Type, jA = sc.J;
        long[] tyL = sc.TypeL;
        double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        var vEps = Vector256.Create(_eps);
        var third = Vector256.Create(1.0 / 3.0);
        var iota = Vector256.Create(0L, 1, 2, 3);
        var eAcc = Vector256<double>.Zero;
        bool rows = _rows256;
        double cutsq = _cutsq;
        fixed (double* lam = _lambda, cos0 = _cos0)
        {
            for (int i = i0; i < i1; i++)
            {
                int k0 = off[i], k1 = off[i + 1];
                if (k1 - k0 < 2) { continue; }
                if (k1 - k0 > 256) { Range(i, i + 1, fb, perAtom, ref sums); continue; }
                int ns = FilterLegs(rec, nb, i, k0, k1, cutsq, gsTab, sc);
                if (ns < 2) { continue; }
                // Leg factors four at a time: 1/r, 1/r², γσ/(r−aσ)²/r and exp(γσ/(r−aσ)) (the argument is negative inside the cutoff).
                for (int p = ns; p < ns + 4; p++) { riA[p] = 1; gsA[p] = 0; }
                var vcut = Vector256.Create(_cut);
                for (int p = 0; p < ns; p += 4)
                {
                    var rsq = Vector256.Create<double>(riA.AsSpan(p));
                    var rr = Vector256.Sqrt(rsq);
                    var rinv = Vector256<double>.One / rr;
                    var rainv = Vector256<double>.One / (rr - vcut);
                    var gsrainv = Vector256.Create<double>(gsA.AsSpan(p)) * rainv;
                    rinv.CopyTo(rA.AsSpan(p));
                    (rinv * rinv).CopyTo(riA.AsSpan(p));
                    (gsrainv * rainv * rinv).CopyTo(gsA.AsSpan(p));
                    Pair.VectorMath.ExpNonPositive(gsrainv).CopyTo(exA.AsSpan(p));
                }

                // Padding lanes: exp factor 0, so every product is an exact zero.
                for (int p = ns; p < ns + 4; p++)
                {
                    dxA[p] = 0; dyA[p] = 0; dzA[p] = 0; rA[p] = 1; riA[p] = 1; gsA[p] = 0; exA[p] = 0; tyA[p] = tyA[0]; tyL[p] = tyL[0];
                }

                for (int p = 0; p < ns + 4; p++) { fxA[p] = 0; fyA[p] = 0; fzA[p] = 0; eA[p] = 0; }

                for (int a = 0; a < ns - 1; a++)
                {
                    var d1x = Vector256.Create(dxA[a]); var d1y = Vector256.Create(dyA[a]); var d1z = Vector256.Create(dzA[a]);
                    var ri1 = Vector256.Create(rA[a]); var rinvsq1 = Vector256.Create(riA[a]);
                    var gs1 = Vector256.Create(gsA[a]); var ex1 = Vector256.Create(exA[a]);
                    int ta = tyA[a];
                    int rowA = ta * _nt;
                    Vector256<double> le0 = default, le1 = default, co0 = default, co1 = default;
                    if (rows)
                    {
                        le0 = Vector256.Create<double>(_le8.AsSpan(8 * ta)); le1 = Vector256.Create<double>(_le8.AsSpan(8 * ta + 4));
                        co0 = Vector256.Create<double>(_cos8.AsSpan(8 * ta)); co1 = Vector256.Create<double>(_cos8.AsSpan(8 * ta + 4));
                    }

                    var fjx = Vector256<double>.Zero; var fjy = Vector256<double>.Zero; var fjz = Vector256<double>.Zero;
                    var ej = Vector256<double>.Zero;
                    int b0 = (a + 1) & ~3;
                    var mask = Vector256.GreaterThan(iota, Vector256.Create((long)(a - b0))).AsDouble(); // lanes k > j
                    for (int b = b0; b < ns; b += 4)
                    {
                        var d2x = Vector256.Create<double>(dxA.AsSpan(b)); var d2y = Vector256.Create<double>(dyA.AsSpan(b)); var d2z = Vector256.Create<double>(dzA.AsSpan(b));
                        var rinvsq2 = Vector256.Create<double>(riA.AsSpan(b));
                        var gs2 = Vector256.Create<double>(gsA.AsSpan(b)); var ex2 = Vector256.Create<double>(exA.AsSpan(b)) & mask;
                        mask = Vector256<double>.AllBitsSet;
                        Vector256<double> le, c0;
                        if (rows)
                        {
                            var tb = Vector256.Create<long>(tyL.AsSpan(b));
                            le = Avx512F.VL.PermuteVar4x64x2(le0, tb, le1);
                            c0 = Avx512F.VL.PermuteVar4x64x2(co0, tb, co1);
                        }
                        else
                        {
                            var idx = Vector128.Create<int>(tyA.AsSpan(b)) + Vector128.Create(rowA);
                            le = Avx2.GatherVector256(lam, idx, 8) * vEps;
                            c0 = Avx2.GatherVector256(cos0, idx, 8);
                        }

                        var rinv12 = ri1 * Vector256.Create<double>(rA.AsSpan(b));
                        var cs = Fma.MultiplyAdd(d1x, d2x, Fma.MultiplyAdd(d1y, d2y, d1z * d2z)) * rinv12;
                        var delcs = cs - c0;
                        var t = le * (ex1 * ex2) * delcs;
                        var facrad = t * delcs;
                        var facang = t + t;
                        var facang12 = rinv12 * facang;
                        var csfacang = cs * facang;
                        var s1 = Fma.MultiplyAdd(rinvsq1, csfacang, facrad * gs1);
                        var s2 = Fma.MultiplyAdd(rinvsq2, csfacang, facrad * gs2);
                        fjx += Fma.MultiplyAddNegated(d2x, facang12, d1x * s1);
                        fjy += Fma.MultiplyAddNegated(d2y, facang12, d1y * s1);
                        fjz += Fma.MultiplyAddNegated(d2z, facang12, d1z * s1);
                        (Vector256.Create<double>(fxA.AsSpan(b)) + Fma.MultiplyAddNegated(d1x, facang12, d2x * s2)).CopyTo(fxA.AsSpan(b));
                        (Vector256.Create<double>(fyA.AsSpan(b)) + Fma.MultiplyAddNegated(d1y, facang12, d2y * s2)).CopyTo(fyA.AsSpan(b));
                        (Vector256.Create<double>(fzA.AsSpan(b)) + Fma.MultiplyAddNegated(d1z, facang12, d2z * s2)).CopyTo(fzA.AsSpan(b));
                        eAcc += facrad;
                        if (perAtom)
                        {
                            var e3 = facrad * third;
                            ej += e3;
                            (Vector256.Create<double>(eA.AsSpan(b)) + e3).CopyTo(eA.AsSpan(b));
                        }
                    }

                    fxA[a] += Vector256.Sum(fjx); fyA[a] += Vector256.Sum(fjy); fzA[a] += Vector256.Sum(fjz);
                    if (perAtom) { eA[a] += Vector256.Sum(ej); }
                }

                // Scatter: each neighbour's total force, the centre's reaction, the virial Σ r_ij ⊗ F_j and per-atom energies
                // (each triplet's third for the centre equals the sum of its neighbours' thirds, halved).
                int oi = 4 * owner[i];
                double cx = 0, cy = 0, cz = 0, ce = 0;
                for (int b = 0; b < ns; b++)
                {
                    double fx = fxA[b], fy = fyA[b], fz = fzA[b];
                    int oj = 4 * owner[jA[b]];
                    fb[oj] += fx; fb[oj + 1] += fy; fb[oj + 2] += fz;
                    cx += fx; cy += fy; cz += fz;
                    double dx = dxA[b], dy = dyA[b], dz = dzA[b];
                    v0 += dx * fx; v1 += dy * fy; v2 += dz * fz; v3 += dx * fy; v4 += dx * fz; v5 += dy * fz;
                    if (perAtom) { fb[oj + 3] += eA[b]; ce += eA[b]; }
                }

                fb[oi] -= cx; fb[oi + 1] -= cy; fb[oi + 2] -= cz;
                if (perAtom) { fb[oi + 3] += 0.5 * ce; }
            }
        }

        sums.Evdwl += Vector256.Sum(eAcc);
        sums.Vxx += v0; sums.Vyy += v1; sums.Vzz += v2; sums.Vxy += v3; sums.Vxz += v4; sums.Vyz += v5;
    }
}
