using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.Paths.Hops;
using Vitrion.Reporting.Html;

namespace Vitrion.Cli.Paper;

/// <summary>
/// Gathers the outputs of a paper run into results.json and a self-contained report.html: run settings and stage
/// timings, the composition table, every figure each stage drew (with the CSV/JSON beside it), and the table of the
/// paper's claims (SCIENCE.md §8) marked reproduced / not reproduced / not measured with the measured values.
/// </summary>
public sealed class PaperReport(PaperPreset preset, string outDir, JsonObject stages)
{
    private static string F(double v, string fmt = "G4") => double.IsFinite(v) ? v.ToString(fmt, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Writes results.json and report.html.</summary>
    public void Write()
    {
        var results = new JsonObject { ["preset"] = preset.Name, ["stages"] = stages.DeepClone() };
        var compTable = new List<IReadOnlyList<string>>();
        var transportRows = new List<IReadOnlyList<string>>();
        var sections = new List<ReportSection>();
        var perComp = new Dictionary<int, JsonObject>();
        foreach (int p in preset.Compositions)
        {
            string dir = Path.Combine(outDir, string.Create(CultureInfo.InvariantCulture, $"p2s6-{p:00}"));
            var c = new JsonObject();
            perComp[p] = c;
            results[$"p2s6_{p}"] = c;
            string prepared = Path.Combine(dir, "prepared.data");
            if (File.Exists(prepared))
            {
                var d = LammpsDataReader.Read(prepared);
                var counts = d.Topology.CountByType();
                double density = d.Topology.TotalMass / d.Box.Volume * Units.DensityToGramPerCm3;
                c["atoms"] = d.Topology.AtomCount;
                c["Li"] = counts[d.Topology.TypeIndex("Li")];
                c["density_500K_g_cm3"] = density;
                c["box_A"] = d.Box.Lx;
            }

            foreach (var (key, file) in new[] { ("clusters", "clusters.json"), ("arrhenius", "arrhenius.json"), ("energy", "energy.json"), ("sq", "sq.json"), ("homology", "homology/homology.json"), ("rings", "rings/rings.json"), ("softness_analysis", "softness-analysis/analysis.json") })
            {
                if (TryJson(Path.Combine(dir, file)) is { } node) { c[key] = node; }
            }

            if (NebBarriers(Path.Combine(dir, "neb", "barriers.csv")) is { } neb) { c["neb"] = neb; }

            foreach (double t in preset.Temperatures)
            {
                string td = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"T{t:0}"));
                if (TryJson(Path.Combine(td, "diffusion.json")) is { } dn) { c[string.Create(CultureInfo.InvariantCulture, $"diffusion_T{t:0}")] = dn; }
                if (TryJson(Path.Combine(td, "md.json")) is { } mn) { c[string.Create(CultureInfo.InvariantCulture, $"md_T{t:0}")] = mn; }
            }

            compTable.Add([
                $"{p} %", Str(c["atoms"]), Str(c["Li"]), Num(Find(c["clusters"], "PS4")), Num(Find(c["clusters"], "P2S7")), Num(Find(c["clusters"], "P2S6")),
                F(Val(c["density_500K_g_cm3"]), "F3")]);
            double ea = Val(Find(c["arrhenius"], "Ea_eV")), sea = Val(Find(c["arrhenius"], "sigma_Ea_eV"));
            double s300 = Val(Find(c["arrhenius"], "conductivity_at_extrapolation_S_per_cm")), ss300 = Val(Find(c["arrhenius"], "sigma_conductivity_at_extrapolation_S_per_cm"));
            transportRows.Add([$"{p} %", $"{F(ea, "F3")} ± {F(sea, "F3")}", $"{F(s300, "E2")} ± {F(ss300, "E2")}", F(Val(Find(c["sq"], "q0_inv_A")), "F3")]);
        }

        // Softness model summary.
        var model = TryJson(Path.Combine(outDir, "softness", "model.json"));
        if (model is not null) { results["softness_model"] = Summarise(model); }
        var claims = Claims(perComp, model);
        results["claims"] = new JsonArray(claims.Select(r => (JsonNode?)new JsonObject { ["claim"] = r[0], ["status"] = r[1], ["measured"] = r[2] }).ToArray());
        AtomicFile.WriteAllText(Path.Combine(outDir, "results.json"), results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var stageRows = stages.Select(kv => (IReadOnlyList<string>)[kv.Key, Str(kv.Value?["status"]), Str(kv.Value?["seconds"]), Str(kv.Value?["error"])]).ToList();
        ReportClaim Claim(int i) => new(claims[i][0], claims[i][1], claims[i][2]);

        // The main figures: one per finding, every composition on the same axes (PaperFigureSet); the per-composition plots
        // of the stages follow each section in collapsed groups.
        var figs = new PaperFigureSet(preset, outDir);
        var nebByComp = perComp.Where(kv => kv.Value["neb"] is JsonObject).ToDictionary(kv => kv.Key, kv => kv.Value["neb"]!.AsObject());
        string viewer = figs.GlassView(out _);

        sections.Add(new ReportSection("Summary of the paper's claims", ["Each claim of Chen et al. (SCIENCE.md §8) against what this run measured, with a link to the figure that supports it. Small, short presets give indicative trends only."],
            [new ReportTable("Claims", ["claim", "status", "measured", "figure"], claims.Select((r, i) => (IReadOnlyList<string>)[.. r, i < ClaimFigures.Length ? ClaimFigures[i].Label : ""]).ToList())
            {
                Anchors = ClaimFigures.ToDictionary(f => f.Label, f => f.Anchor),
            }], []) { Id = "claims" });
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
            Details = [new ReportDetails("Per-composition softness plots (snapshots 3A/3C, Li–S g(r) by class 3D, distributions, correlations)", Figures("softness", "Softness analyses").Concat(FiguresIn(Path.Combine(outDir, "softness"), "Softness model")).ToList())],
        });
        sections.Add(new ReportSection("Fig. 4 — Migration barriers (4B/C) and Li traces (4D)", [], [], [figs.Barriers(nebByComp), figs.Traces()])
        {
            Id = "fig4",
            Claims = [Claim(7)],
            Details = [new ReportDetails("Per-composition NEB and trace plots", Figures("neb", "NEB barriers").Concat(Figures("trace", "Li trajectory traces coloured by nearest anion")).ToList())],
        });
        sections.Add(new ReportSection("Supplementary figures (S1, S4, S5)", model is null ? ["softness model not produced"] : [], [], [figs.FeatureSets(), figs.Rings()])
        {
            Id = "figS",
            Claims = [Claim(3)],
            Details = [new ReportDetails("Per-composition homology and ring plots", Figures("homology", "Persistence diagram and Betti curves of P/S (Rips, periodic)").Concat(Figures("rings", "Ring-size distribution and Li softness by ring size")).ToList())],
        });
        sections.Add(new ReportSection("Methods", Methods(), [Settings()], [])
        {
            Id = "methods",
            Html = "<p>Files: <a href=\"manifest.json\">manifest.json</a> (settings and seeds), <a href=\"results.json\">results.json</a> (every number of this report), <a href=\"figures/\">figures/</a> (each main figure as SVG, PNG and CSV).</p>",
            Details = [new ReportDetails("Stages of this run", []) { Tables = [new ReportTable("Stages", ["stage", "status", "seconds", "error"], stageRows)] }],
        });
        string html = HtmlReport.Render($"Vitrion — Chen et al. 2023 reproduced ({preset.Name} preset)",
            [$"Glassy Li2S–P2S5 with chosen PS4/P2S7/P2S6 fractions, Ariga 2022 force field, built, melt-quenched, simulated and analysed by Vitrion. {preset.Expectation}",
             "Each section holds the paper's claims, the figure(s) that test them with every composition overlaid (colours fixed per composition across figures), and, collapsed, the per-composition plots of the stages."], sections);
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.html"), html);
    }

    /// <summary>The figure that tests each claim of <see cref="Claims"/>, in its order.</summary>
    private static readonly (string Label, string Anchor)[] ClaimFigures =
        [("Fig. 2A", "fig2a"), ("Fig. 2B", "fig2b"), ("Fig. 3B", "fig3b"), ("Fig. S1", "figs1"), ("Fig. 3E", "fig3e"), ("Fig. 3F, left", "fig3f"), ("Fig. 3F, right", "fig3f"), ("Figs. 4B/C", "fig4bc")];

    /// <summary>The Methods paragraphs: what was run, in a few sentences.</summary>
    private List<string> Methods() =>
    [
        string.Create(CultureInfo.InvariantCulture, $"Models: the Chen 2023 series (Li2S:P2S5 ≈ 7:3, PS4 fixed at 15 % of P, P2S6 share {string.Join(", ", preset.Compositions)} %) at scale {preset.Scale:0.###}, packed from rigid anions and melt-quenched with the Ariga 2022 force field (PPPM 1e-5, 12 Å cutoff, 1 fs steps): minimise, NVT 1500 K, NPT 1500 K at 10 kbar, NPT quench to 500 K, NPT relax."),
        string.Create(CultureInfo.InvariantCulture, $"Transport: NVT (Nosé–Hoover) at {string.Join(", ", preset.Temperatures)} K for {preset.ProductionSteps} steps each, frames every {preset.DumpEvery} steps; D from the Li MSD in an automatic diffusive window (bootstrap over Li for σ), weighted Arrhenius fit, Nernst–Einstein σ (q = +1 e, Haven ratio 1) extrapolated to 300 K."),
        string.Create(CultureInfo.InvariantCulture, $"Softness: frames at {preset.SoftnessTemperature:0} K quenched to inherent structures (FIRE); labels from Dcum (sum of D²min, lag {preset.SoftnessFrames.Lag} frames, window {preset.SoftnessFrames.Window} frames, top/bottom 20 %); logistic regression on Li-centred radial structure functions trained on P2S6 {preset.Compositions[0]} % and applied to every composition."),
        string.Create(CultureInfo.InvariantCulture, $"Barriers: {preset.NebPairs} Li hops of 5–6.5 Å (vacancy, IDPP path, {preset.NebImages} images, climbing-image NEB, atoms beyond 6 Å frozen) on P2S6 {preset.Compositions[0]} %. Rings: persistent homology (Vietoris–Rips, periodic) of the P/S network of the prepared glass."),
    ];

    /// <summary>Settings and software versions, one table.</summary>
    private ReportTable Settings()
    {
        var rows = new List<IReadOnlyList<string>>();
        if (TryJson(Path.Combine(outDir, "manifest.json")) is JsonObject man)
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
            string dir = Path.Combine(outDir, string.Create(CultureInfo.InvariantCulture, $"p2s6-{p:00}"));
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

    private List<IReadOnlyList<string>> Claims(Dictionary<int, JsonObject> comps, JsonNode? model)
    {
        var rows = new List<IReadOnlyList<string>>();
        int lo = preset.Compositions.Min(), hi = preset.Compositions.Max();
        double eaLo = Val(Find(comps[lo]["arrhenius"], "Ea_eV")), eaHi = Val(Find(comps[hi]["arrhenius"], "Ea_eV"));
        double sLo = Val(Find(comps[lo]["arrhenius"], "sigma_Ea_eV")), sHi = Val(Find(comps[hi]["arrhenius"], "sigma_Ea_eV"));
        rows.Add(Row("Activation energy falls as the P2S6 share falls", eaLo, eaHi, sLo, sHi, lower: true, $"Ea({lo} %) = {F(eaLo, "F3")} ± {F(sLo, "F3")} eV, Ea({hi} %) = {F(eaHi, "F3")} ± {F(sHi, "F3")} eV"));
        double cLo = Val(Find(comps[lo]["arrhenius"], "conductivity_at_extrapolation_S_per_cm")), cHi = Val(Find(comps[hi]["arrhenius"], "conductivity_at_extrapolation_S_per_cm"));
        rows.Add(Row("Conductivity rises as the P2S6 share falls", cLo, cHi, double.NaN, double.NaN, lower: false, $"σ300({lo} %) = {F(cLo, "0.00E+00")} S/cm, σ300({hi} %) = {F(cHi, "0.00E+00")} S/cm"));
        double mLo = Val(Find(comps[lo]["softness_analysis"], "mean")), mHi = Val(Find(comps[hi]["softness_analysis"], "mean"));
        rows.Add(Row("Softness shifts to higher values as the P2S6 share falls", mLo, mHi, double.NaN, double.NaN, lower: false, $"mean softness {F(mLo, "F3")} ({lo} %) vs {F(mHi, "F3")} ({hi} %)"));
        double acc = Val(Find(Find(model, "Test"), "Accuracy")), trainAcc = Val(Find(Find(model, "Train"), "Accuracy"));
        rows.Add([
            "Classification accuracy above 70 % (train and test)",
            !double.IsFinite(acc) ? "not measured" : acc > 0.7 && trainAcc > 0.7 ? "reproduced" : "not reproduced",
            $"train {F(trainAcc, "F3")}, test {F(acc, "F3")}"]);
        var order = preset.Compositions.Order().ToArray();
        var diffs = order.Select(p => (P: p, M: Val(Find(Find(comps[p]["softness_analysis"], "psMinusP2s6"), "Mean")), Se: Val(Find(Find(comps[p]["softness_analysis"], "psMinusP2s6"), "StdError")))).Where(d => double.IsFinite(d.M)).ToArray();
        rows.Add(diffs.Length == 0
            ? ["Hard Li around P2S6, soft Li around PS4", "not measured", ""]
            : ["Hard Li around P2S6, soft Li around PS4", SignStatus(diffs.Select(d => (d.M, d.Se)).ToArray()),
                string.Join("; ", diffs.Select(d => $"S(near PS4) − S(near P2S6) = {F(d.M, "F3")} ± {F(d.Se, "F3")} ({d.P} %)"))]);
        foreach (var (column, what) in new[] { ("c_pe_is", "potential energy"), ("c_voro_is", "Voronoi volume") })
        {
            // Pearson r within each frame, averaged over frames, ± its standard error over frames.
            var rs = order.Select(p => (P: p, C: Find(Find(comps[p]["softness_analysis"], "perAtom"), column))).Where(x => x.C is not null)
                .Select(x => (x.P, R: Val(Find(x.C, "FrameMean")), Se: Val(Find(x.C, "FrameStdError")))).Where(x => double.IsFinite(x.R)).ToArray();
            rows.Add(rs.Length == 0
                ? [$"Softness grows with {what}", "not measured", ""]
                : [$"Softness grows with {what}", SignStatus(rs.Select(x => (x.R, x.Se)).ToArray()),
                    string.Join("; ", rs.Select(x => $"Pearson r = {F(x.R, "F3")} ± {F(x.Se, "F3")} ({x.P} %)"))]);
        }

        var neb = comps[lo]["neb"];
        double bs = Val(neb?["median_soft"]), bh = Val(neb?["median_hard"]);
        double seBarrier = Math.Sqrt(Math.Pow(Val(neb?["se_median_soft"]), 2) + Math.Pow(Val(neb?["se_median_hard"]), 2));
        rows.Add(["Soft Li have lower migration barriers",
            !double.IsFinite(bs) || !double.IsFinite(bh) ? "not measured" : bs < bh ? (bh - bs > 2 * seBarrier ? "reproduced" : "reproduced (within 2 s.e.: not significant)") : "not reproduced",
            neb is null ? "" : $"median forward barrier of converged hops from soft Li {Num(neb["median_soft"])} ± {Num(neb["se_median_soft"])} kcal/mol (n = {Str(neb["n_soft"])}), from hard Li {Num(neb["median_hard"])} ± {Num(neb["se_median_hard"])} kcal/mol (n = {Str(neb["n_hard"])}; bootstrap s.e.); {Str(neb["n_converged"])} of {Str(neb["n_hops"])} bands converged ({lo} %)"]);
        return rows;
    }

    /// <summary>"reproduced" when every value is positive (significant when each exceeds twice its standard error).</summary>
    private static string SignStatus(IReadOnlyList<(double Value, double StdError)> values) =>
        values.All(v => v.Value > 0)
            ? (values.All(v => v.Value > 2 * v.StdError) ? "reproduced" : "reproduced (within 2 s.e.: not significant)")
            : "not reproduced";

    private static IReadOnlyList<string> Row(string claim, double lowShare, double highShare, double sLow, double sHigh, bool lower, string measured)
    {
        if (!double.IsFinite(lowShare) || !double.IsFinite(highShare)) { return [claim, "not measured", measured]; }
        double diff = lower ? highShare - lowShare : lowShare - highShare;
        double sigma = double.IsFinite(sLow) && double.IsFinite(sHigh) ? Math.Sqrt(sLow * sLow + sHigh * sHigh) : 0;
        string status = diff > 0 ? (sigma > 0 && diff < sigma ? "reproduced (within 1σ: not significant)" : "reproduced") : "not reproduced";
        return [claim, status, measured];
    }

    private static JsonNode Summarise(JsonNode model)
    {
        var o = new JsonObject
        {
            ["train_accuracy"] = Find(Find(model, "Train"), "Accuracy")?.DeepClone(),
            ["test_accuracy"] = Find(Find(model, "Test"), "Accuracy")?.DeepClone(),
            ["test_roc_auc"] = Find(Find(model, "Test"), "RocAuc")?.DeepClone(),
            ["C"] = Find(model, "C")?.DeepClone(),
            ["seed"] = Find(model, "Seed")?.DeepClone(),
            ["samples"] = Find(Find(model, "Training"), "Samples")?.DeepClone(),
        };
        return o;
    }

    /// <summary>
    /// The hops of <c>neb batch</c> (barriers.csv, one row per hop) with the median forward barrier [kcal/mol] of hops
    /// that start from a soft and from a hard Li (the class before the arrow), over the converged hops.
    /// </summary>
    private static JsonObject? NebBarriers(string csv)
    {
        if (!File.Exists(csv)) { return null; }
        var lines = File.ReadAllLines(csv).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) { return null; }
        var header = lines[0].Split(',');
        int cls = Array.IndexOf(header, "class"), fwd = Array.IndexOf(header, "barrier_forward_kcal"), conv = Array.IndexOf(header, "converged");
        int converged = 0;
        var hops = new JsonArray();
        var soft = new List<double>();
        var hard = new List<double>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var hop = new JsonObject();
            for (int k = 0; k < header.Length && k < cells.Length; k++)
            {
                hop[header[k]] = double.TryParse(cells[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    ? (double.IsFinite(v) ? JsonValue.Create(v) : null)
                    : JsonValue.Create(cells[k]);
            }

            hops.Add(hop);
            bool ok = conv < 0 || (conv < cells.Length && cells[conv] == "1");
            if (ok) { converged++; }
            if (ok && cls >= 0 && fwd >= 0 && cls < cells.Length && fwd < cells.Length
                && double.TryParse(cells[fwd], NumberStyles.Float, CultureInfo.InvariantCulture, out double b) && double.IsFinite(b))
            {
                if (cells[cls].StartsWith("soft", StringComparison.Ordinal)) { soft.Add(b); }
                else if (cells[cls].StartsWith("hard", StringComparison.Ordinal)) { hard.Add(b); }
            }
        }

        // The same estimator as the batch's own summary (median, bootstrap s.e.), so report and summary agree.
        var ms = HopBatch.Median("soft", soft);
        var mh = HopBatch.Median("hard", hard);
        return new JsonObject
        {
            ["hops"] = hops,
            ["n_hops"] = hops.Count,
            ["n_converged"] = converged,
            ["n_soft"] = soft.Count,
            ["n_hard"] = hard.Count,
            ["median_soft"] = Finite(ms.Median),
            ["median_hard"] = Finite(mh.Median),
            ["se_median_soft"] = ms.Count < 2 ? null : ms.StandardError,
            ["se_median_hard"] = mh.Count < 2 ? null : mh.StandardError,
        };
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static JsonNode? TryJson(string path)
    {
        if (!File.Exists(path)) { return null; }
        try
        {
            string text = File.ReadAllText(path);
            int brace = text.IndexOf('{');
            return brace < 0 ? null : JsonNode.Parse(text[brace..]);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Depth-first search for a property (case-insensitive).</summary>
    private static JsonNode? Find(JsonNode? node, string key)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var kv in o) { if (string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)) { return kv.Value; } }
                foreach (var kv in o) { if (Find(kv.Value, key) is { } f) { return f; } }
                return null;
            case JsonArray a:
                foreach (var x in a) { if (Find(x, key) is { } f) { return f; } }
                return null;
            default:
                return null;
        }
    }

    private static double Val(JsonNode? n) => n is JsonValue v && v.TryGetValue(out double d) ? d : double.NaN;

    private static string Num(JsonNode? n) => double.IsFinite(Val(n)) ? F(Val(n), "0.##") : "n/a";

    private static string Str(JsonNode? n) => n switch
    {
        null => "",
        JsonValue v when v.TryGetValue(out double d) => F(d, "0.###"),
        _ => n.ToString(),
    };
}
