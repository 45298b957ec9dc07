using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Structure;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze rdf</c>: partial g(r) and running coordination numbers.</summary>
public sealed class AnalyzeRdfCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var input = StructureCli.InputArgument();
        var pairs = new Option<string>("--pairs") { Description = "Comma-separated pairs A-B of atom groups: element (Li, P, S), type name (S4, Pa, ...), '*' for all, '+' for unions, '@' for the anion an atom belongs to (S@PS4, S@P2S7, S@P2S6, S@S, S@bridging, P@P2S6). Default: Li-Li,Li-P,Li-S,P-P,P-S,S-S.", DefaultValueFactory = _ => "Li-Li,Li-P,Li-S,P-P,P-S,S-S" };
        var rmax = new Option<double>("--rmax") { Description = "Largest distance [Å]; may exceed half the box (images count as LAMMPS ghosts do). Default 10.", DefaultValueFactory = _ => 10.0 };
        var bins = new Option<int>("--bins") { Description = "Number of bins over 0..rmax. Default 200.", DefaultValueFactory = _ => 200 };
        var clusterCutoff = new Option<double>("--cluster-cutoff") { Description = "P–S/P–P bond cutoff [Å] for '@' groups when the input has no bonds. Default 2.6.", DefaultValueFactory = _ => 2.6 };
        var (frames, format, outOpt, json) = StructureCli.CommonOptions("rdf.csv (columns r_A, then g and n per pair) and rdf.png");
        var cmd = new Command("rdf", "Partial radial distribution functions g_AB(r) and running coordination numbers n_AB(r), averaged over frames, normalised as LAMMPS compute rdf.")
        {
            input, pairs, rmax, bins, clusterCutoff, frames, format, outOpt, json,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string path = pr.GetValue(input)!;
            if (!(pr.GetValue(rmax) > 0)) { throw new InputException("--rmax must be positive"); }
            if (pr.GetValue(bins) < 1 || pr.GetValue(bins) > StructureCli.MaxBins) { throw new InputException($"--bins must lie in 1..{StructureCli.MaxBins}, got {pr.GetValue(bins)}"); }
            var rdf = new RadialDistribution(pr.GetValue(pairs)!, new RdfOptions { RMax = pr.GetValue(rmax), Bins = pr.GetValue(bins), ClusterCutoff = pr.GetValue(clusterCutoff) });
            foreach (var f in StructureCli.Frames(path, pr.GetValue(format), pr.GetValue(frames)))
            {
                StructureCli.CheckReach(path, f, "--rmax", pr.GetValue(rmax), StructureCli.ImageReach);
                StructureCli.CheckReach(path, f, "--cluster-cutoff", pr.GetValue(clusterCutoff), StructureCli.MinimumImageReach);
                rdf.Add(f);
            }
            if (rdf.Frames == 0) { throw new InputException(path, 0, "no frame selected (check --frames)"); }
            var res = rdf.Result();
            var csv = new StringBuilder("r_A");
            foreach (var p in res.Partials) { csv.Append(CultureInfo.InvariantCulture, $",g_{p.Label},n_{p.Label}"); }
            csv.AppendLine();
            for (int b = 0; b < res.R.Length; b++)
            {
                csv.Append(res.R[b].ToString("R", CultureInfo.InvariantCulture));
                foreach (var p in res.Partials) { csv.Append(CultureInfo.InvariantCulture, $",{p.G[b]:R},{p.Coordination[b]:R}"); }
                csv.AppendLine();
            }

            var (csvPath, pngPath) = StructureCli.Outputs(pr.GetValue(outOpt), "rdf");
            var summary = new JsonArray();
            foreach (var p in res.Partials)
            {
                var (peak, min, nAtMin) = FirstShell(res.R, p);
                summary.Add(new JsonObject
                {
                    ["pair"] = p.Label,
                    ["count_A"] = p.CountA,
                    ["count_B"] = p.CountB,
                    ["first_peak_r_A"] = peak,
                    ["first_minimum_r_A"] = min,
                    ["coordination_at_first_minimum"] = nAtMin,
                });
            }

            if (csvPath is not null)
            {
                AtomicFile.WriteAllText(csvPath, csv.ToString());
                Charts.Lines(pngPath!, FormattableString.Invariant($"g(r), {res.Frames} frame(s)"), "r [Å]", "g(r)",
                    res.Partials.Select(p => new Series(p.Label, res.R, p.G)));
            }

            if (pr.GetValue(json))
            {
                var node = new JsonObject
                {
                    ["input"] = path,
                    ["frames"] = res.Frames,
                    ["rmax_A"] = pr.GetValue(rmax),
                    ["bins"] = res.R.Length,
                    ["normalisation"] = "LAMMPS compute rdf: g = H / (N_A (N_B - N_AB/N_A) V_shell / V)",
                    ["pairs"] = summary,
                    ["csv"] = csvPath,
                    ["png"] = pngPath,
                };
                Console.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else if (csvPath is null)
            {
                Console.Write(csv.ToString());
            }
            else
            {
                foreach (var s in summary)
                {
                    Console.WriteLine(FormattableString.Invariant($"{s!["pair"]}: first peak {s["first_peak_r_A"]} Å, first minimum {s["first_minimum_r_A"]} Å, n = {s["coordination_at_first_minimum"]}"));
                }

                Console.WriteLine($"wrote {csvPath} and {pngPath}");
            }

            return 0;
        }));
        return cmd;
    }

    private static (double Peak, double Min, double NAtMin) FirstShell(IReadOnlyList<double> r, PartialRdf p)
    {
        if (p.G.All(g => g == 0)) { return (double.NaN, double.NaN, double.NaN); }
        int ip = 0;
        for (int b = 1; b < p.G.Length; b++) { if (p.G[b] > p.G[ip]) { ip = b; } }
        int im = ip;
        double dr = r.Count > 1 ? r[1] - r[0] : 1;
        int end = Math.Min(p.G.Length, ip + (int)Math.Ceiling(2.0 / dr) + 1);
        for (int b = ip; b < end; b++) { if (p.G[b] < p.G[im]) { im = b; } }
        return (Math.Round(r[ip], 6), Math.Round(r[im] + 0.5 * dr, 6), Math.Round(p.Coordination[im], 6));
    }
}
