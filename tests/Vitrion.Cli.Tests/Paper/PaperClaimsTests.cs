using System.Globalization;
using System.Text.Json.Nodes;
using Vitrion.IO;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #10: the summary table states for each of the paper's claims whether the run reproduces it, from the
/// numbers the run measured (checked here against the stage outputs they come from).
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed class PaperClaimsTests(TinyPaperFixture run)
{
    private static readonly string[] Statuses = ["reproduced", "contradicted", "inconclusive", "not measured"];

    [Fact]
    public void EveryClaimHasAStatus_AndTheSoftnessCorrelationsComeFromTheQuenchedFrames()
    {
        run.RequireSuccess();
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run.OutDir, "results.json")))!;
        var claims = results["claims"]!.AsArray();
        Assert.Equal(8, claims.Count);
        foreach (var c in claims) { Assert.Contains(c!["status"]!.GetValue<string>(), Statuses); }

        // Every composition's softness was analysed on its inherent-structure trajectory, whose frames carry the
        // per-atom energy and Voronoi volume of the quenched structure; the Voronoi cells fill the box.
        var inherent = Directory.GetFiles(run.OutDir, "inherent.dump", SearchOption.AllDirectories);
        Assert.Equal(2, inherent.Length);
        var frame = StructureFile.ReadFrame(inherent[0]);
        Assert.Equal(frame.Box.Volume, frame.Extra["c_voro_is"].Sum(), 3);
        Assert.True(frame.Extra["c_pe_is"].All(double.IsFinite));

        // The claim rows quote the correlations of the softness analysis, and are "not measured" only without them.
        foreach (var (column, claim) in new[] { ("c_pe_is", "Softness grows with potential energy"), ("c_voro_is", "Softness grows with Voronoi volume") })
        {
            var row = claims.Single(c => c!["claim"]!.GetValue<string>() == claim)!;
            string measured = row["measured"]!.GetValue<string>();
            var comps = Vitrion.Workflows.Paper.PaperResults.Read(Path.Combine(run.OutDir, "results.json")).Compositions.Where(c => c.SoftnessAnalysis is not null).ToList();
            Assert.NotEmpty(comps);
            foreach (var comp in comps)
            {
                double r = comp.SoftnessAnalysis!.PerAtom[column].FrameMean;
                Assert.InRange(r, -1, 1);
                Assert.Contains(r.ToString("F3", CultureInfo.InvariantCulture), measured);
            }

            Assert.NotEqual("not measured", row["status"]!.GetValue<string>());

            // The effect is the mean of the per-glass r over the glasses, with the t interval of their scatter (two glasses: t(0.975, 1) = 12.706).
            double mean = comps.Average(c => c.SoftnessAnalysis!.PerAtom[column].FrameMean);
            double se = Math.Sqrt(comps.Sum(c => Math.Pow(c.SoftnessAnalysis!.PerAtom[column].FrameMean - mean, 2)) / (comps.Count - 1) / comps.Count);
            Assert.Equal(mean, row["effect"]!["effect"]!.GetValue<double>(), 12);
            Assert.Equal(mean + 12.7062047 * se, row["effect"]!["high"]!.GetValue<double>(), 6);
        }
    }
}
