using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Vitrion.Core;

/// <summary>
/// An immutable snapshot: what analyses and writers see. Positions [Å] are as stored (wrapped with
/// <see cref="Images"/>, or already unwrapped when <see cref="PositionsAreUnwrapped"/>). Per-atom arrays are
/// in the same atom order as <see cref="Ids"/> (readers sort by id).
/// </summary>
public sealed class Frame
{
    /// <summary>Creates a frame; arrays are adopted, not copied.</summary>
    /// <param name="box">the box.</param>
    /// <param name="positions">positions [Å].</param>
    /// <param name="ids">LAMMPS atom ids.</param>
    /// <param name="types">0-based atom types (indices into <paramref name="typeNames"/>).</param>
    /// <param name="typeNames">type names by 0-based type.</param>
    public Frame(Box box, Vec3[] positions, int[] ids, int[] types, IReadOnlyList<string> typeNames)
    {
        if (ids.Length != positions.Length || types.Length != positions.Length)
        {
            throw new ArgumentException("positions, ids and types must have the same length.");
        }

        Box = box;
        Positions = ImmutableCollectionsMarshal.AsImmutableArray(positions);
        Ids = ImmutableCollectionsMarshal.AsImmutableArray(ids);
        Types = ImmutableCollectionsMarshal.AsImmutableArray(types);
        TypeNames = typeNames.ToImmutableArray();
    }

    /// <summary>A frame of a state-less topology (positions and box given).</summary>
    public static Frame FromTopology(Topology topology, Box box, Vec3[] positions, Vec3[]? velocities = null, Int3[]? images = null) =>
        new(box, positions, topology.Ids.ToArray(), topology.Types.ToArray(), topology.TypeNames)
        {
            Topology = topology,
            Velocities = velocities,
            Images = images,
        };

    /// <summary>The same frame with one more (or a replaced) extra per-atom column; arrays are shared, not copied.</summary>
    /// <param name="name">column name (e.g. "c_voro").</param>
    /// <param name="values">one value per atom, in this frame's atom order.</param>
    /// <returns>the new frame.</returns>
    public Frame WithExtra(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != AtomCount) { throw new ArgumentException($"column '{name}' has {values.Length} values for {AtomCount} atoms", nameof(values)); }
        return new Frame(Box, ImmutableCollectionsMarshal.AsArray(Positions)!, ImmutableCollectionsMarshal.AsArray(Ids)!, ImmutableCollectionsMarshal.AsArray(Types)!, TypeNames)
        {
            Step = Step,
            TimeFs = TimeFs,
            PositionsAreUnwrapped = PositionsAreUnwrapped,
            Images = Images,
            Velocities = Velocities,
            Forces = Forces,
            Extra = Extra.SetItem(name, values),
            Topology = Topology,
        };
    }

    /// <summary>Timestep.</summary>
    public long Step { get; init; }

    /// <summary>Simulated time [fs] (NaN when unknown; then step × timestep is used by analyses).</summary>
    public double TimeFs { get; init; } = double.NaN;

    /// <summary>The box.</summary>
    public Box Box { get; }

    /// <summary>Number of atoms.</summary>
    public int AtomCount => Positions.Length;

    /// <summary>Positions [Å].</summary>
    public ImmutableArray<Vec3> Positions { get; }

    /// <summary>LAMMPS atom ids.</summary>
    public ImmutableArray<int> Ids { get; }

    /// <summary>0-based atom types.</summary>
    public ImmutableArray<int> Types { get; }

    /// <summary>Type names by 0-based type.</summary>
    public ImmutableArray<string> TypeNames { get; }

    /// <summary>True when <see cref="Positions"/> are unwrapped (e.g. dump columns xu yu zu).</summary>
    public bool PositionsAreUnwrapped { get; init; }

    /// <summary>Image flags, when known.</summary>
    public Int3[]? Images
    {
        get => _images;
        init => _images = value is null || value.Length == Positions.Length ? value : throw new ArgumentException("images length");
    }

    /// <summary>Velocities [Å/fs], when known.</summary>
    public Vec3[]? Velocities
    {
        get => _velocities;
        init => _velocities = value is null || value.Length == Positions.Length ? value : throw new ArgumentException("velocities length");
    }

    /// <summary>Forces [kcal/mol/Å], when known.</summary>
    public Vec3[]? Forces
    {
        get => _forces;
        init => _forces = value is null || value.Length == Positions.Length ? value : throw new ArgumentException("forces length");
    }

    /// <summary>Extra per-atom columns by name (e.g. "c_pe", "softness").</summary>
    public ImmutableDictionary<string, double[]> Extra { get; init; } = ImmutableDictionary<string, double[]>.Empty;

    /// <summary>The topology, when the source had one (data files, the engine).</summary>
    public Topology? Topology { get; init; }

    private readonly Int3[]? _images;
    private readonly Vec3[]? _velocities;
    private readonly Vec3[]? _forces;

    /// <summary>Unwrapped position of atom <paramref name="i"/> [Å] (positions themselves when already unwrapped or images unknown).</summary>
    public Vec3 UnwrappedPosition(int i) =>
        PositionsAreUnwrapped || Images is null ? Positions[i] : Box.Unwrap(Positions[i], Images[i]);

    /// <summary>Positions wrapped into the box [Å].</summary>
    public Vec3[] WrappedPositions()
    {
        var w = new Vec3[AtomCount];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = Box.Wrap(Positions[i]);
        }

        return w;
    }

    /// <summary>Indices of atoms whose type name is in <paramref name="names"/>.</summary>
    public int[] IndicesOfTypes(params string[] names)
    {
        var set = new HashSet<int>();
        for (int t = 0; t < TypeNames.Length; t++)
        {
            if (names.Contains(TypeNames[t])) { set.Add(t); }
        }

        var list = new List<int>();
        for (int i = 0; i < AtomCount; i++)
        {
            if (set.Contains(Types[i])) { list.Add(i); }
        }

        return list.ToArray();
    }
}
