using System.CommandLine;
using System.Text;
using Spectre.Console;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Paths.Hops;
using Vitrion.Reporting.Paths;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion neb batch DATA --softness soft.csv --pairs N -o barriers.csv</c>: barrier statistics by softness class.</summary>
public sealed class NebBatchCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "neb";

    /// <inheritdoc />
    public Command Create()
    {
        var shared = new NebCliShared();
        var softness = new Option<string>("--softness") { Description = "CSV with columns id,softness (from `vitrion softness apply`); Li with S > --threshold are soft.", Required = true };
        var pairs = new Option<int>("--pairs") { Description = "Number of hops, sampled in turn from soft→hard, hard→soft, soft→soft, hard→hard (default 100).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the pair sampling (default 1).", DefaultValueFactory = _ => 1 };
        var minD = new Option<double>("--min-distance") { Description = "Smallest Li–Li distance of a hop [Å] (default 5).", DefaultValueFactory = _ => 5.0 };
        var maxD = new Option<double>("--max-distance") { Description = "Largest Li–Li distance of a hop [Å] (default 6.5). The paper samples 5–10 Å; direct hops longer than ~6.5 Å rarely give a converged band in a glass (bench/neb/RESULTS.md), so the default stops there.", DefaultValueFactory = _ => 6.5 };
        var threshold = new Option<double>("--threshold") { Description = "Softness threshold between hard and soft (default 0).", DefaultValueFactory = _ => 0.0 };
        var output = new Option<string>("--output", "-o") { Description = "Output CSV (one row per hop: ids, softness, class, distance, forward/backward barrier [kcal/mol], converged, images, steps, wall time); barriers.png (distributions), profile.png/csv of the first converged hop and a summary next to it. Default barriers.csv.", DefaultValueFactory = _ => "barriers.csv" }.Output(OutputKind.File);
        var cmd = new Command("batch", "Many Li hops (5–6.5 Å by default, vacancy at the target) sampled by softness class of the initial and target Li; barrier distributions and soft vs hard medians with bootstrap errors.");
        shared.AddTo(cmd);
        foreach (var o in new Option[] { softness, pairs, seed, minD, maxD, threshold, output }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var (state, runner, _, _) = shared.Load(pr);
            var soft = HopSampler.ReadSoftnessCsv(pr.GetValue(softness)!);
            if (pr.GetValue(pairs) < 1) { throw new InputException("--pairs must be at least 1"); }
            var sampler = new HopSampler(pr.GetValue(minD), pr.GetValue(maxD), pr.GetValue(threshold));
            var positions = Enumerable.Range(0, state.AtomCount).Select(state.UnwrappedPosition).ToArray();
            var list = sampler.Sample(state.Topology, state.Box, positions, soft, pr.GetValue(pairs), pr.GetValue(seed));
            if (list.Count == 0) { throw new InputException(pr.GetValue(softness)!, 0, "no Li pair with softness values lies within the distance window; check the ids and --min-distance/--max-distance"); }
            string csvPath = pr.GetValue(output)!;
            string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, Path.GetFileNameWithoutExtension(csvPath));
            IReadOnlyList<BarrierRow> rows = [];
            var partial = new List<BarrierRow>();
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"NEB hops ({list.Count})", maxValue: list.Count);
                rows = HopBatch.Run(runner, list, (done, total, row) =>
                {
                    partial.Add(row);
                    HopBatch.WriteCsv(csvPath, partial); // keep results if interrupted
                    task.Increment(1);
                });
            });
            HopBatch.WriteCsv(csvPath, rows);
            var groups = HopBatch.Groups(rows, convergedOnly: true); // a band that did not converge has no saddle to quote
            var get = (string k) => (IReadOnlyList<double>)(groups.TryGetValue(k, out var l) ? l : []);
            NebCharts.BarrierDistributions(stem + ".png", "Li migration barriers by softness of the initial Li (converged bands)",
                [("soft initial", get("soft initial")), ("hard initial", get("hard initial"))]);
            NebCharts.BarrierDistributions(stem + "_classes.png", "Li migration barriers by hop class (converged bands)",
                [("soft→hard", get("soft→hard")), ("hard→soft", get("hard→soft")), ("soft→soft", get("soft→soft")), ("hard→hard", get("hard→hard"))]);
            var summary = new StringBuilder();
            foreach (var key in new[] { "soft initial", "hard initial", "soft→hard", "hard→soft", "soft→soft", "hard→hard" })
            {
                var m = HopBatch.Median(key, get(key));
                summary.AppendLine(FormattableString.Invariant($"{key,-13} n = {m.Count,4}  median forward barrier {m.Median,8:F3} ± {m.StandardError:F3} kcal/mol (bootstrap s.e.; converged bands)"));
            }

            int conv = rows.Count(r => r.Converged);
            double wall = rows.Sum(r => r.WallSeconds);
            summary.AppendLine(FormattableString.Invariant($"{rows.Count} hops, {conv} converged, {rows.Count(r => r.Error.Length > 0)} failed; wall time {wall:F1} s ({wall / rows.Count:F1} s per hop)"));
            AtomicFile.WriteAllText(stem + "_summary.txt", summary.ToString());
            Console.Write(summary.ToString());
            Console.WriteLine($"wrote {csvPath}, {stem}.png, {stem}_classes.png, {stem}_summary.txt");
            return 0;
        }));
        return cmd;
    }
}
