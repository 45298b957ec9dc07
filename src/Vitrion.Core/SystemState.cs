namespace Vitrion.Core;

/// <summary>
/// The one mutable object of a run: positions [Å], velocities [Å/fs], image flags, box, step and time [fs].
/// Positions are kept wrapped into the box with image flags (LAMMPS convention), although readers may
/// hand over unwrapped positions with zero images. <see cref="Version"/> changes on every mutation a
/// cache must notice (call <see cref="Touch"/> after editing arrays in place).
/// </summary>
public sealed class SystemState
{
    /// <summary>Creates a state for <paramref name="topology"/>; arrays are adopted, not copied.</summary>
    public SystemState(Topology topology, Box box, Vec3[] positions, Vec3[]? velocities = null, Int3[]? images = null)
    {
        int n = topology.AtomCount;
        if (positions.Length != n)
        {
            throw new ArgumentException($"{positions.Length} positions for {n} atoms.");
        }

        Topology = topology;
        Box = box;
        Positions = positions;
        Velocities = velocities ?? new Vec3[n];
        Images = images ?? new Int3[n];
        if (Velocities.Length != n || Images.Length != n)
        {
            throw new ArgumentException("velocities and images must have one entry per atom.");
        }
    }

    /// <summary>The immutable topology.</summary>
    public Topology Topology { get; }

    /// <summary>The current box (replaced, never mutated, by barostats).</summary>
    public Box Box { get; set; }

    /// <summary>Positions [Å].</summary>
    public Vec3[] Positions { get; }

    /// <summary>Velocities [Å/fs].</summary>
    public Vec3[] Velocities { get; }

    /// <summary>Image flags.</summary>
    public Int3[] Images { get; }

    /// <summary>Timestep counter.</summary>
    public long Step { get; set; }

    /// <summary>Elapsed simulated time [fs].</summary>
    public double TimeFs { get; set; }

    /// <summary>Incremented by <see cref="Touch"/> whenever positions or box change.</summary>
    public long Version { get; private set; }

    /// <summary>Number of atoms.</summary>
    public int AtomCount => Positions.Length;

    /// <summary>Marks the state as changed (invalidates caches keyed on <see cref="Version"/>).</summary>
    public void Touch() => Version++;

    /// <summary>Wraps all positions into the box, updating image flags.</summary>
    public void WrapAll()
    {
        for (int i = 0; i < Positions.Length; i++)
        {
            Positions[i] = Box.Wrap(Positions[i], ref Images[i]);
        }

        Touch();
    }

    /// <summary>Unwrapped position of atom <paramref name="i"/> [Å].</summary>
    public Vec3 UnwrappedPosition(int i) => Box.Unwrap(Positions[i], Images[i]);

    /// <summary>Kinetic energy [kcal/mol] (m v² / 2 with the mvv2e factor of LAMMPS real units).</summary>
    public double KineticEnergy()
    {
        double sum = 0;
        var m = Topology.Masses;
        for (int i = 0; i < Velocities.Length; i++)
        {
            sum += m[i] * Velocities[i].NormSquared;
        }

        return 0.5 * Units.MvvToEnergy * sum;
    }

    /// <summary>An immutable snapshot of the current state.</summary>
    public Frame Snapshot() => new(Box, (Vec3[])Positions.Clone(), Topology.Ids.ToArray(), Topology.Types.ToArray(), Topology.TypeNames)
    {
        Step = Step,
        TimeFs = TimeFs,
        Velocities = (Vec3[])Velocities.Clone(),
        Images = (Int3[])Images.Clone(),
        Topology = Topology,
    };

    /// <summary>A deep copy (same topology).</summary>
    public SystemState Clone() => new(Topology, Box, (Vec3[])Positions.Clone(), (Vec3[])Velocities.Clone(), (Int3[])Images.Clone())
    {
        Step = Step,
        TimeFs = TimeFs,
    };
}
