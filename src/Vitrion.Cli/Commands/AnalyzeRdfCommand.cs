using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze rdf</c>: partial g(r) and running coordination numbers (<see cref="RdfTask"/>).</summary>
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
        var cmd = new Command("rdf", "Partial radial distribution functions g_AB(r) and running coordination numbers n_AB(r), averaged over frames, normalised as LAMMPS compute rdf (g = H / (N_A (N_B - N_AB/N_A) V_shell / V)).")
        {
            input, pairs, rmax, bins, clusterCutoff, frames, format, outOpt, json,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var (csv, png) = StructureCli.Outputs(pr.GetValue(outOpt), "rdf");
            var (csvFile, dir) = StructureCli.Target(pr.GetValue(outOpt));
            bool asJson = pr.GetValue(json);
            var r = RdfTask.Run(
                new RdfTaskOptions(pr.GetValue(input)!, pr.GetValue(pairs)!, dir, pr.GetValue(rmax), pr.GetValue(bins), pr.GetValue(clusterCutoff))
                {
                    Csv = csvFile, Selection = StructureCli.Selection(pr.GetValue(format), pr.GetValue(frames)),
                },
                csv is null && !asJson ? Console.Out : null);
            if (asJson) { Console.WriteLine(ResultJson.Serialize(r)); }
            else if (csv is not null)
            {
                foreach (var s in r.Pairs)
                {
                    Console.WriteLine(FormattableString.Invariant($"{s.Pair}: first peak {s.FirstPeakRA} Å, first minimum {s.FirstMinimumRA} Å, n = {s.CoordinationAtFirstMinimum}"));
                }

                Console.WriteLine($"wrote {csv} and {png}");
            }

            return 0;
        }));
        return cmd;
    }
}
