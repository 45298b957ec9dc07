using ScottPlot;

namespace Vitrion.Reporting.Learning;

/// <summary>Pictures of the softness analyses (paper Fig. 3A, 3C): projected snapshots of the box.</summary>
public static class SoftnessCharts
{
    /// <summary>
    /// A projected snapshot (x–y plane, a slab of the box along z) with points coloured by a value on a
    /// diverging scale (blue = negative/hard, red = positive/soft; symmetric limits at the 98th percentile of |value|).
    /// </summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">title.</param>
    /// <param name="x">x [Å].</param>
    /// <param name="y">y [Å].</param>
    /// <param name="value">colour value (e.g. softness).</param>
    /// <param name="levels">number of colour levels (default 11).</param>
    public static void ColouredSnapshot(string path, string title, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> value, int levels = 11)
    {
        var plt = new Plot();
        plt.Title(title);
        plt.XLabel("x (Å)");
        plt.YLabel("y (Å)");
        var abs = value.Where(double.IsFinite).Select(Math.Abs).Order().ToArray();
        double lim = abs.Length == 0 ? 1 : Math.Max(1e-12, abs[(int)Math.Min(abs.Length - 1, Math.Floor(0.98 * abs.Length))]);
        var cmap = new ScottPlot.Colormaps.Turbo();
        for (int l = 0; l < levels; l++)
        {
            double lo = -lim + 2 * lim * l / levels, hi = -lim + 2 * lim * (l + 1) / levels;
            var idx = Enumerable.Range(0, value.Count).Where(i => double.IsFinite(value[i]) &&
                (l == 0 ? value[i] < hi : l == levels - 1 ? value[i] >= lo : value[i] >= lo && value[i] < hi)).ToArray();
            if (idx.Length == 0) { continue; }
            var sc = plt.Add.Scatter(idx.Select(i => x[i]).ToArray(), idx.Select(i => y[i]).ToArray());
            sc.LineWidth = 0;
            sc.MarkerSize = 5;
            sc.Color = cmap.GetColor((l + 0.5) / levels);
            sc.LegendText = FormattableString.Invariant($"{0.5 * (lo + hi):0.00}");
        }

        plt.ShowLegend();
        plt.Axes.SquareUnits();
        Charts.Save(plt, path);
    }

    /// <summary>A projected snapshot with points coloured by category (e.g. the anion each S belongs to).</summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">title.</param>
    /// <param name="groups">label and x/y coordinates [Å] of each category.</param>
    public static void CategorySnapshot(string path, string title, IEnumerable<(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)> groups)
    {
        var plt = new Plot();
        plt.Title(title);
        plt.XLabel("x (Å)");
        plt.YLabel("y (Å)");
        foreach (var (label, xs, ys) in groups)
        {
            if (xs.Count == 0) { continue; }
            var sc = plt.Add.Scatter(xs.ToArray(), ys.ToArray());
            sc.LineWidth = 0;
            sc.MarkerSize = 5;
            sc.LegendText = $"{label} (n={xs.Count})";
        }

        plt.ShowLegend();
        plt.Axes.SquareUnits();
        Charts.Save(plt, path);
    }
}
