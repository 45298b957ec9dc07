using System.CommandLine;
using System.Globalization;
using Vitrion.Analysis.Structure;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze sq</c>: Faber–Ziman structure factors and the first sharp diffraction peak.</summary>
public sealed class AnalyzeSqCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var input = StructureCli.InputArgument();
        var qmin = new Option<double>("--qmin") { Description = "Smallest q [1/Å]. Default 0.3.", DefaultValueFactory = _ => 0.3 };
        var qmax = new Option<double>("--qmax") { Description = "Largest q [1/Å]. Default 12.", DefaultValueFactory = _ => 12.0 };
        var dq = new Option<double>("--dq") { Description = "q step [1/Å] (also the |k| bin width of --direct). Default 0.01.", DefaultValueFactory = _ => 0.01 };
        var rmax = new Option<double?>("--rmax") { Description = "Largest r [Å] of the transformed g(r). Default: half the smallest box width." };
        var dr = new Option<double>("--dr") { Description = "g(r) bin width [Å]. Default 0.01.", DefaultValueFactory = _ => 0.01 };
        var noLorch = new Option<bool>("--no-lorch") { Description = "Do not apply the Lorch window (applied by default)." };
        var direct = new Option<bool>("--direct") { Description = "Also compute S(k) by the direct sum over reciprocal-lattice vectors of the first frame (cost ∝ atoms × vectors; use a small --qmax on big boxes)." };
        var window = new Option<string>("--fsdp-window") { Description = "q window lo:hi [1/Å] of the first-sharp-diffraction-peak fit (Gaussian on a line). Default 0.8:1.6.", DefaultValueFactory = _ => "0.8:1.6" };
        var (frames, format, outOpt, json) = StructureCli.CommonOptions("sq.csv (q, neutron, X-ray, partials; sq_direct.csv with --direct) and sq.png");
        var cmd = new Command("sq", "Structure factors, Faber–Ziman convention: partials S_ab(q) from the element g_ab(r) (Lorch window), total neutron S(q) (b: Li −1.90, P 5.13, S 2.847 fm) and X-ray S(q) (Cromer–Mann form factors, Li as Li+), optional direct k-space check, and the FSDP position and width with standard errors.")
        {
            input, qmin, qmax, dq, rmax, dr, noLorch, direct, window, frames, format, outOpt, json,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var w = pr.GetValue(window)!.Split(':');
            if (w.Length != 2 || !double.TryParse(w[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo) || !double.TryParse(w[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi) || !(hi > lo))
            {
                throw new InputException($"--fsdp-window '{pr.GetValue(window)}' must be lo:hi in 1/Å, e.g. 0.8:1.6");
            }

            var (csv, png) = StructureCli.Outputs(pr.GetValue(outOpt), "sq");
            var (csvFile, dir) = StructureCli.Target(pr.GetValue(outOpt));
            bool asJson = pr.GetValue(json);
            var r = SqTask.Run(
                new SqTaskOptions(pr.GetValue(input)!, dir, null, lo, hi)
                {
                    Sq = new SqOptions { QMin = pr.GetValue(qmin), QMax = pr.GetValue(qmax), QStep = pr.GetValue(dq), RMax = pr.GetValue(rmax), BinWidth = pr.GetValue(dr), Lorch = !pr.GetValue(noLorch) },
                    Csv = csvFile, Direct = pr.GetValue(direct), Selection = StructureCli.Selection(pr.GetValue(format), pr.GetValue(frames)),
                },
                csv is null && !asJson ? Console.Out : null);
            if (asJson) { Console.WriteLine(ResultJson.Serialize(r)); }
            else if (csv is not null)
            {
                Console.WriteLine(FormattableString.Invariant($"FSDP neutron: q0 = {r.FsdpNeutron.Q0InvA:F4} ± {r.FsdpNeutron.Q0StderrInvA:F4} 1/Å, FWHM {r.FsdpNeutron.FwhmInvA:F3} ± {r.FsdpNeutron.FwhmStderrInvA:F3}"));
                Console.WriteLine(FormattableString.Invariant($"FSDP X-ray:   q0 = {r.FsdpXray.Q0InvA:F4} ± {r.FsdpXray.Q0StderrInvA:F4} 1/Å, FWHM {r.FsdpXray.FwhmInvA:F3} ± {r.FsdpXray.FwhmStderrInvA:F3}"));
                if (r.FsdpNeutronDirect is { } fd) { Console.WriteLine(FormattableString.Invariant($"FSDP neutron (direct k-sum): q0 = {fd.Q0InvA:F4} ± {fd.Q0StderrInvA:F4} 1/Å")); }
                Console.WriteLine($"wrote {csv} and {png}");
            }

            return 0;
        }));
        return cmd;
    }
}
