using System.CommandLine;
using System.Globalization;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze voronoi</c>: periodic Voronoi (or radical) volumes per atom.</summary>
public sealed class AnalyzeVoronoiCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var input = StructureCli.InputArgument();
        var radii = new Option<string?>("--radical") { Description = "Radical (Laguerre) tessellation with radii [Å] per element or type, e.g. Li=0.76,P=0.38,S=1.84. Default: plain Voronoi." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores). Default 0.", DefaultValueFactory = _ => 0 };
        var (frames, format, outOpt, json) = StructureCli.CommonOptions("voronoi.csv (columns id,volume in Å³) and voronoi.png (volume histograms per type)");
        var cmd = new Command("voronoi", "Periodic Voronoi cell volume [Å³] of every atom of one frame (the first selected), orthorhombic or triclinic boxes; checks that the cells fill the box.")
        {
            input, radii, threads, frames, format, outOpt, json,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            Dictionary<string, double>? r = null;
            if (pr.GetValue(radii) is { } text)
            {
                r = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var kv = item.Split('=');
                    if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    {
                        throw new InputException($"--radical item '{item}' must be NAME=RADIUS (Å), e.g. Li=0.76");
                    }

                    r[kv[0].Trim()] = v;
                }
            }

            var (csv, png) = StructureCli.Outputs(pr.GetValue(outOpt), "voronoi");
            var (csvFile, dir) = StructureCli.Target(pr.GetValue(outOpt));
            bool asJson = pr.GetValue(json);
            var res = VoronoiTask.Run(
                new VoronoiTaskOptions(pr.GetValue(input)!, csvFile, pr.GetValue(threads)) { OutputDir = dir, Radii = r, Selection = StructureCli.Selection(pr.GetValue(format), pr.GetValue(frames)) },
                csv is null && !asJson ? Console.Out : null);
            if (asJson) { Console.WriteLine(ResultJson.Serialize(res)); }
            else if (csv is not null)
            {
                Console.WriteLine(FormattableString.Invariant($"{res.Cells} cells; sum {res.SumVolumeA3:F6} Å³ vs box {res.BoxVolumeA3:F6} Å³ (relative {(res.SumVolumeA3 - res.BoxVolumeA3) / res.BoxVolumeA3:E1})"));
                foreach (var s in res.ByType) { Console.WriteLine(FormattableString.Invariant($"{s.Type}: {s.Count} atoms, mean {s.MeanA3:F3} ± {s.StdA3:F3} Å³")); }
                Console.WriteLine($"wrote {csv} and {png}");
            }

            return 0;
        }));
        return cmd;
    }
}
