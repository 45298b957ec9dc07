using System.Globalization;
using System.Text;
using Vitrion.Workflows.Tasks;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;
using Vitrion.Reporting.Html;
using Vitrion.Reporting.Paper;
using Vitrion.Reporting.Transport;
using Figs = Vitrion.Reporting.Paper.PaperFigures;

namespace Vitrion.Workflows.Paper;

/// <summary>
/// The report's main figures of a paper run, one per finding with every composition on the same axes: reads what the
/// stages wrote (JSON/CSV, the quenched trajectory and its softness), draws each figure into <c>figures/</c> as SVG (for
/// the report) and PNG (for slides) with a CSV of the plotted numbers, and writes the glass shown in the 3D view as
/// extended XYZ with per-atom softness, anion class and Dcum. Nothing here reruns MD: a report rebuilt with --resume
/// redraws the figures from the run's files in seconds.
/// </summary>
public sealed class PaperFigureSet(PaperPreset preset, PaperLayout layout, PaperResults results)
{
    private readonly string outDir = layout.Root;

    /// <summary>Ariga et al. 2022 (ref 26 of the paper) 70Li2S–30P2S5 model: 201 PS4, 413 P2S7, 91 P2S6 (shared/reference/ariga2022/REFERENCE.md).</summary>
    public static readonly (string Label, double Ps4, double P2s7, double P2s6) ArigaReference =
        ("Ariga 2022 70:30 glass (ref 26)", 201.0 / 1209, 826.0 / 1209, 182.0 / 1209);

    /// <summary>The one conductivity of a 70Li2S–30P2S5 material the paper's text states: the glass-ceramic, 1.7 × 10⁻² S/cm at room temperature (its ref 11, Seino et al. 2014).</summary>
    public static readonly PublishedValue GlassCeramic = new("70Li2S–30P2S5 glass-ceramic, RT: 1.7e-2 S/cm (Seino 2014, paper ref 11)", 1.7e-2);

    private static readonly string[] Anions = ["PS4", "P2S7", "P2S6"];
    private readonly Dictionary<int, Loaded?> _loaded = [];

    private string FigDir => layout.Figures;

    private IReadOnlyList<int> Comps => preset.Compositions;

    /// <summary>Folder of composition <paramref name="p"/>.</summary>
    public string CompDir(int p) => layout.Composition(p).Dir;

    private string Rel(string path) => Path.GetRelativePath(outDir, path).Replace('\\', '/');

    private string Base(string id) => Path.Combine(FigDir, id);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Draws a figure, or returns a figure whose image is missing (the report says so) with the reason in the caption.</summary>
    private ReportFigure Guard(string id, string title, Func<ReportFigure> draw)
    {
        try
        {
            return draw();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A figure whose inputs are missing or unreadable (a failed stage) must not cost the whole report.
            return new ReportFigure(id, title, Base(id) + ".svg", $"Not drawn: {(ex is InputException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}")}", []);
        }
    }

    private ReportFigure Fig(string id, string title, IReadOnlyList<string> svgs, string caption, params string[] extra) =>
        new(id, title, svgs, caption, svgs.Select(s => Rel(Path.ChangeExtension(s, ".png"))).Concat(extra.Where(File.Exists).Select(Rel)).ToList());

    // ---------------------------------------------------------------- Fig. 1B

    /// <summary>Fig. 1B: the anion mix of every composition on one ternary, with the force-field authors' 70:30 glass.</summary>
    public ReportFigure Ternary() => Guard("fig1b", "Fig. 1B — anion mix of the models", () =>
    {
        var pts = new List<(int, double, double, double)>();
        var csv = new StringBuilder("p2s6_percent,share_PS4,share_P2S7,share_P2S6\n");
        foreach (int p in Comps)
        {
            var j = (results.Composition(p).Clusters ?? throw new InputException(layout.Composition(p).Clusters, 0, "no cluster census")).ShareOfP;
            double a = j.Ps4, b = j.P2s7, c = j.P2s6;
            pts.Add((p, a, b, c));
            csv.Append(Inv($"{p},{a:R},{b:R},{c:R}\n"));
        }

        var r = ArigaReference;
        csv.Append(Inv($"ariga2022_70_30,{r.Ps4:R},{r.P2s7:R},{r.P2s6:R}\n"));
        string svg = Figs.Ternary(Base("fig1b"), pts, r);
        Charts2.WriteCsv(Base("fig1b") + ".csv", csv.ToString());
        return Fig("fig1b", "Fig. 1B — anion mix of the models", [svg],
            "Share of P in PS4, P2S7 and P2S6 of each model (filled circles, topological census of the prepared glass) and of the force field authors' 70Li2S–30P2S5 glass (open diamond: 201 PS4, 413 P2S7, 91 P2S6). What to see: the series moves along a line of constant PS4 share (15 %) from P2S7-rich towards P2S6-rich, bracketing the reference glass.",
            Base("fig1b") + ".csv");
    });

    // ---------------------------------------------------------------- Fig. 1D

    /// <summary>Fig. 1D: P–S and Li–S g(r) with the S split by anion, every composition.</summary>
    public ReportFigure AnionRdfs() => Guard("fig1d", "Fig. 1D — P–S and Li–S g(r) by anion", () =>
    {
        var ps = new List<AnionRdf>();
        var lis = new List<AnionRdf>();
        var csv = new StringBuilder("p2s6_percent,pair,anion,r_A,g\n");
        foreach (int p in Comps)
        {
            var l = Load(p) ?? throw new InputException($"no quenched trajectory or softness for P2S6 {p} %");
            foreach (var an in Anions)
            {
                var kind = Enum.Parse<AnionKind>(an);
                var (r, g1) = PartialRdf(l.Frames, l.Elements, l.Anions, "P", kind, 8.0, 0.05);
                var (_, g2) = PartialRdf(l.Frames, l.Elements, l.Anions, "Li", kind, 8.0, 0.05);
                ps.Add(new AnionRdf(p, an, r, g1));
                lis.Add(new AnionRdf(p, an, r, g2));
                for (int i = 0; i < r.Length; i++) { csv.Append(Inv($"{p},P-S,{an},{r[i]:0.###},{g1[i]:R}\n{p},Li-S,{an},{r[i]:0.###},{g2[i]:R}\n")); }
            }
        }

        string a = Figs.AnionRdfs(Base("fig1d_ps"), "P–S", ps, Comps, 6.0);
        string b = Figs.AnionRdfs(Base("fig1d_lis"), "Li–S", lis, Comps, 8.0);
        Charts2.WriteCsv(Base("fig1d") + ".csv", csv.ToString());
        return Fig("fig1d", "Fig. 1D — P–S and Li–S g(r) by anion", [a, b],
            Inv($"Partial pair distribution functions with the S restricted to one anion (colour) for each composition (line style), averaged over the {Load(Comps[0])?.Frames.Count ?? 0} quenched frames at {preset.SoftnessTemperature:0} K; each g(r) is normalised by the number density of that anion's S. What to see: left, the P–S bond at ≈2.1 Å for all anions and the P2S6 peak at 3.4–3.8 Å (S bonded to the neighbouring P across the P–P bond); right, the Li–S first peak at the same distance for all three anions (Li sits alike around them)."),
            Base("fig1d") + ".csv");
    });

    // ---------------------------------------------------------------- Fig. 2A / 2B

    /// <summary>Fig. 2A: D against 1000/T for every composition on one Arrhenius plot.</summary>
    public ReportFigure Arrhenius() => Guard("fig2a", "Fig. 2A — Arrhenius plot of Li diffusion", () =>
    {
        var series = new List<CompositionArrhenius>();
        var csv = new StringBuilder("p2s6_percent,T_K,D_cm2_s,sigma_D_cm2_s,Ea_eV,sigma_Ea_eV,lnD0\n");
        foreach (int p in Comps)
        {
            var j = Arr(p);
            var t = j.Points.Select(x => x.TemperatureK).ToArray();
            var d = j.Points.Select(x => x.DCm2PerS).ToArray();
            var s = j.Points.Select(x => x.SigmaDCm2PerS).ToArray();
            double ea = j.EaEv, sea = j.SigmaEaEv, ln = j.LnD0;
            series.Add(new CompositionArrhenius(p, t, d, s, ea, sea, ln));
            for (int i = 0; i < t.Length; i++) { csv.Append(Inv($"{p},{t[i]:R},{d[i]:R},{s[i]:R},{ea:R},{sea:R},{ln:R}\n")); }
        }

        string svg = Figs.Arrhenius(Base("fig2a"), series);
        Charts2.WriteCsv(Base("fig2a") + ".csv", csv.ToString());
        return Fig("fig2a", "Fig. 2A — Arrhenius plot of Li diffusion", [svg],
            Inv($"Li self-diffusion coefficient D from the windowed MSD at {string.Join(", ", preset.Temperatures.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} K (error bars ±1σ, bootstrap over Li) and the weighted Arrhenius fit D = D0 exp(−Ea/kBT) per composition; Ea ± σ in the legend. What to look for: in the paper the glass with less P2S6 diffuses faster and has the lower slope (smaller Ea); compare the legend's Ea ± σ."),
            Base("fig2a") + ".csv");
    });

    /// <summary>Fig. 2B: Nernst–Einstein σ(300 K) per composition against the published 70:30 values the paper's text states.</summary>
    public ReportFigure Conductivity() => Guard("fig2b", "Fig. 2B — conductivity at 300 K against published values", () =>
    {
        var vals = new List<CompositionValue>();
        var csv = new StringBuilder("p2s6_percent,T_K,sigma_S_cm,u_sigma_S_cm\n");
        double tx = 300;
        foreach (int p in Comps)
        {
            var j = Arr(p);
            tx = j.ExtrapolationK;
            double s = j.ConductivityAtExtrapolationSPerCm ?? double.NaN, u = j.SigmaConductivityAtExtrapolationSPerCm ?? double.NaN;
            vals.Add(new CompositionValue(p, s, u));
            csv.Append(Inv($"{p},{tx:R},{s:R},{u:R}\n"));
        }

        string svg = Figs.Conductivity(Base("fig2b"), vals, [GlassCeramic], tx);
        Charts2.WriteCsv(Base("fig2b") + ".csv", csv.ToString());
        return Fig("fig2b", "Fig. 2B — conductivity at 300 K against published values", [svg],
            Inv($"Nernst–Einstein conductivity σ = N q² D / (V kB T) of Li (q = +1 e, Haven ratio 1) at {tx:0} K from the Arrhenius extrapolation of each composition (error bars ±1σ, propagated from the fit covariance). Published values: the paper's Fig. 2B compares with experimental and simulated 70Li2S–30P2S5 glasses of its refs 19–22 (Mizuno 2005, Dietrich 2017, Ohara 2016, Uchida 2021), but its text states no number for them, so they are not drawn here; the only 70:30 conductivity the text states is that of the glass-ceramic, 1.7 × 10⁻² S/cm at room temperature (ref 11, Seino et al., Energy Environ. Sci. 2014), drawn as the dashed line — a partly crystallised material, an upper bound for the glasses. What to look for: in the paper σ falls as the P2S6 share rises."),
            Base("fig2b") + ".csv");
    });

    // ---------------------------------------------------------------- Fig. 3

    /// <summary>Fig. 3B: softness distributions of all compositions overlaid.</summary>
    public ReportFigure SoftnessDistributions() => Guard("fig3b", "Fig. 3B — Li softness distributions", () =>
    {
        var samples = new List<CompositionFrames>();
        foreach (int p in Comps)
        {
            var l = Load(p) ?? throw new InputException($"no quenched trajectory or softness for P2S6 {p} %");
            samples.Add(new CompositionFrames(p, l.Softness.Select(s => s.Select(x => x.S).ToArray()).ToList()));
        }

        string svg = Figs.SoftnessDistributions(Base("fig3b"), samples);
        var csv = new StringBuilder("p2s6_percent,frame,softness\n");
        foreach (var s in samples) { for (int f = 0; f < s.PerFrame.Count; f++) { foreach (var v in s.PerFrame[f]) { csv.Append(Inv($"{s.P2s6Percent},{f},{v:R}\n")); } } }
        Charts2.WriteCsv(Base("fig3b") + ".csv", csv.ToString());
        return Fig("fig3b", "Fig. 3B — Li softness distributions", [svg],
            "Probability density of the softness of every Li in every quenched frame, per composition (same model, trained on the first composition, applied to all); error bars are the standard error of each bin's density over frames, dashed lines the means (legend: mean ± s.e. over frames). What to look for: in the paper the distribution of the glass with less P2S6 lies at higher softness.",
            Base("fig3b") + ".csv");
    });

    /// <summary>Fig. 3E: softness of Li near each anion, per composition (box plots).</summary>
    public ReportFigure SoftnessByAnion() => Guard("fig3e", "Fig. 3E — softness by neighbouring anion", () =>
    {
        var samples = new List<GroupSample>();
        var csv = new StringBuilder("p2s6_percent,anion,n,mean,median,q1,q3\n");
        foreach (int p in Comps)
        {
            var l = Load(p) ?? throw new InputException($"no quenched trajectory or softness for P2S6 {p} %");
            foreach (var an in Anions)
            {
                var v = l.NearAnion[Enum.Parse<AnionKind>(an)];
                samples.Add(new GroupSample(p, an, v));
                csv.Append(Inv($"{p},{an},{v.Count},{(v.Count > 0 ? v.Average() : double.NaN):R},{Figs.Quantile(v, 0.5):R},{Figs.Quantile(v, 0.25):R},{Figs.Quantile(v, 0.75):R}\n"));
            }
        }

        string svg = Figs.SoftnessByAnion(Base("fig3e"), samples, Anions, Comps);
        Charts2.WriteCsv(Base("fig3e") + ".csv", csv.ToString());
        return Fig("fig3e", "Fig. 3E — softness by neighbouring anion", [svg],
            "Softness of the Li that have an S of the given anion within 5 Å (a Li can count for several anions), pooled over the quenched frames: box = quartiles, thick line = median, whiskers = 5th–95th percentile, diamond = mean, n = Li values. What to look for: in the paper Li near PS4 are soft (S > 0) and Li near P2S6 hard (S < 0).",
            Base("fig3e") + ".csv");
    });

    /// <summary>Fig. 3F: binned softness against per-atom potential energy and Voronoi volume of the quenched structures.</summary>
    public ReportFigure SoftnessVsEnergyAndVolume() => Guard("fig3f", "Fig. 3F — softness vs energy and Voronoi volume", () =>
    {
        var svgs = new List<string>();
        var csv = new StringBuilder("p2s6_percent,quantity,softness_mean,softness_se,value_mean,value_se,n\n");
        foreach (var (col, id, title, label) in new[]
        {
            (Vitrion.Paths.InherentStructure.EnergyColumn, "fig3f_pe", "Per-atom potential energy of Li vs softness", "Li potential energy [kcal/mol]"),
            (QuenchTask.VoronoiColumn, "fig3f_voro", "Voronoi volume of Li vs softness", "Li Voronoi volume [Å³]"),
        })
        {
            var curves = new List<BinnedCurve>();
            foreach (int p in Comps)
            {
                var l = Load(p) ?? throw new InputException($"no quenched trajectory or softness for P2S6 {p} %");
                var pairs = new List<(double S, double V)>();
                for (int f = 0; f < l.Frames.Count; f++)
                {
                    if (!l.Frames[f].Extra.TryGetValue(col, out var values)) { throw new InputException($"the quenched trajectory has no column {col}"); }
                    foreach (var (atom, s) in l.Softness[f]) { pairs.Add((s, values[atom])); }
                }

                var b = Bin(pairs, Math.Clamp(pairs.Count / 40, 3, 12));
                curves.Add(new BinnedCurve(p, b.Select(x => x.S).ToArray(), b.Select(x => x.SeS).ToArray(), b.Select(x => x.V).ToArray(), b.Select(x => x.SeV).ToArray()));
                foreach (var x in b) { csv.Append(Inv($"{p},{col},{x.S:R},{x.SeS:R},{x.V:R},{x.SeV:R},{x.N}\n")); }
            }

            svgs.Add(Figs.Binned(Base(id), title, label, curves));
        }

        Charts2.WriteCsv(Base("fig3f") + ".csv", csv.ToString());
        return Fig("fig3f", "Fig. 3F — softness vs energy and Voronoi volume", svgs,
            "Li pooled over the quenched frames and sorted into bins of equal count by softness; each point is a bin's mean softness and mean per-atom potential energy (left, kcal/mol) or radical Voronoi volume (right, Å³) of the inherent structure, error bars ±1 s.e. of the bin means on both axes (atoms treated as independent, so a lower bound). What to look for: in the paper both grow with softness.",
            Base("fig3f") + ".csv");
    });

    // ---------------------------------------------------------------- Fig. 4

    /// <summary>Figs. 4B/C: NEB barriers of hops from soft and from hard Li.</summary>
    /// <param name="neb">per composition, the summary made by the report from barriers.csv.</param>
    public ReportFigure Barriers(IReadOnlyDictionary<int, NebResults> neb) => Guard("fig4bc", "Figs. 4B/C — migration barriers, soft vs hard Li", () =>
    {
        var groups = new List<BarrierGroup>();
        var csv = new StringBuilder("p2s6_percent,class,initial_id,target_id,barrier_forward_kcal,converged\n");
        foreach (var (p, n) in neb.OrderBy(kv => kv.Key))
        {
            foreach (var cls in new[] { "soft", "hard" })
            {
                var v = n.Hops.Where(h => h.Class.StartsWith(cls, StringComparison.Ordinal) && h.Converged)
                    .Select(h => h.BarrierForwardKcalPerMol).Where(double.IsFinite).ToList();
                string label = neb.Count > 1 ? $"{cls}, {PaperPalette.Label(p)}" : cls;
                groups.Add(new BarrierGroup(label, cls == "soft" ? PaperPalette.SoftHex : PaperPalette.HardHex, v,
                    (cls == "soft" ? n.MedianSoftKcalPerMol : n.MedianHardKcalPerMol) ?? double.NaN, (cls == "soft" ? n.SeMedianSoftKcalPerMol : n.SeMedianHardKcalPerMol) ?? double.NaN));
            }

            foreach (var h in n.Hops)
            {
                csv.Append(Inv($"{p},{h.Class},{h.InitialId},{h.TargetId},{h.BarrierForwardKcalPerMol:R},{(h.Converged ? 1 : 0)}\n"));
            }
        }

        if (groups.Count == 0) { throw new InputException("no NEB hops (barriers.csv missing)"); }
        string svg = Figs.Barriers(Base("fig4bc"), groups);
        Charts2.WriteCsv(Base("fig4bc") + ".csv", csv.ToString());
        var first = neb.OrderBy(kv => kv.Key).First();
        return Fig("fig4bc", "Figs. 4B/C — migration barriers, soft vs hard Li", [svg],
            Inv($"Forward barrier (max image energy − initial energy, climbing-image NEB with a Li vacancy) of every converged hop, grouped by the softness class of the hopping Li (the class before the arrow in barriers.csv); each circle is one hop, the bar the median with its bootstrap standard error, n in the legend ({first.Value.NConverged} of {first.Value.NHops} bands converged). What to look for: in the paper soft Li have the lower barriers; with a handful of hops the medians are only indicative."),
            layout.Composition(first.Key).NebCsv);
    });

    /// <summary>Fig. 4D: Li traces coloured by nearest anion, one panel per composition.</summary>
    public ReportFigure Traces() => Guard("fig4d", "Fig. 4D — Li traces by nearest anion", () =>
    {
        var svgs = new List<string>();
        var files = new List<string>();
        foreach (int p in Comps)
        {
            string csv = layout.Composition(p).Trace;
            if (!File.Exists(csv)) { throw new InputException(csv, 0, "trace table missing"); }
            var rows = File.ReadLines(csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
            var traces = rows.GroupBy(r => r[0]).Select(g => new TraceLine(g.First()[1],
                g.Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToArray(), g.Select(r => double.Parse(r[4], CultureInfo.InvariantCulture)).ToArray())).ToList();
            svgs.Add(Figs.Traces(Base(string.Create(CultureInfo.InvariantCulture, $"fig4d_{p:00}")), $"{PaperPalette.Label(p)}: {traces.Count} Li", traces));
            files.Add(csv);
        }

        return Fig("fig4d", "Fig. 4D — Li traces by nearest anion", svgs,
            Inv($"Unwrapped, drift-corrected x–y trajectories at {preset.SoftnessTemperature:0} K over the first 10 ps (or the whole run when shorter) of the Li in a 6 Å slab across the middle of the box (z), coloured by the anion of the S nearest to each Li at the start (dark dot = start, light dot = end), one panel per composition (vitrion analyze trace defaults). What to look for: in the paper Li near PS4 make long hops while Li near P2S6 rattle in place."),
            files.ToArray());
    });

    // ---------------------------------------------------------------- Supplementary

    /// <summary>Fig. S1: train/test accuracy by feature set (the model's --study ablation).</summary>
    public ReportFigure FeatureSets() => Guard("figs1", "Fig. S1 — classifier accuracy and feature-set ablation", () =>
    {
        var model = results.SoftnessModel ?? throw new InputException(layout.SoftnessTrain, 0, "no softness model");
        int nTrain = model.Train.Count, nTest = model.Test.Count;
        var scores = model.Study.Select(x => new FeatureSetScore(x.Set, x.Features, x.TrainAccuracy, nTrain, x.TestAccuracy, nTest, x.Set == model.FeatureSet)).ToList();
        if (scores.Count == 0)
        {
            scores.Add(new FeatureSetScore(model.FeatureSet, model.Features, model.Train.Accuracy, nTrain, model.Test.Accuracy, nTest, true));
        }

        string svg = Figs.FeatureSets(Base("figs1"), scores);
        var csv = new StringBuilder("feature_set,features,train_accuracy,train_n,test_accuracy,test_n,used\n");
        foreach (var s in scores) { csv.Append(Inv($"{s.Set},{s.Features},{s.Train:R},{s.TrainCount},{s.Test:R},{s.TestCount},{(s.Used ? 1 : 0)}\n")); }
        Charts2.WriteCsv(Base("figs1") + ".csv", csv.ToString());
        return Fig("figs1", "Fig. S1 — classifier accuracy and feature-set ablation", [svg],
            Inv($"Accuracy of the logistic-regression softness classifier on its training and test Li (split by atom, {nTrain} train and {nTest} test samples) for each feature set of the run's study (Li = radial structure functions of Li–Li only; LiPS = Li–Li, Li–P, Li–S; LiPSByAnion = Li–S split by anion; number of features in brackets, * = the set of the model applied to all compositions), error bars ±1 binomial s.e. What to see: the paper reports > 70 % on both sets with Li-centred radial features; test accuracy well above chance is what matters."),
            layout.SoftnessTrain, layout.SoftnessModel);
    });

    /// <summary>Figs. S4/S5: ring sizes and ring-resolved Li softness, every composition.</summary>
    public ReportFigure Rings() => Guard("figs4", "Figs. S4/S5 — rings and ring-resolved softness", () =>
    {
        var stats = new List<RingStats>();
        var files = new List<string>();
        foreach (int p in Comps)
        {
            string csv = layout.Composition(p).RingSizes;
            var rows = File.ReadLines(csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
            stats.Add(new RingStats(p, rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToArray(), rows.Select(r => D(r[1])).ToArray(),
                rows.Select(r => D(r[4])).ToArray(), rows.Select(r => D(r[5])).ToArray()));
            files.Add(csv);
        }

        string a = Figs.RingSizes(Base("figs4"), stats);
        string b = Figs.RingSoftness(Base("figs5"), stats);
        return Fig("figs4", "Figs. S4/S5 — rings and ring-resolved softness", [a, b],
            "Left (S4): fraction of the P/S rings of each size, from the H1 classes of the Vietoris–Rips filtration of the prepared glass (error bars √count/total). Right (S5): mean softness of the Li near the rings of each size ± its standard error. What to look for: in the paper large rings (> 8 atoms) carry the FSDP and the ring-resolved softness follows the overall softness, i.e. rings add no effect of their own.",
            files.ToArray());
    });

    // ---------------------------------------------------------------- 3D view + extended XYZ

    /// <summary>
    /// Writes the first quenched frame of the first composition as extended XYZ (<c>figures/glass-p2s6-XX.xyz</c>) with
    /// per-atom softness, anion class (0 none, 1 PS4, 2 P2S7, 3 P2S6; for Li the anion of its nearest S) and Dcum [Å²]
    /// over the preset's window from that frame, and returns the 3D view of the same atoms.
    /// </summary>
    public string GlassView(out string? xyzPath)
    {
        xyzPath = null;
        int p = Comps[0];
        try
        {
            var l = Load(p) ?? throw new InputException($"no quenched trajectory or softness for P2S6 {p} %");
            var f0 = l.Frames[0];
            int n = f0.AtomCount;
            var soft = Enumerable.Repeat(double.NaN, n).ToArray();
            foreach (var (atom, s) in l.Softness[0]) { soft[atom] = s; }
            var li = Enumerable.Range(0, n).Where(i => l.Elements[i] == "Li").ToArray();
            var dcum = Enumerable.Repeat(double.NaN, n).ToArray();
            var (lag, window) = preset.SoftnessFrames;
            if (l.Frames.Count > window)
            {
                var sum = new double[li.Length];
                for (int k = 0; k + lag <= window; k += lag)
                {
                    var d = NonAffineDisplacement.Compute(l.Frames[k], l.Frames[k + lag], li, new NonAffineOptions(l.NonAffineCutoff));
                    for (int i = 0; i < li.Length; i++) { sum[i] += d[i]; }
                }

                for (int i = 0; i < li.Length; i++) { dcum[li[i]] = sum[i]; }
            }

            var wrapped = f0.WrappedPositions();
            var cls = new double[n];
            var sIdx = Enumerable.Range(0, n).Where(i => l.Elements[i] == "S").ToArray();
            for (int i = 0; i < n; i++)
            {
                if (l.Elements[i] != "Li") { cls[i] = (int)l.Anions[i]; continue; }
                double best = double.MaxValue;
                int bj = -1;
                foreach (int j in sIdx)
                {
                    double d2 = f0.Box.MinimumImage(wrapped[j] - wrapped[i]).NormSquared;
                    if (d2 < best) { best = d2; bj = j; }
                }

                cls[i] = bj < 0 ? 0 : (int)l.Anions[bj];
            }

            string id = string.Create(CultureInfo.InvariantCulture, $"glass-p2s6-{p:00}");
            xyzPath = Path.Combine(FigDir, id + ".xyz");
            WriteXyz(xyzPath, f0, wrapped, l.Elements, soft, cls, dcum, lag, window);

            // The view: anions made whole (each S next to its P across the boundary), Li wrapped, box from the origin.
            var pos = wrapped.Select(r => r - f0.Box.Origin).ToArray();
            var bonds = new List<(int, int)>();
            var pIdx = Enumerable.Range(0, n).Where(i => l.Elements[i] == "P").ToArray();
            double c2 = AnionClasses.BondCutoff * AnionClasses.BondCutoff;
            var placed = new bool[n];
            foreach (int a in pIdx) { placed[a] = true; }
            foreach (int a in pIdx)
            {
                foreach (int b in sIdx.Concat(pIdx))
                {
                    if (b == a) { continue; }
                    var d = f0.Box.MinimumImage(wrapped[b] - wrapped[a]);
                    if (d.NormSquared > c2) { continue; }
                    if (l.Elements[b] == "P") { if (a < b) { bonds.Add((a, b)); } continue; }
                    bonds.Add((a, b));
                    if (!placed[b]) { pos[b] = pos[a] + d; placed[b] = true; }
                }
            }

            // A P bonded to another P across the boundary: draw the second anion next to the first.
            var atoms = Enumerable.Range(0, n).Select(i => new ViewerAtom(l.Elements[i], pos[i].X, pos[i].Y, pos[i].Z, soft[i],
                l.Anions[i] == AnionKind.None ? "" : l.Anions[i].ToString())).ToList();
            var shortBonds = bonds.Where(b => (pos[b.Item1] - pos[b.Item2]).NormSquared <= c2 * 1.01).ToList();
            var scene = new GlassScene(Inv($"3D view — {PaperPalette.Label(p)} glass, Li coloured by softness"), atoms, shortBonds, (f0.Box.Lx, f0.Box.Ly, f0.Box.Lz),
                Inv($"First quenched frame at {preset.SoftnessTemperature:0} K of the {PaperPalette.Label(p)} model ({n} atoms, {li.Length} Li): Li as spheres coloured by softness (diverging scale, symmetric at the 98th percentile of |S|), P and S of each anion as sticks coloured by anion type, the periodic box in grey. Drag to rotate, scroll to zoom. The extended XYZ beside it holds the same frame with the columns softness, anion_class (0 none, 1 PS4, 2 P2S7, 3 P2S6; for Li the anion of the nearest S) and dcum (Dcum over the {window} frames after this one, Å²); its columns are plain real and integer columns (NaN where a quantity is not defined), as ASE and OVITO read extended XYZ."),
                [Rel(xyzPath)]);
            return GlassViewer.Render(scene);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"<figure id=\"view3d\"><h3>3D view</h3><p class=\"na\">figure not produced: {System.Net.WebUtility.HtmlEncode(ex.Message)}</p></figure>";
        }
    }

    private static void WriteXyz(string path, Frame f, Vec3[] wrapped, string[] elements, double[] soft, double[] cls, double[] dcum, int lag, int window)
    {
        var sb = new StringBuilder();
        var b = f.Box;
        string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        sb.Append(f.AtomCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(Inv($"Lattice=\"{R(b.A.X)} {R(b.A.Y)} {R(b.A.Z)} {R(b.B.X)} {R(b.B.Y)} {R(b.B.Z)} {R(b.C.X)} {R(b.C.Y)} {R(b.C.Z)}\" Origin=\"{R(b.Origin.X)} {R(b.Origin.Y)} {R(b.Origin.Z)}\" "));
        sb.Append("Properties=species:S:1:pos:R:3:id:I:1:softness:R:1:anion_class:I:1:dcum:R:1 pbc=\"T T T\" ");
        sb.Append(Inv($"Timestep={f.Step} anion_classes=\"0:none 1:PS4 2:P2S7 3:P2S6\" dcum_window_frames={window} dcum_lag_frames={lag} units=\"A A^2\"\n"));
        for (int i = 0; i < f.AtomCount; i++)
        {
            sb.Append(elements[i]).Append(' ').Append(R(wrapped[i].X)).Append(' ').Append(R(wrapped[i].Y)).Append(' ').Append(R(wrapped[i].Z)).Append(' ')
              .Append(f.Ids[i].ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(double.IsFinite(soft[i]) ? R(soft[i]) : "NaN").Append(' ')
              .Append(((int)cls[i]).ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(double.IsFinite(dcum[i]) ? R(dcum[i]) : "NaN").Append('\n');
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }

    // ---------------------------------------------------------------- data

    /// <summary>The quenched frames of one composition with their softness (atom index → S per frame), elements, anions and near-anion softness.</summary>
    private sealed record Loaded(List<Frame> Frames, List<List<(int Atom, double S)>> Softness, string[] Elements, AnionKind[] Anions,
        Dictionary<AnionKind, List<double>> NearAnion, double NonAffineCutoff);

    private Loaded? Load(int p)
    {
        if (_loaded.TryGetValue(p, out var l)) { return l; }
        string traj = layout.Composition(p).Temperature(preset.SoftnessTemperature).Inherent;
        string softCsv = layout.Composition(p).Softness;
        if (!File.Exists(traj) || !File.Exists(softCsv)) { _loaded[p] = null; return null; }
        var frames = TrajectoryInput.ReadAll(traj);
        var table = SoftnessTable.Read(softCsv);
        var elements = AnionClasses.Elements(frames[0]);
        var anions = AnionClasses.Of(frames[0]);
        var used = new List<Frame>();
        var soft = new List<List<(int, double)>>();
        var near = Enum.GetValues<AnionKind>().ToDictionary(k => k, _ => new List<double>());
        for (int f = 0; f < frames.Count; f++)
        {
            if (!table.TryGetValue(f, out var d)) { continue; }
            var fr = frames[f];
            var list = new List<(int, double)>();
            for (int i = 0; i < fr.AtomCount; i++) { if (d.TryGetValue(fr.Ids[i], out double s)) { list.Add((i, s)); } }
            used.Add(fr);
            soft.Add(list);

            // Li with an S of each anion within 5 Å (the near radius of Fig. 3E).
            var w = fr.WrappedPositions();
            var sIdx = Enumerable.Range(0, fr.AtomCount).Where(i => elements[i] == "S" && anions[i] != AnionKind.None).ToArray();
            foreach (var (i, s) in list)
            {
                var seen = new HashSet<AnionKind>();
                foreach (int j in sIdx)
                {
                    if (fr.Box.MinimumImage(w[j] - w[i]).NormSquared <= 25.0 && seen.Add(anions[j])) { near[anions[j]].Add(s); }
                }
            }
        }

        double cutoff = results.SoftnessModel?.NonAffineCutoffA ?? 5.0; // the labels' default (5 Å) when no model was trained

        l = used.Count == 0 ? null : new Loaded(used, soft, elements, anions, near, cutoff);
        _loaded[p] = l;
        return l;
    }

    /// <summary>g(r) of centres of element <paramref name="centre"/> around S of anion <paramref name="anion"/>, averaged over frames.</summary>
    private static (double[] R, double[] G) PartialRdf(List<Frame> frames, string[] elements, AnionKind[] anions, string centre, AnionKind anion, double rMax, double dr)
    {
        int nb = (int)Math.Round(rMax / dr);
        var hist = new double[nb];
        var a = Enumerable.Range(0, elements.Length).Where(i => elements[i] == centre).ToArray();
        var b = Enumerable.Range(0, elements.Length).Where(i => elements[i] == "S" && anions[i] == anion).ToArray();
        double norm = 0;
        foreach (var f in frames)
        {
            var w = f.WrappedPositions();
            double rho = b.Length / f.Box.Volume;
            norm += a.Length * rho;
            foreach (int i in a)
            {
                foreach (int j in b)
                {
                    double r = f.Box.MinimumImage(w[j] - w[i]).Norm;
                    int k = (int)(r / dr);
                    if (r > 0 && k < nb) { hist[k]++; }
                }
            }
        }

        var rs = new double[nb];
        var g = new double[nb];
        for (int k = 0; k < nb; k++)
        {
            double r0 = k * dr, r1 = r0 + dr;
            rs[k] = r0 + dr / 2;
            double shell = 4.0 / 3.0 * Math.PI * (r1 * r1 * r1 - r0 * r0 * r0);
            g[k] = norm > 0 ? hist[k] / (norm * shell) : double.NaN;
        }

        return (rs, g);
    }

    /// <summary>Equal-count bins of (softness, value) pairs: mean and standard error of both per bin.</summary>
    private static List<(double S, double SeS, double V, double SeV, int N)> Bin(List<(double S, double V)> pairs, int bins)
    {
        var sorted = pairs.Where(x => double.IsFinite(x.S) && double.IsFinite(x.V)).OrderBy(x => x.S).ToArray();
        var result = new List<(double, double, double, double, int)>();
        if (sorted.Length < 2 * bins) { bins = Math.Max(1, sorted.Length / 2); }
        for (int b = 0; b < bins; b++)
        {
            int lo = sorted.Length * b / bins, hi = sorted.Length * (b + 1) / bins;
            var seg = sorted[lo..hi];
            if (seg.Length == 0) { continue; }
            result.Add((seg.Average(x => x.S), Se(seg.Select(x => x.S).ToArray()), seg.Average(x => x.V), Se(seg.Select(x => x.V).ToArray()), seg.Length));
        }

        return result;
    }

    private static double Se(double[] v)
    {
        if (v.Length < 2) { return double.NaN; }
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1) / v.Length);
    }

    private ArrheniusRecord Arr(int p) => results.Composition(p).Arrhenius ?? throw new InputException(layout.Composition(p).Arrhenius, 0, "no Arrhenius fit");

    private static double D(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

}

/// <summary>Small file helpers of the paper figures.</summary>
internal static class Charts2
{
    /// <summary>Writes a CSV atomically.</summary>
    public static void WriteCsv(string path, string text) => AtomicFile.WriteAllText(path, text);
}
