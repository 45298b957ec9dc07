using Vitrion.Core;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.IO.Lammps;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="MdTask"/>: one MD stage on a data file (<c>vitrion md</c>).</summary>
public sealed record MdOptions
{
    /// <summary>Starting structure (LAMMPS data file).</summary>
    public required string Data { get; init; }

    /// <summary>MD steps.</summary>
    public required long Steps { get; init; }

    /// <summary>Ensemble.</summary>
    public StageKind Ensemble { get; init; } = StageKind.Nve;

    /// <summary>Target temperature schedule [K] (required for nvt/npt/langevin).</summary>
    public Schedule? Temperature { get; init; }

    /// <summary>Target pressure [atm] for NPT.</summary>
    public double PressureAtm { get; init; } = 1.0;

    /// <summary>Thermostat damping [fs].</summary>
    public double TdampFs { get; init; } = 100;

    /// <summary>Barostat damping [fs].</summary>
    public double PdampFs { get; init; } = 1000;

    /// <summary>Timestep [fs].</summary>
    public double TimestepFs { get; init; } = 1.0;

    /// <summary>Force-field settings (k-space, accuracy, cutoff, threads).</summary>
    public ForceFieldSettings ForceField { get; init; } = new();

    /// <summary>Seed of created velocities and Langevin noise.</summary>
    public long Seed { get; init; } = 12345;

    /// <summary>Create Maxwell–Boltzmann velocities at this temperature [K]; null: only when the file has none and a temperature is given.</summary>
    public double? VelocityTemperatureK { get; init; }

    /// <summary>Trajectory file, or null.</summary>
    public string? Dump { get; init; }

    /// <summary>Steps between dump frames.</summary>
    public long DumpEvery { get; init; } = 1000;

    /// <summary>Steps between thermo samples.</summary>
    public long ThermoEvery { get; init; } = 100;

    /// <summary>Thermo CSV file, or null.</summary>
    public string? Log { get; init; }

    /// <summary>Checkpoint file, or null.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Steps between checkpoints.</summary>
    public long CheckpointEvery { get; init; } = 10000;

    /// <summary>Final data file, or null.</summary>
    public string? Output { get; init; }
}

/// <summary>One MD stage on a data file: builds the one-stage <see cref="Protocol"/> record and runs it.</summary>
public static class MdTask
{
    /// <summary>The protocol record of <paramref name="o"/>.</summary>
    /// <param name="o">options.</param>
    /// <returns>the protocol.</returns>
    public static Protocol ToProtocol(MdOptions o)
    {
        if (!File.Exists(o.Data)) { throw new InputException(o.Data, 0, "data file not found"); }
        if (o.Steps < 0) { throw new InputException("--steps must be ≥ 0"); }
        if (o.Ensemble != StageKind.Nve && o.Temperature is null) { throw new InputException($"--ensemble {o.Ensemble.ToString().ToLowerInvariant()} needs --temp T [K]"); }
        if (o.DumpEvery < 1) { throw new InputException($"--dump-every must be ≥ 1 step, got {o.DumpEvery}"); }
        if (o.CheckpointEvery < 1) { throw new InputException($"--checkpoint-every must be ≥ 1 step, got {o.CheckpointEvery}"); }
        if (o.ThermoEvery < 1) { throw new InputException($"--thermo must be ≥ 1 step, got {o.ThermoEvery}"); }
        double? vt = o.VelocityTemperatureK;
        if (vt is null && o.Temperature is not null && o.Temperature.Start > 0 && LammpsDataReader.Read(o.Data).Velocities is null) { vt = o.Temperature.Start; }
        string data = Path.GetFullPath(o.Data);
        return new Protocol
        {
            SourcePath = data,
            DataFile = data,
            ForceField = o.ForceField,
            Seed = (ulong)o.Seed,
            TimestepFs = o.TimestepFs,
            Thermo = new OutputSpec(o.Log is null ? null : Path.GetFullPath(o.Log), o.ThermoEvery),
            Dump = o.Dump is null ? null : new OutputSpec(Path.GetFullPath(o.Dump), o.DumpEvery),
            Checkpoint = o.Checkpoint is null ? null : new OutputSpec(Path.GetFullPath(o.Checkpoint), o.CheckpointEvery),
            FinalData = o.Output is null ? null : Path.GetFullPath(o.Output),
            Stages =
            [
                new ProtocolStage
                {
                    Name = o.Ensemble.ToString().ToLowerInvariant(), Kind = o.Ensemble, Steps = o.Steps, Temperature = o.Temperature,
                    Pressure = o.Ensemble == StageKind.Npt ? Schedule.Constant(o.PressureAtm) : null,
                    TdampFs = o.TdampFs, PdampFs = o.PdampFs, VelocityTemperature = vt, Seed = (ulong)o.Seed,
                },
            ],
        };
    }

    /// <summary>Runs the stage.</summary>
    /// <param name="o">options.</param>
    /// <param name="progress">progress callback or null.</param>
    /// <param name="cancel">cancellation.</param>
    /// <returns>the run summary.</returns>
    public static MdRunResult Run(MdOptions o, Action<RunProgress>? progress = null, CancellationToken cancel = default) =>
        ProtocolTask.Run(new ProtocolOptions(ToProtocol(o), null, progress, null, Math.Max(1, Math.Min(o.Steps / 20, 1000))) { KeyNames = OptionName }, cancel);

    /// <summary>The option of <c>vitrion md</c> that sets a protocol key (for messages).</summary>
    /// <param name="key">protocol key (e.g. dump_every).</param>
    /// <returns>the option (e.g. --dump-every).</returns>
    public static string OptionName(string key) => "--" + key.Replace('_', '-');
}
