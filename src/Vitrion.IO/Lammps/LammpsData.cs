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

    /// <summary>A mutable state (positions, velocities, images copied) for this data.</summary>
    public SystemState ToState() => new(Topology, Box, (Vec3[])Positions.Clone(),
        Velocities is null ? null : (Vec3[])Velocities.Clone(), (Int3[])Images.Clone());

    /// <summary>An immutable frame of this data.</summary>
    public Frame ToFrame() => Frame.FromTopology(Topology, Box, (Vec3[])Positions.Clone(),
        Velocities is null ? null : (Vec3[])Velocities.Clone(), (Int3[])Images.Clone());

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
    };
}
