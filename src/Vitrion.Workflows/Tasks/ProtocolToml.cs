using System.Globalization;
using System.Text;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;
using Vitrion.IO;

namespace Vitrion.Workflows.Tasks;

/// <summary>
/// Writes a <see cref="Protocol"/> record as protocol TOML (the format <see cref="ProtocolParser"/> reads and
/// <c>vitrion run</c> runs), so that a protocol built in code is the record itself and its file is only a copy for
/// the user. Paths are written relative to the file's folder when they lie below it.
/// </summary>
public static class ProtocolToml
{
    /// <summary>The TOML text of <paramref name="p"/> as it would be saved to <paramref name="path"/>.</summary>
    /// <param name="p">the protocol.</param>
    /// <param name="path">where the file goes (relative paths are made from its folder).</param>
    /// <param name="comment">optional comment lines written at the top (without '#').</param>
    /// <returns>TOML text.</returns>
    public static string Format(Protocol p, string path, IEnumerable<string>? comment = null)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string Rel(string f)
        {
            string r = Path.GetRelativePath(dir, f);
            return r.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(f) : r;
        }

        var sb = new StringBuilder();
        foreach (var c in comment ?? []) { sb.Append("# ").Append(c).Append('\n'); }
        sb.Append("data = ").Append(Str(Rel(p.DataFile))).Append('\n');
        var ff = p.ForceField;
        if (ff.ForceFieldFile is not null) { sb.Append("forcefield = ").Append(Str(Rel(ff.ForceFieldFile))).Append('\n'); }
        sb.Append("kspace = ").Append(Str(KspaceStyleNames.Name(ff.Kspace))).Append('\n');
        sb.Append("accuracy = ").Append(D(ff.Accuracy)).Append('\n');
        if (ff.Cutoff is { } rc) { sb.Append("cutoff = ").Append(D(rc)).Append('\n'); }
        sb.Append("skin = ").Append(D(ff.Skin)).Append('\n');
        sb.Append("threads = ").Append(ff.Threads.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("seed = ").Append(p.Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("dt = ").Append(D(p.TimestepFs)).Append('\n');
        if (p.FinalData is not null) { sb.Append("final_data = ").Append(Str(Rel(p.FinalData))).Append('\n'); }
        void Output(string key, OutputSpec? o)
        {
            if (o?.File is null) { return; }
            sb.Append('\n').Append('[').Append(key).Append("]\nfile = ").Append(Str(Rel(o.File))).Append("\nevery = ").Append(o.Every.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Output("thermo", p.Thermo);
        Output("dump", p.Dump);
        Output("checkpoint", p.Checkpoint);
        foreach (var s in p.Stages)
        {
            sb.Append("\n[[stage]]\nname = ").Append(Str(s.Name)).Append('\n');
            sb.Append("type = ").Append(Str(s.Kind == StageKind.Minimise ? "minimise" : s.Kind.ToString().ToLowerInvariant())).Append('\n');
            sb.Append("steps = ").Append(s.Steps.ToString(CultureInfo.InvariantCulture)).Append('\n');
            if (s.TimestepFs is { } dt) { sb.Append("dt = ").Append(D(dt)).Append('\n'); }
            if (s.Kind == StageKind.Minimise) { sb.Append("ftol = ").Append(D(s.ForceTolerance)).Append('\n'); }
            if (s.Temperature is { } t) { sb.Append("temp = ").Append(Sched(t)).Append('\n'); }
            if (s.Pressure is { } pr) { sb.Append("press = ").Append(Sched(pr)).Append('\n'); }
            if (s.Kind != StageKind.Minimise)
            {
                sb.Append("tdamp = ").Append(D(s.TdampFs)).Append('\n');
                if (s.Kind == StageKind.Npt) { sb.Append("pdamp = ").Append(D(s.PdampFs)).Append('\n'); }
            }

            if (s.VelocityTemperature is { } v) { sb.Append("velocities = ").Append(D(v)).Append('\n'); }
            if (s.Seed is { } seed) { sb.Append("seed = ").Append(seed.ToString(CultureInfo.InvariantCulture)).Append('\n'); }
            if (s.ThermoEvery is { } te) { sb.Append("thermo_every = ").Append(te.ToString(CultureInfo.InvariantCulture)).Append('\n'); }
            if (s.DumpEvery is { } de) { sb.Append("dump_every = ").Append(de.ToString(CultureInfo.InvariantCulture)).Append('\n'); }
        }

        return sb.ToString();
    }

    /// <summary>Writes <paramref name="p"/> to <paramref name="path"/> (atomically).</summary>
    /// <param name="p">the protocol.</param>
    /// <param name="path">TOML file.</param>
    /// <param name="comment">optional comment lines.</param>
    public static void Write(Protocol p, string path, IEnumerable<string>? comment = null) => AtomicFile.WriteAllText(path, Format(p, path, comment));

    private static string Sched(Vitrion.Dynamics.Schedule s) => s switch
    {
        Vitrion.Dynamics.ConstantSchedule c => D(c.Value),
        Vitrion.Dynamics.LinearSchedule l => $"[{D(l.From)}, {D(l.To)}]",
        Vitrion.Dynamics.PiecewiseSchedule w => "[" + string.Join(", ", w.Points.Select(x => $"[{D(x.Fraction)}, {D(x.Value)}]")) + "]",
        _ => throw new ArgumentException($"schedule {s.GetType().Name} has no TOML form", nameof(s)),
    };

    private static string D(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }

    private static string Str(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
