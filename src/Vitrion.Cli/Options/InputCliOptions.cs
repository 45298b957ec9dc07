using System.CommandLine;

namespace Vitrion.Cli.Options;

/// <summary>
/// The one definition of the options that say how to read a structure or trajectory: <c>--format</c>,
/// <c>--frames</c>, <c>--type-names</c> and the data file whose topology belongs to a dump (<c>--topology</c>, or
/// <c>--data</c> in the transport analyses). The groups (<see cref="TrajectoryCliOptions"/>, <see cref="StructureCli"/>,
/// <see cref="IoCli"/>) and the commands take them from here.
/// </summary>
internal static class InputCliOptions
{
    /// <summary><c>--format</c>: data, dump or xyz.</summary>
    public static Option<string?> Format() => new("--format") { Description = "Input format: data, dump or xyz (default: from the extension: .data/.lmp, .dump/.lammpstrj, .xyz/.extxyz)." };

    /// <summary><c>--frames</c>: a start:stop:step slice (parsed by <c>TrajectoryInput.ParseSlice</c>).</summary>
    public static Option<string?> Frames() => new("--frames") { Description = "Frames to use as start:stop:step (0-based, stop exclusive, Python slice; e.g. 10::5; N alone is frame N). Default: all frames." };

    /// <summary><c>--type-names</c>: names of LAMMPS types 1, 2, …</summary>
    /// <param name="note">what else the names decide for this command, or null.</param>
    public static Option<string?> TypeNames(string? note = null) => new("--type-names")
    {
        Description = "Atom type names in LAMMPS type order, comma-separated (e.g. P2,S2,Pa,S1,Sc,P4,S4,Li for the reference glass), for files that have only type numbers. Default: from the file (Masses comments, element column, type_name property), else inferred from masses and charges." + (note is null ? string.Empty : " " + note),
    };

    /// <summary>The LAMMPS data file whose topology belongs to a dump or XYZ input.</summary>
    /// <param name="name"><c>--topology</c> or <c>--data</c>.</param>
    public static Option<string?> Topology(string name = "--topology") => new(name) { Description = "LAMMPS data file whose topology (type names, masses, charges, bonds) belongs to a dump or XYZ input, matched by atom id. Default: none." };
}
