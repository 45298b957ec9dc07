using ScottPlot;

namespace Vitrion.Reporting;

/// <summary>A named x/y series for a chart (units go in the axis labels).</summary>
/// <param name="Label">legend text.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values.</param>
/// <param name="Markers">draw markers instead of a line.</param>
/// <param name="YError">optional symmetric error bars on y.</param>
public sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers = false, IReadOnlyList<double>? YError = null);

/// <summary>PNG charts built with ScottPlot. Every chart states its axes with units.</summary>
public static class Charts
{
    /// <summary>Version of the charting library (ScottPlot).</summary>
    public static string LibraryVersion => typeof(Plot).Assembly.GetName().Version?.ToString(3) ?? "?";

    /// <summary>Font of the report figures (a sans-serif font that ships with most Linux systems; others substitute).</summary>
    public const string SansFont = "DejaVu Sans";

    /// <summary>Default size [px].</summary>
    public const int Width = 800, Height = 560;

    /// <summary>A line/scatter chart saved as PNG (written atomically).</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series,
        bool logX = false, bool logY = false, Action<Plot>? customize = null)
    {
        var plt = new Plot();
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        bool any = false;
        foreach (var s in series)
        {
            double[] xs = s.X.Select(v => logX ? Math.Log10(v) : v).ToArray();
            double[] ys = s.Y.Select(v => logY ? Math.Log10(v) : v).ToArray();
            var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
            xs = keep.Select(i => xs[i]).ToArray();
            ys = keep.Select(i => ys[i]).ToArray();
            if (xs.Length == 0) { continue; }
            var sc = plt.Add.Scatter(xs, ys);
            sc.LegendText = s.Label;
            if (s.Markers) { sc.LineWidth = 0; sc.MarkerSize = 7; }
            else { sc.MarkerSize = 0; sc.LineWidth = 2; }
            if (s.YError is not null)
            {
                var err = keep.Select(i => s.YError[i]).ToArray();
                var eb = plt.Add.ErrorBar(xs, ys, err);
                eb.Color = sc.Color;
            }

            any = true;
        }

        if (logX) { plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"1e{v:0.#}" }; }
        if (logY) { plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"1e{v:0.#}" }; }
        if (any) { plt.ShowLegend(); }
        customize?.Invoke(plt);
        Save(plt, path);
    }

    /// <summary>Histograms (as step lines of probability density) of several samples.</summary>
    public static void Histograms(string path, string title, string xLabel, IEnumerable<(string Label, IReadOnlyList<double> Values)> samples, int bins = 40)
    {
        var list = samples.Where(s => s.Values.Count > 0).ToList();
        if (list.Count == 0)
        {
            Lines(path, title, xLabel, "probability density", []);
            return;
        }

        double lo = list.Min(s => s.Values.Min()), hi = list.Max(s => s.Values.Max());
        if (hi <= lo) { hi = lo + 1; }
        double w = (hi - lo) / bins;
        var series = new List<Series>();
        foreach (var (label, values) in list)
        {
            var counts = new double[bins];
            foreach (double v in values) { counts[Math.Clamp((int)((v - lo) / w), 0, bins - 1)]++; }
            var x = Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * w).ToArray();
            var y = counts.Select(c => c / (values.Count * w)).ToArray();
            series.Add(new Series($"{label} (n={values.Count})", x, y));
        }

        Lines(path, title, xLabel, "probability density", series);
    }

    /// <summary>Saves a ScottPlot plot as PNG atomically.</summary>
    public static void Save(Plot plot, string path, int width = Width, int height = Height)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileNameWithoutExtension(full) + "." + Guid.NewGuid().ToString("N")[..6] + ".png");
        plot.SavePng(tmp, width, height);
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>
    /// Saves a plot as a vector SVG (<paramref name="basePath"/>.svg, for the report) and a PNG of the same size beside it
    /// (<paramref name="basePath"/>.png, for slides), both written atomically; returns the SVG path.
    /// </summary>
    /// <param name="plot">the plot.</param>
    /// <param name="basePath">path without extension.</param>
    /// <param name="width">width [px].</param>
    /// <param name="height">height [px].</param>
    public static string SaveSvgAndPng(Plot plot, string basePath, int width = Width, int height = Height)
    {
        string svg = Path.GetFullPath(basePath + ".svg");
        plot.Font.Set(SansFont);

        // The SVG names the font; browsers without it fall back to a generic sans-serif font rather than to serif.
        string xml = System.Text.RegularExpressions.Regex.Replace(plot.GetSvgXml(width, height), "font-family=\"([^\",]*)\"",
            m => $"font-family=\"{m.Groups[1].Value}, Liberation Sans, Arial, Helvetica, sans-serif\"");
        WriteTextAtomic(svg, xml);
        Save(plot, basePath + ".png", width, height);
        return svg;
    }

    /// <summary>Writes text (UTF-8) to a temporary file beside <paramref name="path"/> and renames it over the target.</summary>
    internal static void WriteTextAtomic(string path, string text)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..6] + ".tmp");
        File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false));
        File.Move(tmp, full, overwrite: true);
    }
}
