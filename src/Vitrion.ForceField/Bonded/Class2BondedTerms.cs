using Vitrion.Core;
using Vitrion.ForceField.Neighbors;

namespace Vitrion.ForceField.Bonded;

/// <summary>
/// The class2 bonds, angles and dihedrals that are switched on, evaluated together on a fixed team of workers: worker t
/// always takes block t of each term's interactions into its own <see cref="ForceBuffer"/>, and the buffers are added to
/// the output in worker order, so the result does not depend on scheduling (with one worker it is the serial loop,
/// written straight into the output). Energies keep their LAMMPS names (ebond, eangle, edihed).
/// </summary>
public sealed class Class2BondedTerms : ISplittableForceTerm
{
    private readonly Class2Bonds? _bonds;
    private readonly Class2Angles? _angles;
    private readonly Class2Dihedrals? _dihedrals;
    private readonly int _threads;
    private ForceBuffer?[] _slotBuffers = [];
    private bool[] _used = [];
    private int _slots = 1;
    private ForceBuffer? _output;
    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _body;
    private SystemState? _state;

    /// <summary>Creates the term for the resolved parameters' topology.</summary>
    /// <param name="parameters">the resolved parameters.</param>
    /// <param name="terms">which of bonds, angles and dihedrals to evaluate.</param>
    /// <param name="threads">workers (1 = serial).</param>
    public Class2BondedTerms(Spec.ForceFieldParameters parameters, ForceFieldTerms terms, int threads)
    {
        var topo = parameters.Topology;
        if ((terms & ForceFieldTerms.Bonds) != 0 && !topo.Bonds.IsEmpty) { _bonds = new Class2Bonds(parameters); }
        if ((terms & ForceFieldTerms.Angles) != 0 && !topo.Angles.IsEmpty) { _angles = new Class2Angles(parameters); }
        if ((terms & ForceFieldTerms.Dihedrals) != 0 && !topo.Dihedrals.IsEmpty) { _dihedrals = new Class2Dihedrals(parameters); }
        int work = (_bonds?.Count ?? 0) + (_angles?.Count ?? 0) + (_dihedrals?.Count ?? 0);
        _threads = work < 256 ? 1 : Math.Max(1, threads); // a few dozen interactions are not worth a second worker
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        _body = t => Run(t, (double)t / _threads, (double)(t + 1) / _threads);
    }

    /// <summary>True when there is at least one interaction to evaluate.</summary>
    public bool IsEmpty => _bonds is null && _angles is null && _dihedrals is null;

    /// <inheritdoc />
    public string Name => "bonded";

    /// <inheritdoc />
    public void Compute(SystemState state, GhostNeighborList neighbors, ForceBuffer output) => Compute(state, output);

    /// <summary>Adds the bonded energies, forces and virial of <paramref name="state"/> to <paramref name="output"/>.</summary>
    public void Compute(SystemState state, ForceBuffer output)
    {
        if (_threads == 1)
        {
            Block(state, output, 0.0, 1.0);
            return;
        }

        Begin(state, null!, output, _threads);
        Parallel.For(0, _threads, _parallelOptions, _body);
        Parallel.For(0, _threads, _parallelOptions, w => Fold(w, _threads));
        End();
    }

    /// <summary>Nanoseconds per bond, angle and dihedral of one core of the development machine.</summary>
    public const double NanosecondsPerBond = 15, NanosecondsPerAngle = 34, NanosecondsPerDihedral = 76;

    private double TotalCost => (_bonds?.Count ?? 0) * NanosecondsPerBond + (_angles?.Count ?? 0) * NanosecondsPerAngle
        + (_dihedrals?.Count ?? 0) * NanosecondsPerDihedral;

    /// <inheritdoc />
    public double EstimateCost(GhostNeighborList neighbors) => TotalCost;

    /// <inheritdoc />
    public void Begin(SystemState state, GhostNeighborList neighbors, ForceBuffer output, int slots)
    {
        _state = state;
        _output = output;
        if (_slotBuffers.Length < slots)
        {
            var b = new ForceBuffer?[slots];
            for (int t = 0; t < slots; t++) { b[t] = t < _slotBuffers.Length ? _slotBuffers[t] : null; }
            _slotBuffers = b;
        }

        if (_used.Length < slots) { _used = new bool[slots]; }
        for (int t = 0; t < slots; t++) { _used[t] = false; }
        _slots = slots;
    }

    /// <inheritdoc />
    public void Run(int slot, double from, double to)
    {
        var output = _output!;
        var buffer = _slotBuffers[slot] ??= new ForceBuffer(output.Forces.Length);
        if (!_used[slot])
        {
            buffer.Clear(output.PerAtomRequested); // each worker clears its own buffer
            _used[slot] = true;
        }

        Block(_state!, buffer, from, to);
    }

    /// <inheritdoc />
    public void Fold(int worker, int workers)
    {
        var output = _output!;
        var f = output.Forces;
        var pe = output.PerAtomEnergy;
        bool perAtom = output.PerAtomRequested;
        int a0 = (int)((long)f.Length * worker / workers), a1 = (int)((long)f.Length * (worker + 1) / workers);
        for (int t = 0; t < _slots; t++)
        {
            if (!_used[t]) { continue; }
            var b = _slotBuffers[t]!;
            var fb = b.Forces;
            for (int i = a0; i < a1; i++) { f[i] += fb[i]; }
            if (perAtom)
            {
                var pb = b.PerAtomEnergy;
                for (int i = a0; i < a1; i++) { pe[i] += pb[i]; }
            }
        }
    }

    /// <inheritdoc />
    public void End()
    {
        var output = _output!;
        for (int t = 0; t < _slots; t++)
        {
            if (!_used[t]) { continue; }
            var b = _slotBuffers[t]!;
            output.Energies.Add(b.Energies);
            for (int k = 0; k < 6; k++) { output.Virial[k] += b.Virial[k]; }
        }

        _state = null;
        _output = null;
    }

    // The fraction [from, to) of the work, as a stream of bonds, then angles, then dihedrals weighted by their costs.
    private void Block(SystemState state, ForceBuffer into, double from, double to)
    {
        double total = TotalCost;
        double start = 0;
        if (_bonds is not null) { var (a, b) = Cut(from, to, total, ref start, _bonds.Count, NanosecondsPerBond); _bonds.ComputeRange(state, into, a, b); }
        if (_angles is not null) { var (a, b) = Cut(from, to, total, ref start, _angles.Count, NanosecondsPerAngle); _angles.ComputeRange(state, into, a, b); }
        if (_dihedrals is not null) { var (a, b) = Cut(from, to, total, ref start, _dihedrals.Count, NanosecondsPerDihedral); _dihedrals.ComputeRange(state, into, a, b); }
    }

    private static (int, int) Cut(double from, double to, double total, ref double start, int n, double unit)
    {
        double s0 = start;
        int At(double f) => f <= 0 ? 0 : f >= 1 ? n : Math.Clamp((int)Math.Round((f * total - s0) / unit), 0, n);
        var r = (At(from), At(to));
        start += n * unit;
        return r;
    }

}
