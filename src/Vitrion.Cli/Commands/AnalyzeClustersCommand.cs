using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Structure;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Structure;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze clusters</c>: the anion-cluster census (PS4, P2S7, P2S6, S2-, other).</summary>
public sealed class AnalyzeClustersCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var input = StructureCli.InputArgument();
        var method = new Option<string>("--method") { Description = "auto (bonds of the input when it has them, else distances), topology, or geometry. Default auto.", DefaultValueFactory = _ => "auto" };
        var cutoff = new Option<double>("--cutoff") { Description = "P–S and P–P bond cutoff [Å] of the geometric census. Default 2.6.", DefaultValueFactory = _ => 2.6 };
        var (frames, format, outOpt, json) = StructureCli.CommonOptions("clusters.csv (counts per frame), clusters_atoms.csv (id,type,cluster_id,kind,bridging of the first frame) and clusters.png (ternary of P shares)");
        var cmd = new Command("clusters", "Anion-cluster census: counts of PS4, P2S7, P2S6, free S(2-) and other clusters, shares of P (ternary of the paper's Fig. 1B), Qn of P; from the bonds and/or from P–S/P–P distances. Both methods are compared when the input has bonds.")
        {
            input, method, cutoff, frames, format, outOpt, json,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string path = pr.GetValue(input)!;
            string m = pr.GetValue(method)!.ToLowerInvariant();
            if (m is not ("auto" or "topology" or "geometry")) { throw new InputException($"--method '{m}': use auto, topology or geometry"); }
            double rc = pr.GetValue(cutoff);
            if (!(rc > 0)) { throw new InputException("--cutoff must be positive"); }
            var results = new List<AnionClusterResult>();
            AnionClusterResult? firstOther = null;
            Frame? first = null;
            foreach (var f in StructureCli.Frames(path, pr.GetValue(format), pr.GetValue(frames)))
            {
                StructureCli.CheckReach(path, f, "--cutoff", rc, StructureCli.MinimumImageReach);
                bool hasBonds = f.Topology is { Bonds.IsEmpty: false } t && t.AtomCount == f.AtomCount;
                if (m == "topology" && !hasBonds) { throw new InputException(path, 0, "--method topology needs bonds in the input (a LAMMPS data file with a Bonds section)"); }
                var r = m == "geometry" || (m == "auto" && !hasBonds) ? AnionClusters.FromGeometry(f, rc) : AnionClusters.FromTopology(f.Topology!);
                if (first is null)
                {
                    first = f;
                    if (hasBonds) { firstOther = r.Method == "topology" ? AnionClusters.FromGeometry(f, rc) : AnionClusters.FromTopology(f.Topology!); }
                }

                results.Add(r);
            }

            if (first is null) { throw new InputException(path, 0, "no frame selected (check --frames)"); }
            string[] keys = ["PS4", "P2S7", "P2S6", "S", "other"];
            double Mean(Func<AnionClusterResult, double> sel) => results.Average(sel);
            var node = new JsonObject { ["input"] = path, ["method"] = results[0].Method, ["frames"] = results.Count };
            if (results[0].Method == "geometry") { node["cutoff_A"] = rc; }
            foreach (var k in keys)
            {
                node[k] = results.Count == 1 ? JsonValue.Create(results[0].Counts[k]) : JsonValue.Create(Mean(r => r.Counts[k]));
            }

            var shares = new JsonObject();
            foreach (var k in new[] { "PS4", "P2S7", "P2S6", "other" }) { shares[k] = Mean(r => r.SharesOfP[k]); }
            node["share_of_P"] = shares;
            var qn = new JsonObject();
            for (int n = 0; n < 5; n++) { qn["Q" + n.ToString(CultureInfo.InvariantCulture)] = Mean(r => r.Qn[n]); }
            node["Qn"] = qn;
            node["P_with_PP_bond"] = Mean(r => r.PWithPPBond);
            if (firstOther is not null)
            {
                var a = results[0];
                node["comparison"] = new JsonObject
                {
                    ["other_method"] = firstOther.Method,
                    ["PS4"] = firstOther.Count(AnionClusterKind.PS4),
                    ["P2S7"] = firstOther.Count(AnionClusterKind.P2S7),
                    ["P2S6"] = firstOther.Count(AnionClusterKind.P2S6),
                    ["S"] = firstOther.Count(AnionClusterKind.S),
                    ["other"] = firstOther.Count(AnionClusterKind.Other),
                    ["atoms_classified_differently"] = a.Disagreements(firstOther),
                };
            }

            var (csvPath, pngPath) = StructureCli.Outputs(pr.GetValue(outOpt), "clusters");
            if (csvPath is not null)
            {
                var csv = new StringBuilder("frame,PS4,P2S7,P2S6,S,other,share_P_PS4,share_P_P2S7,share_P_P2S6,share_P_other\n");
                for (int i = 0; i < results.Count; i++)
                {
                    var r = results[i];
                    csv.AppendLine(CultureInfo.InvariantCulture, $"{i},{r.Counts["PS4"]},{r.Counts["P2S7"]},{r.Counts["P2S6"]},{r.Counts["S"]},{r.Counts["other"]},{r.SharesOfP["PS4"]:R},{r.SharesOfP["P2S7"]:R},{r.SharesOfP["P2S6"]:R},{r.SharesOfP["other"]:R}");
                }

                AtomicFile.WriteAllText(csvPath, csv.ToString());
                var atoms = new StringBuilder("id,type,cluster_id,kind,bridging\n");
                var r0 = results[0];
                for (int i = 0; i < first.AtomCount; i++)
                {
                    atoms.AppendLine(CultureInfo.InvariantCulture, $"{first.Ids[i]},{first.TypeNames[first.Types[i]]},{r0.ClusterId[i]},{r0.Kind[i]},{(r0.Bridging[i] ? 1 : 0)}");
                }

                string atomsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, Path.GetFileNameWithoutExtension(csvPath) + "_atoms.csv");
                AtomicFile.WriteAllText(atomsPath, atoms.ToString());
                node["csv"] = csvPath;
                node["atoms_csv"] = atomsPath;
                node["png"] = pngPath;
                StructureCharts.Ternary(pngPath!, "Shares of P by anion", ["PS4", "P2S7", "P2S6"],
                    [new TernaryPoint(Path.GetFileName(path), shares["PS4"]!.GetValue<double>(), shares["P2S7"]!.GetValue<double>(), shares["P2S6"]!.GetValue<double>())]);
            }

            if (pr.GetValue(json))
            {
                Console.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine(FormattableString.Invariant($"method {node["method"]}, {results.Count} frame(s): PS4 {node["PS4"]}, P2S7 {node["P2S7"]}, P2S6 {node["P2S6"]}, S(2-) {node["S"]}, other {node["other"]}"));
                Console.WriteLine(FormattableString.Invariant($"share of P: PS4 {shares["PS4"]!.GetValue<double>():P1}, P2S7 {shares["P2S7"]!.GetValue<double>():P1}, P2S6 {shares["P2S6"]!.GetValue<double>():P1}, other {shares["other"]!.GetValue<double>():P1}"));
                if (node["comparison"] is JsonObject c)
                {
                    Console.WriteLine(FormattableString.Invariant($"{c["other_method"]}: PS4 {c["PS4"]}, P2S7 {c["P2S7"]}, P2S6 {c["P2S6"]}, S(2-) {c["S"]}, other {c["other"]}; atoms classified differently: {c["atoms_classified_differently"]}"));
                }

                if (csvPath is not null) { Console.WriteLine($"wrote {csvPath}, {node["atoms_csv"]} and {pngPath}"); }
            }

            return 0;
        }));
        return cmd;
    }
}
