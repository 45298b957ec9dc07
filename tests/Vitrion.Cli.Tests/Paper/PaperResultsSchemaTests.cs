using System.Text.Json.Nodes;
using Vitrion.Core;
using Vitrion.Workflows.Paper;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #17: results.json is written from typed records and reads back into them (docs/results-schema.md); a missing
/// or renamed field is an error on reading, not a silent "not measured".
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed class PaperResultsSchemaTests(TinyPaperFixture run)
{
    private string ResultsFile => Path.Combine(run.OutDir, "results.json");

    [Fact]
    public void ResultsJson_ReadsBackIntoTheTypedRecords()
    {
        run.RequireSuccess();
        var r = PaperResults.Read(ResultsFile);
        Assert.Equal(PaperResults.SchemaName, r.Schema);
        Assert.Equal("tiny", r.Preset);
        Assert.Equal([5, 25], r.Compositions.Select(c => c.P2s6Percent));
        foreach (var c in r.Compositions)
        {
            Assert.Equal([700.0, 900.0, 1100.0], c.Temperatures.Select(t => t.TemperatureK));
            Assert.All(c.Temperatures, t => Assert.True(t.Diffusion!.DCm2PerS > 0));
            Assert.True(double.IsFinite(c.Arrhenius!.EaEv));
            Assert.InRange(c.Clusters!.ShareOfP.Ps4 + c.Clusters.ShareOfP.P2s7 + c.Clusters.ShareOfP.P2s6 + c.Clusters.ShareOfP.Other, 0.999, 1.001);
            Assert.True(c.Energy!.PeKcalPerMol < 0);
            Assert.NotNull(c.SoftnessAnalysis);
        }

        // Written back, the record gives the same file (one writer, one reader, nothing lost on the way).
        string copy = Path.Combine(run.Root, "results-copy.json");
        r.Write(copy);
        Assert.Equal(File.ReadAllText(ResultsFile), File.ReadAllText(copy));
    }

    [Theory]
    [InlineData("compositions/0/arrhenius/ea_ev")]
    [InlineData("compositions/1/temperatures/2/diffusion/d_cm2_per_s")]
    [InlineData("compositions/0/model")]
    [InlineData("softness_model/test")]
    [InlineData("claims/0/status")]
    public void ResultsJson_WithAFieldMissing_FailsToRead(string path)
    {
        run.RequireSuccess();
        var node = JsonNode.Parse(File.ReadAllText(ResultsFile))!;
        var parts = path.Split('/');
        var parent = parts[..^1].Aggregate(node, (n, p) => int.TryParse(p, out int i) ? n[i]! : n[p]!);
        Assert.True(parent.AsObject().Remove(parts[^1]), $"{path} is not in results.json");
        string broken = Path.Combine(run.Root, "results-missing-" + parts[^1] + ".json");
        File.WriteAllText(broken, node.ToJsonString());
        var e = Assert.Throws<InputException>(() => PaperResults.Read(broken));
        Assert.Contains(parts[^1], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsJson_WithAMisspeltField_FailsToRead()
    {
        run.RequireSuccess();
        var node = JsonNode.Parse(File.ReadAllText(ResultsFile))!;
        var a = node["compositions"]![0]!["arrhenius"]!.AsObject();
        var v = a["ea_ev"]!.DeepClone();
        a.Remove("ea_ev");
        a["Ea_eV"] = v;
        string broken = Path.Combine(run.Root, "results-misspelt.json");
        File.WriteAllText(broken, node.ToJsonString());
        Assert.Throws<InputException>(() => PaperResults.Read(broken));
    }
}
