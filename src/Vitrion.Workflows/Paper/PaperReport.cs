using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Html;

namespace Vitrion.Workflows.Paper;

/// <summary>
/// The self-contained report.html of a paper run, built from its typed results (<see cref="PaperResults"/>, the same
/// record as results.json): run settings and stage timings, the composition table, every figure each stage drew (with
/// the CSV/JSON beside it), and the table of the paper's claims (SCIENCE.md §8, judged by <see cref="PaperClaims"/>).
/// </summary>
public sealed class PaperReport(PaperPreset preset, PaperLayout layout, PaperResults results)
{
    private readonly string outDir = layout.Root;

    private static string F(double v, string fmt = "G4") => double.IsFinite(v) ? v.ToString(fmt, CultureInfo.InvariantCulture) : "n/a";

    private static string F(double? v, string fmt = "G4") => F(v ?? double.NaN, fmt);

    /// <summary>Writes report.html (results.json is written by the pipeline from the same record).</summary>
    public void Write()
    {
        var compTable = new List<IReadOnlyList<string>>();
        var transportRows = new List<IReadOnlyList<string>>();
        var sections = new List<ReportSection>();
        foreach (var c in results.Compositions)
        {
            int p = c.P2s6Percent;
            compTable.Add([
                $"{p} %", c.Model?.Atoms.ToString(CultureInfo.InvariantCulture) ?? "", c.Model?.Li.ToString(CultureInfo.InvariantCulture) ?? "",
                F(c.Clusters?.Ps4, "0.##"), F(c.Clusters?.P2s7, "0.##"), F(c.Clusters?.P2s6, "0.##"), F(c.Model?.DensityGPerCm3, "F3")]);
            var a = c.Arrhenius;
            transportRows.Add([$"{p} %", $"{F(a?.EaEv, "F3")} ± {F(a?.SigmaEaEv, "F3")}", $"{F(a?.ConductivityAtExtrapolationSPerCm, "E2")} ± {F(a?.SigmaConductivityAtExtrapolationSPerCm, "E2")}", F(c.Sq?.FsdpNeutron.Q0InvA, "F3")]);
        }

        var claims = results.Claims;
        var stageRows = results.Stages.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value.Status + (kv.Value.Resumed ? " (earlier run)" : ""), F(kv.Value.Seconds, "0.##"),
            kv.Value.Threads.ToString(CultureInfo.InvariantCulture), F(kv.Value.PeakMemoryMb, "0"), kv.Value.Error ?? ""]).ToList();
        ReportClaim Claim(int i) => new(claims[i].Claim, claims[i].Status, claims[i].Measured);

        // The main figures: one per finding, every composition on the same axes (PaperFigureSet); the per-composition plots
        // of the stages follow each section in collapsed groups.
        var figs = new PaperFigureSet(preset, layout, results);
        var nebByComp = results.Compositions.Where(c => c.Neb is not null).ToDictionary(c => c.P2s6Percent, c => c.Neb!);
        string viewer = figs.GlassView(out _);

        sections.Add(new ReportSection("Summary of the paper's claims",
            ["Each claim of Chen et al. (SCIENCE.md §8) as an effect with the sign the paper reports and a 95 % interval from independent units (glasses, held-out replicas, hops). One rule for all: reproduced when the interval excludes zero with the paper's sign, contradicted when it excludes zero with the other sign, inconclusive when it contains zero (then the smallest effect this run could have detected is given).",
             results.ReplicasPerComposition > 1 ? $"{results.ReplicasPerComposition} independent glasses per composition: composition trends are slopes over every glass against the P2S6 share, per-glass effects are means over glasses." : "One glass per composition: intervals rest on the compositions or on within-glass errors, which are lower bounds; run with --replicas for honest intervals."],
            [new ReportTable("Claims", ["claim", "verdict", "effect", "estimate [95 % CI]", "interval from", "measured", "figure"], claims.Select(r => (IReadOnlyList<string>)[
                r.Claim, r.Status, r.EffectName, $"{F(r.Effect.Effect, "G3")} [{F(r.Effect.Low, "G3")}, {F(r.Effect.High, "G3")}]", r.Effect.Basis, r.Measured, r.Figure]).ToList())
            {
                Anchors = claims.GroupBy(c => c.Figure).ToDictionary(g => g.Key, g => g.First().Anchor),
            }, ReplicaTable(), PooledTable()], [])
        {
            Id = "claims",
            Details = [new ReportDetails("Softness accuracy on held-out replicas and the NEB sample", []) { Tables = [HeldOutTable(), BarrierTable()] }],
        });
        sections.Add(new ReportSection("Fig. 1 — The glass models (1B, 1D)", [], [], [figs.Ternary(), figs.AnionRdfs()])
        {
            Id = "fig1",
            Details =
            [
                new ReportDetails("Composition table and per-composition structure plots (cluster census, partial g(r), S(q), Voronoi volumes)",
                    Figures("clusters", "Anion-cluster census and ternary of P shares").Concat(Figures("rdf", "Partial pair distribution functions")).Concat(Figures("sq", "Structure factor with the FSDP fit")).Concat(Figures("voronoi", "Voronoi cell volumes per atom type")).ToList())
                {
                    Tables = [new ReportTable("Compositions (counts from the geometric/topological census of the prepared model)", ["P2S6 share of P", "atoms", "Li", "PS4", "P2S7", "P2S6", "density at 500 K [g/cm³]"], compTable)],
                },
            ],
        });
        sections.Add(new ReportSection("Fig. 2 — Li transport (2A, 2B)", [], [new ReportTable("Activation energy and conductivity", ["P2S6 share of P", "Ea [eV]", "σ(300 K) [S/cm]", "FSDP q0 [1/Å]"], transportRows)],
            [figs.Arrhenius(), figs.Conductivity()])
        {
            Id = "fig2",
            Claims = [Claim(0), Claim(1)],
            Details = [new ReportDetails("Per-composition Arrhenius, conductivity and MSD plots", Figures("arrhenius", "Arrhenius plot of D").Concat(Figures("msd", "Li mean-square displacement with the fitted diffusive window")).ToList())],
        });
        sections.Add(new ReportSection("Fig. 3 — Softness (3B, 3E, 3F) and a 3D view of one glass", [], [], [figs.SoftnessDistributions(), figs.SoftnessByAnion(), figs.SoftnessVsEnergyAndVolume()])
        {
            Id = "fig3",
            Claims = [Claim(2), Claim(4), Claim(5), Claim(6)],
            Html = viewer,
            Details = [new ReportDetails("Per-composition softness plots (snapshots 3A/3C, Li–S g(r) by class 3D, distributions, correlations)", Figures("softness", "Softness analyses").Concat(FiguresIn(layout.SoftnessDir, "Softness model")).ToList())],
        });
        sections.Add(new ReportSection("Fig. 4 — Migration barriers (4B/C) and Li traces (4D)", [], [], [figs.Barriers(nebByComp), figs.Traces()])
        {
            Id = "fig4",
            Claims = [Claim(7)],
            Details = [new ReportDetails("Per-composition NEB and trace plots", Figures("neb", "NEB barriers").Concat(Figures("trace", "Li trajectory traces coloured by nearest anion")).ToList())],
        });
        sections.Add(new ReportSection("Supplementary figures (S1, S4, S5)", results.SoftnessModel is null ? ["softness model not produced"] : [], [], [figs.FeatureSets(), figs.Rings()])
        {
            Id = "figS",
            Claims = [Claim(3)],
            Details = [new ReportDetails("Per-composition homology and ring plots", Figures("homology", "Persistence diagram and Betti curves of P/S (Rips, periodic)").Concat(Figures("rings", "Ring-size distribution and Li softness by ring size")).ToList())],
        });
        sections.Add(new ReportSection("Methods", Methods(), [Settings()], [])
        {
            Id = "methods",
            Html = "<p>Files: <a href=\"manifest.json\">manifest.json</a> (settings and seeds), <a href=\"results.json\">results.json</a> (every number of this report; schema in docs/results-schema.md), <a href=\"run-log.csv\">run-log.csv</a> (start, end, threads and memory of every stage), <a href=\"figures/\">figures/</a> (each main figure as SVG, PNG and CSV).</p>",
            Details = [new ReportDetails("Stages of this run", []) { Tables = [new ReportTable("Stages", ["stage", "status", "seconds", "threads", "peak memory [MB]", "error"], stageRows)] }],
        });
        string html = HtmlReport.Render($"Vitrion — Chen et al. 2023 reproduced ({preset.Name} preset)",
            [$"Glassy Li2S–P2S5 with chosen PS4/P2S7/P2S6 fractions, Ariga 2022 force field, built, melt-quenched, simulated and analysed by Vitrion. {preset.Expectation}",
             "Each section holds the paper's claims, the figure(s) that test them with every composition overlaid (colours fixed per composition across figures), and, collapsed, the per-composition plots of the stages."], sections);
        AtomicFile.WriteAllText(layout.Report, html);
    }

    private static string Pm(PooledValue v, string fmt) => v.N == 0 ? "n/a" : v.N == 1 ? F(v.Mean, fmt) : $"{F(v.Mean, fmt)} ± {F(v.StdError, fmt)}";

    /// <summary>Every glass of the run, one row each.</summary>
    private ReportTable ReplicaTable() => new("Every glass (replica) of the run",
        ["glass", "atoms", "PS4 / P2S7 / P2S6", "density [g/cm³]", "D(T) [cm²/s]", "Ea [eV]", "σ(300 K) [S/cm]", "mean softness", "S near PS4 / P2S7 / P2S6", "S(PS4) − S(P2S6)", "r(S, E_IS)", "r(S, V)"],
        results.Replicas.Select(u => (IReadOnlyList<string>)[
            PaperLayout.CompositionName(u.P2s6Percent, u.Replica), u.Model?.Atoms.ToString(CultureInfo.InvariantCulture) ?? "",
            $"{F(u.Clusters?.Ps4, "0.#")} / {F(u.Clusters?.P2s7, "0.#")} / {F(u.Clusters?.P2s6, "0.#")}", F(u.Model?.DensityGPerCm3, "F3"),
            string.Join("; ", u.Temperatures.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.TemperatureK:0} K: {F(t.Diffusion?.DCm2PerS, "0.00E+0")} ± {F(t.Diffusion?.SigmaDCm2PerS, "0.0E+0")}"))),
            $"{F(u.Arrhenius?.EaEv, "F3")} ± {F(u.Arrhenius?.SigmaEaEv, "F3")}", F(u.Arrhenius?.ConductivityAtExtrapolationSPerCm, "0.00E+0"), F(u.SoftnessAnalysis?.Mean, "F3"),
            string.Join(" / ", (u.SoftnessAnalysis?.NearAnion ?? []).Select(a => F(a.Mean, "F3"))),
            F(u.SoftnessAnalysis?.PsMinusP2s6.Mean, "F3"), F(u.SoftnessCorrelation(Vitrion.Paths.InherentStructure.EnergyColumn), "F3"), F(u.SoftnessCorrelation(Vitrion.Workflows.Tasks.QuenchTask.VoronoiColumn), "F3")]).ToList());

    /// <summary>Per composition: mean ± between-replica standard error.</summary>
    private ReportTable PooledTable() => new("Per composition: mean ± between-replica standard error",
        ["P2S6 share", "glasses", "Ea [eV]", "σ(300 K) [S/cm]", "mean softness", "S(PS4) − S(P2S6)", "r(S, E_IS)", "r(S, V)", "P2S6 units"],
        results.Pooled.Select(c => (IReadOnlyList<string>)[$"{c.P2s6Percent} %", c.Replicas.ToString(CultureInfo.InvariantCulture), Pm(c.EaEv, "F3"), Pm(c.Sigma300SPerCm, "0.00E+0"),
            Pm(c.MeanSoftness, "F3"), Pm(c.SoftnessPs4MinusP2s6, "F3"), Pm(c.REnergy, "F3"), Pm(c.RVolume, "F3"), Pm(c.P2s6, "0.#")]).ToList());

    /// <summary>Held-out accuracies per label tail and replica.</summary>
    private ReportTable HeldOutTable() => new("Softness classification on replicas the model never saw (trained on the others)",
        ["label tails", "held-out replica", "train samples", "test samples", "C", "train accuracy", "held-out accuracy", "held-out ROC AUC"],
        (results.SoftnessReplicas?.HeldOut ?? []).SelectMany(t => t.Folds.Select(f => (IReadOnlyList<string>)[
            $"top/bottom {t.TailFraction.ToString("P0", CultureInfo.InvariantCulture)}", f.Replica.ToString(CultureInfo.InvariantCulture), f.TrainSamples.ToString(CultureInfo.InvariantCulture),
            f.TestSamples.ToString(CultureInfo.InvariantCulture), F(f.C, "G3"), F(f.TrainAccuracy, "F3"), F(f.TestAccuracy, "F3"), F(f.TestRocAuc, "F3")])).ToList());

    /// <summary>The NEB sample: convergence and the hops that gave no barrier.</summary>
    private ReportTable BarrierTable()
    {
        var b = results.Barriers;
        var rows = new List<IReadOnlyList<string>>();
        if (b is not null)
        {
            rows.Add(["all", $"{b.Converged} of {b.Hops} converged ({b.ConvergenceRate.ToString("P0", CultureInfo.InvariantCulture)}); soft n = {b.NSoft}, hard n = {b.NHard}; needed per class to detect {F(b.DetectKcalPerMol, "0.#")} kcal/mol: {F(b.RequiredPerClass, "0")}", "", ""]);
            rows.AddRange(b.Unconverged.Select(h => (IReadOnlyList<string>)[h.Model, $"Li {h.InitialId} → site of Li {h.TargetId}, {h.Class}", F(h.DistanceA, "F2"), h.Error.Length > 0 ? h.Error : $"not converged (max force {F(h.MaxForceKcalPerMolA, "F2")} kcal/mol/Å)"]));
        }

        return new ReportTable("NEB hops pooled over replicas; the hops that gave no barrier", ["glass", "hop", "distance [Å]", "why"], rows);
    }

    /// <summary>The Methods paragraphs: what was run, in a few sentences.</summary>
    private List<string> Methods() =>
    [
        string.Create(CultureInfo.InvariantCulture, $"Models: the Chen 2023 series (Li2S:P2S5 ≈ 7:3, PS4 fixed at 15 % of P, P2S6 share {string.Join(", ", preset.Compositions)} %) at scale {preset.Scale:0.###}, {preset.Replicas} independent glass{(preset.Replicas == 1 ? "" : "es")} per composition (own packing seed, melt-quench and production seeds), packed from rigid anions and melt-quenched with the Ariga 2022 force field (PPPM 1e-5, 12 Å cutoff, 1 fs steps): minimise, NVT 1500 K, NPT 1500 K at 10 kbar, NPT quench to 500 K, NPT relax."),
        string.Create(CultureInfo.InvariantCulture, $"Transport: NVT (Nosé–Hoover) at {string.Join(", ", preset.Temperatures)} K for {preset.ProductionSteps} steps each, frames every {preset.DumpEvery} steps; D from the Li MSD in an automatic diffusive window (bootstrap over Li for σ), weighted Arrhenius fit, Nernst–Einstein σ (q = +1 e, Haven ratio 1) extrapolated to 300 K."),
        string.Create(CultureInfo.InvariantCulture, $"Softness: frames at {preset.SoftnessTemperature:0} K quenched to inherent structures (FIRE); labels from Dcum (sum of D²min, lag {preset.SoftnessFrames.Lag} frames, window {preset.SoftnessFrames.Window} frames, top/bottom 20 %); logistic regression on Li-centred radial structure functions ") +
            (preset.Replicas > 1 ? FormattableString.Invariant($"trained on every replica of {(preset.SoftnessTrainOn == SoftnessScope.All ? "every composition" : $"P2S6 {preset.Compositions[0]} %")}, scored on replicas held out one at a time (label tails {string.Join(" and ", preset.SoftnessTails.Select(t => t.ToString("P0", CultureInfo.InvariantCulture)))}), and applied to every glass.") : FormattableString.Invariant($"trained on P2S6 {preset.Compositions[0]} % and applied to every composition.")),
        string.Create(CultureInfo.InvariantCulture, $"Barriers: {preset.NebPairs} Li hops of 5–6.5 Å per glass (vacancy, IDPP path, {preset.NebImages} images, climbing-image NEB, atoms beyond 6 Å frozen) on {(preset.Replicas > 1 ? $"each of the {preset.Replicas} replicas of" : "")} P2S6 {preset.Compositions[0]} %. Rings: persistent homology (Vietoris–Rips, periodic) of the P/S network of the prepared glass."),
    ];

    /// <summary>Settings and software versions, one table.</summary>
    private ReportTable Settings()
    {
        var rows = new List<IReadOnlyList<string>>();
        if (File.Exists(layout.Manifest) && JsonNode.Parse(File.ReadAllText(layout.Manifest)) is JsonObject man)
        {
            foreach (var kv in man)
            {
                if (kv.Value is null) { continue; }
                rows.Add([kv.Key, kv.Value is JsonValue ? Str(kv.Value) : kv.Value.ToJsonString()]);
            }
        }

        rows.Add(["vitrion", typeof(PaperReport).Assembly.GetName().Version?.ToString() ?? "?"]);
        rows.Add([".NET runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription]);
        rows.Add(["operating system", System.Runtime.InteropServices.RuntimeInformation.OSDescription]);
        rows.Add(["charts", "ScottPlot " + Vitrion.Reporting.Charts.LibraryVersion + " (SVG in the report, PNG beside it)"]);
        rows.Add(["3D view", GlassViewer.ViewerVersion + " (npm 3dmol, BSD-3-Clause), inlined"]);
        return new ReportTable("Run settings (manifest.json) and software versions", ["setting", "value"], rows);
    }

    private List<ReportFigure> Figures(string sub, string title)
    {
        var list = new List<ReportFigure>();
        foreach (int p in preset.Compositions)
        {
            string dir = layout.Composition(p).Dir;
            if (!Directory.Exists(dir)) { continue; }
            foreach (var png in Directory.EnumerateFiles(dir, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string rel = Path.GetRelativePath(outDir, png);

                // A figure belongs to the analysis whose folder or file it is (msd.png, rdf/rdf.png, arrhenius-conductivity.png),
                // not to every analysis whose name occurs somewhere in its path: softness-analysis/fig3d_li_s_rdf.png is a
                // softness figure and rings/ring_softness.png a rings figure, each shown once.
                var segments = Path.GetRelativePath(dir, png).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                segments[^1] = Path.GetFileNameWithoutExtension(segments[^1]);
                if (!segments.Any(s => s.StartsWith(sub, StringComparison.OrdinalIgnoreCase))) { continue; }
                var data = Directory.EnumerateFiles(Path.GetDirectoryName(png)!).Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                    .Select(f => Path.GetRelativePath(outDir, f)).Take(6).ToList();
                list.Add(new ReportFigure(rel.Replace('/', '-'), $"{title} — P2S6 {p} % ({Path.GetFileName(png)})", png, $"{title}. File {rel}.", data));
            }
        }

        return list;
    }

    private List<ReportFigure> FiguresIn(string dir, string title) => !Directory.Exists(dir) ? [] :
        Directory.EnumerateFiles(dir, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(png => new ReportFigure(Path.GetFileName(png), $"{title} ({Path.GetFileName(png)})", png, title, [])).ToList();

    private static string Str(JsonNode? n) => n?.ToString() ?? "";
}
