using Vitrion.TestKit;
using Vitrion.Workflows.Paper;
using Xunit;

namespace Vitrion.Workflows.Tests.Paper;

/// <summary>The stage graph of the paper and the run-folder layout.</summary>
public sealed class PaperPlanTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("standard")]
    [InlineData("tiny")]
    public void Graph_HasEveryStage_OfTheOldPipeline_WithItsDependencies(string name)
    {
        var preset = PaperPreset.Get(name);
        var stages = new PaperPlan(preset, PaperLayout.Of(References.TempDir("vitrion-plan"))).Stages();
        var names = stages.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (int p in preset.Compositions)
        {
            string c = PaperLayout.CompositionName(p);
            foreach (var s in new[] { "build", "prepare", "arrhenius", "clusters", "rdf", "sq", "voronoi", "energy", "trace", "homology", "quench", "softness", "softness-analysis", "rings" })
            {
                Assert.Contains($"{c}/{s}", names);
            }

            foreach (double t in preset.Temperatures)
            {
                Assert.Contains($"{c}/{PaperLayout.TemperatureName(t)}/md", names);
                Assert.Contains($"{c}/{PaperLayout.TemperatureName(t)}/diffusion", names);
            }
        }

        Assert.Contains("softness/train", names);
        Assert.All(Enum.GetNames<Vitrion.Learning.Features.FeatureSet>(), set => Assert.Contains("softness/study-" + set, names));
        Assert.Contains($"{PaperLayout.CompositionName(preset.Compositions[0])}/neb", names);
        Assert.Equal(names.Count, stages.Count);

        // Every force evaluation has one thread; the MD stages only need their composition's melt-quench.
        var byName = stages.ToDictionary(s => s.Name);
        Assert.All(stages, s => Assert.Equal(1, s.Threads));
        Assert.Equal([PaperPlan.Name(preset.Compositions[^1], "prepare")], byName[PaperPlan.Name(preset.Compositions[^1], preset.Temperatures[0], "md")].DependsOn);
        Assert.Equal(preset.Temperatures.Length, byName[PaperPlan.Name(preset.Compositions[0], "arrhenius")].DependsOn.Count(d => d.EndsWith("/diffusion", StringComparison.Ordinal)));
    }

    [Fact]
    public void Layout_SpellsTheRunFolder()
    {
        var l = PaperLayout.Of("/tmp/x");
        var t = l.Composition(5).Temperature(700);
        Assert.Equal("/tmp/x/p2s6-05/T700/trajectory.dump", t.Trajectory);
        Assert.Equal("/tmp/x/p2s6-25/prepared.data", l.Composition(25).Prepared);
        Assert.Equal("/tmp/x/.stages/p2s6-05_T700_md.done", l.StageMarker("p2s6-05/T700/md"));
        Assert.Equal("/tmp/x/p2s6-05/T1100/inherent.dump", l.Composition(5).Temperature(1100.0).Inherent);
    }
}
