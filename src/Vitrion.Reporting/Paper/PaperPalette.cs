using System.Globalization;
using ScottPlot;

namespace Vitrion.Reporting.Paper;

/// <summary>
/// The colours of the paper figures, the same in every figure: one per composition (keyed by its P2S6 share of P, so a
/// composition keeps its colour across presets), one per anion, and the soft/hard pair (red/blue, as the diverging
/// softness scale of the 3D view).
/// </summary>
public static class PaperPalette
{
    // Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
    private static readonly (int P2s6Percent, string Hex)[] Fixed = [(5, "#0072B2"), (10, "#009E73"), (15, "#E69F00"), (20, "#CC79A7"), (25, "#D55E00")];
    private static readonly string[] Others = ["#56B4E9", "#F0E442", "#000000", "#7f7f7f", "#8c564b"];

    /// <summary>Soft Li (S &gt; 0).</summary>
    public const string SoftHex = "#b2182b";

    /// <summary>Hard Li (S &lt; 0).</summary>
    public const string HardHex = "#2166ac";

    /// <summary>Colour of the composition with <paramref name="p2s6Percent"/> % of P in P2S6, as #rrggbb.</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    public static string CompositionHex(int p2s6Percent)
    {
        foreach (var (p, hex) in Fixed) { if (p == p2s6Percent) { return hex; } }
        return Others[((p2s6Percent % Others.Length) + Others.Length) % Others.Length];
    }

    /// <summary>Colour of a composition.</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    public static Color Composition(int p2s6Percent) => Color.FromHex(CompositionHex(p2s6Percent));

    /// <summary>Colour of an anion ("PS4", "P2S7", "P2S6"; anything else grey), as #rrggbb.</summary>
    /// <param name="anion">anion name.</param>
    public static string AnionHex(string anion) => anion switch
    {
        "PS4" => "#2ca02c",
        "P2S7" => "#9467bd",
        "P2S6" => "#8c564b",
        _ => "#999999",
    };

    /// <summary>Colour of an anion.</summary>
    /// <param name="anion">anion name.</param>
    public static Color Anion(string anion) => Color.FromHex(AnionHex(anion));

    /// <summary>Line pattern of the i-th composition where colour already encodes something else (e.g. the anion).</summary>
    /// <param name="i">index of the composition in the run's order.</param>
    public static LinePattern CompositionPattern(int i) => (i % 4) switch
    {
        0 => LinePattern.Solid,
        1 => LinePattern.Dashed,
        2 => LinePattern.Dotted,
        _ => LinePattern.DenselyDashed,
    };

    /// <summary>Legend label of a composition.</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    public static string Label(int p2s6Percent) => string.Create(CultureInfo.InvariantCulture, $"P2S6 {p2s6Percent} %");

    /// <summary>
    /// The diverging softness colour (blue = hard, white = 0, red = soft) of <paramref name="s"/> on a scale of ±<paramref name="limit"/>,
    /// as #rrggbb; the same three stops as the colour bar of the 3D view.
    /// </summary>
    /// <param name="s">softness.</param>
    /// <param name="limit">half-range of the scale (&gt; 0).</param>
    public static string SoftnessHex(double s, double limit)
    {
        if (!double.IsFinite(s)) { return "#999999"; }
        double t = Math.Clamp(s / limit, -1, 1);
        var (a, b) = t < 0 ? (Color.FromHex("#f7f7f7"), Color.FromHex(HardHex)) : (Color.FromHex("#f7f7f7"), Color.FromHex(SoftHex));
        double u = Math.Abs(t);
        int R(byte x, byte y) => (int)Math.Round(x + (y - x) * u);
        return string.Create(CultureInfo.InvariantCulture, $"#{R(a.R, b.R):x2}{R(a.G, b.G):x2}{R(a.B, b.B):x2}");
    }
}
