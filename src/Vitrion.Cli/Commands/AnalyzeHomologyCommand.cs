using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Homology;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze homology</c> and <c>vitrion analyze rings</c>: persistent homology of the P–S network.</summary>
public sealed class AnalyzeHomologyCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create() => HomologyCli.Build(rings: false);
}

/// <summary><c>vitrion analyze rings</c>.</summary>
public sealed class AnalyzeRingsCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create() => HomologyCli.Build(rings: true);
}

internal static class HomologyCli
{
    public static Command Build(bool rings)
    {
        var input = StructureCli.InputArgument();
        var species = new Option<string>("--species") { Description = "Elements or type names of the points, comma-separated. Default P,S.", DefaultValueFactory = _ => "P,S" };
        var cutoff = new Option<double>("--cutoff") { Description = "Filtration cutoff [Å]: the Rips complex is built from minimum-image distances up to this value (below half the box). Default 4.5.", DefaultValueFactory = _ => 4.5 };
        var maxDim = new Option<int>("--max-dim") { Description = "Highest homology dimension (0 or 1; H2 is not computed). Default 1.", DefaultValueFactory = _ => 1 };
        var frameOpt = new Option<int>("--frame") { Description = "0-based frame of a trajectory. Default 0.", DefaultValueFactory = _ => 0 };
        var format = new Option<string?>("--format") { Description = "Input format data|dump|xyz (default: from the extension)." };
        var outDir = new Option<string>("--out") { Description = rings ? "Output directory: rings.csv, ring_sizes.csv, ring_sizes.png." : "Output directory: diagram_h0.csv, diagram_h1.csv, diagram.png, betti.csv, betti.png.", Required = true }.Output(OutputKind.Folder);
        var json = new Option<bool>("--json") { Description = "Print a JSON summary." };
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
            string path = pr.GetValue(input)!;
            int fi = pr.GetValue(frameOpt);
            var frame = StructureFile.ReadFrames(path, new StructureReadOptions { Format = pr.GetValue(format) }).Skip(fi).FirstOrDefault()
                ?? throw new InputException(path, 0, $"no frame {fi} in the file");
            var names = pr.GetValue(species)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) { throw new InputException("--species names no species; give elements or type names, e.g. --species P,S"); }
            double rc = pr.GetValue(cutoff);
            if (!(rc > 0)) { throw new InputException("--cutoff must be positive"); }
            if (pr.GetValue(maxDim) is < 0 or > 1) { throw new InputException("--max-dim must be 0 or 1 (H2 is not implemented)"); }
            string dir = pr.GetValue(outDir)!;
            Directory.CreateDirectory(dir);
            var sw = Stopwatch.StartNew();
            var (diagram, idx, graph) = PersistentHomology.OfFrame(frame, names, rc);
            double seconds = sw.Elapsed.TotalSeconds;
            var summary = new JsonObject
            {
                ["input"] = path,
                ["frame"] = fi,
                ["filtration"] = diagram.Filtration,
                ["cutoff_A"] = rc,
                ["points"] = diagram.PointCount,
                ["edges"] = diagram.EdgeCount,
                ["triangles"] = diagram.TriangleCount,
                ["h0_pairs"] = diagram.Dimension(0).Count(),
                ["h1_pairs"] = diagram.Dimension(1).Count(),
                ["h1_essential"] = diagram.Dimension(1).Count(p => p.IsEssential),
                ["seconds"] = Math.Round(seconds, 4),
            };
            if (!rings)
            {
                WriteDiagram(Path.Combine(dir, "diagram_h0.csv"), diagram.Dimension(0), diagram.Filtration);
                WriteDiagram(Path.Combine(dir, "diagram_h1.csv"), diagram.Dimension(1), diagram.Filtration);
                var grid = Enumerable.Range(0, 201).Select(k => rc * k / 200.0).ToArray();
                var b0 = grid.Select(r => (double)diagram.Betti(0, r)).ToArray();
                var b1 = grid.Select(r => (double)diagram.Betti(1, r)).ToArray();
                AtomicFile.WriteText(Path.Combine(dir, "betti.csv"), w =>
                {
                    w.WriteLine($"# {diagram.Filtration}");
                    w.WriteLine("r_A,betti0,betti1");
                    for (int k = 0; k < grid.Length; k++) { w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{grid[k]:R},{b0[k]},{b1[k]}")); }
                });
                var h1 = diagram.Dimension(1).Where(p => !p.IsEssential).ToList();
                Charts.Lines(Path.Combine(dir, "diagram.png"), $"H1 persistence diagram ({string.Join(",", names)}, Rips, cutoff {rc.ToString(CultureInfo.InvariantCulture)} Å)", "birth [Å]", "death [Å]",
                [
                    new Series($"H1 ({h1.Count} finite)", h1.Select(p => p.Birth).ToArray(), h1.Select(p => p.Death).ToArray(), Markers: true),
                    new Series("diagonal", [0, rc], [0, rc]),
                ]);
                Charts.Lines(Path.Combine(dir, "betti.png"), "Betti curves", "filtration radius r [Å]", "Betti number",
                    [new Series("β0", grid, b0), new Series("β1", grid, b1)], logY: false);
            }
            else
            {
                var found = Rings.Find(frame, idx, graph, diagram, pr.GetValue(minPers));
                Dictionary<int, double>? soft = pr.GetValue(softness) is string sp ? Vitrion.Paths.Hops.HopSampler.ReadSoftnessCsv(sp, meanOverRows: true) : null;
                var stats = Rings.BySize(frame, found, soft, pr.GetValue(liCutoff));
                AtomicFile.WriteText(Path.Combine(dir, "rings.csv"), w =>
                {
                    w.WriteLine($"# {diagram.Filtration}; ring = birth edge + shortest path at birth");
                    w.WriteLine("ring,size,birth_A,death_A,extent_A,cx,cy,cz,atom_ids,clusters");
                    for (int k = 0; k < found.Length; k++)
                    {
                        var r = found[k];
                        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{k},{r.Size},{r.Birth:R},{r.Death:R},{r.Extent:F4},{r.Centroid.X:F4},{r.Centroid.Y:F4},{r.Centroid.Z:F4},{string.Join(" ", r.Atoms.Select(a => frame.Ids[a]))},{string.Join(" ", r.Clusters)}"));
                    }
                });
                AtomicFile.WriteText(Path.Combine(dir, "ring_sizes.csv"), w =>
                {
                    w.WriteLine("size,count,mean_extent_A,q_2pi_over_extent_invA,mean_li_softness,softness_stderr,li_samples");
                    foreach (var s in stats)
                    {
                        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Size},{s.Count},{s.MeanExtent:F4},{s.CharacteristicQ:F4},{s.MeanSoftness:R},{s.SoftnessStdError:R},{s.LiCount}"));
                    }
                });
                var series = new List<Series> { new("rings", stats.Select(s => (double)s.Size).ToArray(), stats.Select(s => (double)s.Count).ToArray(), Markers: true) };
                Charts.Lines(Path.Combine(dir, "ring_sizes.png"), "Ring-size distribution (persistent homology)", "ring size [atoms]", "count", series);
                if (soft is not null)
                {
                    var ok = stats.Where(s => double.IsFinite(s.MeanSoftness)).ToList();
                    Charts.Lines(Path.Combine(dir, "ring_softness.png"), "Softness of Li near rings, by ring size (Fig. S5)", "ring size [atoms]", "mean Li softness",
                        [new Series("mean ± s.e.", ok.Select(s => (double)s.Size).ToArray(), ok.Select(s => s.MeanSoftness).ToArray(), Markers: true, YError: ok.Select(s => double.IsFinite(s.SoftnessStdError) ? s.SoftnessStdError : 0).ToArray())]);
                }

                summary["rings"] = found.Length;
                summary["ring_sizes"] = new JsonObject(stats.Select(s => KeyValuePair.Create(s.Size.ToString(CultureInfo.InvariantCulture), (JsonNode?)s.Count)));
                summary["rings_larger_than_8"] = found.Count(r => r.Size > 8);
            }

            string text = summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            AtomicFile.WriteAllText(Path.Combine(dir, rings ? "rings.json" : "homology.json"), text);
            Console.Out.WriteLine(pr.GetValue(json) ? text : string.Create(CultureInfo.InvariantCulture,
                $"{diagram.Filtration}: {diagram.EdgeCount} edges, H0 {summary["h0_pairs"]} bars, H1 {summary["h1_pairs"]} bars ({summary["h1_essential"]} essential) in {seconds:F2} s; outputs in {dir}"));
            return 0;
        }));
        return cmd;
    }

    private static void WriteDiagram(string path, IEnumerable<PersistencePair> pairs, string filtration) => AtomicFile.WriteText(path, w =>
    {
        w.WriteLine($"# {filtration}; death = inf for classes alive at the cutoff");
        w.WriteLine("dimension,birth_A,death_A,birth_atom_a,birth_atom_b");
        foreach (var p in pairs)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Dimension},{p.Birth:R},{(p.IsEssential ? "inf" : p.Death.ToString("R", CultureInfo.InvariantCulture))},{p.BirthEdge.A},{p.BirthEdge.B}"));
        }
    });
}
