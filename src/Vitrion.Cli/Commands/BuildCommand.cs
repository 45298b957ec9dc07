using System.CommandLine;
using System.Globalization;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion build</c>: packs a Li2S–P2S5 glass model from anion counts or from the Chen 2023 series (<see cref="BuildTask"/>).</summary>
public sealed class BuildCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var anions = new Option<string?>("--anions") { Description = "Unit counts, e.g. PS4=18,P2S7=42,P2S6=9 (Li counter-ions are added for neutrality: 3 per PS4, 4 per P2S7/P2S6, 2 per S)." };
        var sulfide = new Option<int>("--sulfide") { Description = "Number of free S(2-) units (type S0).", DefaultValueFactory = _ => 0 };
        var series = new Option<string?>("--series") { Description = "A published series instead of --anions: chen2023 (PS4 180, P2S6 30..150, P2S7 510-P2S6 at scale 1)." };
        var p2s6 = new Option<int>("--p2s6") { Description = "With --series chen2023: P2S6 share of P in percent (5, 10, 15, 20, 25).", DefaultValueFactory = _ => 5 };
        var scale = new Option<double>("--scale") { Description = "With --series: scale of the model (1 = the paper's ~8000 atoms, 0.1 = ~800 atoms).", DefaultValueFactory = _ => 0.1 };
        var density = new Option<double>("--density") { Description = "Starting density of the random packing [g/cm³]; whole rigid units jam above ~1.2, so the melt-quench NPT stage compresses to ~1.76.", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed → identical file).", DefaultValueFactory = _ => 12345 };
        var output = new Option<string>("--output", "-o") { Description = "Output LAMMPS data file (atom_style full, type names as comments).", Required = true }.Output(OutputKind.File);
        var json = OutputCliOptions.Json("BuildResult (also written to OUTPUT.build.json): atoms, li, ps4, p2s7, p2s6, sulfide, box_a, density_g_per_cm3, closest_contacts_a, minimum_distances_a.");
        var cmd = new Command("build", "Pack a Li2S–P2S5 glass model (PS4/P2S7/P2S6/S units with random orientations plus Li) into a periodic cubic box without overlaps. The result is the start of a melt-quench (see protocols/), not yet a glass.")
        {
            anions, sulfide, series, p2s6, scale, density, seed, output, json,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var composition = BuildTask.Composition(pr.GetValue(series), pr.GetValue(anions), pr.GetValue(p2s6), pr.GetValue(scale), pr.GetValue(sulfide));
            var r = BuildTask.Run(new BuildOptions(composition, pr.GetValue(output)!, pr.GetValue(seed), pr.GetValue(density)));
            if (pr.GetValue(json))
            {
                Console.Out.WriteLine(ResultJson.Serialize(r));
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"built {r.Output}: {r.Atoms} atoms (Li {r.Li}, PS4 {r.Ps4}, P2S7 {r.P2s7}, P2S6 {r.P2s6}, S {r.Sulfide}), box {r.BoxA:F3} Å at {r.DensityGPerCm3} g/cm³, charge {r.Charge:0.###E+0}"));
                Console.Out.WriteLine("closest inter-unit contacts [Å]: " + string.Join(", ", r.ClosestContactsA
                    .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F2} (min {r.MinimumDistancesA[kv.Key]:F2})"))));
            }

            return 0;
        }));
        return cmd;
    }
}
