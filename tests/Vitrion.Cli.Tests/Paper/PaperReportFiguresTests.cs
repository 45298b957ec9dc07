using Vitrion.Cli.Paper;
using Vitrion.TestKit;
using Vitrion.Workflows.Paper;
using Vitrion.Workflows.Scheduling;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>Issue #20: the report of a run whose stages produced nothing still renders, and says which figure is missing and why.</summary>
public sealed class PaperReportFiguresTests
{
    [Fact]
    public void Report_OfARunWithoutResults_ListsEveryPaperFigureAsNotProduced_WithTheReason()
    {
        string dir = References.TempDir("vitrion-empty-report");
        var preset = PaperPreset.Get("tiny");
        var layout = PaperLayout.Of(dir);
        var results = new PaperPlan(preset, layout).Collect(new Dictionary<string, StageRecord>(), "vitrion", null);
        Assert.All(results.Claims, c => Assert.Equal("not measured", c.Status));
        new PaperReport(preset, layout, results).Write();
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        foreach (var id in PaperReportBrowserTests.PaperFigureIds)
        {
            var m = System.Text.RegularExpressions.Regex.Match(html, $"<figure id=\"{id}\">(.*?)</figure>", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.True(m.Success, $"#{id} missing");
            Assert.Contains("figure not produced", m.Groups[1].Value, StringComparison.Ordinal);
            Assert.Contains("Not drawn: ", m.Groups[1].Value, StringComparison.Ordinal);
        }

        Assert.Contains("<figure id=\"view3d\"><h3>3D view</h3><p class=\"na\">figure not produced", html, StringComparison.Ordinal);
        Assert.Contains("<section id=\"methods\">", html, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "figures")) && Directory.EnumerateFiles(Path.Combine(dir, "figures"), "*.svg").Any(), "figures drawn from nothing");
    }
}
