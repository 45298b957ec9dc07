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
            string path = pr.GetValue(input)!;
            var opt = new SqOptions { QMin = pr.GetValue(qmin), QMax = pr.GetValue(qmax), QStep = pr.GetValue(dq), RMax = pr.GetValue(rmax), BinWidth = pr.GetValue(dr), Lorch = !pr.GetValue(noLorch) };
            if (!(opt.QMin > 0) || !(opt.QMax > opt.QMin) || !(opt.QStep > 0)) { throw new InputException("need 0 < --qmin < --qmax and --dq > 0"); }
            if (!(opt.BinWidth > 0)) { throw new InputException("--dr must be positive"); }
            var w = pr.GetValue(window)!.Split(':');
            if (w.Length != 2 || !double.TryParse(w[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo) || !double.TryParse(w[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi) || !(hi > lo))
            {
                throw new InputException($"--fsdp-window '{pr.GetValue(window)}' must be lo:hi in 1/Å, e.g. 0.8:1.6");
            }

            Frame? first = null;
            var frameList = StructureCli.Frames(path, pr.GetValue(format), pr.GetValue(frames)).Select(f => { first ??= f; return f; });
            var sq = StructureFactor.FromFrames(frameList, opt);
            var fitN = StructureFactor.FitPeak(sq.Q, sq.Neutron, lo, hi);
            var fitX = StructureFactor.FitPeak(sq.Q, sq.XRay, lo, hi);
            SqResult? d = pr.GetValue(direct) ? StructureFactor.Direct(first!, opt) : null;
            PeakFit? fitD = d is null ? null : StructureFactor.FitPeak(d.Q, d.Neutron, lo, hi);
            var (csvPath, pngPath) = StructureCli.Outputs(pr.GetValue(outOpt), "sq");
            string csv = Table(sq);
            if (csvPath is not null)
            {
                AtomicFile.WriteAllText(csvPath, csv);
                var series = new List<Series> { new("neutron", sq.Q, sq.Neutron), new("X-ray", sq.Q, sq.XRay) };
                if (d is not null)
                {
                    string dpath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, Path.GetFileNameWithoutExtension(csvPath) + "_direct.csv");
                    AtomicFile.WriteAllText(dpath, Table(d));
                    series.Add(new Series("neutron, direct k-sum", d.Q, d.Neutron, Markers: true));
                }

                Charts.Lines(pngPath!, FormattableString.Invariant($"S(q), Faber–Ziman; FSDP (neutron) {fitN.Position:F3} ± {fitN.PositionError:F3} 1/Å"), "q [1/Å]", "S(q)", series);
            }

            JsonObject Fit(PeakFit f) => new()
            {
                ["q0_inv_A"] = f.Position,
                ["q0_stderr"] = f.PositionError,
                ["fwhm_inv_A"] = f.Fwhm,
                ["fwhm_stderr"] = f.FwhmError,
                ["height"] = f.Height,
                ["window"] = new JsonArray(f.QLo, f.QHi),
            };
            if (pr.GetValue(json))
            {
                var node = new JsonObject
                {
                    ["input"] = path,
                    ["convention"] = sq.Convention,
                    ["method"] = sq.Method,
                    ["elements"] = new JsonArray(sq.Elements.Select(e => (JsonNode?)e).ToArray()),
                    ["concentrations"] = new JsonArray(sq.Concentrations.Select(c => (JsonNode?)c).ToArray()),
                    ["fsdp_neutron"] = Fit(fitN),
                    ["fsdp_xray"] = Fit(fitX),
                    ["csv"] = csvPath,
                    ["png"] = pngPath,
                };
                if (fitD is not null) { node["fsdp_neutron_direct"] = Fit(fitD); }
                Console.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else if (csvPath is null)
            {
                Console.Write(csv);
            }
            else
            {
                Console.WriteLine(FormattableString.Invariant($"FSDP neutron: q0 = {fitN.Position:F4} ± {fitN.PositionError:F4} 1/Å, FWHM {fitN.Fwhm:F3} ± {fitN.FwhmError:F3}"));
                Console.WriteLine(FormattableString.Invariant($"FSDP X-ray:   q0 = {fitX.Position:F4} ± {fitX.PositionError:F4} 1/Å, FWHM {fitX.Fwhm:F3} ± {fitX.FwhmError:F3}"));
                if (fitD is not null) { Console.WriteLine(FormattableString.Invariant($"FSDP neutron (direct k-sum): q0 = {fitD.Position:F4} ± {fitD.PositionError:F4} 1/Å")); }
                Console.WriteLine($"wrote {csvPath} and {pngPath}");
            }

            return 0;
        }));
        return cmd;
    }

    private static string Table(SqResult s)
    {
        var sb = new StringBuilder("q_inv_A,S_neutron,S_xray");
        foreach (var p in s.Partials) { sb.Append(CultureInfo.InvariantCulture, $",S_{p.A}-{p.B}"); }
        if (!s.Counts.IsEmpty) { sb.Append(",k_vectors"); }
        sb.AppendLine();
        for (int k = 0; k < s.Q.Length; k++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{s.Q[k]:R},{s.Neutron[k]:R},{s.XRay[k]:R}");
            foreach (var p in s.Partials) { sb.Append(CultureInfo.InvariantCulture, $",{p.S[k]:R}"); }
            if (!s.Counts.IsEmpty) { sb.Append(CultureInfo.InvariantCulture, $",{s.Counts[k]}"); }
            sb.AppendLine();
        }

        return sb.ToString();
    }
}
