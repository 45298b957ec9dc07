using ScottPlot;

namespace Vitrion.Reporting.Structure;

/// <summary>A point of a ternary chart: three non-negative shares (normalised to sum 1 when drawn).</summary>
/// <param name="Label">legend text.</param>
/// <param name="A">share of the first component (bottom-left corner).</param>
/// <param name="B">share of the second component (bottom-right corner).</param>
/// <param name="C">share of the third component (top corner).</param>
public sealed record TernaryPoint(string Label, double A, double B, double C);

/// <summary>Charts of the structure analyses (PNG): ternary diagrams of anion shares (paper Fig. 1B).</summary>
public static class StructureCharts
{
    /// <summary>Cartesian position of shares (a, b, c) in the unit-edge triangle (A at (0,0), B at (1,0), C at the top).</summary>
    public static (double X, double Y) TernaryToCartesian(double a, double b, double c)
    {
        double s = a + b + c;
        if (!(s > 0)) { return (double.NaN, double.NaN); }
        return ((b + 0.5 * c) / s, Math.Sqrt(3) / 2 * c / s);
    }

    /// <summary>
    /// A ternary diagram saved as PNG: an equilateral triangle with the components at the corners, grid lines every
    /// 20 %, and one marker per point.
    /// </summary>
    /// <param name="path">output PNG path (written atomically).</param>
    /// <param name="title">title.</param>
    /// <param name="corners">names of the components A (bottom left), B (bottom right), C (top), e.g. "PS4", "P2S7", "P2S6".</param>
    /// <param name="points">the points.</param>
    public static void Ternary(string path, string title, IReadOnlyList<string> corners, IEnumerable<TernaryPoint> points)
    {
        if (corners.Count != 3) { throw new ArgumentException("a ternary chart needs three corner names", nameof(corners)); }
        var plt = new Plot();
        plt.Title(title);
        double h = Math.Sqrt(3) / 2;
        DrawTernaryFrame(plt, corners);
        bool any = false;
        foreach (var pt in points)
        {
            var (x, y) = TernaryToCartesian(pt.A, pt.B, pt.C);
            if (!double.IsFinite(x)) { continue; }
            var sc = plt.Add.Scatter(new[] { x }, new[] { y });
            sc.MarkerSize = 10;
            sc.LineWidth = 0;
            sc.LegendText = FormattableString.Invariant($"{pt.Label} ({pt.A:P0}, {pt.B:P0}, {pt.C:P0})");
            any = true;
        }

        plt.HideAxesAndGrid();
        plt.Axes.SetLimits(-0.12, 1.12, -0.12, h + 0.1);
        plt.Axes.SquareUnits();
        if (any) { plt.ShowLegend(); }
        Charts.Save(plt, path, 700, 660);
    }

    /// <summary>Draws the ternary triangle (unit edge, A bottom left, B bottom right, C top), grid lines every 20 % and the corner names.</summary>
    /// <param name="plt">the plot.</param>
    /// <param name="corners">names of the components A, B, C.</param>
    public static void DrawTernaryFrame(Plot plt, IReadOnlyList<string> corners)
    {
        if (corners.Count != 3) { throw new ArgumentException("a ternary chart needs three corner names", nameof(corners)); }
        double h = Math.Sqrt(3) / 2;
        for (int k = 1; k < 5; k++)
        {
            double f = k / 5.0;
            // Lines of constant A, B and C share.
            foreach (var (p, q) in new[]
            {
                (TernaryToCartesian(f, 1 - f, 0), TernaryToCartesian(f, 0, 1 - f)),
                (TernaryToCartesian(1 - f, f, 0), TernaryToCartesian(0, f, 1 - f)),
                (TernaryToCartesian(1 - f, 0, f), TernaryToCartesian(0, 1 - f, f)),
            })
            {
                var gl = plt.Add.Line(p.X, p.Y, q.X, q.Y);
                gl.LineWidth = 1;
                gl.LineColor = Colors.LightGray;
            }
        }

        var edge = plt.Add.Scatter(new[] { 0.0, 1.0, 0.5, 0.0 }, new[] { 0.0, 0.0, h, 0.0 });
        edge.MarkerSize = 0;
        edge.LineWidth = 2;
        edge.Color = Colors.Black;
        var ta = plt.Add.Text(corners[0], -0.04, -0.04);
        ta.LabelAlignment = Alignment.UpperCenter;
        ta.LabelFontSize = 16;
        var tb = plt.Add.Text(corners[1], 1.04, -0.04);
        tb.LabelAlignment = Alignment.UpperCenter;
        tb.LabelFontSize = 16;
        var tc = plt.Add.Text(corners[2], 0.5, h + 0.03);
        tc.LabelAlignment = Alignment.LowerCenter;
        tc.LabelFontSize = 16;
    }
}
