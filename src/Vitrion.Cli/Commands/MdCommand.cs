using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.Workflows.Tasks;

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
        var ff = new ForceFieldCliOptions();
        var seed = new Option<long>("--seed") { Description = "Seed for created velocities and Langevin noise. Default 12345.", DefaultValueFactory = _ => 12345 };
        var velocities = new Option<double?>("--velocities") { Description = "Create Maxwell–Boltzmann velocities at this temperature [K] (zero momentum) even if the file has velocities." };
        var dump = new Option<string?>("--dump") { Description = "Trajectory file: LAMMPS dump (id type element xu yu zu ix iy iz, type names in the element column) or, for .xyz/.extxyz, extended XYZ." }.Output(OutputKind.File);
        var dumpEvery = new Option<long>("--dump-every") { Description = "Steps between dump frames. Default 1000.", DefaultValueFactory = _ => 1000 };
        var thermo = new Option<long>("--thermo") { Description = "Steps between thermo samples (CSV rows and energy-drift samples). Default 100.", DefaultValueFactory = _ => 100 };
        var log = new Option<string?>("--log") { Description = "Thermo CSV file (step,time,temp,pe,ke,etotal,conserved,press,volume,density)." }.Output(OutputKind.File);
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file (binary, with a SHA-256 checksum, written atomically on the trigger and on Ctrl-C; writing it does not change the trajectory)." }.Output(OutputKind.File, "--resume");
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Steps between checkpoints. Default 10000.", DefaultValueFactory = _ => 10000 };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (same command line otherwise: a changed --steps or --dt is refused); bitwise identical to an uninterrupted run with the same --threads. The dump and log must be as the checkpoint left them." };
        var outData = OutputCliOptions.Out("Final LAMMPS data file (positions wrapped, image flags, velocities).");
        var json = OutputCliOptions.Json(MdCli.JsonHelp);
        var cmd = new Command("md", "Molecular dynamics with the Ariga 2022 force field: velocity Verlet NVE, Nosé–Hoover chain NVT/NPT (as LAMMPS fix nvt/npt iso), or Langevin; thermo CSV, dumps, checkpoints and exact restarts. Units: K, atm, fs, Å, kcal/mol.")
        {
            data, steps, ensemble, temp, press, tdamp, pdamp, dt, seed, velocities,
            dump, dumpEvery, thermo, log, checkpoint, checkpointEvery, resume, outData, json,
        };
        ff.AddTo(cmd);
        DeviceOption.Add(cmd);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
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

            var protocol = MdTask.ToProtocol(new MdOptions
            {
                Data = pr.GetValue(data)!, Steps = pr.GetValue(steps), Ensemble = kind, Temperature = t, PressureAtm = pr.GetValue(press),
                TdampFs = pr.GetValue(tdamp), PdampFs = pr.GetValue(pdamp), TimestepFs = pr.GetValue(dt), ForceField = ff.Settings(pr), Seed = pr.GetValue(seed),
                VelocityTemperatureK = pr.GetValue(velocities), Dump = pr.GetValue(dump), DumpEvery = pr.GetValue(dumpEvery), ThermoEvery = pr.GetValue(thermo),
                Log = pr.GetValue(log), Checkpoint = pr.GetValue(checkpoint), CheckpointEvery = pr.GetValue(checkpointEvery), Output = pr.GetValue(outData),
            });
            return MdCli.Execute(protocol, pr.GetValue(resume), pr.GetValue(json), MdTask.OptionName, DeviceOption.Kind(pr));
        }));
        return cmd;
    }
}
