using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Options;

/// <summary>Options shared by the I/O commands (info, convert).</summary>
internal static class IoCli
{
    public static (Option<string?> Format, Option<string?> TypeNames, Option<string?> Topology) InputOptions() => (
        new Option<string?>("--format") { Description = "Input format: data, dump or xyz (default: from the extension: .data/.lmp, .dump/.lammpstrj, .xyz/.extxyz)." },
        new Option<string?>("--type-names") { Description = "Atom type names in LAMMPS type order, comma-separated (e.g. P2,S2,Pa,S1,Sc,P4,S4,Li). Default: from the file (Masses comments, element column, type_name property), else inferred from masses and charges, else the type numbers." },
        new Option<string?>("--topology") { Description = "LAMMPS data file whose topology (types, masses, charges, bonds) belongs to a dump or XYZ input, matched by atom id. Default: none." });

    /// <summary>Parses <c>--type-names</c> (null when not given); every name must be non-empty and without spaces.</summary>
    public static IReadOnlyList<string>? TypeNames(string? typeNames)
    {
        if (typeNames is null) { return null; }
        var names = typeNames.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0 || n.Any(char.IsWhiteSpace)))
        {
            throw new InputException($"--type-names '{typeNames}' must be a comma-separated list of non-empty names, e.g. P2,S2,Li");
        }

        return names;
    }

    public static StructureReadOptions ReadOptions(string path, string? format, string? typeNames, string? topologyPath)
    {
        var names = TypeNames(typeNames);

        Topology? topo = null;
        if (topologyPath is not null)
        {
            topo = LammpsDataReader.Read(topologyPath, new LammpsDataReadOptions { TypeNames = names }).Topology;
        }

        return new StructureReadOptions { Format = format, TypeNames = names, Topology = topo };
    }
}
