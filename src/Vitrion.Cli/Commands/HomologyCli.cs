using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary>The options and action of <c>analyze homology</c> and <c>analyze rings</c> (<see cref="HomologyTask"/>).</summary>
internal static class HomologyCli
{
    public static Command Build(bool rings)
    {
        var input = StructureCli.InputArgument();
        var species = new Option<string>("--species") { Description = "Elements or type names of the points, comma-separated. Default P,S.", DefaultValueFactory = _ => "P,S" };
        var cutoff = new Option<double>("--cutoff") { Description = "Filtration cutoff [Å]: the Rips complex is built from minimum-image distances up to this value (below half the box). Default 4.5.", DefaultValueFactory = _ => 4.5 };
        var maxDim = new Option<int>("--max-dim") { Description = "Highest homology dimension (0 or 1; H2 is not computed). Default 1.", DefaultValueFactory = _ => 1 };
        var frameOpt = new Option<int>("--frame") { Description = "0-based frame of a trajectory. Default 0.", DefaultValueFactory = _ => 0 };
        var format = InputCliOptions.Format();
        var outDir = OutputCliOptions.Out(rings ? "Output directory: rings.csv, ring_sizes.csv, ring_sizes.png, rings.json." : "Output directory: diagram_h0.csv, diagram_h1.csv, diagram.png, betti.csv, betti.png, homology.json.", OutputKind.Folder);
        outDir.Required = true;
        var json = OutputCliOptions.Json(rings ? "RingsRecord: homology, rings, rings_larger_than8, sizes (also OUT/rings.json)." : "HomologyRecord: filtration, cutoff_a, points, edges, triangles, h0_pairs, h1_pairs, h1_essential (also OUT/homology.json).");
        var softness = new Option<string?>("--softness") { Description = "rings only: CSV with columns id and softness (e.g. from 'vitrion softness apply'); means over frames per id are used." };
        var liCutoff = new Option<double>("--li-cutoff") { Description = "rings only: a Li is near a ring when within this distance [Å] of a ring atom. Default 3.0 (first Li–S shell).", DefaultValueFactory = _ => 3.0 };
        var minPers = new Option<double>("--min-persistence") { Description = "rings only: ignore loops that live shorter than this [Å]. Default 0.", DefaultValueFactory = _ => 0.0 };
        var cmd = rings
            ? new Command("rings", "Rings of the P–S network from persistent homology: a representative cycle (smallest loop at birth) of each finite H1 class, its size (atoms), extent and the anion clusters it passes through; ring-size distribution, 2π/extent against the FSDP, and the softness of Li near rings of each size (paper Fig. S4/S5).")
            : new Command("homology", "Persistent homology (H0, H1) of P and S positions with periodic boundaries: Vietoris–Rips filtration on minimum-image distances up to a cutoff, reduced as persistent cohomology with clearing. Writes persistence diagrams and Betti curves; every output states the filtration and cutoff.");
        foreach (var o in new Option[] { species, cutoff, maxDim, frameOpt, format, outDir, json }) { cmd.Options.Add(o); }
        cmd.Arguments.Add(input);
        if (rings) { cmd.Options.Add(softness); cmd.Options.Add(liCutoff); cmd.Options.Add(minPers); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string dir = pr.GetValue(outDir)!;
            var o = new HomologyOptions(pr.GetValue(input)!, dir, pr.GetValue(species)!, pr.GetValue(cutoff), pr.GetValue(frameOpt)) { Format = pr.GetValue(format), MaxDimension = pr.GetValue(maxDim) };
            var sw = Stopwatch.StartNew();
            HomologyRecord h;
            string text;
            if (rings)
            {
                var r = HomologyTask.Rings(new RingsOptions(o, pr.GetValue(softness), pr.GetValue(liCutoff), pr.GetValue(minPers)));
                (h, text) = (r.Homology, ResultJson.Serialize(r));
            }
            else
            {
                h = HomologyTask.Run(o);
                text = ResultJson.Serialize(h);
            }

            Console.Out.WriteLine(pr.GetValue(json) ? text : string.Create(CultureInfo.InvariantCulture,
                $"{h.Filtration}: {h.Edges} edges, H0 {h.H0Pairs} bars, H1 {h.H1Pairs} bars ({h.H1Essential} essential) in {sw.Elapsed.TotalSeconds:F2} s; outputs in {dir}"));
            return 0;
        }));
        return cmd;
    }
}
