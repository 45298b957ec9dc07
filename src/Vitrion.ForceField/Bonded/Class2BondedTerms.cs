using Vitrion.Core;
using Vitrion.ForceField.Neighbors;

namespace Vitrion.ForceField.Bonded;

/// <summary>
/// The class2 bonds, angles and dihedrals that are switched on, evaluated together on a fixed team of workers: worker t
/// always takes block t of each term's interactions into its own <see cref="ForceBuffer"/>, and the buffers are added to
/// the output in worker order, so the result does not depend on scheduling (with one worker it is the serial loop,
/// written straight into the output). Energies keep their LAMMPS names (ebond, eangle, edihed).
/// </summary>
public sealed class Class2BondedTerms : IForceTerm
{
    private readonly Class2Bonds? _bonds;
    private readonly Class2Angles? _angles;
    private readonly Class2Dihedrals? _dihedrals;
    private readonly int _threads;
    private readonly ForceBuffer[] _buffers;
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
        _buffers = new ForceBuffer[_threads];
        for (int t = 1; t < _threads; t++) { _buffers[t] = new ForceBuffer(topo.AtomCount); }
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        _body = t => Block(_state!, _buffers[t], t);
    }

    /// <summary>True when there is at least one interaction to evaluate.</summary>
    public bool IsEmpty => _bonds is null && _angles is null && _dihedrals is null;

    /// <inheritdoc />
    public string Name => "bonded";

    /// <inheritdoc />
    public void Compute(SystemState state, GhostNeighborList neighbors, ForceBuffer output) => Compute(state, output);

    /// <summary>Adds the bonded energies, forces and virial of <paramref name="state"/> to <paramref name="output"/> (no neighbour list needed).</summary>
    public void Compute(SystemState state, ForceBuffer output)
    {
        if (_threads == 1)
        {
            Block(state, output, 0);
            return;
        }

        _state = state;
        _buffers[0] = output;
        try
        {
            for (int t = 1; t < _threads; t++) { _buffers[t].Clear(output.PerAtomRequested); }
            Parallel.For(0, _threads, _parallelOptions, _body);
        }
        finally
        {
            _state = null;
        }

        var f = output.Forces;
        var pe = output.PerAtomEnergy;
        bool perAtom = output.PerAtomRequested;
        for (int t = 1; t < _threads; t++)
        {
            var b = _buffers[t];
            var fb = b.Forces;
            for (int i = 0; i < f.Length; i++) { f[i] += fb[i]; }
            if (perAtom)
            {
                var pb = b.PerAtomEnergy;
                for (int i = 0; i < pe.Length; i++) { pe[i] += pb[i]; }
            }

            output.Energies.Add(b.Energies);
            for (int k = 0; k < 6; k++) { output.Virial[k] += b.Virial[k]; }
        }
    }

    private void Block(SystemState state, ForceBuffer into, int t)
    {
        if (_bonds is not null) { var (a, b) = Split(_bonds.Count, t); _bonds.ComputeRange(state, into, a, b); }
        if (_angles is not null) { var (a, b) = Split(_angles.Count, t); _angles.ComputeRange(state, into, a, b); }
        if (_dihedrals is not null) { var (a, b) = Split(_dihedrals.Count, t); _dihedrals.ComputeRange(state, into, a, b); }
    }

    private (int, int) Split(int n, int t) => ((int)((long)n * t / _threads), (int)((long)n * (t + 1) / _threads));
}
