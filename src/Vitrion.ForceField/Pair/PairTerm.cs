using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Vitrion.Core;
using Vitrion.ForceField.Neighbors;

namespace Vitrion.ForceField.Pair;

/// <summary>
/// Runs a pair function over the shared <see cref="GhostNeighborList"/> with threads: chunks balanced by pair count,
/// one force/energy buffer per worker slot (4 doubles per extended atom, allocated once), then ghost forces folded onto their owners. Special pairs
/// run after the main loop with their factors. Energies go to <see cref="EnergyTerms.Elj"/> (van der Waals part) and
/// <see cref="EnergyTerms.Ecoul"/>.
/// </summary>
public sealed class PairTerm<T> : ISplittableForceTerm where T : struct, IPairFunctionRow512
{
    private GhostNeighborList _nl = null!; // the list of the evaluation in progress
    private readonly double[] _specialLj, _specialCoul;
    private readonly int _threads;
    private readonly bool _simd;
    private readonly bool _simd512;
    private double[][] _f = [];
    private PairSums[] _sums;
    private PairLoop.Scratch[] _scratch;
    private bool[] _used = [];
    private PairSums[] _foldSums = [];
    private int _foldParts;
    private int _slots = 1;
    private ForceBuffer? _output;
    private T _pair;
    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _body;
    private bool _perAtom;
    private bool _energy = true;

    /// <summary>Creates the term.</summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="specialLj">LJ factors 1-2, 1-3, 1-4.</param>
    /// <param name="specialCoul">Coulomb factors.</param>
    /// <param name="threads">worker threads.</param>
    /// <param name="simd">use the vector loop when the pair function supports it.</param>
    public PairTerm(T pair, IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul, int threads, bool simd)
        : this(pair, specialLj, specialCoul, threads, simd, 512)
    {
    }

    /// <summary>Creates the term, with vector registers of at most <paramref name="maxVectorBits"/> bits (256 or 512).</summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="specialLj">LJ factors 1-2, 1-3, 1-4.</param>
    /// <param name="specialCoul">Coulomb factors.</param>
    /// <param name="threads">worker threads.</param>
    /// <param name="simd">use a vector loop when the pair function supports it.</param>
    /// <param name="maxVectorBits">256 or 512.</param>
    public PairTerm(T pair, IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul, int threads, bool simd, int maxVectorBits)
    {
        _pair = pair;
        _specialLj = specialLj.ToArray();
        _specialCoul = specialCoul.ToArray();
        _threads = Math.Max(1, threads);
        _simd = simd && pair.VectorSupported;
        _simd512 = _simd && maxVectorBits >= 512 && pair.Row512Supported;
        _sums = new PairSums[_threads];
        _scratch = new PairLoop.Scratch[_threads];
        for (int t = 0; t < _threads; t++) { _scratch[t] = new PairLoop.Scratch(); }
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        // Worker t always runs the same contiguous part of the list (balanced by pair count) into its own buffer, so the sums
        // (and therefore the forces, to the last bit) do not depend on how the threads happen to be scheduled.
        _body = t => Run(t, (double)t / _threads, (double)(t + 1) / _threads);
    }

    /// <summary>The pair function (replace it when g_ewald or charges change).</summary>
    public T Function { get => _pair; set => _pair = value; }

    /// <summary>Accumulated wall-clock seconds spent folding the per-thread buffers and the ghosts onto the atoms.</summary>
    public double FoldSeconds { get; private set; }

    /// <summary>True when a vector loop runs.</summary>
    public bool UsesSimd => _simd;

    /// <summary>True when the 512-bit vector loop runs (AVX-512F and <c>MaxVectorBits</c> 512).</summary>
    public bool UsesAvx512 => _simd512;

    /// <inheritdoc />
    public string Name => "pair";

    /// <inheritdoc />
    public void Compute(SystemState state, GhostNeighborList neighbors, ForceBuffer output)
    {
        Begin(state, neighbors, output, _threads);
        if (_threads == 1) { Run(0, 0.0, 1.0); }
        else { Parallel.For(0, _threads, _parallelOptions, _body); }
        long foldStart = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_threads == 1) { Fold(0, 1); }
        else { Parallel.For(0, _threads, _parallelOptions, w => Fold(w, _threads)); }
        FoldSeconds += (System.Diagnostics.Stopwatch.GetTimestamp() - foldStart) / (double)System.Diagnostics.Stopwatch.Frequency;
        End();
    }

    /// <summary>Nanoseconds per listed pair of one core of the development machine (vector loop; the scalar loop about 5×).</summary>
    public const double NanosecondsPerListedPair = 2.6;

    /// <inheritdoc />
    public double EstimateCost(GhostNeighborList neighbors) =>
        (neighbors.PairCount * NanosecondsPerListedPair + neighbors.SpecialCount * NanosecondsPerSpecialPair) * (_simd ? 1.0 : 5.0);

    /// <summary>Nanoseconds per special pair (scalar loop) of one core of the development machine.</summary>
    public const double NanosecondsPerSpecialPair = 24;

    /// <inheritdoc />
    public void Begin(SystemState state, GhostNeighborList neighbors, ForceBuffer output, int slots)
    {
        _nl = neighbors;
        _output = output;
        _perAtom = output.PerAtomRequested;
        _energy = output.EnergyRequested || _perAtom;
        int count = _nl.Count;
        if (_f.Length < slots || _f[0].Length < 4 * count + 16)
        {
            int n = Math.Max(slots, _f.Length);
            _f = new double[n][];
            for (int t = 0; t < n; t++) { _f[t] = new double[4 * count + 64]; }
        }

        if (_sums.Length < slots) { _sums = new PairSums[slots]; }
        if (_scratch.Length < slots)
        {
            var s = new PairLoop.Scratch[slots];
            for (int t = 0; t < slots; t++) { s[t] = t < _scratch.Length ? _scratch[t] : new PairLoop.Scratch(); }
            _scratch = s;
        }

        if (_used.Length < slots) { _used = new bool[slots]; }
        if (_foldSums.Length < slots) { _foldSums = new PairSums[slots]; }
        for (int t = 0; t < slots; t++) { _sums[t] = default; _used[t] = false; _foldSums[t] = default; }
        _foldParts = 0;
        _slots = slots;
    }

    /// <inheritdoc />
    public void Run(int slot, double from, double to)
    {
        if (!_used[slot])
        {
            Array.Clear(_f[slot], 0, 4 * _nl.Count + 16); // each worker clears its own buffer
            _used[slot] = true;
        }

        int n = _nl.LocalCount;
        int i0 = Threading.ForceSchedule.ItemAt(_nl.Offsets, n, from), i1 = Threading.ForceSchedule.ItemAt(_nl.Offsets, n, to);
        if (i1 > i0) { RunChunk(slot, i0, i1, _perAtom); }
        // The special pairs (1-2, 1-3, 1-4 with their factors) split the same way; with the vector loop their virial comes
        // from the one O(N) pass over the summed buffers in End, like every other pair's.
        int s0 = Threading.ForceSchedule.IndexAt(from, _nl.SpecialCount), s1 = Threading.ForceSchedule.IndexAt(to, _nl.SpecialCount);
        if (s1 > s0)
        {
            if (_simd512) { PairLoop.RunSpecial512(in _pair, _nl, _specialLj, _specialCoul, _f[slot], _perAtom, ref _sums[slot], s0, s1); }
            else { PairLoop.RunSpecial(in _pair, _nl, _specialLj, _specialCoul, _f[slot], _perAtom, ref _sums[slot], s0, s1, !_simd); }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One part: the slots summed per extended atom, streamed in extended order onto the owners. Several parts: each sums
    /// the slots over its range of extended atoms into the first used slot's buffer (streaming, in parallel), and
    /// <see cref="End"/> streams that buffer onto the owners. Either way the fdotr virial is taken on the summed forces.
    /// </remarks>
    public void Fold(int worker, int workers)
    {
        var output = _output!;
        var forces = output.Forces;
        var eatom = output.PerAtomEnergy;
        bool perAtom = _perAtom;
        bool virial = _simd && _energy; // the vector loop leaves the virial out (of the special pairs too): fdotr here
        int m = 0;
        Span<int> used = stackalloc int[_slots];
        for (int t = 0; t < _slots; t++) { if (_used[t]) { used[m++] = t; } }
        used = used[..m];
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(_nl.Records);
        var xyz = Vector256.Create(-1L, -1L, -1L, 0L).AsDouble();
        var d = Vector256<double>.Zero; // xx yy zz .
        var c = Vector256<double>.Zero; // xy xz yz .
        int count = _nl.Count;
        int e0 = (int)((long)count * worker / workers), e1 = (int)((long)count * (worker + 1) / workers);
        int[] owner = _nl.Owner;
        ref double sum0 = ref MemoryMarshal.GetArrayDataReference(used.Length > 0 ? _f[used[0]] : _f[0]);
        for (int e = e0; e < e1; e++)
        {
            nuint q = (nuint)(4 * e);
            var fe = Vector256<double>.Zero;
            foreach (int t in used) { fe += Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_f[t]), q); }
            if (workers == 1)
            {
                int o = owner[e];
                forces[o] += new Vec3(fe[0], fe[1], fe[2]);
                if (perAtom) { eatom[o] += fe[3]; }
            }
            else if (used.Length > 1)
            {
                fe.StoreUnsafe(ref sum0, q);
            }

            if (virial)
            {
                var x = Vector256.LoadUnsafe(ref r0, q) & xyz;
                d += x * fe;
                c += Vector256.Shuffle(x, Vector256.Create(0L, 0, 1, 3)) * (Vector256.Shuffle(fe, Vector256.Create(1L, 2, 2, 3)) & xyz);
            }
        }

        // Each part writes only its own entry (sized in Begin); every part writes the same count, read by End.
        _foldSums[worker] = new PairSums { Vxx = d[0], Vyy = d[1], Vzz = d[2], Vxy = c[0], Vxz = c[1], Vyz = c[2] };
        _foldParts = workers;
    }

    /// <inheritdoc />
    public void End()
    {
        var output = _output!;
        if (_foldParts > 1)
        {
            // The slots were summed into the first used slot's buffer: onto the owners, streaming in extended order.
            int first = Array.IndexOf(_used, true, 0, _slots);
            if (first >= 0)
            {
                var f0 = _f[first];
                int count = _nl.Count;
                int[] owner = _nl.Owner;
                var forces = output.Forces;
                var eatom = output.PerAtomEnergy;
                for (int e = 0; e < count; e++)
                {
                    int o = owner[e];
                    forces[o] += new Vec3(f0[4 * e], f0[4 * e + 1], f0[4 * e + 2]);
                    if (_perAtom) { eatom[o] += f0[4 * e + 3]; }
                }
            }
        }

        var v = output.Virial;
        for (int t = 0; t < _slots; t++)
        {
            ref var s = ref _sums[t];
            output.Energies.Elj += s.Evdwl;
            output.Energies.Ecoul += s.Ecoul;
            v[0] += s.Vxx; v[1] += s.Vyy; v[2] += s.Vzz; v[3] += s.Vxy; v[4] += s.Vxz; v[5] += s.Vyz;
        }

        for (int w = 0; w < _foldParts; w++)
        {
            ref var s = ref _foldSums[w];
            v[0] += s.Vxx; v[1] += s.Vyy; v[2] += s.Vzz; v[3] += s.Vxy; v[4] += s.Vxz; v[5] += s.Vyz;
        }

        _foldParts = 0;
        _output = null;
    }

    private void RunChunk(int slot, int i0, int i1, bool perAtom)
    {
        if (_simd512)
        {
            PairLoop.RunVector512(in _pair, _nl, i0, i1, _f[slot], perAtom, ref _sums[slot], _scratch[slot], _energy);
        }
        else if (_simd)
        {
            PairLoop.RunVector(in _pair, _nl, i0, i1, _f[slot], perAtom, ref _sums[slot], _scratch[slot]);
        }
        else
        {
            PairLoop.RunScalar(in _pair, _nl, i0, i1, _f[slot], perAtom, ref _sums[slot]);
        }
    }
}
