using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion quench TRAJ --topology DATA -o OUT.dump</c>: the inherent structure of every frame (<see cref="QuenchTask"/>).</summary>
public sealed class QuenchCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var input = new Argument<string>("trajectory") { Description = "Trajectory (LAMMPS dump with image flags or unwrapped positions, or extended XYZ), or a single LAMMPS data file." };
        var (format, typeNames, topology) = IoCli.InputOptions();
        var output = new Option<string>("--output", "-o") { Description = "Output LAMMPS dump (id type element xu yu zu, where element is Li, P or S so readers need no --type-names; the input's extra columns; and c_pe_is: per-atom energy of the quenched structure [kcal/mol]). Written to a temporary file and renamed at the end.", Required = true }.Output(OutputKind.File);
        var fmax = new Option<double>("--fmax") { Description = "Force tolerance: largest atomic force [kcal/mol/Å] (default 0.5; features and D²min change by less than their thermal noise below it).", DefaultValueFactory = _ => 0.5 };
        var maxSteps = new Option<int>("--max-steps") { Description = "Step limit of each quench (FIRE; default 1000). Frames that hit it are reported.", DefaultValueFactory = _ => 1000 };
        var ff = new ForceFieldCliOptions();
        var voronoi = new Option<bool>("--voronoi") { Description = "Also add c_voro_is: the Voronoi cell volume [Å³] of every atom of the quenched structure (for `softness analyze --columns c_pe_is,c_voro_is`)." };
        var json = OutputCliOptions.Json("QuenchRecord: output, frames, unconverged, mean_energy_drop_kcal_per_mol_per_atom, largest_final_force_kcal_per_mol_a, wall_s.");
        var cmd = new Command("quench",
            "Inherent structures: relax every frame of a trajectory at fixed box to its local potential-energy minimum (FIRE) " +
            "with the Ariga 2022 force field, removing thermal vibration but keeping the structure. Train softness on the quenched " +
            "trajectory (features and D²min are less noisy; on the 8069-atom 70:30 glass at 600 K the test accuracy rises from " +
            "≈0.68 to ≈0.74), and quench any trajectory you apply that model to. Dumps need --topology (the data file the run " +
            "started from) for charges and bonds.")
        {
            input, format, typeNames, topology, output, fmax, maxSteps, voronoi, json,
        };
        ff.AddTo(cmd);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var o = new QuenchOptions(pr.GetValue(input)!, pr.GetValue(topology), pr.GetValue(output)!, pr.GetValue(voronoi), ff.Options(pr), pr.GetValue(fmax), pr.GetValue(maxSteps))
            {
                Format = pr.GetValue(format),
                TypeNames = IoCli.TypeNames(pr.GetValue(typeNames)),
                ForceFieldFile = ff.FilePath(pr),
            };
            QuenchRecord? r = pr.GetValue(json) ? QuenchTask.Run(o) : null; // the progress display writes to stdout
            if (r is null)
            {
                AnsiConsole.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("quenching frames", maxValue: 1);
                    task.IsIndeterminate = true;
                    r = QuenchTask.Run(o, n => task.Description = string.Create(CultureInfo.InvariantCulture, $"quenched {n} frames"));
                    task.IsIndeterminate = false;
                    task.Value = 1;
                });
            }

            var rec = r!;
            Console.WriteLine(pr.GetValue(json) ? ResultJson.Serialize(rec) : string.Create(CultureInfo.InvariantCulture,
                $"wrote {rec.Output}: {rec.Frames} inherent structures in {rec.WallS:F1} s; mean energy drop {rec.MeanEnergyDropKcalPerMolPerAtom:F3} kcal/mol/atom; largest final force {rec.LargestFinalForceKcalPerMolA:F3} kcal/mol/Å"));
            if (rec.Unconverged > 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vitrion: warning: {rec.Unconverged} of {rec.Frames} frames stopped at --max-steps {o.MaxSteps} above --fmax {o.FmaxKcalPerMolA}; raise --max-steps for tighter minima"));
            }

            return 0;
        }));
        return cmd;
    }
}
