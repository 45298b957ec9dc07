using System.Text.RegularExpressions;
using Vitrion.Reporting.Html;
using Vitrion.Reporting.Paper;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Reporting.Tests;

/// <summary>The report's paper figures (issue #20): vector output, fixed colours, error bars from the data, legends that state the numbers.</summary>
public class PaperFiguresTests
{
    private static string Text(string svg) => string.Concat(Regex.Matches(File.ReadAllText(svg), "<text[^>]*>([^<]*)</text>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) + "\n"));

    [Fact]
    public void Arrhenius_WritesSvgAndPng_WithEaPlusMinusSigmaOfEachCompositionInTheLegend_InItsColour()
    {
        string dir = References.TempDir();
        var series = new[]
        {
            new CompositionArrhenius(5, [700, 900, 1100], [1e-6, 4e-6, 9e-6], [1e-7, 2e-7, 5e-7], 0.301, 0.021, -8.0),
            new CompositionArrhenius(25, [700, 900, 1100], [5e-7, 2e-6, 5e-6], [1e-7, 1e-7, 1e-7], 0.352, 0.018, -8.5),
        };
        string svg = PaperFigures.Arrhenius(Path.Combine(dir, "fig2a"), series);
        Assert.Equal(Path.Combine(dir, "fig2a.svg"), svg);
        string xml = File.ReadAllText(svg);
        Assert.StartsWith("<?xml", xml, StringComparison.Ordinal);
        Assert.Contains("<svg", xml, StringComparison.Ordinal);
        var png = File.ReadAllBytes(Path.Combine(dir, "fig2a.png"));
        Assert.Equal(0x89, png[0]);
        string text = Text(svg);
        Assert.Contains("P2S6 5 %: Ea = 0.301 ± 0.021 eV", text, StringComparison.Ordinal);
        Assert.Contains("P2S6 25 %: Ea = 0.352 ± 0.018 eV", text, StringComparison.Ordinal);
        Assert.Contains("1000/T [1/K]", text, StringComparison.Ordinal);
        Assert.Contains("D [cm²/s]", text, StringComparison.Ordinal);

        // Each composition's points are drawn in its palette colour.
        Assert.Contains(PaperPalette.CompositionHex(5).TrimStart('#'), xml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(PaperPalette.CompositionHex(25).TrimStart('#'), xml, StringComparison.OrdinalIgnoreCase);

        // Text falls back to a sans-serif font where the named one is missing.
        Assert.Matches("font-family=\"[^\"]*sans-serif\"", xml);
        Assert.DoesNotMatch("font-family=\"[^\",]*\"", xml);
    }

    [Fact]
    public void Ternary_PutsEveryCompositionAndTheReferenceGlassOnOneDiagram_WithTheirShares()
    {
        string dir = References.TempDir();
        string svg = PaperFigures.Ternary(Path.Combine(dir, "t"), [(5, 0.15, 0.80, 0.05), (25, 0.15, 0.60, 0.25)], ("reference glass", 201.0 / 1209, 826.0 / 1209, 182.0 / 1209));
        string text = Text(svg);
        Assert.Contains("P2S6 5 %: PS4 15 %, P2S7 80 %, P2S6 5 %", text, StringComparison.Ordinal);
        Assert.Contains("P2S6 25 %: PS4 15 %, P2S7 60 %, P2S6 25 %", text, StringComparison.Ordinal);
        Assert.Contains("reference glass: PS4 17 %, P2S7 68 %, P2S6 15 %", text, StringComparison.Ordinal);
        foreach (var corner in new[] { "PS4", "P2S7", "P2S6" }) { Assert.Contains(corner + "\n", text, StringComparison.Ordinal); }
    }

    [Fact]
    public void Palette_GivesACompositionTheSameColourWhateverTheOtherCompositions_AndDistinctColoursToTheSeries()
    {
        var five = new[] { 5, 10, 15, 20, 25 }.Select(PaperPalette.CompositionHex).ToList();
        Assert.Equal(5, five.Distinct().Count());
        Assert.Equal(PaperPalette.CompositionHex(25), five[4]);
        Assert.NotEqual(PaperPalette.AnionHex("PS4"), PaperPalette.AnionHex("P2S6"));
        Assert.Equal("#f7f7f7", PaperPalette.SoftnessHex(0, 1));
        Assert.Equal(PaperPalette.SoftHex, PaperPalette.SoftnessHex(5, 1));
        Assert.Equal(PaperPalette.HardHex, PaperPalette.SoftnessHex(-5, 1));
    }

    [Fact]
    public void FrameHistogram_AveragesPerFrameDensities_AndTheirStandardErrorOverFrames()
    {
        // Two frames on bins [0,1) and [1,2): frame A all in bin 0, frame B half and half.
        var (centres, mean, se, n) = PaperFigures.FrameHistogram([[0.2, 0.4], [0.5, 1.5]], 0, 1, 2);
        Assert.Equal([0.5, 1.5], centres);
        Assert.Equal(4, n);
        Assert.Equal(0.75, mean[0], 12);
        Assert.Equal(0.25, mean[1], 12);

        // Densities 1 and 0.5 in bin 0: sd = 0.3536, s.e. = sd/√2 = 0.25.
        Assert.Equal(0.25, se[0], 12);
        Assert.Equal(0.25, se[1], 12);
        Assert.Equal(1.0, mean.Sum(), 12);
    }

    [Fact]
    public void Barriers_StateNAndTheMedianOfEachClass_AndDrawEveryHop()
    {
        string dir = References.TempDir();
        string svg = PaperFigures.Barriers(Path.Combine(dir, "b"), [
            new BarrierGroup("soft", PaperPalette.SoftHex, [3.0, 4.0, 5.0], 4.0, 0.5),
            new BarrierGroup("hard", PaperPalette.HardHex, [7.0, 9.0], 8.0, double.NaN)]);
        string text = Text(svg);
        Assert.Contains("soft Li: n = 3 hops, median 4.0 ± 0.5 kcal/mol", text, StringComparison.Ordinal);
        Assert.Contains("hard Li: n = 2 hops", text, StringComparison.Ordinal);
        Assert.Contains("forward barrier [kcal/mol]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Conductivity_DrawsThePublishedValueWithItsCitation()
    {
        string dir = References.TempDir();
        string svg = PaperFigures.Conductivity(Path.Combine(dir, "c"), [new CompositionValue(5, 2e-3, 5e-4), new CompositionValue(25, 5e-4, 1e-4)],
            [new PublishedValue("glass-ceramic (Seino 2014)", 1.7e-2)], 300);
        string text = Text(svg);
        Assert.Contains("glass-ceramic (Seino 2014)", text, StringComparison.Ordinal);
        Assert.Contains("P2S6 5 %: 2.00E-03 ± 5.0E-04 S/cm", text, StringComparison.Ordinal);
        Assert.Contains("σ [S/cm] (log scale)", text, StringComparison.Ordinal);
    }
}

/// <summary>The HTML report's structure (issue #20).</summary>
public class HtmlReportTests
{
    [Fact]
    public void Render_EmbedsSvgAsVector_PutsDetailsInCollapsedGroups_LinksClaimsToFigures_AndListsFiguresInTheContents()
    {
        string dir = References.TempDir();
        string svg = PaperFigures.RingSizes(Path.Combine(dir, "s4"), [new RingStats(5, [4, 5, 6], [10, 5, 2], [0.1, 0.2, 0.3], [0.05, 0.05, 0.05])]);
        string png = Path.Combine(dir, "detail.png");
        Charts.Lines(png, "detail", "x [Å]", "y", [new Series("a", [0.0, 1.0], [0.0, 1.0])]);
        var section = new ReportSection("Fig. S4 — rings", [], [new ReportTable("Claims", ["claim", "figure"], [["rings", "Fig. S4"]]) { Anchors = new Dictionary<string, string> { ["Fig. S4"] = "figs4" } }],
            [new ReportFigure("figs4", "Fig. S4 — ring sizes", svg, "caption", ["figures/s4.png"])])
        {
            Id = "figS",
            Claims = [new ReportClaim("rings matter", "not reproduced", "r = 0")],
            Details = [new ReportDetails("per composition", [new ReportFigure("d1", "detail", png, "c", [])])],
        };
        string html = HtmlReport.Render("t", ["p"], [section]);
        Assert.Contains("<img class=\"figure\" alt=\"Fig. S4 — ring sizes\" src=\"data:image/svg+xml;base64,", html, StringComparison.Ordinal);
        Assert.Contains("<details><summary>per composition (1 figure)</summary>", html, StringComparison.Ordinal);
        int details = html.IndexOf("<details>", StringComparison.Ordinal);
        Assert.True(html.IndexOf("src=\"data:image/png;base64,", StringComparison.Ordinal) > details, "the detail PNG must sit inside <details>");
        Assert.True(html.IndexOf("id=\"figs4\"", StringComparison.Ordinal) < details, "the main figure must come before the details");
        Assert.Contains("<td><a href=\"#figs4\">Fig. S4</a></td>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"claim no\">Claim: rings matter", html, StringComparison.Ordinal);
        Assert.Contains("<li><a href=\"#figS\">Fig. S4 — rings</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"figures/s4.png\">figures/s4.png</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("figure not produced", html, StringComparison.Ordinal);
    }

    [Fact]
    public void GlassViewer_InlinesTheLibrary_ColoursLiBySoftness_AndDrawsOnlyTheGivenBonds()
    {
        var atoms = new List<ViewerAtom>
        {
            new("P", 1, 1, 1, double.NaN, "PS4"),
            new("S", 3, 1, 1, double.NaN, "PS4"),
            new("Li", 5, 5, 5, 2.0, ""),
            new("Li", 6, 6, 6, -2.0, ""),
        };
        string html = GlassViewer.Render(new GlassScene("view", atoms, [(0, 1)], (10, 10, 10), "cap", ["figures/g.xyz"]));
        Assert.Contains(GlassViewer.LibraryScript[..200], html, StringComparison.Ordinal);
        Assert.True(GlassViewer.LibraryScript.Length > 100_000, "the vendored 3Dmol.js is missing or truncated");
        Assert.DoesNotMatch("(?i)<script[^>]*src=", html);
        Assert.Contains($"id=\"{GlassViewer.ContainerId}\"", html, StringComparison.Ordinal);
        Assert.Contains("var bonds=[0,1];", html, StringComparison.Ordinal);

        // |S| = 2 for both Li, so the scale is ±2: the soft Li gets the full soft colour, the hard one the hard colour.
        Assert.Contains($"var col=[\"{PaperPalette.AnionHex("PS4")}\",\"{PaperPalette.AnionHex("PS4")}\",\"{PaperPalette.SoftHex}\",\"{PaperPalette.HardHex}\"];", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"figures/g.xyz\">figures/g.xyz</a>", html, StringComparison.Ordinal);
        Assert.Contains("BSD-3-Clause", GlassViewer.LibraryLicense, StringComparison.Ordinal);
    }
}
