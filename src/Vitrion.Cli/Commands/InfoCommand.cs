using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion info FILE</c>: what a structure or trajectory file holds.</summary>
public sealed class InfoCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var input = new Argument<string>("file") { Description = "LAMMPS data (.data/.lmp), LAMMPS dump (.dump/.lammpstrj) or extended XYZ (.xyz/.extxyz) file." };
        var json = new Option<bool>("--json") { Description = "Print JSON (keys: file, format, atoms, types {name: count}, bonds, angles, dihedrals, box {xlo, ylo, zlo, lx, ly, lz, xy, xz, yz [Å], periodic}, volume [Å³], density [g/cm³], charge [e], frames, first_step, last_step) instead of a table." };
        var (format, typeNames, topology) = IoCli.InputOptions();
        var cmd = new Command("info",
            "Summarise a structure or trajectory: atoms, atoms per type, bonds/angles/dihedrals, box (with tilts), volume [Å³], " +
            "density [g/cm³] and total charge [e]. For a trajectory every frame is read (validating the file, memory independent of " +
            "its length); the composition and box are those of the first frame. Density needs masses (a data file, --topology, or " +
            "type names of the Ariga 2022 force field or chemical elements); charge needs a topology or a 'q' column.")
        {
            input, json, format, typeNames, topology,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string path = pr.GetValue(input)!;
            var options = IoCli.ReadOptions(path, pr.GetValue(format), pr.GetValue(typeNames), pr.GetValue(topology));
            var info = FileInfoSummary.Of(path, options);
            Console.Out.Write(pr.GetValue(json) ? info.ToJson() + "\n" : info.ToText());
            return 0;
        }));
        DeviceOption.AddDevices(cmd, input);
        return cmd;
    }
}

/// <summary>What <c>vitrion info</c> reports about a file.</summary>
internal sealed record FileInfoSummary(
    string File, string Format, Frame First, int Frames, long LastStep, int? Bonds, int? Angles, int? Dihedrals, double? Density, double? Charge)
{
    public static FileInfoSummary Of(string path, StructureReadOptions options)
    {
        if (Directory.Exists(path)) { throw new InputException(path, 0, "is a directory, not a structure or trajectory file"); }
        string format = StructureFile.FormatOf(path, options.Format);
        Frame? first = null;
        int frames = 0;
        long last = 0;
        foreach (var f in StructureFile.ReadFrames(path, options))
        {
            first ??= f;
            frames++;
            last = f.Step;
        }

        if (first is null) { throw new InputException(path, 0, "file holds no frame"); }
        var topo = first.Topology;
        double? totalMass = null;
        if (topo is not null)
        {
            totalMass = topo.TotalMass;
        }
        else
        {
            var typeMass = first.TypeNames.Select(n => AtomTypes.Ariga2022.FirstOrDefault(a => a.Name == n)?.Mass
                ?? (AtomTypes.ElementOf(n) is { } el ? AtomTypes.MassOfElement(el) : null)).ToArray();
            if (typeMass.All(m => m is not null)) { totalMass = first.Types.Sum(t => typeMass[t]!.Value); }
        }

        double? density = totalMass / first.Box.Volume * Units.DensityToGramPerCm3;
        double? charge = topo?.TotalCharge ?? (first.Extra.TryGetValue("q", out var q) ? q.Sum() : null);
        return new FileInfoSummary(path, format, first, frames, last, topo?.Bonds.Length, topo?.Angles.Length, topo?.Dihedrals.Length, density, charge);
    }

    private int[] Counts()
    {
        var c = new int[First.TypeNames.Length];
        foreach (int t in First.Types) { c[t]++; }
        return c;
    }

    public string ToJson()
    {
        var b = First.Box;
        var types = new JsonObject();
        var counts = Counts();
        for (int t = 0; t < counts.Length; t++)
        {
            // Duplicate names (e.g. elements from a dump's element column) add up.
            string name = First.TypeNames[t];
            types[name] = (types[name]?.GetValue<int>() ?? 0) + counts[t];
        }

        var node = new JsonObject
        {
            ["file"] = File,
            ["format"] = Format,
            ["atoms"] = First.AtomCount,
            ["types"] = types,
            ["bonds"] = Bonds,
            ["angles"] = Angles,
            ["dihedrals"] = Dihedrals,
            ["box"] = new JsonObject
            {
                ["xlo"] = b.Origin.X, ["ylo"] = b.Origin.Y, ["zlo"] = b.Origin.Z,
                ["lx"] = b.Lx, ["ly"] = b.Ly, ["lz"] = b.Lz,
                ["xy"] = b.Xy, ["xz"] = b.Xz, ["yz"] = b.Yz,
                ["periodic"] = new JsonArray(b.Periodic.X, b.Periodic.Y, b.Periodic.Z),
            },
            ["volume"] = b.Volume,
            ["density"] = Density,
            ["charge"] = Charge,
            ["frames"] = Frames,
            ["first_step"] = First.Step,
            ["last_step"] = LastStep,
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public string ToText()
    {
        var b = First.Box;
        var sb = new StringBuilder();
        void Row(string k, string v) => sb.Append(CultureInfo.InvariantCulture, $"{k,-14} {v}\n");
        string F(double v, string fmt) => v.ToString(fmt, CultureInfo.InvariantCulture);
        Row("file", File);
        Row("format", Format);
        Row("frames", Frames == 1 ? "1" : FormattableString.Invariant($"{Frames} (steps {First.Step} .. {LastStep})"));
        Row("atoms", First.AtomCount.ToString(CultureInfo.InvariantCulture));
        var counts = Counts();
        for (int t = 0; t < counts.Length; t++)
        {
            Row(t == 0 ? "types" : string.Empty, FormattableString.Invariant($"{t + 1,3}  {First.TypeNames[t],-6} {counts[t],8}"));
        }

        Row("bonds", Bonds?.ToString(CultureInfo.InvariantCulture) ?? "(no topology)");
        Row("angles", Angles?.ToString(CultureInfo.InvariantCulture) ?? "(no topology)");
        Row("dihedrals", Dihedrals?.ToString(CultureInfo.InvariantCulture) ?? "(no topology)");
        Row("box origin", FormattableString.Invariant($"{b.Origin.X:G10} {b.Origin.Y:G10} {b.Origin.Z:G10} Å"));
        Row("box lengths", FormattableString.Invariant($"{b.Lx:G10} {b.Ly:G10} {b.Lz:G10} Å"));
        if (b.IsTriclinic) { Row("box tilts", FormattableString.Invariant($"xy {b.Xy:G10}  xz {b.Xz:G10}  yz {b.Yz:G10} Å")); }
        Row("periodic", FormattableString.Invariant($"{(b.Periodic.X ? 'p' : 'f')} {(b.Periodic.Y ? 'p' : 'f')} {(b.Periodic.Z ? 'p' : 'f')}"));
        Row("volume", F(b.Volume, "F3") + " Å³");
        Row("density", Density is { } d ? F(d, "F4") + " g/cm³" : "(masses unknown: give --type-names or --topology)");
        Row("charge", Charge is { } q ? F(q, "G6") + " e" : "(no charges)");
        return sb.ToString();
    }
}

/// <summary>Options shared by the I/O commands (info, convert).</summary>
internal static class IoCli
{
    /// <summary>Parses --kspace: pppm (also when null), ewald or none.</summary>
    public static Vitrion.ForceField.KspaceStyle Kspace(string? value) => (value ?? "pppm").ToLowerInvariant() switch
    {
        "pppm" => Vitrion.ForceField.KspaceStyle.Pppm,
        "ewald" => Vitrion.ForceField.KspaceStyle.Ewald,
        "none" => Vitrion.ForceField.KspaceStyle.None,
        var s => throw new InputException($"--kspace '{s}': expected pppm, ewald or none"),
    };

    public static (Option<string?> Format, Option<string?> TypeNames, Option<string?> Topology) InputOptions() => (
        new Option<string?>("--format") { Description = "Input format: data, dump or xyz (default: from the extension: .data/.lmp, .dump/.lammpstrj, .xyz/.extxyz)." },
        new Option<string?>("--type-names") { Description = "Atom type names in LAMMPS type order, comma-separated (e.g. P2,S2,Pa,S1,Sc,P4,S4,Li). Default: from the file (Masses comments, element column, type_name property), else inferred from masses and charges, else the type numbers." },
        new Option<string?>("--topology") { Description = "LAMMPS data file whose topology (types, masses, charges, bonds) belongs to a dump or XYZ input, matched by atom id. Default: none." });

    public static StructureReadOptions ReadOptions(string path, string? format, string? typeNames, string? topologyPath)
    {
        IReadOnlyList<string>? names = null;
        if (typeNames is not null)
        {
            names = typeNames.Split(',', StringSplitOptions.TrimEntries);
            if (names.Any(n => n.Length == 0 || n.Any(char.IsWhiteSpace)))
            {
                throw new InputException($"--type-names '{typeNames}' must be a comma-separated list of non-empty names, e.g. P2,S2,Li");
            }
        }

        Topology? topo = null;
        if (topologyPath is not null)
        {
            topo = LammpsDataReader.Read(topologyPath, new LammpsDataReadOptions { TypeNames = names }).Topology;
        }

        return new StructureReadOptions { Format = format, TypeNames = names, Topology = topo };
    }
}
