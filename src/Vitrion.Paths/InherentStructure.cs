using System.Collections.Immutable;
using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Paths;

/// <summary>
/// The outcome of quenching one configuration to its inherent structure.
/// </summary>
/// <param name="Structure">the quenched frame: same box, ids and types; positions unwrapped (continuous with the
/// input's unwrapped positions, so displacements between quenched frames are real displacements); the input's extra
/// per-atom columns are kept, with <c>c_pe_is</c> (per-atom potential energy of the quenched structure
/// [kcal/mol]) added.</param>
/// <param name="InitialEnergy">potential energy of the input configuration [kcal/mol].</param>
/// <param name="Minimization">the minimiser's report (final energy [kcal/mol], largest atomic force [kcal/mol/Å], steps).</param>
/// <param name="MaxDisplacement">largest displacement of any atom from its input position [Å].</param>
public sealed record QuenchResult(Frame Structure, double InitialEnergy, MinimizationResult Minimization, double MaxDisplacement);

/// <summary>
/// Inherent structures (Stillinger &amp; Weber, Phys. Rev. A 25, 978 (1982)): every configuration of a trajectory
/// relaxed at fixed box to the local potential-energy minimum it sits in, which removes the thermal vibration and
/// keeps the structure. Structural features and non-affine displacements computed on inherent structures are less
/// noisy than on instantaneous ones, which is why softness studies often train on them.
/// </summary>
public static class InherentStructure
{
    /// <summary>Name of the per-atom energy column added to quenched frames [kcal/mol].</summary>
    public const string EnergyColumn = "c_pe_is";

    /// <summary>Quenches one frame with the force field (the frame's atoms must be in the potential's topology order).</summary>
    /// <param name="frame">the configuration; its topology (ids and types) must equal the potential's.</param>
    /// <param name="topology">the topology the potential was built for (charges, bonds).</param>
    /// <param name="potential">the force field.</param>
    /// <param name="options">tolerances and step limit (the box is fixed).</param>
    /// <param name="minimizer">the minimiser (default FIRE, robust from hot configurations).</param>
    /// <returns>the quenched frame and the minimisation report.</returns>
    /// <exception cref="InputException">when the frame's atoms do not match the topology.</exception>
    public static QuenchResult Quench(Frame frame, Topology topology, IPotential potential, MinimizerOptions options, IMinimizer? minimizer = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(potential);
        if (frame.AtomCount != topology.AtomCount)
        {
            throw new InputException($"the frame of step {frame.Step} has {frame.AtomCount} atoms, the topology {topology.AtomCount}; give the data file the trajectory was run from");
        }

        for (int i = 0; i < frame.AtomCount; i++)
        {
            if (frame.Ids[i] != topology.Ids[i] || frame.Types[i] != topology.Types[i])
            {
                throw new InputException($"atom {i} of the frame of step {frame.Step} is id {frame.Ids[i]} type {frame.Types[i]}, the topology has id {topology.Ids[i]} type {topology.Types[i]}; give the data file the trajectory was run from");
            }
        }

        var start = new Vec3[frame.AtomCount];
        for (int i = 0; i < start.Length; i++) { start[i] = frame.UnwrappedPosition(i); }
        var state = new SystemState(topology, frame.Box, (Vec3[])start.Clone());
        var target = new PotentialOptimizable(state, potential);
        var x = new double[target.Dimension];
        target.GetPositions(x);
        double e0 = double.NaN; // the minimiser's own first evaluation (step 0) is the input's energy
        var observed = options with { Observer = p => { if (p.Step == 0) { e0 = p.Energy; } options.Observer?.Invoke(p); } };
        var result = (minimizer ?? new Fire()).Minimize(target, x, observed);
        target.SetPositions(x);

        var buffer = new ForceBuffer(state.AtomCount);
        potential.Compute(state, buffer, perAtom: true);
        double maxDisp = 0;
        for (int i = 0; i < start.Length; i++) { maxDisp = Math.Max(maxDisp, (state.Positions[i] - start[i]).Norm); }

        var extra = frame.Extra.SetItem(EnergyColumn, buffer.PerAtomEnergy.ToArray());
        var quenched = new Frame(frame.Box, (Vec3[])state.Positions.Clone(), frame.Ids.ToArray(), frame.Types.ToArray(), frame.TypeNames)
        {
            Step = frame.Step,
            TimeFs = frame.TimeFs,
            PositionsAreUnwrapped = true,
            Extra = extra,
            Topology = frame.Topology,
        };
        return new QuenchResult(quenched, e0, result, maxDisp);
    }
}
