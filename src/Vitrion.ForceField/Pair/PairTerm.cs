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
public sealed class PairTerm<T> : IForceTerm where T : struct, IPairFunctionRow512
{
    private GhostNeighborList _nl = null!; // the list of the evaluation in progress
    private readonly double[] _specialLj, _specialCoul;
    private readonly int _threads;
    private readonly bool _simd;
    private readonly bool _simd512;
    private double[][] _f = [];
    private readonly PairSums[] _sums;
    private readonly PairLoop.Scratch[] _scratch;
    private T _pair;
    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _body;
    private int[] _starts = [];
    private bool _perAtom;

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
        // Worker t always runs the same contiguous block of chunks into its own buffer, so the sums (and therefore the
        // forces, to the last bit) do not depend on how the threads happen to be scheduled.
        _body = t =>
        {
            Array.Clear(_f[t], 0, 4 * _nl.Count + 16); // each worker clears its own buffer
            int chunks = _starts.Length - 1;
            int c0 = (int)((long)chunks * t / _threads), c1 = (int)((long)chunks * (t + 1) / _threads);
            for (int c = c0; c < c1; c++) { RunChunk(t, _starts[c], _starts[c + 1], _perAtom); }
            if (_simd) { PairLoop.AddVirialFdotR(_nl, _f[t], ref _sums[t]); } // the vector loop leaves the virial out
        };
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
        _nl = neighbors;
        int count = _nl.Count;
        bool perAtom = output.PerAtomRequested;
        if (_f.Length != _threads || _f[0].Length < 4 * count + 16)
        {
            _f = new double[_threads][];
            for (int t = 0; t < _threads; t++) { _f[t] = new double[4 * count + 64]; }
        }

        for (int t = 0; t < _threads; t++) { _sums[t] = default; }

        int[] starts = _nl.ChunkStarts;
        int chunks = starts.Length - 1;
        if (_threads == 1)
        {
            Array.Clear(_f[0], 0, 4 * count + 16);
            for (int c = 0; c < chunks; c++) { RunChunk(0, starts[c], starts[c + 1], perAtom); }
            if (_simd) { PairLoop.AddVirialFdotR(_nl, _f[0], ref _sums[0]); } // the vector loop leaves the virial out
        }
        else
        {
            _perAtom = perAtom;
            _starts = starts;
            Parallel.For(0, _threads, _parallelOptions, _body);
        }

        PairLoop.RunSpecial(in _pair, _nl, _specialLj, _specialCoul, _f[0], perAtom, ref _sums[0]);

        // Fold extended atoms onto owners (buffers summed in thread order, so the result does not depend on scheduling).
        long foldStart = System.Diagnostics.Stopwatch.GetTimestamp();
        var owner = _nl.Owner;
        var forces = output.Forces;
        var eatom = output.PerAtomEnergy;
        var f0 = _f[0];
        for (int t = 1; t < _threads; t++)
        {
            var a = f0.AsSpan(0, 4 * count);
            var b = _f[t].AsSpan(0, 4 * count);
            int k = 0;
            for (; k + 4 <= a.Length; k += 4) { (Vector256.Create<double>(a[k..]) + Vector256.Create<double>(b[k..])).CopyTo(a[k..]); }
            for (; k < a.Length; k++) { a[k] += b[k]; }
        }

        for (int e = 0; e < count; e++)
        {
            int o = owner[e];
            forces[o] += new Vec3(f0[4 * e], f0[4 * e + 1], f0[4 * e + 2]);
            if (perAtom) { eatom[o] += f0[4 * e + 3]; }
        }

        FoldSeconds += (System.Diagnostics.Stopwatch.GetTimestamp() - foldStart) / (double)System.Diagnostics.Stopwatch.Frequency;
        var v = output.Virial;
        for (int t = 0; t < _threads; t++)
        {
            ref var s = ref _sums[t];
            output.Energies.Elj += s.Evdwl;
            output.Energies.Ecoul += s.Ecoul;
            v[0] += s.Vxx; v[1] += s.Vyy; v[2] += s.Vzz; v[3] += s.Vxy; v[4] += s.Vxz; v[5] += s.Vyz;
        }
    }

    private void RunChunk(int slot, int i0, int i1, bool perAtom)
    {
        if (_simd512)
        {
            PairLoop.RunVector512(in _pair, _nl, i0, i1, _f[slot], perAtom, ref _sums[slot], _scratch[slot]);
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
