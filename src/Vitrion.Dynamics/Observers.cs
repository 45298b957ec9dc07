using System.Globalization;
using System.Text;
using Vitrion.Core;

namespace Vitrion.Dynamics;

/// <summary>An output file that is appended during a run and can be cut back to a checkpoint's length on resume.</summary>
public interface IResumableOutput
{
    /// <summary>Path of the file.</summary>
    string Path { get; }

    /// <summary>Flushes and returns the file's length in bytes.</summary>
    long FlushAndGetLength();
}

/// <summary>Collects thermo samples in memory and optionally writes them as CSV (step,time,temp,pe,ke,etotal,conserved,press,volume,density).</summary>
public sealed class ThermoLog : ISimulationObserver, IResumableOutput, IDisposable
{
    /// <summary>The CSV header.</summary>
    public const string Header = "step,time,temp,pe,ke,etotal,conserved,press,volume,density";

    private readonly StreamWriter? _writer;
    private readonly List<ThermoSample> _samples = [];

    /// <summary>Creates the log.</summary>
    /// <param name="interval">steps between samples.</param>
    /// <param name="csvPath">CSV file, or null for memory only.</param>
    /// <param name="resumeLength">when resuming: the file length [bytes] recorded in the checkpoint (the file is cut to it and appended); null starts a new file.</param>
    public ThermoLog(long interval, string? csvPath = null, long? resumeLength = null)
    {
        Interval = interval;
        Path = csvPath ?? string.Empty;
        if (csvPath is not null)
        {
            _writer = OutputFiles.Open(csvPath, resumeLength);
            if (resumeLength is null or 0) { _writer.Write(Header + "\n"); }
        }
    }

    /// <inheritdoc/>
    public long Interval { get; }

    /// <inheritdoc/>
    public string Path { get; }

    /// <summary>The samples taken so far (in this process).</summary>
    public IReadOnlyList<ThermoSample> Samples => _samples;

    /// <inheritdoc/>
    public void OnStep(Simulation simulation) => Add(simulation.Sample());

    /// <summary>Records a sample (also used for the initial state of a stage).</summary>
    public void Add(ThermoSample s)
    {
        if (_samples.Count > 0 && _samples[^1].Step == s.Step) { return; }
        _samples.Add(s);
        if (_writer is not null)
        {
            _writer.Write(Format(s) + "\n");
            _writer.Flush(); // rows survive a killed process
        }
    }

    /// <summary>One CSV row (invariant culture, round-trip precision where it matters).</summary>
    public static string Format(ThermoSample s) => string.Join(',',
        s.Step.ToString(CultureInfo.InvariantCulture),
        s.TimeFs.ToString("R", CultureInfo.InvariantCulture),
        s.Temperature.ToString("G10", CultureInfo.InvariantCulture),
        s.PotentialEnergy.ToString("G12", CultureInfo.InvariantCulture),
        s.KineticEnergy.ToString("G12", CultureInfo.InvariantCulture),
        s.TotalEnergy.ToString("G12", CultureInfo.InvariantCulture),
        s.Conserved.ToString("G12", CultureInfo.InvariantCulture),
        s.Pressure.ToString("G10", CultureInfo.InvariantCulture),
        s.Volume.ToString("G12", CultureInfo.InvariantCulture),
        s.Density.ToString("G10", CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public long FlushAndGetLength() => OutputFiles.Length(_writer);

    /// <inheritdoc/>
    public void Dispose() => _writer?.Dispose();
}

/// <summary>Trajectory formats written during a run.</summary>
public enum TrajectoryFormat
{
    /// <summary>LAMMPS custom dump: id type element xu yu zu ix iy iz (type names in the element column, as LAMMPS dump_modify element writes them; unwrapped positions and image flags).</summary>
    LammpsDump,

    /// <summary>Extended XYZ with Lattice, unwrapped positions and image flags.</summary>
    ExtendedXyz,
}

/// <summary>Appends frames to a trajectory file every <see cref="Interval"/> steps.</summary>
public sealed class TrajectoryWriter : ISimulationObserver, IResumableOutput, IDisposable
{
    private readonly StreamWriter _writer;

    /// <summary>Creates the writer.</summary>
    /// <param name="path">output file.</param>
    /// <param name="interval">steps between frames.</param>
    /// <param name="format">format; null picks by extension (.xyz/.extxyz → extended XYZ, otherwise LAMMPS dump).</param>
    /// <param name="resumeLength">when resuming: file length [bytes] from the checkpoint; null starts a new file.</param>
    public TrajectoryWriter(string path, long interval, TrajectoryFormat? format = null, long? resumeLength = null)
    {
        Path = path;
        Interval = interval;
        Format = format ?? (path.EndsWith(".xyz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".extxyz", StringComparison.OrdinalIgnoreCase)
            ? TrajectoryFormat.ExtendedXyz : TrajectoryFormat.LammpsDump);
        _writer = OutputFiles.Open(path, resumeLength);
    }

    /// <inheritdoc/>
    public long Interval { get; }

    /// <inheritdoc/>
    public string Path { get; }

    /// <summary>The format.</summary>
    public TrajectoryFormat Format { get; }

    /// <inheritdoc/>
    public void OnStep(Simulation simulation) => Write(simulation.State);

    /// <summary>Appends the current frame of <paramref name="state"/>.</summary>
    public void Write(SystemState state)
    {
        var sb = new StringBuilder(state.AtomCount * 64);
        var ci = CultureInfo.InvariantCulture;
        var box = state.Box;
        var top = state.Topology;
        if (Format == TrajectoryFormat.LammpsDump)
        {
            sb.Append("ITEM: TIMESTEP\n").Append(state.Step.ToString(ci)).Append('\n');
            sb.Append("ITEM: NUMBER OF ATOMS\n").Append(state.AtomCount.ToString(ci)).Append('\n');
            string pbc = (box.Periodic.X ? "pp" : "ff") + " " + (box.Periodic.Y ? "pp" : "ff") + " " + (box.Periodic.Z ? "pp" : "ff");
            if (box.IsTriclinic)
            {
                double xlo = box.Origin.X, ylo = box.Origin.Y, zlo = box.Origin.Z;
                double xhi = xlo + box.Lx, yhi = ylo + box.Ly, zhi = zlo + box.Lz;
                double xlob = xlo + Math.Min(Math.Min(0, box.Xy), Math.Min(box.Xz, box.Xy + box.Xz));
                double xhib = xhi + Math.Max(Math.Max(0, box.Xy), Math.Max(box.Xz, box.Xy + box.Xz));
                double ylob = ylo + Math.Min(0, box.Yz), yhib = yhi + Math.Max(0, box.Yz);
                sb.Append("ITEM: BOX BOUNDS xy xz yz ").Append(pbc).Append('\n');
                sb.Append(FormattableString.Invariant($"{xlob:R} {xhib:R} {box.Xy:R}\n{ylob:R} {yhib:R} {box.Xz:R}\n{zlo:R} {zhi:R} {box.Yz:R}\n"));
            }
            else
            {
                sb.Append("ITEM: BOX BOUNDS ").Append(pbc).Append('\n');
                Vec3 hi = box.Hi;
                sb.Append(FormattableString.Invariant($"{box.Origin.X:R} {hi.X:R}\n{box.Origin.Y:R} {hi.Y:R}\n{box.Origin.Z:R} {hi.Z:R}\n"));
            }

            sb.Append("ITEM: ATOMS id type element xu yu zu ix iy iz\n");
            for (int i = 0; i < state.AtomCount; i++)
            {
                Vec3 u = state.UnwrappedPosition(i);
                Int3 im = state.Images[i];
                sb.Append(FormattableString.Invariant($"{top.Ids[i]} {top.Types[i] + 1} {top.TypeNames[top.Types[i]]} {u.X:F6} {u.Y:F6} {u.Z:F6} {im.X} {im.Y} {im.Z}\n"));
            }
        }
        else
        {
            sb.Append(state.AtomCount.ToString(ci)).Append('\n');
            Vec3 a = box.A, b = box.B, c = box.C;
            sb.Append(FormattableString.Invariant(
                $"Lattice=\"{a.X:R} {a.Y:R} {a.Z:R} {b.X:R} {b.Y:R} {b.Z:R} {c.X:R} {c.Y:R} {c.Z:R}\" Origin=\"{box.Origin.X:R} {box.Origin.Y:R} {box.Origin.Z:R}\" Properties=species:S:1:pos:R:3:id:I:1:type_name:S:1:image:I:3 Time={state.TimeFs:R} Step={state.Step} pbc=\"{(box.Periodic.X ? "T" : "F")} {(box.Periodic.Y ? "T" : "F")} {(box.Periodic.Z ? "T" : "F")}\"\n"));
            for (int i = 0; i < state.AtomCount; i++)
            {
                Vec3 u = state.UnwrappedPosition(i);
                Int3 im = state.Images[i];
                string name = top.TypeNames[top.Types[i]];
                string element = AtomTypes.ElementOf(name) ?? AtomTypes.ElementOfMass(top.Masses[i]) ?? name;
                sb.Append(FormattableString.Invariant($"{element} {u.X:F6} {u.Y:F6} {u.Z:F6} {top.Ids[i]} {name} {im.X} {im.Y} {im.Z}\n"));
            }
        }

        _writer.Write(sb.ToString());
    }

    /// <inheritdoc/>
    public long FlushAndGetLength() => OutputFiles.Length(_writer);

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}

/// <summary>
/// Writes a checkpoint every <see cref="Interval"/> steps (atomically). Writing has no side effect on the run: the
/// checkpoint records the force field's construction box and last neighbour-list build, from which a resumed run
/// rebuilds the same force calculation, so runs with and without checkpoints are bitwise identical.
/// </summary>
public sealed class CheckpointWriter : ISimulationObserver
{
    private readonly Func<Simulation, IReadOnlyDictionary<string, string>> _metadata;

    /// <summary>Creates the writer.</summary>
    /// <param name="path">checkpoint file (overwritten atomically each time).</param>
    /// <param name="interval">steps between checkpoints.</param>
    /// <param name="metadata">extra metadata to store (e.g. protocol stage, output file lengths); may be null.</param>
    public CheckpointWriter(string path, long interval, Func<Simulation, IReadOnlyDictionary<string, string>>? metadata = null)
    {
        Path = path;
        Interval = interval;
        _metadata = metadata ?? (_ => new Dictionary<string, string>());
    }

    /// <summary>Checkpoint path.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public long Interval { get; }

    /// <summary>Number of checkpoints written.</summary>
    public int Count { get; private set; }

    /// <inheritdoc/>
    public void OnStep(Simulation simulation) => WriteNow(simulation);

    /// <summary>Writes a checkpoint now (the run itself is not touched).</summary>
    public void WriteNow(Simulation simulation)
    {
        Checkpoint.Of(simulation, _metadata(simulation)).Write(Path);
        Count++;
    }
}

/// <summary>Progress of a run for displays.</summary>
/// <param name="Step">current step.</param>
/// <param name="FirstStep">step at which this process started stepping.</param>
/// <param name="LastStep">final step of the run.</param>
/// <param name="ElapsedSeconds">wall time since start [s].</param>
/// <param name="TimestepFs">timestep [fs].</param>
/// <param name="Sample">thermo sample now.</param>
/// <param name="Label">stage label.</param>
public sealed record RunProgress(long Step, long FirstStep, long LastStep, double ElapsedSeconds, double TimestepFs, ThermoSample Sample, string Label)
{
    /// <summary>Timesteps per second of wall time.</summary>
    public double StepsPerSecond => ElapsedSeconds > 0 ? (Step - FirstStep) / ElapsedSeconds : 0;

    /// <summary>Throughput [ns/day].</summary>
    public double NsPerDay => StepsPerSecond * TimestepFs * 86400 * 1e-6;

    /// <summary>Estimated remaining wall time [s].</summary>
    public double EtaSeconds => StepsPerSecond > 0 ? (LastStep - Step) / StepsPerSecond : double.NaN;

    /// <summary>Fraction done.</summary>
    public double Fraction => LastStep > FirstStep ? (double)(Step - FirstStep) / (LastStep - FirstStep) : 1;
}

/// <summary>Reports <see cref="RunProgress"/> to a callback every <see cref="Interval"/> steps.</summary>
public sealed class ProgressReporter : ISimulationObserver
{
    private readonly Action<RunProgress> _report;
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Creates the reporter.</summary>
    public ProgressReporter(long interval, long firstStep, long lastStep, string label, Action<RunProgress> report)
    {
        Interval = interval;
        FirstStep = firstStep;
        LastStep = lastStep;
        Label = label;
        _report = report;
    }

    /// <inheritdoc/>
    public long Interval { get; }

    /// <summary>First step.</summary>
    public long FirstStep { get; }

    /// <summary>Last step.</summary>
    public long LastStep { get; }

    /// <summary>Label.</summary>
    public string Label { get; }

    /// <inheritdoc/>
    public void OnStep(Simulation simulation) =>
        _report(new RunProgress(simulation.State.Step, FirstStep, LastStep, _watch.Elapsed.TotalSeconds, simulation.TimestepFs, simulation.Sample(), Label));
}

internal static class OutputFiles
{
    public static StreamWriter Open(string path, long? resumeLength)
    {
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full) ?? ".");
        FileStream fs;
        if (resumeLength is { } len)
        {
            CheckResumable(path, len);
            fs = new FileStream(full, len == 0 ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.Write, FileShare.Read, 1 << 16);
            fs.SetLength(len);
            fs.Seek(len, SeekOrigin.Begin);
        }
        else
        {
            fs = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }

        return new StreamWriter(fs, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    /// <summary>Refuses to resume into an output file that is gone or shorter than the checkpoint recorded (checked before anything is opened).</summary>
    public static void CheckResumable(string path, long recordedLength)
    {
        if (recordedLength <= 0) { return; }
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new InputException(path, 0, $"cannot resume: this output was deleted or moved since the checkpoint, which recorded {recordedLength} bytes of it; put it back, or start the run again");
        }

        long have = new FileInfo(full).Length;
        if (have < recordedLength)
        {
            throw new InputException(path, 0, $"cannot resume: this output is shorter ({have} bytes) than the checkpoint recorded ({recordedLength} bytes); it was modified since");
        }
    }

    public static long Length(StreamWriter? w)
    {
        if (w is null) { return 0; }
        w.Flush();
        return w.BaseStream.Length;
    }
}
