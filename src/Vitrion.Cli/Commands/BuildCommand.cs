using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Build;
using Vitrion.Cli.Options;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion build</c>: packs a Li2S–P2S5 glass model from anion counts or from the Chen 2023 series.</summary>
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
        var json = new Option<bool>("--json") { Description = "Print the build report as JSON." };
        var cmd = new Command("build", "Pack a Li2S–P2S5 glass model (PS4/P2S7/P2S6/S units with random orientations plus Li) into a periodic cubic box without overlaps. The result is the start of a melt-quench (see protocols/), not yet a glass.")
        {
            anions, sulfide, series, p2s6, scale, density, seed, output, json,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            GlassComposition composition;
            string? seriesName = pr.GetValue(series);
            string? anionText = pr.GetValue(anions);
            if (seriesName is not null)
            {
                if (!string.Equals(seriesName, "chen2023", StringComparison.OrdinalIgnoreCase))
                {
                    throw new Core.InputException($"unknown --series '{seriesName}'; the only series is chen2023");
                }

                if (anionText is not null) { throw new Core.InputException("give either --anions or --series, not both"); }
                composition = GlassComposition.Chen2023(pr.GetValue(p2s6), pr.GetValue(scale));
            }
            else if (anionText is not null)
            {
                composition = GlassComposition.ParseAnions(anionText, pr.GetValue(sulfide));
            }
            else
            {
                throw new Core.InputException("say what to build: --anions PS4=18,P2S7=42,P2S6=9 or --series chen2023 --p2s6 5 --scale 0.1");
            }

            var builder = new GlassBuilder(new GlassBuildOptions { Density = pr.GetValue(density), Seed = pr.GetValue(seed) });
            var (data, report) = builder.Build(composition);
            string path = pr.GetValue(output)!;
            LammpsDataWriter.Write(path, data);
            var node = new JsonObject
            {
                ["output"] = path,
                ["atoms"] = composition.AtomCount,
                ["Li"] = composition.Lithium,
                ["P"] = composition.Phosphorus,
                ["S"] = composition.SulfurAtoms,
                ["PS4"] = composition.PS4,
                ["P2S7"] = composition.P2S7,
                ["P2S6"] = composition.P2S6,
                ["S2-"] = composition.Sulfide,
                ["p2s6_share_of_P"] = composition.P2S6ShareOfP,
                ["charge"] = data.Topology.TotalCharge,
                ["box_A"] = report.BoxLength,
                ["density_g_cm3"] = report.Density,
                ["seed"] = report.Seed,
                ["closest_contacts_A"] = new JsonObject(report.ClosestContacts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 4)))),
                ["minimum_distances_A"] = new JsonObject(report.RequiredMinimumDistances.OrderBy(k => k.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            };
            // Record the build next to the output.
            AtomicFile.WriteAllText(path + ".build.json", node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (pr.GetValue(json))
            {
                Console.Out.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"built {path}: {composition.AtomCount} atoms (Li {composition.Lithium}, PS4 {composition.PS4}, P2S7 {composition.P2S7}, P2S6 {composition.P2S6}, S {composition.Sulfide}), box {report.BoxLength:F3} Å at {report.Density} g/cm³, charge {data.Topology.TotalCharge:0.###E+0}"));
                Console.Out.WriteLine("closest inter-unit contacts [Å]: " + string.Join(", ", report.ClosestContacts.OrderBy(k => k.Key, StringComparer.Ordinal)
                    .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F2} (min {report.RequiredMinimumDistances[kv.Key]:F2})"))));
            }

            return 0;
        }));
        return cmd;
    }
}
