using System.Globalization;
using ScottPlot;
using Vitrion.Reporting.Structure;
using Vitrion.Reporting.Transport;

namespace Vitrion.Reporting.Paper;

/// <summary>Li diffusion of one composition at several temperatures with its Arrhenius fit (Fig. 2A).</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="TemperatureK">temperatures [K].</param>
/// <param name="DCm2PerS">D [cm²/s] per temperature.</param>
/// <param name="SigmaDCm2PerS">σ(D) [cm²/s] per temperature (0 = none).</param>
/// <param name="EaEv">fitted Ea [eV] (NaN = no fit).</param>
/// <param name="SigmaEaEv">σ(Ea) [eV].</param>
/// <param name="LnD0">fitted ln(D0 / (cm²/s)).</param>
public sealed record CompositionArrhenius(int P2s6Percent, IReadOnlyList<double> TemperatureK, IReadOnlyList<double> DCm2PerS, IReadOnlyList<double> SigmaDCm2PerS,
    double EaEv, double SigmaEaEv, double LnD0);

/// <summary>One number per composition with its standard uncertainty.</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="Value">the value.</param>
/// <param name="Sigma">standard uncertainty (NaN or 0 = none).</param>
public sealed record CompositionValue(int P2s6Percent, double Value, double Sigma);

/// <summary>A published value drawn as a horizontal reference line.</summary>
/// <param name="Label">legend text with the citation.</param>
/// <param name="Value">the value (same unit as the chart).</param>
public sealed record PublishedValue(string Label, double Value);

/// <summary>Per-frame samples of one composition (e.g. Li softness of every frame).</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="PerFrame">values of each frame.</param>
public sealed record CompositionFrames(int P2s6Percent, IReadOnlyList<double[]> PerFrame);

/// <summary>Values of one group of one composition (e.g. softness of Li near PS4).</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="Group">group name (anion).</param>
/// <param name="Values">the values.</param>
public sealed record GroupSample(int P2s6Percent, string Group, IReadOnlyList<double> Values);

/// <summary>A binned curve with error bars on both axes.</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="X">bin means of x.</param>
/// <param name="XError">standard errors of the x means.</param>
/// <param name="Y">bin means of y.</param>
/// <param name="YError">standard errors of the y means.</param>
public sealed record BinnedCurve(int P2s6Percent, IReadOnlyList<double> X, IReadOnlyList<double> XError, IReadOnlyList<double> Y, IReadOnlyList<double> YError);

/// <summary>A partial g(r) with the second species restricted to one anion (Fig. 1D).</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="Anion">anion of the S ("PS4", "P2S7", "P2S6").</param>
/// <param name="R">bin centres [Å].</param>
/// <param name="G">g(r).</param>
public sealed record AnionRdf(int P2s6Percent, string Anion, IReadOnlyList<double> R, IReadOnlyList<double> G);

/// <summary>Barriers of one class of hops (Fig. 4B/C).</summary>
/// <param name="Label">class ("soft", "hard"), with the composition when there are several.</param>
/// <param name="Hex">colour (#rrggbb).</param>
/// <param name="BarriersKcal">every converged hop's forward barrier [kcal/mol].</param>
/// <param name="Median">median [kcal/mol].</param>
/// <param name="MedianSe">bootstrap standard error of the median [kcal/mol] (NaN = none).</param>
public sealed record BarrierGroup(string Label, string Hex, IReadOnlyList<double> BarriersKcal, double Median, double MedianSe);

/// <summary>Train and test accuracy of one feature set of the softness model (Fig. S1).</summary>
/// <param name="Set">feature set name.</param>
/// <param name="Features">number of features.</param>
/// <param name="Train">training accuracy.</param>
/// <param name="TrainCount">training samples (for the binomial standard error).</param>
/// <param name="Test">test accuracy.</param>
/// <param name="TestCount">test samples.</param>
/// <param name="Used">true for the feature set of the model the run applied.</param>
public sealed record FeatureSetScore(string Set, int Features, double Train, int TrainCount, double Test, int TestCount, bool Used);

/// <summary>Ring statistics of one composition (Figs. S4, S5).</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="Size">ring sizes [atoms].</param>
/// <param name="Count">rings of each size.</param>
/// <param name="MeanSoftness">mean softness of the Li near rings of each size.</param>
/// <param name="SoftnessSe">its standard error.</param>
public sealed record RingStats(int P2s6Percent, IReadOnlyList<int> Size, IReadOnlyList<double> Count, IReadOnlyList<double> MeanSoftness, IReadOnlyList<double> SoftnessSe);

/// <summary>
/// The report's figures, one per finding of the paper with all compositions on the same axes (colours from
/// <see cref="PaperPalette"/>), each written as SVG (vector, embedded in the report) and PNG (for slides) by
/// <see cref="Charts.SaveSvgAndPng"/>. Inputs are plain numbers; every method returns the SVG path.
/// </summary>
public static class PaperFigures
{
    /// <summary>Size of a one-panel figure [px].</summary>
    public const int W = 760, H = 500;

    /// <summary>Size of one panel of a two-panel figure [px].</summary>
    public const int PanelW = 560, PanelH = 430;

    private const double KbEv = 8.617333262e-5;

    /// <summary>Fig. 1B: the P shares in PS4/P2S7/P2S6 of every composition on one ternary, with a reference glass as an open diamond.</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="points">per composition: P2S6 %, then the shares of P in PS4, P2S7, P2S6.</param>
    /// <param name="reference">a reference composition (label and shares), or null.</param>
    public static string Ternary(string basePath, IReadOnlyList<(int P2s6Percent, double Ps4, double P2s7, double P2s6)> points, (string Label, double Ps4, double P2s7, double P2s6)? reference)
    {
        var plt = new Plot();
        plt.Title("Anion mix of the models (share of P)");
        StructureCharts.DrawTernaryFrame(plt, ["PS4", "P2S7", "P2S6"]);
        foreach (var p in points)
        {
            var (x, y) = StructureCharts.TernaryToCartesian(p.Ps4, p.P2s7, p.P2s6);
            if (!double.IsFinite(x)) { continue; }
            var m = plt.Add.Marker(x, y, MarkerShape.FilledCircle, 13, PaperPalette.Composition(p.P2s6Percent));
            m.LegendText = Inv($"{PaperPalette.Label(p.P2s6Percent)}: PS4 {p.Ps4:P0}, P2S7 {p.P2s7:P0}, P2S6 {p.P2s6:P0}");
        }

        if (reference is { } r)
        {
            var (x, y) = StructureCharts.TernaryToCartesian(r.Ps4, r.P2s7, r.P2s6);
            var m = plt.Add.Marker(x, y, MarkerShape.OpenDiamond, 16, Colors.Black);
            m.MarkerLineWidth = 2;
            m.LegendText = Inv($"{r.Label}: PS4 {r.Ps4:P0}, P2S7 {r.P2s7:P0}, P2S6 {r.P2s6:P0}");
        }

        double h = Math.Sqrt(3) / 2;
        plt.HideAxesAndGrid();
        plt.Axes.SetLimits(-0.12, 1.12, -0.12, h + 0.1);
        plt.Axes.SquareUnits();
        plt.ShowLegend(Alignment.UpperLeft);
        return Charts.SaveSvgAndPng(plt, basePath, 720, 600);
    }

    /// <summary>Fig. 1D: one panel of partial g(r) split by anion (colour = anion, line pattern = composition).</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="pair">pair label for the axis, e.g. "P–S".</param>
    /// <param name="curves">the curves.</param>
    /// <param name="compositionOrder">compositions in the run's order (for the line patterns).</param>
    /// <param name="rMax">largest r drawn [Å].</param>
    public static string AnionRdfs(string basePath, string pair, IReadOnlyList<AnionRdf> curves, IReadOnlyList<int> compositionOrder, double rMax)
    {
        var plt = new Plot();
        plt.Title($"{pair} g(r) by anion of the S");
        plt.XLabel("r [Å]");
        plt.YLabel($"g {pair}(r)");
        foreach (var c in curves)
        {
            var keep = Enumerable.Range(0, c.R.Count).Where(i => c.R[i] <= rMax && double.IsFinite(c.G[i])).ToArray();
            if (keep.Length == 0) { continue; }
            var sc = plt.Add.Scatter(keep.Select(i => c.R[i]).ToArray(), keep.Select(i => c.G[i]).ToArray());
            sc.Color = PaperPalette.Anion(c.Anion);
            sc.MarkerSize = 0;
            sc.LineWidth = 1.8f;
            sc.LinePattern = PaperPalette.CompositionPattern(Math.Max(0, IndexOf(compositionOrder, c.P2s6Percent)));
            sc.LegendText = $"S in {c.Anion}, {PaperPalette.Label(c.P2s6Percent)}";
        }

        plt.Axes.SetLimitsX(0, rMax);
        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, PanelW, PanelH);
    }

    /// <summary>Fig. 2A: log10 D against 1000/T for every composition, error bars ±σ(D), the Arrhenius fits as lines, Ea ± σ in the legend.</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="series">one per composition.</param>
    public static string Arrhenius(string basePath, IReadOnlyList<CompositionArrhenius> series)
    {
        var plt = new Plot();
        plt.Title("Li diffusion coefficient against inverse temperature");
        plt.XLabel("1000/T [1/K]");
        plt.YLabel("D [cm²/s] (log scale)");
        foreach (var s in series)
        {
            var c = PaperPalette.Composition(s.P2s6Percent);
            var idx = Enumerable.Range(0, s.TemperatureK.Count).Where(i => s.DCm2PerS[i] > 0 && double.IsFinite(s.DCm2PerS[i])).ToArray();
            if (idx.Length == 0) { continue; }
            double[] xs = idx.Select(i => 1000 / s.TemperatureK[i]).ToArray();
            double[] ys = idx.Select(i => Math.Log10(s.DCm2PerS[i])).ToArray();
            double[] lo = idx.Select(i => LogErr(s.DCm2PerS[i], s.SigmaDCm2PerS[i], lower: true)).ToArray();
            double[] hi = idx.Select(i => LogErr(s.DCm2PerS[i], s.SigmaDCm2PerS[i], lower: false)).ToArray();
            var eb = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, lo, hi) { Color = c };
            plt.Add.Plottable(eb);
            var pts = plt.Add.Markers(xs, ys, MarkerShape.FilledCircle, 9, c);
            pts.LegendText = double.IsFinite(s.EaEv)
                ? Inv($"{PaperPalette.Label(s.P2s6Percent)}: Ea = {s.EaEv:0.000} ± {s.SigmaEaEv:0.000} eV")
                : $"{PaperPalette.Label(s.P2s6Percent)}: no Arrhenius fit";
            if (double.IsFinite(s.EaEv) && double.IsFinite(s.LnD0))
            {
                double tMin = idx.Min(i => s.TemperatureK[i]), tMax = idx.Max(i => s.TemperatureK[i]);
                var ts = Enumerable.Range(0, 20).Select(i => tMin + (tMax - tMin) * i / 19.0).ToArray();
                var line = plt.Add.Scatter(ts.Select(t => 1000 / t).ToArray(), ts.Select(t => (s.LnD0 - s.EaEv / (KbEv * t)) / Math.Log(10)).ToArray());
                line.Color = c;
                line.MarkerSize = 0;
                line.LineWidth = 1.5f;
            }
        }

        LogTicks(plt.Axes.Left);
        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, W, H);
    }

    /// <summary>
    /// Fig. 2B: Nernst–Einstein σ at <paramref name="temperatureK"/> per composition (log scale, error bars ±1σ) against
    /// published values drawn as horizontal lines.
    /// </summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="values">σ [S/cm] with its uncertainty per composition.</param>
    /// <param name="published">published values [S/cm] with their citations.</param>
    /// <param name="temperatureK">temperature of the values [K].</param>
    public static string Conductivity(string basePath, IReadOnlyList<CompositionValue> values, IReadOnlyList<PublishedValue> published, double temperatureK)
    {
        var plt = new Plot();
        plt.Title(Inv($"Nernst–Einstein Li conductivity at {temperatureK:0} K (Arrhenius extrapolation)"));
        plt.XLabel("P2S6 share of P [%]");
        plt.YLabel("σ [S/cm] (log scale)");
        var ok = values.Where(v => v.Value > 0 && double.IsFinite(v.Value)).ToList();
        foreach (var v in ok)
        {
            var c = PaperPalette.Composition(v.P2s6Percent);
            var eb = new ScottPlot.Plottables.ErrorBar([v.P2s6Percent], [Math.Log10(v.Value)], null, null,
                [LogErr(v.Value, v.Sigma, lower: true)], [LogErr(v.Value, v.Sigma, lower: false)]) { Color = c };
            plt.Add.Plottable(eb);
            var m = plt.Add.Marker(v.P2s6Percent, Math.Log10(v.Value), MarkerShape.FilledSquare, 11, c);
            m.LegendText = Inv($"{PaperPalette.Label(v.P2s6Percent)}: {v.Value:0.00E+00} ± {(double.IsFinite(v.Sigma) ? v.Sigma : 0):0.0E+00} S/cm");
        }

        var styles = new[] { LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed };
        int k = 0;
        foreach (var p in published.Where(p => p.Value > 0))
        {
            var hl = plt.Add.HorizontalLine(Math.Log10(p.Value), 1.5f, Colors.Black, styles[k++ % styles.Length]);
            hl.LegendText = p.Label;
        }

        double xmin = ok.Count == 0 ? 0 : ok.Min(v => v.P2s6Percent), xmax = ok.Count == 0 ? 30 : ok.Max(v => v.P2s6Percent);
        plt.Axes.SetLimitsX(xmin - 5, xmax + 5);
        var ys = ok.SelectMany(v => new[] { Math.Log10(v.Value) - LogErr(v.Value, v.Sigma, true), Math.Log10(v.Value) + LogErr(v.Value, v.Sigma, false) })
            .Concat(published.Where(p => p.Value > 0).Select(p => Math.Log10(p.Value))).ToList();
        if (ys.Count > 0)
        {
            double span = Math.Max(0.5, ys.Max() - ys.Min());
            plt.Axes.SetLimitsY(ys.Min() - 0.15 * span, ys.Max() + 0.45 * span);
        }

        LogTicks(plt.Axes.Left);
        plt.ShowLegend(Alignment.UpperCenter);
        return Charts.SaveSvgAndPng(plt, basePath, W, H);
    }

    /// <summary>
    /// Fig. 3B: Li softness distributions of every composition as probability densities on common bins; the error bar of
    /// a bin is the standard error of that bin's density over frames.
    /// </summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="samples">per composition, the softness of every Li in every frame.</param>
    /// <param name="bins">number of bins.</param>
    public static string SoftnessDistributions(string basePath, IReadOnlyList<CompositionFrames> samples, int bins = 30)
    {
        var plt = new Plot();
        plt.Title("Li softness distribution per composition");
        plt.XLabel("softness S (signed distance to the hyperplane)");
        plt.YLabel("probability density");
        var all = samples.SelectMany(s => s.PerFrame.SelectMany(f => f)).Where(double.IsFinite).ToArray();
        if (all.Length > 0)
        {
            double lo = Quantile(all, 0.002), hi = Quantile(all, 0.998);
            if (!(hi > lo)) { hi = lo + 1; }
            double w = (hi - lo) / bins;
            foreach (var s in samples)
            {
                var (centres, mean, se, n) = FrameHistogram(s.PerFrame, lo, w, bins);
                if (n == 0) { continue; }
                var c = PaperPalette.Composition(s.P2s6Percent);
                var sc = plt.Add.Scatter(centres, mean);
                sc.Color = c;
                sc.LineWidth = 2;
                sc.MarkerSize = 4;
                sc.ConnectStyle = ConnectStyle.StepHorizontal;
                var values = s.PerFrame.SelectMany(f => f).Where(double.IsFinite).ToArray();
                double frameSe = FrameMeanSe(s.PerFrame);
                sc.LegendText = Inv($"{PaperPalette.Label(s.P2s6Percent)}: mean {values.Average():0.000} ± {frameSe:0.000} (n = {n} Li values, {s.PerFrame.Count} frames)");
                plt.Add.Plottable(new ScottPlot.Plottables.ErrorBar(centres, mean, null, null, se, se) { Color = c });
                var vl = plt.Add.VerticalLine(values.Average(), 1, c, LinePattern.Dashed);
                vl.LegendText = string.Empty;
            }
        }

        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, W, H);
    }

    /// <summary>
    /// Fig. 3E: box plots of Li softness near each anion (within the near radius), one box per composition inside each
    /// anion group: box = quartiles, line = median, whiskers = 5th–95th percentile, diamond = mean.
    /// </summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="samples">values per composition and anion.</param>
    /// <param name="groups">anion order on the x axis.</param>
    /// <param name="compositionOrder">compositions in the run's order.</param>
    public static string SoftnessByAnion(string basePath, IReadOnlyList<GroupSample> samples, IReadOnlyList<string> groups, IReadOnlyList<int> compositionOrder)
    {
        var plt = new Plot();
        plt.Title("Li softness by neighbouring anion (S of that anion within 5 Å)");
        plt.YLabel("softness S");
        int nc = Math.Max(1, compositionOrder.Count);
        double width = 0.7 / nc;
        var labelled = new HashSet<int>();
        for (int g = 0; g < groups.Count; g++)
        {
            for (int ci = 0; ci < compositionOrder.Count; ci++)
            {
                int p = compositionOrder[ci];
                var s = samples.FirstOrDefault(x => x.P2s6Percent == p && x.Group == groups[g]);
                var v = s?.Values.Where(double.IsFinite).Order().ToArray() ?? [];
                if (v.Length == 0) { continue; }
                double x = g + (ci - (nc - 1) / 2.0) * width;
                var c = PaperPalette.Composition(p);
                double q1 = Quantile(v, 0.25), q3 = Quantile(v, 0.75), med = Quantile(v, 0.5), w5 = Quantile(v, 0.05), w95 = Quantile(v, 0.95);
                var rect = plt.Add.Rectangle(x - 0.4 * width, x + 0.4 * width, q1, q3);
                rect.FillStyle.Color = c.WithAlpha(0.35);
                rect.LineStyle.Color = c;
                rect.LineStyle.Width = 1.5f;
                if (labelled.Add(p)) { rect.LegendText = PaperPalette.Label(p); }
                Segment(plt, x - 0.4 * width, med, x + 0.4 * width, med, c, 2.5f);
                Segment(plt, x, q3, x, w95, c, 1.2f);
                Segment(plt, x, q1, x, w5, c, 1.2f);
                Segment(plt, x - 0.2 * width, w95, x + 0.2 * width, w95, c, 1.2f);
                Segment(plt, x - 0.2 * width, w5, x + 0.2 * width, w5, c, 1.2f);
                plt.Add.Marker(x, v.Average(), MarkerShape.FilledDiamond, 7, Colors.Black);
                var t = plt.Add.Text(Inv($"n={v.Length}"), x, w5);
                t.LabelFontSize = 9;
                t.LabelAlignment = Alignment.UpperCenter;
            }
        }

        var zero = plt.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        zero.LegendText = string.Empty;
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray(), groups.Select(g => "Li near " + g).ToArray());
        plt.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, W, H);
    }

    /// <summary>Fig. 3F (one panel): binned means of a per-atom quantity against binned mean softness, ± standard errors on both axes.</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="title">panel title.</param>
    /// <param name="yLabel">y axis label with unit.</param>
    /// <param name="curves">one per composition.</param>
    public static string Binned(string basePath, string title, string yLabel, IReadOnlyList<BinnedCurve> curves)
    {
        var plt = new Plot();
        plt.Title(title);
        plt.XLabel("softness S (bin mean)");
        plt.YLabel(yLabel);
        foreach (var cv in curves)
        {
            var idx = Enumerable.Range(0, cv.X.Count).Where(i => double.IsFinite(cv.X[i]) && double.IsFinite(cv.Y[i])).ToArray();
            if (idx.Length == 0) { continue; }
            var c = PaperPalette.Composition(cv.P2s6Percent);
            double[] xs = idx.Select(i => cv.X[i]).ToArray(), ys = idx.Select(i => cv.Y[i]).ToArray();
            double[] xe = idx.Select(i => Finite0(cv.XError[i])).ToArray(), ye = idx.Select(i => Finite0(cv.YError[i])).ToArray();
            plt.Add.Plottable(new ScottPlot.Plottables.ErrorBar(xs, ys, xe, xe, ye, ye) { Color = c });
            var sc = plt.Add.Scatter(xs, ys);
            sc.Color = c;
            sc.MarkerSize = 7;
            sc.LineWidth = 1;
            sc.LegendText = Inv($"{PaperPalette.Label(cv.P2s6Percent)} ({idx.Length} bins)");
        }

        plt.ShowLegend(Alignment.UpperLeft);
        return Charts.SaveSvgAndPng(plt, basePath, PanelW, PanelH);
    }

    /// <summary>
    /// Figs. 4B/C: forward NEB barriers of hops starting from soft and from hard Li, every hop as a point (deterministic
    /// horizontal jitter), the median as a bar with its bootstrap standard error, n in the legend.
    /// </summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="groups">the classes.</param>
    public static string Barriers(string basePath, IReadOnlyList<BarrierGroup> groups)
    {
        var plt = new Plot();
        plt.Title("NEB forward barriers of Li hops by the class of the hopping Li");
        plt.YLabel("forward barrier [kcal/mol]");
        for (int g = 0; g < groups.Count; g++)
        {
            var grp = groups[g];
            var c = Color.FromHex(grp.Hex);
            var v = grp.BarriersKcal.Where(double.IsFinite).ToArray();
            if (v.Length > 0)
            {
                double[] xs = v.Select((_, i) => g + Jitter(i, v.Length)).ToArray();
                var m = plt.Add.Markers(xs, v, MarkerShape.OpenCircle, 10, c);
                m.MarkerLineWidth = 2;
                m.LegendText = Inv($"{grp.Label} Li: n = {v.Length} hops, median {grp.Median:0.0} ± {(double.IsFinite(grp.MedianSe) ? grp.MedianSe : double.NaN):0.0} kcal/mol");
            }
            else
            {
                var t = plt.Add.Text($"{grp.Label}: no converged hop", g, 0);
                t.LabelAlignment = Alignment.LowerCenter;
            }

            if (double.IsFinite(grp.Median))
            {
                Segment(plt, g - 0.3, grp.Median, g + 0.3, grp.Median, c, 3);
                if (double.IsFinite(grp.MedianSe))
                {
                    plt.Add.Plottable(new ScottPlot.Plottables.ErrorBar([g + 0.32], [grp.Median], null, null, [grp.MedianSe], [grp.MedianSe]) { Color = c });
                }
            }
        }

        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray(), groups.Select(g => g.Label + " Li").ToArray());
        plt.Axes.SetLimitsX(-0.7, groups.Count - 0.3);
        double top = groups.SelectMany(g => g.BarriersKcal.Append(g.Median + (double.IsFinite(g.MedianSe) ? g.MedianSe : 0))).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        plt.Axes.SetLimitsY(0, 1.3 * Math.Max(top, 1e-3));
        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, W, H);
    }

    /// <summary>Fig. 4D (one panel): projected Li traces coloured by the nearest anion, start as dark and end as light dots.</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="title">panel title.</param>
    /// <param name="traces">the traces (x–y projection [Å]).</param>
    public static string Traces(string basePath, string title, IReadOnlyList<TraceLine> traces)
    {
        var plt = new Plot();
        plt.Title(title);
        plt.XLabel("x [Å]");
        plt.YLabel("y [Å]");
        var labelled = new HashSet<string>();
        foreach (var t in traces.Where(t => t.X.Count > 0).OrderBy(t => t.Group, StringComparer.Ordinal))
        {
            var c = PaperPalette.Anion(t.Group);
            var sc = plt.Add.Scatter(t.X.ToArray(), t.Y.ToArray());
            sc.Color = c;
            sc.MarkerSize = 0;
            sc.LineWidth = 1.3f;
            if (labelled.Add(t.Group)) { sc.LegendText = "Li near " + t.Group; }
            plt.Add.Marker(t.X[0], t.Y[0], MarkerShape.FilledCircle, 5, c.Darken(0.5));
            plt.Add.Marker(t.X[^1], t.Y[^1], MarkerShape.FilledCircle, 5, c.Lighten(0.4));
        }

        plt.Axes.SquareUnits();
        if (labelled.Count > 0) { plt.ShowLegend(Alignment.UpperRight); }
        return Charts.SaveSvgAndPng(plt, basePath, PanelW, PanelH);
    }

    /// <summary>Fig. S1: train and test accuracy of each feature set (bars), ± binomial standard error, with the 70 % line of the paper and chance (50 %).</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="scores">the feature sets.</param>
    public static string FeatureSets(string basePath, IReadOnlyList<FeatureSetScore> scores)
    {
        var plt = new Plot();
        plt.Title("Softness classifier accuracy by feature set (same labels, split and seed)");
        plt.YLabel("accuracy");
        var train = Color.FromHex("#4d4d4d");
        var test = Color.FromHex("#E69F00");
        for (int i = 0; i < scores.Count; i++)
        {
            var s = scores[i];
            foreach (var (off, acc, n, c, name) in new[] { (-0.18, s.Train, s.TrainCount, train, "train"), (0.18, s.Test, s.TestCount, test, "test") })
            {
                if (!double.IsFinite(acc)) { continue; }
                var bar = plt.Add.Bar(i + off, acc);
                bar.Color = c;
                bar.Bars[0].Size = 0.34;
                if (i == 0) { bar.LegendText = name + " accuracy"; }
                double se = n > 0 ? Math.Sqrt(acc * (1 - acc) / n) : 0;
                plt.Add.Plottable(new ScottPlot.Plottables.ErrorBar([i + off], [acc], null, null, [se], [se]) { Color = Colors.Black });
                var t = plt.Add.Text(Inv($"{acc:0.00}"), i + off, acc + se + 0.01);
                t.LabelFontSize = 10;
                t.LabelAlignment = Alignment.LowerCenter;
            }
        }

        var l70 = plt.Add.HorizontalLine(0.7, 1.5f, Colors.DarkGreen, LinePattern.Dashed);
        l70.LegendText = "70 % (paper, train and test)";
        var l50 = plt.Add.HorizontalLine(0.5, 1, Colors.Gray, LinePattern.Dotted);
        l50.LegendText = "chance";
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, scores.Count).Select(i => (double)i).ToArray(),
            scores.Select(s => Inv($"{s.Set} ({s.Features}){(s.Used ? " *" : "")}")).ToArray());
        plt.Axes.SetLimits(-0.6, Math.Max(1, scores.Count) - 0.4, 0, 1.12);
        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, W, H);
    }

    /// <summary>Fig. S4: ring-size distribution per composition (fraction of rings), markers and lines.</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="rings">one per composition.</param>
    public static string RingSizes(string basePath, IReadOnlyList<RingStats> rings)
    {
        var plt = new Plot();
        plt.Title("Ring-size distribution of the P/S network (persistent homology)");
        plt.XLabel("ring size [atoms]");
        plt.YLabel("fraction of rings");
        foreach (var r in rings)
        {
            double total = r.Count.Sum();
            if (!(total > 0)) { continue; }
            var c = PaperPalette.Composition(r.P2s6Percent);
            double[] xs = r.Size.Select(s => (double)s).ToArray(), ys = r.Count.Select(n => n / total).ToArray();
            double[] se = r.Count.Select(n => Math.Sqrt(Math.Max(n, 0)) / total).ToArray();
            plt.Add.Plottable(new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, se, se) { Color = c });
            var sc = plt.Add.Scatter(xs, ys);
            sc.Color = c;
            sc.MarkerSize = 7;
            sc.LineWidth = 1.5f;
            sc.LegendText = Inv($"{PaperPalette.Label(r.P2s6Percent)} ({total:0} rings)");
        }

        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, PanelW, PanelH);
    }

    /// <summary>Fig. S5: mean softness of the Li near rings of each size, ± its standard error, per composition.</summary>
    /// <param name="basePath">output path without extension.</param>
    /// <param name="rings">one per composition.</param>
    public static string RingSoftness(string basePath, IReadOnlyList<RingStats> rings)
    {
        var plt = new Plot();
        plt.Title("Softness of Li near rings, by ring size");
        plt.XLabel("ring size [atoms]");
        plt.YLabel("mean Li softness S");
        foreach (var r in rings)
        {
            var idx = Enumerable.Range(0, r.Size.Count).Where(i => double.IsFinite(r.MeanSoftness[i])).ToArray();
            if (idx.Length == 0) { continue; }
            var c = PaperPalette.Composition(r.P2s6Percent);
            double[] xs = idx.Select(i => (double)r.Size[i]).ToArray(), ys = idx.Select(i => r.MeanSoftness[i]).ToArray(), se = idx.Select(i => Finite0(r.SoftnessSe[i])).ToArray();
            plt.Add.Plottable(new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, se, se) { Color = c });
            var sc = plt.Add.Scatter(xs, ys);
            sc.Color = c;
            sc.MarkerSize = 7;
            sc.LineWidth = 1.5f;
            sc.LegendText = PaperPalette.Label(r.P2s6Percent);
        }

        var zero = plt.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        zero.LegendText = string.Empty;
        plt.ShowLegend(Alignment.UpperRight);
        return Charts.SaveSvgAndPng(plt, basePath, PanelW, PanelH);
    }

    /// <summary>
    /// Histogram of each frame on common bins (probability density of that frame); returns bin centres, the mean density
    /// over frames, its standard error over frames (0 with one frame) and the number of finite values.
    /// </summary>
    /// <param name="frames">values per frame.</param>
    /// <param name="lo">left edge of the first bin.</param>
    /// <param name="width">bin width.</param>
    /// <param name="bins">number of bins (values outside go to the end bins).</param>
    public static (double[] Centres, double[] Mean, double[] StdError, int Count) FrameHistogram(IReadOnlyList<double[]> frames, double lo, double width, int bins)
    {
        var dens = new List<double[]>();
        int n = 0;
        foreach (var f in frames)
        {
            var v = f.Where(double.IsFinite).ToArray();
            if (v.Length == 0) { continue; }
            n += v.Length;
            var h = new double[bins];
            foreach (double x in v) { h[Math.Clamp((int)Math.Floor((x - lo) / width), 0, bins - 1)]++; }
            dens.Add(h.Select(c => c / (v.Length * width)).ToArray());
        }

        var centres = Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray();
        var mean = new double[bins];
        var se = new double[bins];
        for (int b = 0; b < bins; b++)
        {
            if (dens.Count == 0) { continue; }
            mean[b] = dens.Average(d => d[b]);
            if (dens.Count > 1)
            {
                double m = mean[b];
                se[b] = Math.Sqrt(dens.Sum(d => (d[b] - m) * (d[b] - m)) / (dens.Count - 1) / dens.Count);
            }
        }

        return (centres, mean, se, n);
    }

    /// <summary>Quantile of sorted or unsorted values (linear interpolation between order statistics).</summary>
    /// <param name="values">values.</param>
    /// <param name="q">quantile in [0, 1].</param>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) { return double.NaN; }
        double pos = q * (v.Length - 1);
        int i = (int)Math.Floor(pos);
        return i + 1 < v.Length ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[i];
    }

    /// <summary>Standard error of the mean over frames (sd of the frame means / √frames; NaN with one frame).</summary>
    /// <param name="frames">values per frame.</param>
    public static double FrameMeanSe(IReadOnlyList<double[]> frames)
    {
        var means = frames.Select(f => f.Where(double.IsFinite).ToArray()).Where(f => f.Length > 0).Select(f => f.Average()).ToArray();
        if (means.Length < 2) { return double.NaN; }
        double m = means.Average();
        return Math.Sqrt(means.Sum(x => (x - m) * (x - m)) / (means.Length - 1) / means.Length);
    }

    private static void Segment(Plot plt, double x1, double y1, double x2, double y2, Color c, float width)
    {
        var l = plt.Add.Line(x1, y1, x2, y2);
        l.LineColor = c;
        l.LineWidth = width;
    }

    private static double Jitter(int i, int n) => n <= 1 ? 0 : -0.18 + 0.36 * ((i * 0.618033988749895) % 1.0);

    private static double LogErr(double v, double sigma, bool lower)
    {
        if (!(sigma > 0) || !(v > 0)) { return 0; }
        return lower ? (sigma < v ? Math.Log10(v) - Math.Log10(v - sigma) : 1.0) : Math.Log10(v + sigma) - Math.Log10(v);
    }

    private static double Finite0(double v) => double.IsFinite(v) ? v : 0;

    private static void LogTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("0.##E+0", CultureInfo.InvariantCulture) };

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++) { if (list[i] == value) { return i; } }
        return -1;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
