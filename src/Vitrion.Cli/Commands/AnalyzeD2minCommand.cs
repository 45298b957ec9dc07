using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze d2min</c>: per-atom D²min between two times, or Dcum over a window.</summary>
public sealed class AnalyzeD2minCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var t = new TrajectoryCliOptions();
        var start = new Option<double?>("--start-fs") { Description = "Time t0 [fs] of the first frame used (default: the first frame). Frame time = step × --dt-fs for dumps." };
        var interval = new Option<double>("--interval-fs") { Description = "Δt [fs] between the two frames of each D²min. Default 1000 (1 ps).", DefaultValueFactory = _ => 1000.0 };
        var window = new Option<double>("--window-fs") { Description = "Dcum window [fs]: the sum of D²min over window/Δt consecutive intervals. 0 = a single D²min(t0, Δt). Default 20000 (20 ps).", DefaultValueFactory = _ => 20000.0 };
        var windows = new Option<int>("--windows") { Description = "Number of consecutive Dcum windows (time origins), one output column each. Default 1.", DefaultValueFactory = _ => 1 };
        var cutoff = new Option<double>("--cutoff") { Description = "Neighbour cutoff rc [Å] at t0. Default 5.0.", DefaultValueFactory = _ => 5.0 };
        var centers = new Option<string>("--center-species") { Description = "Species of the atoms whose D²min is computed (comma-separated type names or elements; 'all'). Default Li.", DefaultValueFactory = _ => "Li" };
        var neighbors = new Option<string>("--neighbor-species") { Description = "Species of the neighbours ('all' or comma-separated). Default all.", DefaultValueFactory = _ => "all" };
        var noNorm = new Option<bool>("--no-normalize") { Description = "Do not divide by the neighbour count (original Falk–Langer sum)." };
        var outOpt = OutputCliOptions.Out("CSV output: id,type,d2min_A2,neighbors (single D²min) or id,type,dcum_A2[_wK] (Dcum); a histogram PNG goes beside it. Default: stdout.");
        var json = OutputCliOptions.JsonSummary("Print a JSON summary (settings, counts, mean and quantiles).");
        var cmd = new Command("d2min", "Falk–Langer non-affine displacement D²min per atom (neighbours within rc at t0, all periodic images, best affine map by least squares, normalised by the neighbour count) and its cumulative sum Dcum over a window, for rearrangement labels.");
        t.AddTo(cmd);
        t.Species.Description = "(unused by d2min; see --center-species and --neighbor-species)";
        foreach (Option o in new Option[] { start, interval, window, windows, cutoff, centers, neighbors, noNorm, outOpt, json }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            IReadOnlyList<string>? Sp(string s) => s.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var d2o = new D2MinOptions
            {
                CutoffA = pr.GetValue(cutoff), CenterSpecies = Sp(pr.GetValue(centers)!), NeighborSpecies = Sp(pr.GetValue(neighbors)!),
                NormalizeByNeighborCount = !pr.GetValue(noNorm), TimestepFs = pr.GetValue(t.DtFs),
            };
            double dt = pr.GetValue(interval), win = pr.GetValue(window);
            int nw = pr.GetValue(windows);
            if (nw < 1) { throw new InputException("--windows must be at least 1"); }
            int[] ids, types;
            IReadOnlyList<string> names;
            var columns = new List<(string Name, double[] Values)>();
            int[]? counts = null;
            var summary = new JsonObject { ["input"] = pr.GetValue(t.Input), ["cutoff_A"] = d2o.CutoffA, ["normalized_by_neighbor_count"] = d2o.NormalizeByNeighborCount, ["interval_fs"] = dt };
            if (win <= 0)
            {
                var chosen = Pick(t.Frames(pr), pr.GetValue(start), dt, d2o.TimestepFs);
                var r = new D2Min(d2o).Compute(chosen.Item1, chosen.Item2);
                ids = r.Ids; types = r.Types; names = r.TypeNames; counts = r.NeighborCounts;
                columns.Add(("d2min_A2", r.ValuesA2));
                summary["t0_fs"] = r.T0Fs;
                summary["t1_fs"] = r.T1Fs;
                summary["mean_neighbors"] = r.NeighborCounts.Average();
            }
            else
            {
                var res = Dcum.ComputeWindows(t.Frames(pr), new DcumOptions { D2Min = d2o, IntervalFs = dt, WindowFs = win, StartFs = pr.GetValue(start) }, nw);
                ids = res[0].Ids; types = res[0].Types; names = res[0].TypeNames;
                for (int w = 0; w < res.Count; w++) { columns.Add((nw == 1 ? "dcum_A2" : $"dcum_A2_w{w}", res[w].ValuesA2)); }
                summary["window_fs"] = win;
                summary["windows"] = new JsonArray(res.Select(r => (JsonNode)new JsonObject { ["start_fs"] = r.StartFs, ["intervals"] = r.Intervals }).ToArray());
            }

            var all = columns.SelectMany(c => c.Values).Where(double.IsFinite).OrderBy(v => v).ToArray();
            summary["atoms"] = ids.Length;
            summary["undefined_values"] = columns.Sum(c => c.Values.Count(v => !double.IsFinite(v)));
            summary["mean_A2"] = all.Length > 0 ? all.Average() : null;
            summary["median_A2"] = all.Length > 0 ? all[all.Length / 2] : null;
            summary["p80_A2"] = all.Length > 0 ? all[(int)(0.8 * (all.Length - 1))] : null;
            var sb = new StringBuilder("id,type");
            foreach (var c in columns) { sb.Append(',').Append(c.Name); }
            if (counts is not null) { sb.Append(",neighbors"); }
            sb.Append('\n');
            for (int i = 0; i < ids.Length; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{ids[i]},{names[types[i]]}");
                foreach (var c in columns) { sb.Append(CultureInfo.InvariantCulture, $",{c.Values[i]:R}"); }
                if (counts is not null) { sb.Append(CultureInfo.InvariantCulture, $",{counts[i]}"); }
                sb.Append('\n');
            }

            if (pr.GetValue(outOpt) is { } outPath)
            {
                AtomicFile.WriteAllText(outPath, sb.ToString());
                Charts.Histograms(Path.ChangeExtension(outPath, ".png"), win > 0 ? FormattableString.Invariant($"Dcum over {win / 1000} ps (Δt {dt / 1000} ps, rc {d2o.CutoffA} Å)") : FormattableString.Invariant($"D²min, Δt {dt / 1000} ps, rc {d2o.CutoffA} Å"),
                    win > 0 ? "Dcum [Å²]" : "D²min [Å²]", columns.Select(c => (c.Name, (IReadOnlyList<double>)c.Values.Where(double.IsFinite).ToArray())));
                summary["csv"] = outPath;
                if (!pr.GetValue(json)) { Console.WriteLine($"{ids.Length} atoms; wrote {outPath}"); }
            }
            else if (!pr.GetValue(json))
            {
                Console.Write(sb.ToString());
            }

            if (pr.GetValue(json)) { Console.WriteLine(summary.ToJsonString(TransportCli.Json)); }
            return 0;
        }));
        return cmd;
    }

    private static (Frame, Frame) Pick(IEnumerable<Frame> frames, double? startFs, double intervalFs, double timestepFs)
    {
        Frame? first = null;
        double t0 = double.NaN;
        double tol = Math.Max(1e-3, 1e-6 * intervalFs);
        foreach (var f in frames)
        {
            double t = TrajectoryCollector.TimeOf(f, timestepFs);
            if (double.IsNaN(t0)) { t0 = startFs ?? t; }
            if (first is null)
            {
                if (Math.Abs(t - t0) <= tol) { first = f; }
                else if (t > t0) { throw new InputException(FormattableString.Invariant($"no frame at --start-fs {t0} fs (next frame at {t} fs)")); }
                continue;
            }

            double target = t0 + intervalFs;
            if (Math.Abs(t - target) <= tol) { return (first, f); }
            if (t > target) { throw new InputException(FormattableString.Invariant($"no frame at t0 + Δt = {target} fs (next frame at {t} fs); choose --interval-fs as a multiple of the dump interval")); }
        }

        throw new InputException(FormattableString.Invariant($"the trajectory ends before t0 + Δt = {t0 + intervalFs} fs"));
    }
}
