using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion md</c>: one MD stage (NVE, NVT or NPT) on a LAMMPS data file with the Ariga 2022 force field.</summary>
public sealed class MdCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var data = new Argument<string>("data") { Description = "Starting structure: LAMMPS data file (atom_style full, with or without Velocities)." };
        var steps = new Option<long>("--steps") { Description = "Number of MD steps (required).", Required = true };
        var ensemble = new Option<string>("--ensemble") { Description = "nve | nvt | npt | langevin. NVT/NPT are Nosé–Hoover chains as LAMMPS fix nvt / fix npt iso. Default nve.", DefaultValueFactory = _ => "nve" };
        var temp = new Option<string?>("--temp") { Description = "Target temperature [K]: T, or T1:T2 for a linear ramp over the run (nvt/npt/langevin). Also used to create Maxwell–Boltzmann velocities when the data file has none." };
        var press = new Option<double>("--press") { Description = "Target pressure [atm] for npt. Default 1.", DefaultValueFactory = _ => 1.0 };
        var tdamp = new Option<double>("--tdamp") { Description = "Thermostat damping time [fs] (LAMMPS Tdamp). Default 100.", DefaultValueFactory = _ => 100.0 };
        var pdamp = new Option<double>("--pdamp") { Description = "Barostat damping time [fs] (LAMMPS Pdamp). Default 1000.", DefaultValueFactory = _ => 1000.0 };
        var dt = new Option<double>("--dt") { Description = "Timestep [fs]. Default 1.", DefaultValueFactory = _ => 1.0 };
        var kspace = new Option<string>("--kspace") { Description = "Long-range Coulomb: pppm | ewald. Default pppm.", DefaultValueFactory = _ => "pppm" };
        var accuracy = new Option<double>("--accuracy") { Description = "Relative k-space force accuracy (LAMMPS kspace_style accuracy). Default 1e-5.", DefaultValueFactory = _ => 1e-5 };
        var cutoff = new Option<double?>("--cutoff") { Description = "Pair cutoff [Å]. Default: the force field's (12)." };
        var forcefield = new Option<string?>("--forcefield") { Description = "Force-field JSON. Default: data/forcefields/ariga2022.json of the installation." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores; more than the processor count is capped at it). Default 0. Bitwise restarts need the same count.", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed for created velocities and Langevin noise. Default 12345.", DefaultValueFactory = _ => 12345 };
        var velocities = new Option<double?>("--velocities") { Description = "Create Maxwell–Boltzmann velocities at this temperature [K] (zero momentum) even if the file has velocities." };
        var dump = new Option<string?>("--dump") { Description = "Trajectory file: LAMMPS dump (id type element xu yu zu ix iy iz, type names in the element column) or, for .xyz/.extxyz, extended XYZ." }.Output(OutputKind.File);
        var dumpEvery = new Option<long>("--dump-every") { Description = "Steps between dump frames. Default 1000.", DefaultValueFactory = _ => 1000 };
        var thermo = new Option<long>("--thermo") { Description = "Steps between thermo samples (CSV rows and energy-drift samples). Default 100.", DefaultValueFactory = _ => 100 };
        var log = new Option<string?>("--log") { Description = "Thermo CSV file (step,time,temp,pe,ke,etotal,conserved,press,volume,density)." }.Output(OutputKind.File);
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file (binary, with a SHA-256 checksum, written atomically on the trigger and on Ctrl-C; writing it does not change the trajectory)." }.Output(OutputKind.File, "--resume");
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Steps between checkpoints. Default 10000.", DefaultValueFactory = _ => 10000 };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (same command line otherwise: a changed --steps or --dt is refused); bitwise identical to an uninterrupted run with the same --threads. The dump and log must be as the checkpoint left them." };
        var outData = new Option<string?>("--out") { Description = "Final LAMMPS data file (positions wrapped, image flags, velocities)." }.Output(OutputKind.File);
        var json = new Option<bool>("--json") { Description = "Print a JSON summary on stdout: steps, wall_s, timesteps_per_s, ns_per_day, pe, ke, etotal, temp, press, density, volume, peak_memory_mb, and for NVE energy_drift (conserved energy at the end minus at the start [kcal/mol]) and energy_drift_per_atom_per_ns (least-squares slope over the thermo samples [kcal/mol/atom/ns])." };
        var cmd = new Command("md", "Molecular dynamics with the Ariga 2022 force field: velocity Verlet NVE, Nosé–Hoover chain NVT/NPT (as LAMMPS fix nvt/npt iso), or Langevin; thermo CSV, dumps, checkpoints and exact restarts. Units: K, atm, fs, Å, kcal/mol.")
        {
            data, steps, ensemble, temp, press, tdamp, pdamp, dt, kspace, accuracy, cutoff, forcefield, threads, seed, velocities,
            dump, dumpEvery, thermo, log, checkpoint, checkpointEvery, resume, outData, json,
        };
        DeviceOption.Add(cmd);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string dataPath = pr.GetValue(data)!;
            if (!File.Exists(dataPath)) { throw new InputException(dataPath, 0, "data file not found"); }
            long n = pr.GetValue(steps);
            if (n < 0) { throw new InputException("--steps must be ≥ 0"); }
            string ens = pr.GetValue(ensemble)!.ToLowerInvariant();
            StageKind kind = ens switch
            {
                "nve" => StageKind.Nve,
                "nvt" => StageKind.Nvt,
                "npt" => StageKind.Npt,
                "langevin" => StageKind.Langevin,
                _ => throw new InputException($"--ensemble must be nve, nvt, npt or langevin (got '{ens}')"),
            };
            Schedule? t = null;
            if (pr.GetValue(temp) is { } ts)
            {
                try { t = Schedule.Parse(ts); }
                catch (FormatException e) { throw new InputException($"--temp: {e.Message}"); }
            }

            long dumpEveryValue = pr.GetValue(dumpEvery), checkpointEveryValue = pr.GetValue(checkpointEvery);
            if (dumpEveryValue < 1) { throw new InputException($"--dump-every must be ≥ 1 step, got {dumpEveryValue}"); }
            if (checkpointEveryValue < 1) { throw new InputException($"--checkpoint-every must be ≥ 1 step, got {checkpointEveryValue}"); }
            if (pr.GetValue(thermo) < 1) { throw new InputException($"--thermo must be ≥ 1 step, got {pr.GetValue(thermo)}"); }

            if (kind != StageKind.Nve && t is null) { throw new InputException($"--ensemble {ens} needs --temp T [K]"); }
            string ks = pr.GetValue(kspace)!.ToLowerInvariant();
            if (ks is not ("pppm" or "ewald")) { throw new InputException("--kspace must be pppm or ewald"); }
            double? vt = pr.GetValue(velocities);
            if (vt is null && t is not null && t.Start > 0 && LammpsDataReader.Read(dataPath).Velocities is null) { vt = t.Start; }
            long thermoEvery = pr.GetValue(thermo);
            var protocol = new Protocol
            {
                SourcePath = Path.GetFullPath(dataPath),
                DataFile = Path.GetFullPath(dataPath),
                ForceField = new ForceFieldSettings(pr.GetValue(forcefield), ks, pr.GetValue(accuracy), pr.GetValue(cutoff), 2.0, pr.GetValue(threads)),
                Seed = (ulong)pr.GetValue(seed),
                TimestepFs = pr.GetValue(dt),
                Thermo = new OutputSpec(pr.GetValue(log) is { } lg ? Path.GetFullPath(lg) : null, thermoEvery),
                Dump = pr.GetValue(dump) is { } dp ? new OutputSpec(Path.GetFullPath(dp), pr.GetValue(dumpEvery)) : null,
                Checkpoint = pr.GetValue(checkpoint) is { } cp ? new OutputSpec(Path.GetFullPath(cp), pr.GetValue(checkpointEvery)) : null,
                FinalData = pr.GetValue(outData) is { } od ? Path.GetFullPath(od) : null,
                Stages =
                [
                    new ProtocolStage
                    {
                        Name = ens, Kind = kind, Steps = n, Temperature = t, Pressure = kind == StageKind.Npt ? Schedule.Constant(pr.GetValue(press)) : null,
                        TdampFs = pr.GetValue(tdamp), PdampFs = pr.GetValue(pdamp), VelocityTemperature = vt, Seed = (ulong)pr.GetValue(seed),
                    },
                ],
            };
            return MdCli.Execute(protocol, pr.GetValue(resume), pr.GetValue(json), MdCli.OptionName, DeviceOption.Kind(pr));
        }));
        return cmd;
    }
}

/// <summary>Shared run/print logic of <c>vitrion md</c> and <c>vitrion run</c>.</summary>
internal static class MdCli
{
    /// <summary>The option of <c>vitrion md</c> that sets a protocol key (for messages).</summary>
    public static string OptionName(string key) => "--" + key.Replace('_', '-');

    /// <summary>The key of a protocol file (for messages of <c>vitrion run</c>).</summary>
    public static string ProtocolKey(string key) => key switch
    {
        "dump_every" => "'every' of [dump]",
        "checkpoint_every" => "'every' of [checkpoint]",
        "thermo" => "'every' of [thermo]",
        _ => $"'{key}'",
    };

    /// <summary>Checks everything that can be checked before the run (settings, schedules, outputs, memory).</summary>
    public static void Validate(Protocol protocol, Func<string, string> names)
    {
        ProtocolChecks.Validate(protocol, names);
        var data = LammpsDataReader.Read(protocol.DataFile);
        ProtocolChecks.CheckNeighborMemory((protocol.ForceField.Cutoff ?? 12.0) + protocol.ForceField.Skin, data.Box, data.Topology.AtomCount, names("cutoff"));
    }

    public static int Execute(Protocol protocol, string? resume, bool json, Func<string, string> names, Device.DeviceKind device = Device.DeviceKind.Cpu)
    {
        Validate(protocol, names);
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        bool terminal = !Console.IsErrorRedirected;
        long total = protocol.TotalMdSteps;
        long reportEvery = Math.Max(1, Math.Min(total / 20, 1000));
        if (terminal) { reportEvery = Math.Max(1, Math.Min(reportEvery, 50)); }
        var runner = new ProtocolRunner(protocol, DeviceOption.Potentials(protocol.ForceField, device))
        {
            Log = msg => { if (terminal) { Console.Error.Write("\r\u001b[K"); } Console.Error.WriteLine(msg); },
            ProgressEvery = reportEvery,
            Progress = p => Report(p, terminal),
        };
        try
        {
            var s = runner.Run(resume, cts.Token);
            if (terminal) { Console.Error.WriteLine(); }
            var f = s.Final;
            if (json)
            {
                var node = new JsonObject
                {
                    ["steps"] = s.Steps,
                    ["wall_s"] = s.WallSeconds,
                    ["timesteps_per_s"] = s.TimestepsPerSecond,
                    ["ns_per_day"] = s.NsPerDay,
                    ["step"] = f.Step,
                    ["pe"] = f.PotentialEnergy,
                    ["ke"] = f.KineticEnergy,
                    ["etotal"] = f.TotalEnergy,
                    ["conserved"] = f.Conserved,
                    ["temp"] = f.Temperature,
                    ["press"] = f.Pressure,
                    ["volume"] = f.Volume,
                    ["density"] = f.Density,
                    ["peak_memory_mb"] = s.PeakMemoryMb,
                };
                if (s.EnergyDrift is { } d)
                {
                    node["energy_drift"] = d;
                    node["energy_drift_per_atom_per_ns"] = s.EnergyDriftPerAtomPerNs;
                }

                Console.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"{s.Steps} steps in {s.WallSeconds:F1} s: {s.TimestepsPerSecond:F2} timesteps/s, {s.NsPerDay:F3} ns/day; final step {f.Step}: T {f.Temperature:F2} K, PE {f.PotentialEnergy:F3}, Etotal {f.TotalEnergy:F3} kcal/mol, P {f.Pressure:F1} atm, density {f.Density:F4} g/cm³"));
                if (s.EnergyDrift is { } d)
                {
                    Console.WriteLine(FormattableString.Invariant($"NVE energy drift {d:F4} kcal/mol over the run ({s.EnergyDriftPerAtomPerNs:E3} kcal/mol/atom/ns)"));
                }
            }

            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void Report(RunProgress p, bool terminal)
    {
        string eta = double.IsFinite(p.EtaSeconds) ? TimeSpan.FromSeconds(Math.Round(p.EtaSeconds)).ToString("c", CultureInfo.InvariantCulture) : "?";
        string line = FormattableString.Invariant(
            $"{p.Label}: step {p.Step}/{p.LastStep} ({100 * p.Fraction:F0} %) T {p.Sample.Temperature:F1} K PE {p.Sample.PotentialEnergy:F1} P {p.Sample.Pressure:F0} atm ρ {p.Sample.Density:F4} | {p.StepsPerSecond:F1} steps/s {p.NsPerDay:F2} ns/day ETA {eta}");
        if (terminal)
        {
            int width = 30;
            int filled = (int)Math.Round(width * Math.Clamp(p.Fraction, 0, 1));
            Console.Error.Write("\r\u001b[K[" + new string('#', filled) + new string('.', width - filled) + "] " + line);
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }
}
