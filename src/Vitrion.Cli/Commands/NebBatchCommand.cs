using System.CommandLine;
using Spectre.Console;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion neb batch DATA --softness soft.csv --pairs N -o barriers.csv</c>: barrier statistics by softness class (<see cref="NebBatchTask"/>).</summary>
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
        var json = OutputCliOptions.Json("NebBatchRecord: hops, converged, failed, medians (group, count, median_kcal_per_mol, std_error_kcal_per_mol), wall_s.");
        var cmd = new Command("batch", "Many Li hops (5–6.5 Å by default, vacancy at the target) sampled by softness class of the initial and target Li; barrier distributions and soft vs hard medians with bootstrap errors.");
        shared.AddTo(cmd);
        foreach (var o in new Option[] { softness, pairs, seed, minD, maxD, threshold, output, json }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var o = new NebBatchOptions
            {
                Data = pr.GetValue(shared.Data)!, Softness = pr.GetValue(softness)!, Csv = pr.GetValue(output)!, Pairs = pr.GetValue(pairs), Seed = pr.GetValue(seed),
                MinDistanceA = pr.GetValue(minD), MaxDistanceA = pr.GetValue(maxD), Threshold = pr.GetValue(threshold), Hop = shared.Hop(pr),
                Field = shared.Field.Options(pr) with { Threads = 0 }, TypeNames = IoCli.TypeNames(pr.GetValue(shared.TypeNames)), ForceFieldFile = shared.Field.FilePath(pr),
            };
            NebBatchRecord? r = pr.GetValue(json) ? NebBatchTask.Run(o) : null; // the progress display writes to stdout
            if (r is null)
            {
                AnsiConsole.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("NEB hops", maxValue: 1);
                    r = NebBatchTask.Run(o, (done, total) =>
                    {
                        task.MaxValue = total;
                        task.Value = done;
                    });
                });
            }

            string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.Csv))!, Path.GetFileNameWithoutExtension(o.Csv));
            if (pr.GetValue(json)) { Console.WriteLine(ResultJson.Serialize(r!)); }
            else
            {
                Console.Write(r!.Summary());
                Console.WriteLine($"wrote {o.Csv}, {stem}.png, {stem}_classes.png, {stem}_summary.txt");
            }

            return 0;
        }));
        return cmd;
    }
}
