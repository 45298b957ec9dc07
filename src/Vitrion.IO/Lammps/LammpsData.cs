using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.IO.Lammps;

/// <summary>Where the atom type names of a data file came from.</summary>
public enum TypeNameSource
{
    /// <summary>Comments after the Masses lines (<c>1 30.9738 # P2</c>) or a "Atom Type Labels" section.</summary>
    File,

    /// <summary>Given by the caller.</summary>
    Given,

    /// <summary>Recognised as Ariga 2022 types from each type's mass and charge (<see cref="AtomTypes.GuessAriga2022Names"/>).</summary>
    Inferred,

    /// <summary>Not known: the names are the type numbers ("1", "2", …).</summary>
    Numbers,
}

/// <summary>
/// The content of a LAMMPS data file: topology, box, positions [Å], velocities [Å/fs] and image flags, plus
/// every coefficient section passed through verbatim (e.g. "Bond Coeffs" → its lines) so a written file keeps them.
/// </summary>
public sealed record LammpsData
{
    /// <summary>The header line (first line of the file).</summary>
    public string Header { get; init; } = "LAMMPS data file written by Vitrion";

    /// <summary>atom_style of the Atoms section ("full" or "atomic"; "charge" and "molecular" are read too).</summary>
    public string AtomStyle { get; init; } = "full";

    /// <summary>The topology.</summary>
    public required Topology Topology { get; init; }

    /// <summary>The box.</summary>
    public required Box Box { get; init; }

    /// <summary>Positions [Å] as written in the file, in the atom order of the topology (sorted by id).</summary>
    public required Vec3[] Positions { get; init; }

    /// <summary>Image flags (zero where the file has none).</summary>
    public required Int3[] Images { get; init; }

    /// <summary>Velocities [Å/fs], or null when the file has no Velocities section.</summary>
    public Vec3[]? Velocities { get; init; }

    /// <summary>Where the type names came from.</summary>
    public TypeNameSource TypeNameSource { get; init; } = TypeNameSource.File;

    /// <summary>Coefficient sections by their header (e.g. "Bond Coeffs # class2") with their raw lines.</summary>
    public ImmutableArray<(string Header, ImmutableArray<string> Lines)> CoefficientSections { get; init; } = [];

    /// <summary>Number of bond types the header declares (null = from the topology and the coefficient sections).</summary>
    public int? BondTypes { get; init; }

    /// <summary>Number of angle types the header declares (null = from the topology and the coefficient sections).</summary>
    public int? AngleTypes { get; init; }

    /// <summary>Number of dihedral types the header declares (null = from the topology and the coefficient sections).</summary>
    public int? DihedralTypes { get; init; }

    /// <summary>A mutable state (positions, velocities, images copied) for this data.</summary>
    public SystemState ToState() => new(Topology, Box, (Vec3[])Positions.Clone(),
        Velocities is null ? null : (Vec3[])Velocities.Clone(), (Int3[])Images.Clone());

    /// <summary>An immutable frame of this data.</summary>
    public Frame ToFrame() => Frame.FromTopology(Topology, Box, (Vec3[])Positions.Clone(),
        Velocities is null ? null : (Vec3[])Velocities.Clone(), (Int3[])Images.Clone());

    /// <summary>
    /// Data for a frame. With a topology (the frame's own or <paramref name="topology"/>, matched by atom id) the
    /// result is atom_style full with bonds, angles and dihedrals; without one it is atom_style atomic, with masses
    /// from the type names (Ariga 2022 types or element symbols). Unwrapped positions are wrapped into the box with
    /// image flags.
    /// </summary>
    /// <param name="frame">the frame.</param>
    /// <param name="topology">a topology for frames without one (e.g. from a dump), or null.</param>
    /// <param name="template">data whose header, atom style and coefficient sections to keep, or null.</param>
    /// <exception cref="InputException">when the topology does not fit the frame or a type has no known mass.</exception>
    public static LammpsData FromFrame(Frame frame, Topology? topology = null, LammpsData? template = null)
    {
        int n = frame.AtomCount;
        var positions = new Vec3[n];
        var images = new Int3[n];
        for (int i = 0; i < n; i++)
        {
            if (frame.PositionsAreUnwrapped)
            {
                Int3 img = default;
                positions[i] = frame.Box.Wrap(frame.Positions[i], ref img);
                images[i] = img;
            }
            else
            {
                positions[i] = frame.Positions[i];
                images[i] = frame.Images?[i] ?? default;
            }
        }

        Vec3[]? velocities = frame.Velocities is null ? null : (Vec3[])frame.Velocities.Clone();
        topology ??= frame.Topology;
        if (topology is not null)
        {
            if (topology.AtomCount != n)
            {
                throw new InputException($"the topology has {topology.AtomCount} atoms but the frame has {n}; give the data file the trajectory was run from");
            }

            // Reorder the frame into the topology's atom order (by id).
            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                if (!topology.TryIndexOfId(frame.Ids[i], out int k))
                {
                    throw new InputException($"atom id {frame.Ids[i]} of the frame is not in the topology; give the data file the trajectory was run from");
                }

                order[k] = i;
                if (frame.Types[i] != topology.Types[k] && frame.TypeNames[frame.Types[i]] != topology.TypeNames[topology.Types[k]])
                {
                    throw new InputException($"atom id {frame.Ids[i]} has type {frame.TypeNames[frame.Types[i]]} in the frame but {topology.TypeNames[topology.Types[k]]} in the topology");
                }
            }

            positions = order.Select(i => positions[i]).ToArray();
            images = order.Select(i => images[i]).ToArray();
            velocities = velocities is null ? null : order.Select(i => velocities[i]).ToArray();
            return new LammpsData
            {
                Header = template?.Header ?? "LAMMPS data file written by Vitrion",
                AtomStyle = template?.AtomStyle is { Length: > 0 } s ? s : "full",
                Topology = topology,
                Box = frame.Box,
                Positions = positions,
                Images = images,
                Velocities = velocities,
                TypeNameSource = template?.TypeNameSource ?? TypeNameSource.Given,
                CoefficientSections = template?.CoefficientSections ?? [],
                BondTypes = template?.BondTypes,
                AngleTypes = template?.AngleTypes,
                DihedralTypes = template?.DihedralTypes,
            };
        }

        var masses = new double[frame.TypeNames.Length];
        for (int t = 0; t < masses.Length; t++)
        {
            string name = frame.TypeNames[t];
            double? m = AtomTypes.Ariga2022.FirstOrDefault(a => a.Name == name)?.Mass
                ?? (AtomTypes.ElementOf(name) is { } el ? AtomTypes.MassOfElement(el) : null);
            masses[t] = m ?? throw new InputException(
                $"no mass is known for atom type '{name}' (type {t + 1}); name the types (--type-names Li,P4,...) or give a data file as topology (--topology)");
        }

        var topo = new Topology(frame.TypeNames, masses, frame.Types.ToArray(), new double[n], frame.Ids.ToArray());
        return new LammpsData
        {
            Header = template?.Header ?? "LAMMPS data file written by Vitrion",
            AtomStyle = "atomic",
            Topology = topo,
            Box = frame.Box,
            Positions = positions,
            Images = images,
            Velocities = velocities,
            TypeNameSource = TypeNameSource.Given,
        };
    }

    /// <summary>Data for a state (e.g. the end of a run), keeping this file's header and coefficient sections.</summary>
    public static LammpsData FromState(SystemState state, LammpsData? template = null) => new()
    {
        Header = template?.Header ?? "LAMMPS data file written by Vitrion",
        AtomStyle = template?.AtomStyle ?? (state.Topology.Bonds.IsEmpty && state.Topology.Charges.All(q => q == 0) ? "atomic" : "full"),
        Topology = state.Topology,
        Box = state.Box,
        Positions = (Vec3[])state.Positions.Clone(),
        Images = (Int3[])state.Images.Clone(),
        Velocities = (Vec3[])state.Velocities.Clone(),
        TypeNameSource = template?.TypeNameSource ?? TypeNameSource.Given,
        CoefficientSections = template?.CoefficientSections ?? [],
        BondTypes = template?.BondTypes,
        AngleTypes = template?.AngleTypes,
        DihedralTypes = template?.DihedralTypes,
    };
}
