using ScottPlot;

namespace Vitrion.Reporting.Transport;

/// <summary>A diffusion point for an Arrhenius chart.</summary>
/// <param name="Label">series label (e.g. composition).</param>
/// <param name="TemperatureK">temperature [K].</param>
/// <param name="DCm2PerS">D [cm²/s].</param>
/// <param name="SigmaDCm2PerS">σ(D) [cm²/s] (0 = none).</param>
public sealed record ArrheniusChartPoint(string Label, double TemperatureK, double DCm2PerS, double SigmaDCm2PerS);

/// <summary>A fitted Arrhenius line for a chart.</summary>
/// <param name="Label">legend text (e.g. "fit, Ea = 0.30 ± 0.02 eV").</param>
/// <param name="LnD0">ln(D0 / (cm²/s)).</param>
/// <param name="EaEv">Ea [eV].</param>
/// <param name="TMinK">lowest temperature drawn [K].</param>
/// <param name="TMaxK">highest temperature drawn [K].</param>
public sealed record ArrheniusChartLine(string Label, double LnD0, double EaEv, double TMinK, double TMaxK);

/// <summary>A conductivity point [S/cm] at a temperature [K], with its standard uncertainty.</summary>
/// <param name="Label">legend text.</param>
/// <param name="TemperatureK">temperature [K].</param>
/// <param name="SigmaSPerCm">conductivity [S/cm].</param>
/// <param name="UncertaintySPerCm">standard uncertainty [S/cm].</param>
public sealed record ConductivityChartPoint(string Label, double TemperatureK, double SigmaSPerCm, double UncertaintySPerCm);

/// <summary>A published reference band/value for the conductivity chart [S/cm].</summary>
/// <param name="Label">legend text including the source.</param>
/// <param name="LowSPerCm">lower end [S/cm].</param>
/// <param name="HighSPerCm">upper end (equal to the lower end for a single value) [S/cm].</param>
public sealed record ConductivityReference(string Label, double LowSPerCm, double HighSPerCm);

/// <summary>One projected trajectory trace.</summary>
/// <param name="Group">class used for the colour (e.g. the nearest anion type).</param>
/// <param name="X">first projected coordinate [Å] per frame.</param>
/// <param name="Y">second projected coordinate [Å] per frame.</param>
public sealed record TraceLine(string Group, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>PNG charts of transport results (Figs. 2A, 2B and 4D of the paper). Inputs are plain numbers from result records.</summary>
public static class TransportCharts
{
    private static readonly Color[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28),
        new(0x94, 0x67, 0xbd), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f),
    ];

    /// <summary>Colour of the i-th group.</summary>
    public static Color ColorOf(int i) => Palette[i % Palette.Length];

    /// <summary>MSD against time on log–log axes, with the fitted line 6 D t + c drawn over the fit window.</summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">chart title.</param>
    /// <param name="timeFs">times [fs].</param>
    /// <param name="msdA2">MSD [Å²].</param>
    /// <param name="fit">optional fit: D [Å²/fs], intercept [Å²], window [fs].</param>
    public static void Msd(string path, string title, IReadOnlyList<double> timeFs, IReadOnlyList<double> msdA2,
        (double DA2PerFs, double InterceptA2, double StartFs, double EndFs)? fit = null)
    {
        var series = new List<Series> { new("MSD", timeFs.Skip(1).Select(t => t / 1000).ToArray(), msdA2.Skip(1).ToArray()) };
        if (fit is { } f)
        {
            var xs = Enumerable.Range(0, 50).Select(i => f.StartFs * Math.Pow(f.EndFs / f.StartFs, i / 49.0)).ToArray();
            series.Add(new Series(FormattableString.Invariant($"6Dt + c, D = {f.DA2PerFs * 0.1:0.###E+0} cm²/s ({f.StartFs / 1000:0.###}–{f.EndFs / 1000:0.###} ps)"),
                xs.Select(x => x / 1000).ToArray(), xs.Select(x => 6 * f.DA2PerFs * x + f.InterceptA2).ToArray()));
        }

        Charts.Lines(path, title, "time [ps]", "MSD [Å²]", series, logX: true, logY: true);
    }

    /// <summary>Arrhenius chart: log10 D against 1000/T, with error bars and fitted lines (Fig. 2A).</summary>
    public static void Arrhenius(string path, string title, IReadOnlyList<ArrheniusChartPoint> points, IReadOnlyList<ArrheniusChartLine> lines)
    {
        var series = new List<Series>();
        foreach (var g in points.GroupBy(p => p.Label))
        {
            var pts = g.ToArray();
            series.Add(new Series(g.Key, pts.Select(p => 1000 / p.TemperatureK).ToArray(), pts.Select(p => Math.Log10(p.DCm2PerS)).ToArray(), Markers: true,
                YError: pts.Select(p => p.SigmaDCm2PerS > 0 ? p.SigmaDCm2PerS / (p.DCm2PerS * Math.Log(10)) : 0).ToArray()));
        }

        foreach (var l in lines)
        {
            var ts = Enumerable.Range(0, 30).Select(i => l.TMinK + (l.TMaxK - l.TMinK) * i / 29.0).ToArray();
            series.Add(new Series(l.Label, ts.Select(t => 1000 / t).ToArray(), ts.Select(t => (l.LnD0 - l.EaEv / (8.617333262e-5 * t)) / Math.Log(10)).ToArray()));
        }

        Charts.Lines(path, title, "1000/T [1/K]", "log10 D [cm²/s]", series);
    }

    /// <summary>
    /// Conductivity chart: log10 σ against 1000/T with error bars, optional extrapolation line, and horizontal bands
    /// or lines for published room-temperature values (Fig. 2B).
    /// </summary>
    public static void Conductivity(string path, string title, IReadOnlyList<ConductivityChartPoint> points,
        IReadOnlyList<ConductivityReference> references, IReadOnlyList<(double TemperatureK, double SigmaSPerCm)>? line = null, double referenceTemperatureK = 298.15)
    {
        var series = new List<Series>();
        foreach (var g in points.GroupBy(p => p.Label))
        {
            var pts = g.ToArray();
            series.Add(new Series(g.Key, pts.Select(p => 1000 / p.TemperatureK).ToArray(), pts.Select(p => Math.Log10(p.SigmaSPerCm)).ToArray(), Markers: true,
                YError: pts.Select(p => p.UncertaintySPerCm > 0 ? p.UncertaintySPerCm / (p.SigmaSPerCm * Math.Log(10)) : 0).ToArray()));
        }

        if (line is { Count: > 1 })
        {
            series.Add(new Series("Arrhenius extrapolation", line.Select(p => 1000 / p.TemperatureK).ToArray(), line.Select(p => Math.Log10(p.SigmaSPerCm)).ToArray()));
        }

        double x0 = 1000 / referenceTemperatureK;
        Charts.Lines(path, title, "1000/T [1/K]", "log10 σ [S/cm]", series, customize: plt =>
        {
            int i = 0;
            foreach (var r in references)
            {
                var c = ColorOf(4 + i++);
                if (r.HighSPerCm > r.LowSPerCm)
                {
                    var rect = plt.Add.Rectangle(x0 - 0.08, x0 + 0.08, Math.Log10(r.LowSPerCm), Math.Log10(r.HighSPerCm));
                    rect.FillStyle.Color = c.WithAlpha(0.3);
                    rect.LineStyle.Color = c;
                    rect.LegendText = r.Label;
                }
                else
                {
                    var m = plt.Add.Marker(x0, Math.Log10(r.LowSPerCm));
                    m.Color = c;
                    m.Size = 12;
                    m.Shape = MarkerShape.FilledDiamond;
                    m.LegendText = r.Label;
                }
            }

            plt.ShowLegend();
        });
    }

    /// <summary>Projected trajectory traces coloured by group, with start (dark) and end (bright) markers (Fig. 4D).</summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">chart title.</param>
    /// <param name="xLabel">first projected axis label (with unit).</param>
    /// <param name="yLabel">second projected axis label (with unit).</param>
    /// <param name="traces">the traces.</param>
    public static void Traces(string path, string title, string xLabel, string yLabel, IReadOnlyList<TraceLine> traces)
    {
        var plt = new Plot();
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        var groups = traces.Select(t => t.Group).Distinct().OrderBy(g => g, StringComparer.Ordinal).ToList();
        var labelled = new HashSet<string>();
        foreach (var t in traces)
        {
            if (t.X.Count == 0) { continue; }
            var c = ColorOf(groups.IndexOf(t.Group));
            var sc = plt.Add.Scatter(t.X.ToArray(), t.Y.ToArray());
            sc.Color = c;
            sc.MarkerSize = 0;
            sc.LineWidth = 1.5f;
            if (labelled.Add(t.Group)) { sc.LegendText = "Li near " + t.Group; }
            var s = plt.Add.Marker(t.X[0], t.Y[0]);
            s.Color = c.Darken(0.5);
            s.Size = 5;
            var e = plt.Add.Marker(t.X[^1], t.Y[^1]);
            e.Color = c.Lighten(0.4);
            e.Size = 5;
        }

        plt.Axes.SquareUnits();
        if (labelled.Count > 0) { plt.ShowLegend(); }
        Charts.Save(plt, path);
    }
}
