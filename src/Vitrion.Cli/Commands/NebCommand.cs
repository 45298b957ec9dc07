using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Lammps;
using Vitrion.ForceField.Spec;
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
        var species = new Option<string>("--species") { Description = "Element of the hopping atoms; --from and --to must both be of it. Default Li.", DefaultValueFactory = _ => "Li" };
        var output = new Option<string>("--output", "-o") { Description = "Output folder: images.dump (one frame per image), profile.csv/png, initial.data/final.data (relaxed end states), summary.json. Default neb/.", DefaultValueFactory = _ => "neb" }.Output(OutputKind.Folder);
        var cmd = new Command("neb", "Climbing-image nudged elastic band (Henkelman–Jónsson improved tangent, FIRE) for one Li hop into the site of another Li, which is removed. Prints forward/backward barriers [kcal/mol] and convergence. Sub-command 'batch' samples many hops by softness class.");
        shared.AddTo(cmd);
        cmd.Options.Add(from);
        cmd.Options.Add(to);
        cmd.Options.Add(species);
        cmd.Options.Add(output);
        var lammps = new Option<bool>("--lammps-deck") { Description = "Also write a LAMMPS NEB deck for the same end states (in.neb, final.coords, forcefield.sw; linear interpolation, same spring, fix neb, min_style fire) to compare barriers: cd DIR; mpirun -np N lmp -partition Nx1 -in in.neb (N = --images); in.neb.start with start.2..N, an independent LAMMPS NEB from the same interpolated images as Vitrion's; and in.neb.band with coords.2..N, which continues from Vitrion's relaxed band." };
        cmd.Options.Add(lammps);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string hopSpecies = pr.GetValue(species)!.Trim();
            if (hopSpecies.Length == 0) { throw new InputException("--species needs an element name (e.g. Li)"); }
            var (_, runner, spec, ffOptions) = shared.Load(pr, hopSpecies);
            runner.CheckEnds(pr.GetValue(from), pr.GetValue(to)); // before the output folder exists
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
            if (pr.GetValue(lammps))
            {
                var parameters = new ArigaForceField(spec, r.Topology, r.Box, ffOptions with { Threads = 1 }).Parameters;
                WriteLammpsDeck(dir, r, parameters, ffOptions, runner.Options);
            }
            if (runner.GlassRelaxation is { } g) { Console.WriteLine(g.Message.Replace("fire:", "glass relaxation:", StringComparison.Ordinal)); }
            Console.WriteLine(r.InitialRelaxation.Message.Replace("fire:", "initial state relaxation:", StringComparison.Ordinal));
            Console.WriteLine(r.FinalRelaxation.Message.Replace("fire:", "final state relaxation:", StringComparison.Ordinal));
            Console.WriteLine(r.Neb.Message);
            Console.WriteLine(FormattableString.Invariant($"forward barrier {r.ForwardBarrier:F4} kcal/mol, backward {r.BackwardBarrier:F4} kcal/mol, spline saddle {r.Neb.Saddle.SplineEnergy - r.Neb.Energies[0]:F4} kcal/mol at s = {r.Neb.Saddle.SplinePathCoordinate:F3} Å; hop distance {r.Distance:F3} Å; {r.WallSeconds:F1} s"));
            Console.WriteLine($"wrote {Path.Combine(dir, "images.dump")}, profile.csv, profile.png, initial.data, final.data, summary.json");
            return r.Converged ? 0 : 2;
        }));
        return cmd;
    }

    /// <summary>
    /// Writes LAMMPS NEB decks for the same end states, spring and tolerances: in.neb (linear interpolation to
    /// final.coords), in.neb.band (each replica starts from Vitrion's relaxed image coords.2 … coords.N: if the
    /// forces agree, LAMMPS is converged at once and its EBF/EBR equal Vitrion's barriers) and, when the starting
    /// band was kept, in.neb.start (each replica starts from the same interpolated image as Vitrion, start.2 …
    /// start.N: an independent NEB on the same end states and images).
    /// </summary>
    internal static void WriteLammpsDeck(string dir, HopResult r, ForceFieldParameters parameters, ForceFieldOptions ff, HopOptions options)
    {
        var n = options.Neb;
        int images = r.Neb.Images.Count;
        LammpsInput Deck(string inFile, string origin, string nebFiles, bool perReplica)
        {
            var input = LammpsInputWriter.Create("initial.data", parameters, new LammpsInputOptions
            {
                Kspace = ff.Kspace,
                Accuracy = ff.Accuracy,
                Cutoff = ff.Cutoff,
                ThermoEvery = 100,
                Tail =
                [
                    $"# NEB deck written by vitrion neb --lammps-deck{origin}: run with",
                    FormattableString.Invariant($"#   mpirun --allow-run-as-root --oversubscribe -np {images} lmp -partition {images}x1 -in {inFile} -log log.lammps -screen none"),
                    "# and read EBF (forward barrier) and EBR (backward barrier) from the last line of log.lammps.",
                    .. FrozenGroup(r),
                    FormattableString.Invariant($"fix vitrion_neb {(r.Mobile is null ? "all" : "mobile")} neb {n.SpringConstant:R}"),
                    "timestep 1.0",
                    "min_style fire",
                    FormattableString.Invariant($"neb 0.0 {n.ForceTolerance:R} {n.MaxStepsBeforeClimb} {n.MaxSteps} 50 {nebFiles}"),
                ],
            });
            string before = (perReplica ? FormattableString.Invariant($"variable u uloop {images}\n") : "") + "atom_modify map array\n";
            AtomicFile.WriteAllText(Path.Combine(dir, inFile), input.Script.Replace("read_data initial.data", before + "read_data initial.data", StringComparison.Ordinal));
            return input;
        }

        void WriteImages(IReadOnlyList<Frame> frames, string prefix)
        {
            for (int k = 1; k < frames.Count; k++)
            {
                AtomicFile.WriteAllText(Path.Combine(dir, FormattableString.Invariant($"{prefix}.{k + 1}")), Coords(frames[k]));
            }
        }

        var linear = Deck("in.neb", "", "final final.coords", perReplica: false);
        if (linear.SwFile.Length > 0) { AtomicFile.WriteAllText(Path.Combine(dir, linear.SwFileName), linear.SwFile); }
        var frames = r.Frames();
        AtomicFile.WriteAllText(Path.Combine(dir, "final.coords"), Coords(frames[^1]));
        WriteImages(frames, "coords");
        Deck("in.neb.band", ", starting from Vitrion's relaxed band (coords.2 ... coords.N)", "each coords.${u}", perReplica: true);
        if (r.InitialPath is not null)
        {
            WriteImages(r.Frames(initialPath: true), "start");
            Deck("in.neb.start", ", starting from the same interpolated band as Vitrion (start.2 ... start.N)", "each start.${u}", perReplica: true);
        }
    }

    /// <summary>LAMMPS groups for a hop with a frozen surrounding: <c>mobile</c> and <c>frozen</c> (setforce 0).</summary>
    private static IEnumerable<string> FrozenGroup(HopResult r)
    {
        if (r.Mobile is not { } m) { yield break; }
        var ids = r.Topology.Ids;
        var mobileIds = Enumerable.Range(0, m.Count).Where(i => m[i]).Select(i => ids[i].ToString(CultureInfo.InvariantCulture)).ToList();
        for (int k = 0; k < mobileIds.Count; k += 200)
        {
            yield return "group mobile id " + string.Join(' ', mobileIds.Skip(k).Take(200));
        }

        yield return "group frozen subtract all mobile";
        yield return "fix vitrion_freeze frozen setforce 0.0 0.0 0.0";
    }

    private static string Coords(Frame f)
    {
        var sb = new StringBuilder();
        sb.Append(f.Positions.Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
        for (int i = 0; i < f.Positions.Length; i++)
        {
            var p = f.Positions[i];
            sb.Append(CultureInfo.InvariantCulture, $"{f.Ids[i]} {p.X:R} {p.Y:R} {p.Z:R}\n");
        }

        return sb.ToString();
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
            ["spline_saddle_kcal"] = n.Saddle.SplineEnergy - n.Energies[0], ["interior_dip_kcal"] = n.InteriorDip, ["converged"] = r.Converged, ["neb_converged"] = n.Converged,
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
