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
            string path = pr.GetValue(input)!;
            var frame = StructureCli.Frames(path, pr.GetValue(format), pr.GetValue(frames)).FirstOrDefault()
                ?? throw new InputException(path, 0, "no frame selected (check --frames)");
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

            var res = new Voronoi(new VoronoiOptions { Radii = r, Threads = pr.GetValue(threads) }).Compute(frame);
            double relError = (res.TotalVolume - res.BoxVolume) / res.BoxVolume;
            var csv = new StringBuilder("id,volume\n");
            for (int i = 0; i < res.Volumes.Length; i++) { csv.AppendLine(CultureInfo.InvariantCulture, $"{res.Ids[i]},{res.Volumes[i]:R}"); }
            var (csvPath, pngPath) = StructureCli.Outputs(pr.GetValue(outOpt), "voronoi");
            var stats = res.ByType();
            if (csvPath is not null)
            {
                AtomicFile.WriteAllText(csvPath, csv.ToString());
                Charts.Histograms(pngPath!, res.Radical ? "Radical Voronoi volumes" : "Voronoi volumes", "cell volume [Å³]",
                    stats.Select(s => (s.Type, (IReadOnlyList<double>)Enumerable.Range(0, res.Volumes.Length).Where(i => res.TypeNames[res.Types[i]] == s.Type).Select(i => res.Volumes[i]).ToArray())));
            }

            if (pr.GetValue(json))
            {
                var types = new JsonObject();
                foreach (var s in stats)
                {
                    types[s.Type] = new JsonObject { ["count"] = s.Count, ["mean_A3"] = s.Mean, ["std_A3"] = s.StdDev, ["min_A3"] = s.Min, ["max_A3"] = s.Max };
                }

                var node = new JsonObject
                {
                    ["input"] = path,
                    ["tessellation"] = res.Radical ? "radical" : "plain",
                    ["atoms"] = res.Volumes.Length,
                    ["cells"] = res.Volumes.Length,
                    ["box_volume_A3"] = res.BoxVolume,
                    ["sum_volume_A3"] = res.TotalVolume,
                    ["sum_relative_error"] = relError,
                    ["by_type"] = types,
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
                Console.WriteLine(FormattableString.Invariant($"{res.Volumes.Length} cells; sum {res.TotalVolume:F6} Å³ vs box {res.BoxVolume:F6} Å³ (relative {relError:E1})"));
                foreach (var s in stats) { Console.WriteLine(FormattableString.Invariant($"{s.Type}: {s.Count} atoms, mean {s.Mean:F3} ± {s.StdDev:F3} Å³")); }
                Console.WriteLine($"wrote {csvPath} and {pngPath}");
            }

            return 0;
        }));
        return cmd;
    }
}
