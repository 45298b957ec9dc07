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
    private static readonly string[] Statuses = ["reproduced", "reproduced (within 1σ: not significant)", "reproduced (within 2 s.e.: not significant)",
        "reproduced (interval includes 0: not significant)", "not reproduced", "not measured"];

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
        }
    }
}
