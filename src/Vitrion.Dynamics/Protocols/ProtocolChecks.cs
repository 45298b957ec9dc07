using System.Globalization;
using Vitrion.Core;

namespace Vitrion.Dynamics.Protocols;

/// <summary>
/// Checks a <see cref="Protocol"/> before anything runs or is written, so that a bad value fails at once with one
/// line instead of mid-run (or after the run) with an internal message. <c>vitrion md</c> and <c>vitrion run</c>
/// (also with <c>--check</c>) call <see cref="Validate"/>.
/// </summary>
public static class ProtocolChecks
{
    /// <summary>Largest timestep accepted [fs].</summary>
    public const double MaxTimestepFs = 10;

    /// <summary>Range of the relative k-space accuracy accepted (LAMMPS kspace_style accuracy).</summary>
    public const double MinAccuracy = 1e-10, MaxAccuracy = 1e-2;

    /// <summary>
    /// Validates settings, schedules and outputs. <paramref name="name"/> turns a protocol key ("temp", "dt",
    /// "dump_every", …) into what the user wrote (a command-line option or a key of the protocol file).
    /// </summary>
    /// <param name="protocol">the protocol.</param>
    /// <param name="name">key → user-facing name.</param>
    /// <exception cref="InputException">for the first bad value.</exception>
    public static void Validate(Protocol protocol, Func<string, string> name)
    {
        string? file = protocol.SourcePath == protocol.DataFile ? null : protocol.SourcePath;
        InputException Bad(string message, int line = 0) => new(file, line, message);
        static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);

        if (Directory.Exists(protocol.DataFile)) { throw new InputException(protocol.DataFile, 0, "is a directory, not a LAMMPS data file"); }
        if (!File.Exists(protocol.DataFile)) { throw new InputException(protocol.DataFile, 0, "data file not found"); }
        var ff = protocol.ForceField;
        if (!(ff.Accuracy >= MinAccuracy && ff.Accuracy <= MaxAccuracy))
        {
            throw Bad($"{name("accuracy")} must lie in [{F(MinAccuracy)}, {F(MaxAccuracy)}] (relative k-space force accuracy; LAMMPS' usual value is 1e-5), got {F(ff.Accuracy)}");
        }

        if (ff.Cutoff is { } rc && !(rc > 0 && double.IsFinite(rc))) { throw Bad($"{name("cutoff")} must be a positive number of Å, got {F(rc)}"); }
        if (!(ff.Skin >= 0 && double.IsFinite(ff.Skin))) { throw Bad($"{name("skin")} must be ≥ 0 Å, got {F(ff.Skin)}"); }
        if (ff.Threads < 0) { throw Bad($"{name("threads")} must be ≥ 0 (0 = all cores), got {ff.Threads}"); }
        CheckTimestep(protocol.TimestepFs, name("dt"), Bad);
        CheckOutput(protocol.Dump, "dump_every", name, Bad);
        CheckOutput(protocol.Checkpoint, "checkpoint_every", name, Bad);
        if (protocol.Thermo is { } th && th.Every < 1) { throw Bad($"{name("thermo")} must be ≥ 1 step, got {th.Every}"); }
        CheckOutputPaths(protocol, Bad);

        foreach (var s in protocol.Stages)
        {
            string where = protocol.Stages.Length > 1 ? $"stage '{s.Name}': " : string.Empty;
            if (s.Steps < 0) { throw Bad($"{where}{name("steps")} must be ≥ 0, got {s.Steps}", s.Line); }
            if (s.TimestepFs is { } dt) { CheckTimestep(dt, where + name("dt"), m => Bad(m, s.Line)); }
            if (s.DumpEvery is { } de && de < 1) { throw Bad($"{where}{name("dump_every")} must be ≥ 1 step, got {de}", s.Line); }
            if (s.ThermoEvery is { } te && te < 1) { throw Bad($"{where}{name("thermo_every")} must be ≥ 1 step, got {te}", s.Line); }
            if (s.Kind == StageKind.Minimise) { continue; }
            if (s.Kind != StageKind.Nve)
            {
                if (s.Temperature is null) { throw Bad($"{where}{s.Kind.ToString().ToLowerInvariant()} needs {name("temp")} [K]", s.Line); }
                foreach (double t in Points(s.Temperature))
                {
                    if (!(t > 0) || !double.IsFinite(t))
                    {
                        throw Bad($"{where}{name("temp")}: every target temperature must be a positive number of K, got {F(t)} (as LAMMPS fix nvt/npt, a 0 K target is refused: end a quench at a few K, or minimise)", s.Line);
                    }
                }

                if (!(s.TdampFs > 0 && double.IsFinite(s.TdampFs))) { throw Bad($"{where}{name("tdamp")} must be a positive number of fs, got {F(s.TdampFs)}", s.Line); }
            }

            if (s.Kind == StageKind.Npt)
            {
                if (s.Pressure is null) { throw Bad($"{where}npt needs {name("press")} [atm]", s.Line); }
                foreach (double p in Points(s.Pressure))
                {
                    if (!double.IsFinite(p) || Math.Abs(p) > 1e7) { throw Bad($"{where}{name("press")} must be a finite pressure within ±1e7 atm, got {F(p)}", s.Line); }
                }

                if (!(s.PdampFs > 0 && double.IsFinite(s.PdampFs))) { throw Bad($"{where}{name("pdamp")} must be a positive number of fs, got {F(s.PdampFs)}", s.Line); }
            }

            if (s.VelocityTemperature is { } vt && !(vt >= 0 && double.IsFinite(vt)))
            {
                throw Bad($"{where}{name("velocities")} must be a temperature ≥ 0 K, got {F(vt)}", s.Line);
            }
        }
    }

    /// <summary>
    /// Refuses a pair cutoff whose neighbour structures could not fit in memory for this box and atom count (an
    /// estimate of the half list and the periodic ghost copies, against half the memory available to the process).
    /// </summary>
    /// <param name="cutoffPlusSkin">pair cutoff plus neighbour skin [Å].</param>
    /// <param name="box">the box.</param>
    /// <param name="atoms">number of atoms.</param>
    /// <param name="what">the option that set the cutoff (for the message).</param>
    public static void CheckNeighborMemory(double cutoffPlusSkin, Box box, int atoms, string what)
    {
        ArgumentNullException.ThrowIfNull(box);
        double rho = atoms / box.Volume;
        Vec3 w = box.PerpendicularWidths;
        double r = cutoffPlusSkin;
        double pairs = 0.5 * atoms * rho * 4.0 / 3.0 * Math.PI * r * r * r;
        double ghosts = atoms * ((w.X + 2 * r) * (w.Y + 2 * r) * (w.Z + 2 * r) / (w.X * w.Y * w.Z));
        double bytes = 16 * pairs + 128 * ghosts;
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (!(bytes <= 0.5 * available))
        {
            throw new InputException(FormattableString.Invariant(
                $"{what} {cutoffPlusSkin:G4} Å (with the skin) would need about {bytes / 1e9:G3} GB of neighbour lists for {atoms} atoms in this {w.X:F1}×{w.Y:F1}×{w.Z:F1} Å box; {available / 1e9:G3} GB is available. Use a cutoff of a few nm at most (the force field's is 12 Å)"));
        }
    }

    /// <summary>Protocol outputs may not be the data file, the protocol file or each other, nor existing folders.</summary>
    private static void CheckOutputPaths(Protocol p, Func<string, int, InputException> bad)
    {
        var outputs = new List<(string Key, string Path)>();
        if (p.Thermo?.File is { } t) { outputs.Add(("[thermo] file", t)); }
        if (p.Dump?.File is { } d) { outputs.Add(("[dump] file", d)); }
        if (p.Checkpoint?.File is { } c) { outputs.Add(("[checkpoint] file", c)); }
        if (p.FinalData is { } f) { outputs.Add(("final_data", f)); }
        string data = Path.GetFullPath(p.DataFile), source = Path.GetFullPath(p.SourcePath);
        for (int k = 0; k < outputs.Count; k++)
        {
            string full = Path.GetFullPath(outputs[k].Path);
            if (full == data || full == source)
            {
                throw bad($"{outputs[k].Key} {outputs[k].Path} is the input {(full == data ? "data" : "protocol")} file; writing there would destroy it, choose another output path", 0);
            }

            if (Directory.Exists(full)) { throw bad($"{outputs[k].Key} {outputs[k].Path} is an existing folder; give a file name", 0); }
            for (int j = 0; j < k; j++)
            {
                if (Path.GetFullPath(outputs[j].Path) == full) { throw bad($"{outputs[j].Key} and {outputs[k].Key} name the same file {outputs[k].Path}", 0); }
            }
        }
    }

    private static IEnumerable<double> Points(Schedule s) => s switch
    {
        PiecewiseSchedule p => p.Points.Select(x => x.Value),
        LinearSchedule l => [l.From, l.To],
        _ => Enumerable.Range(0, 11).Select(k => s.ValueAt(k / 10.0)),
    };

    private static void CheckTimestep(double dt, string what, Func<string, int, InputException> bad) => CheckTimestep(dt, what, m => bad(m, 0));

    private static void CheckTimestep(double dt, string what, Func<string, InputException> bad)
    {
        if (!(dt > 0 && dt <= MaxTimestepFs))
        {
            throw bad($"{what} must be a timestep in (0, {MaxTimestepFs.ToString(CultureInfo.InvariantCulture)}] fs, got {dt.ToString("G", CultureInfo.InvariantCulture)}");
        }
    }

    private static void CheckOutput(OutputSpec? o, string key, Func<string, string> name, Func<string, int, InputException> bad)
    {
        if (o is null) { return; }
        if (o.Every < 1) { throw bad($"{name(key)} must be ≥ 1 step, got {o.Every} (a trigger that never fires would leave {Path.GetFileName(o.File)} empty)", 0); }
    }
}
