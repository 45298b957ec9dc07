using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze clusters</c>: the anion-cluster census (PS4, P2S7, P2S6, S2-, other) (<see cref="ClustersTask"/>).</summary>
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
            var (csv, png) = StructureCli.Outputs(pr.GetValue(outOpt), "clusters");
            var (csvFile, dir) = StructureCli.Target(pr.GetValue(outOpt));
            var r = ClustersTask.Run(new ClustersOptions(pr.GetValue(input)!, dir, null, pr.GetValue(cutoff))
            {
                Method = pr.GetValue(method)!, Csv = csvFile, Selection = StructureCli.Selection(pr.GetValue(format), pr.GetValue(frames)),
            });
            if (pr.GetValue(json))
            {
                Console.WriteLine(ResultJson.Serialize(r));
                return 0;
            }

            Console.WriteLine(FormattableString.Invariant($"method {r.Method}, {r.Frames} frame(s): PS4 {r.Ps4}, P2S7 {r.P2s7}, P2S6 {r.P2s6}, S(2-) {r.S}, other {r.Other}"));
            Console.WriteLine(FormattableString.Invariant($"share of P: PS4 {r.ShareOfP.Ps4:P1}, P2S7 {r.ShareOfP.P2s7:P1}, P2S6 {r.ShareOfP.P2s6:P1}, other {r.ShareOfP.Other:P1}"));
            if (r.Comparison is { } c)
            {
                Console.WriteLine(FormattableString.Invariant($"{c.OtherMethod}: PS4 {c.Ps4}, P2S7 {c.P2s7}, P2S6 {c.P2s6}, S(2-) {c.S}, other {c.Other}; atoms classified differently: {c.AtomsClassifiedDifferently}"));
            }

            if (csv is not null) { Console.WriteLine($"wrote {csv}, {ClustersTask.AtomsCsv(csv)} and {png}"); }
            return 0;
        }));
        return cmd;
    }
}
