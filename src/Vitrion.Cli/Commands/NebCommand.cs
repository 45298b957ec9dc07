using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Paths.Hops;
using Vitrion.Reporting.Paths;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion neb DATA --from ID --to ID -o DIR</c>: one climbing-image NEB Li hop into a vacancy.</summary>
public sealed class NebCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var shared = new NebCliShared();
        var from = new Option<int>("--from") { Description = "Atom id of the Li that moves.", Required = true };
        var to = new Option<int>("--to") { Description = "Atom id of the Li whose site is the target; it is removed (vacancy with neutralising background).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output folder: images.dump (one frame per image), profile.csv/png, initial.data/final.data (relaxed end states), summary.json. Default neb/.", DefaultValueFactory = _ => "neb" };
        var cmd = new Command("neb", "Climbing-image nudged elastic band (Henkelman–Jónsson improved tangent, FIRE) for one Li hop into the site of another Li, which is removed. Prints forward/backward barriers [kcal/mol] and convergence. Sub-command 'batch' samples many hops by softness class.");
        shared.AddTo(cmd);
        cmd.Options.Add(from);
        cmd.Options.Add(to);
        cmd.Options.Add(output);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var (_, runner) = shared.Load(pr);
            string dir = pr.GetValue(output)!;
            Directory.CreateDirectory(dir);
            int last = -1;
            var r = runner.Run(pr.GetValue(from), pr.GetValue(to), p =>
            {
                if (p.Step % 50 == 0 && p.Step != last)
                {
                    last = p.Step;
                    Console.Error.WriteLine(FormattableString.Invariant($"  step {p.Step,5}  max force {p.MaxForce,10:F4} kcal/mol/Å"));
                }
            });
            Write(dir, r);
            Console.WriteLine(r.InitialRelaxation.Message.Replace("fire:", "initial state relaxation:", StringComparison.Ordinal));
            Console.WriteLine(r.FinalRelaxation.Message.Replace("fire:", "final state relaxation:", StringComparison.Ordinal));
            Console.WriteLine(r.Neb.Message);
            Console.WriteLine(FormattableString.Invariant($"forward barrier {r.ForwardBarrier:F4} kcal/mol, backward {r.BackwardBarrier:F4} kcal/mol, spline saddle {r.Neb.Saddle.SplineEnergy - r.Neb.Energies[0]:F4} kcal/mol at s = {r.Neb.Saddle.SplinePathCoordinate:F3} Å; hop distance {r.Distance:F3} Å; {r.WallSeconds:F1} s"));
            Console.WriteLine($"wrote {Path.Combine(dir, "images.dump")}, profile.csv, profile.png, initial.data, final.data, summary.json");
            return r.Converged ? 0 : 2;
        }));
        return cmd;
    }

    /// <summary>Writes the outputs of one hop into <paramref name="dir"/>.</summary>
    internal static void Write(string dir, HopResult r)
    {
        var frames = r.Frames();
        StructureFile.Write(Path.Combine(dir, "images.dump"), frames, "dump");
        StructureFile.Write(Path.Combine(dir, "initial.data"), [frames[0]], "data");
        StructureFile.Write(Path.Combine(dir, "final.data"), [frames[^1]], "data");
        var n = r.Neb;
        var csv = new StringBuilder("image,path_coordinate_A,energy_kcal,relative_energy_kcal,tangential_force_kcal_A\n");
        for (int i = 0; i < n.Energies.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{n.PathCoordinates[i]:R},{n.Energies[i]:R},{n.Energies[i] - n.Energies[0]:R},{n.TangentialForces[i]:R}\n");
        }

        AtomicFile.WriteAllText(Path.Combine(dir, "profile.csv"), csv.ToString());
        NebCharts.EnergyProfile(Path.Combine(dir, "profile.png"), FormattableString.Invariant($"Li {r.InitialId} → site of Li {r.TargetId}: barrier {r.ForwardBarrier:F2} kcal/mol"), n.PathCoordinates, n.Energies, n.TangentialForces);
        var summary = new Dictionary<string, object>
        {
            ["initial_id"] = r.InitialId, ["target_id"] = r.TargetId, ["distance_A"] = r.Distance,
            ["barrier_forward_kcal"] = r.ForwardBarrier, ["barrier_backward_kcal"] = r.BackwardBarrier,
            ["spline_saddle_kcal"] = n.Saddle.SplineEnergy - n.Energies[0], ["converged"] = r.Converged, ["neb_converged"] = n.Converged,
            ["neb_steps"] = n.Steps, ["max_force_kcal_A"] = n.MaxForce, ["climbing_image"] = n.ClimbingImage,
            ["climbing_image_force_kcal_A"] = double.IsNaN(n.ClimbingImageForce) ? -1 : n.ClimbingImageForce,
            ["initial_energy_kcal"] = n.Energies[0], ["final_energy_kcal"] = n.Energies[^1],
            ["energies_kcal"] = n.Energies, ["path_coordinates_A"] = n.PathCoordinates,
            ["initial_relaxation"] = r.InitialRelaxation.Message, ["final_relaxation"] = r.FinalRelaxation.Message, ["neb"] = n.Message,
            ["wall_s"] = r.WallSeconds,
        };
        AtomicFile.WriteAllText(Path.Combine(dir, "summary.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
    }
}
