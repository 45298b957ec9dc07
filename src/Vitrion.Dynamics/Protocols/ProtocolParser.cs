using System.Collections.Immutable;
using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Dynamics.Protocols;

/// <summary>
/// Reads a protocol TOML file. Top level: <c>data</c> (required), <c>forcefield</c>, <c>kspace</c> ("pppm" | "ewald" | "none"),
/// <c>accuracy</c>, <c>cutoff</c> [Å], <c>skin</c> [Å], <c>threads</c>, <c>seed</c>, <c>dt</c> [fs], <c>final_data</c>;
/// tables <c>[thermo]</c>, <c>[dump]</c>, <c>[checkpoint]</c> with <c>file</c> and <c>every</c>; then one
/// <c>[[stage]]</c> per stage with <c>type</c> (minimise | nve | nvt | npt | langevin), <c>steps</c>, <c>name</c>,
/// <c>dt</c>, <c>temp</c> and <c>press</c> (a number = constant; <c>[a, b]</c> or <c>"a:b"</c> = linear ramp;
/// <c>[[f0, v0], [f1, v1], …]</c> = piecewise linear over the stage fraction f ∈ [0, 1]), <c>tdamp</c> [fs],
/// <c>pdamp</c> [fs], <c>velocities</c> [K] (Maxwell–Boltzmann at the stage start), <c>seed</c>,
/// <c>thermo_every</c>, <c>dump_every</c>, <c>ftol</c> [kcal/mol/Å] (minimise). Every error names the file and line.
/// </summary>
public static class ProtocolParser
{
    /// <summary>Parses a protocol file.</summary>
    public static Protocol Load(string path)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "protocol file not found"); }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses protocol text; relative paths are resolved from the folder of <paramref name="path"/>.</summary>
    public static Protocol Parse(string text, string path)
    {
        var root = new TomlReader(path, TomlTree.Parse(text, path));
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string Resolve(string p) => Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(dir, p));

        string data = root.String("data") ?? throw new InputException(path, 1, "missing 'data = \"FILE.data\"' (the starting structure)");
        string? ffFile = root.String("forcefield");
        string kspaceName = root.String("kspace") ?? "pppm";
        if (!KspaceStyleNames.TryParse(kspaceName, out var kspace)) { throw root.Error(root.Map.Entries["kspace"], $"kspace '{kspaceName}': expected pppm, ewald or none"); }
        var ff = new ForceFieldSettings(
            ffFile is null ? null : Resolve(ffFile),
            kspace,
            root.Double("accuracy", 0, 1, exclusiveMin: true) ?? 1e-5,
            root.Double("cutoff", 0, null, exclusiveMin: true),
            root.Double("skin", 0) ?? 2.0,
            (int)(root.Long("threads", 0) ?? 0));
        ulong seed = (ulong)(root.Long("seed", 0) ?? 12345);
        double dt = root.Double("dt", 0, 10, exclusiveMin: true) ?? 1.0;
        string? finalData = root.String("final_data");

        OutputSpec? Output(string key, long defaultEvery)
        {
            var t = root.Table(key);
            if (t is null) { return null; }
            string file = t.String("file") ?? throw new InputException(path, t.Line, $"[{key}] needs 'file'");
            long every = t.Long("every", 0) ?? defaultEvery;
            t.RejectUnknown($"[{key}]");
            return new OutputSpec(Resolve(file), every);
        }

        var thermo = Output("thermo", 100);
        var dump = Output("dump", 1000);
        var checkpoint = Output("checkpoint", 10000);

        var stageNode = root.Node("stage");
        if (stageNode is not TomlList { Items.Count: > 0 } list)
        {
            throw root.Error(stageNode, "the protocol needs at least one [[stage]] table");
        }

        var stages = ImmutableArray.CreateBuilder<ProtocolStage>();
        foreach (var item in list.Items)
        {
            if (item is not TomlMap map) { throw root.Error(item, "each stage must be a table ([[stage]])"); }
            stages.Add(ParseStage(new TomlReader(path, map), stages.Count + 1));
        }

        root.RejectUnknown("the protocol (top level)");
        return new Protocol
        {
            SourcePath = Path.GetFullPath(path),
            DataFile = Resolve(data),
            ForceField = ff,
            Seed = seed,
            TimestepFs = dt,
            Thermo = thermo,
            Dump = dump,
            Checkpoint = checkpoint,
            FinalData = finalData is null ? null : Resolve(finalData),
            Stages = stages.ToImmutable(),
        };
    }

    private static ProtocolStage ParseStage(TomlReader r, int index)
    {
        var typeNode = r.Node("type");
        string type = typeNode is TomlScalar { Value: string s } ? s.ToLowerInvariant()
            : throw r.Error(typeNode, $"stage {index}: 'type' must be one of minimise, nve, nvt, npt, langevin");
        StageKind kind = type switch
        {
            "minimise" or "minimize" or "min" => StageKind.Minimise,
            "nve" => StageKind.Nve,
            "nvt" => StageKind.Nvt,
            "npt" => StageKind.Npt,
            "langevin" => StageKind.Langevin,
            _ => throw r.Error(typeNode, $"stage {index}: unknown type \"{type}\" (expected minimise, nve, nvt, npt or langevin)"),
        };
        long steps = r.Long("steps", 0) ?? (kind == StageKind.Minimise ? 1000 : throw new InputException(r.Path, r.Line, $"stage {index}: 'steps' is required"));
        var temp = ScheduleOf(r, "temp");
        var press = ScheduleOf(r, "press");
        if (kind is StageKind.Nvt or StageKind.Npt or StageKind.Langevin && temp is null)
        {
            throw new InputException(r.Path, r.Line, $"stage {index} ({type}) needs 'temp' [K]");
        }

        if (kind == StageKind.Npt && press is null)
        {
            throw new InputException(r.Path, r.Line, $"stage {index} (npt) needs 'press' [atm]");
        }

        if (temp is not null && Enumerable.Range(0, 11).Any(k => !(temp.ValueAt(k / 10.0) > 0)))
        {
            throw r.Error(r.Map.Entries["temp"], $"stage {index}: temperatures must be positive [K]");
        }

        var stage = new ProtocolStage
        {
            Name = r.String("name") ?? $"stage {index} ({type})",
            Kind = kind,
            Steps = steps,
            TimestepFs = r.Double("dt", 0, 10, exclusiveMin: true),
            Temperature = temp,
            Pressure = press,
            TdampFs = r.Double("tdamp", 0, null, exclusiveMin: true) ?? 100,
            PdampFs = r.Double("pdamp", 0, null, exclusiveMin: true) ?? 1000,
            VelocityTemperature = r.Double("velocities", 0),
            Seed = r.Long("seed", 0) is { } sd ? (ulong)sd : null,
            ThermoEvery = r.Long("thermo_every", 0),
            DumpEvery = r.Long("dump_every", 0),
            ForceTolerance = r.Double("ftol", 0, null, exclusiveMin: true) ?? 0.1,
            Line = r.Line,
        };
        r.RejectUnknown($"stage {index}");
        return stage;
    }

    private static Schedule? ScheduleOf(TomlReader r, string key)
    {
        var n = r.Node(key);
        switch (n)
        {
            case null: return null;
            case TomlScalar { Value: string s }:
                try { return Schedule.Parse(s); }
                catch (FormatException e) { throw r.Error(n, $"'{key}': {e.Message}"); }
            case TomlScalar:
                return Schedule.Constant(r.AsDouble(n, key));
            case TomlList { Items.Count: 2 } l when l.Items.All(i => i is TomlScalar):
                return Schedule.Linear(r.AsDouble(l.Items[0], key), r.AsDouble(l.Items[1], key));
            case TomlList l when l.Items.Count > 0 && l.Items.All(i => i is TomlList { Items.Count: 2 }):
                var pts = l.Items.Cast<TomlList>().Select(p => (r.AsDouble(p.Items[0], key), r.AsDouble(p.Items[1], key))).ToArray();
                try { return new PiecewiseSchedule(pts); }
                catch (ArgumentException e) { throw r.Error(n, $"'{key}': {e.Message}"); }
            default:
                throw r.Error(n, $"'{key}' must be a number, \"start:end\", [start, end] or [[fraction, value], …]");
        }
    }
}
