using System.CommandLine;
using Vitrion.Core;
using Vitrion.Workflows.Paper;

namespace Vitrion.Cli.Paper;

/// <summary><c>vitrion paper</c>: the paper end to end.</summary>
public sealed class PaperCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "quick (2 compositions at scale 0.1, one glass each, a few minutes on 2 cores), standard (3 compositions × 4 replicas at scale 0.1, about 1–1.5 hours, sized to decide the claims) or full (the paper's scale, days).", DefaultValueFactory = _ => "quick" };
        var output = new Option<string>("--output", "-o") { Description = "Output folder (report.html, results.json, manifest.json, one folder per composition).", DefaultValueFactory = _ => "vitrion-out" }.Output(OutputKind.Folder);
        var threads = new Option<int>("--threads") { Description = "Threads of the run in total (0 = all cores): independent stages run side by side on one thread each; the results do not depend on this number.", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run in the same folder: finished stages are kept, the rest rerun with the same seeds." };
        var fromLammps = new Option<string?>("--from-lammps") { Description = "Analyse trajectories produced by LAMMPS from decks of 'vitrion export lammps' (layout DIR/p2s6-XX/{prepare/final.data,TNNN/trajectory.dump}, as 'vitrion paper --engine lammps' writes it) instead of running MD; -o may be the folder of that --engine lammps run." };
        var engine = new Option<string>("--engine") { Description = "Who runs the MD: vitrion (default; everything in-process) or lammps (build the models, write their protocols and a tree of LAMMPS decks with run_all.sh under OUTPUT/lammps, and stop without MD; after running them, analyse with --from-lammps OUTPUT/lammps). For the full preset, whose MD takes days on one machine.", DefaultValueFactory = _ => "vitrion" };
        var replicas = new Option<int?>("--replicas") { Description = "Independent glasses per composition (own build seed, melt-quench and production runs); claims then get between-replica intervals. Default: the preset's (quick 1, standard 4). Replica 1 uses the seeds of a single-model run, so --replicas 1 reproduces it." };
        var trainOn = new Option<string>("--softness-train-on") { Description = "With two or more replicas: train the softness model on the replicas of the first composition (first, default) or of every composition (all); accuracies are always measured on replicas held out one at a time.", DefaultValueFactory = _ => "first" };
        var cmd = new Command("paper", "Reproduce Chen et al. (ACS Energy Lett. 2023) end to end: build glasses with chosen PS4/P2S7/P2S6 fractions, melt-quench, MD at several temperatures, diffusion/Ea/conductivity, structure, softness, NEB barriers, persistent homology, and a self-contained report.html with results.json.")
        {
            preset, output, threads, resume, fromLammps, engine, replicas, trainOn,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            int n = pr.GetValue(threads);
            if (n < 0) { throw new InputException("--threads must be 0 (all cores) or positive"); }
            if (n == 0) { n = Environment.ProcessorCount; }
            var e = pr.GetValue(engine)!.ToLowerInvariant() switch
            {
                "vitrion" => PaperEngine.Vitrion,
                "lammps" => PaperEngine.Lammps,
                var s => throw new InputException($"--engine '{s}': use vitrion or lammps"),
            };
            var p = PaperPreset.Get(pr.GetValue(preset)!);
            if (pr.GetValue(replicas) is int r)
            {
                if (r < 1 || r > 100) { throw new InputException($"--replicas {r}: give 1 to 100 glasses per composition"); }
                p = p with { Replicas = r };
            }

            p = p with
            {
                SoftnessTrainOn = pr.GetValue(trainOn)!.ToLowerInvariant() switch
                {
                    "first" => SoftnessScope.First,
                    "all" => SoftnessScope.All,
                    var s => throw new InputException($"--softness-train-on '{s}': use first or all"),
                },
            };
            if (p.Replicas > 1 && (e == PaperEngine.Lammps || pr.GetValue(fromLammps) is not null))
            {
                throw new InputException("--engine lammps and --from-lammps handle one glass per composition: run them with --replicas 1");
            }

            return new PaperPipeline(p, pr.GetValue(output)!, n, pr.GetValue(resume), pr.GetValue(fromLammps), e, (count, run) => StageProgress.Run(count, run)).Run();
        }));
        return cmd;
    }
}
