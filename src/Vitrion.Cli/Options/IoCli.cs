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
        InputCliOptions.Format(),
        InputCliOptions.TypeNames(),
        InputCliOptions.Topology());

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
