using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Commands;

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
