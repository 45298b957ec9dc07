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
        Assert.Equal("/tmp/x/p2s6-05-r2/T700/trajectory.dump", l.Composition(5, 2).Temperature(700).Trajectory);
        Assert.Equal(l.Composition(5).Prepared, l.Composition(5, 1).Prepared);
    }

    [Theory]
    [InlineData(SoftnessScope.First)]
    [InlineData(SoftnessScope.All)]
    public void Replicas_AreChainsOfTheirOwn_WithTheirOwnSeeds(SoftnessScope scope)
    {
        var preset = PaperPreset.Get("tiny") with { Replicas = 3, SoftnessTrainOn = scope };
        var layout = PaperLayout.Of(References.TempDir("vitrion-plan"));
        var plan = new PaperPlan(preset, layout);
        var stages = plan.Stages();
        var byName = stages.ToDictionary(s => s.Name);
        Assert.Equal(stages.Count, byName.Count);
        int first = preset.Compositions[0];
        foreach (int p in preset.Compositions)
        {
            for (int r = 1; r <= 3; r++)
            {
                string c = PaperLayout.CompositionName(p, r);
                Assert.Equal(r == 1 ? $"p2s6-{p:00}" : $"p2s6-{p:00}-r{r}", c);
                foreach (var s in new[] { "build", "prepare", "arrhenius", "clusters", "quench", "softness", "softness-analysis" }) { Assert.Contains($"{c}/{s}", byName.Keys); }

                // The structure analyses run on replica 1 only; NEB on every replica of the first composition.
                Assert.Equal(r == 1, byName.ContainsKey($"{c}/rdf"));
                Assert.Equal(r == 1, byName.ContainsKey($"{c}/homology"));
                Assert.Equal(p == first, byName.ContainsKey($"{c}/neb"));
                Assert.Equal([PaperPlan.UnitName(p, r, "prepare")], byName[PaperPlan.UnitName(p, r, preset.Temperatures[0], "md")].DependsOn);

                // Own seeds: replica 1 keeps the single-model seeds.
                Assert.Equal(1000 * r + p, PaperPlan.BuildSeed(p, r));
                Assert.Equal((ulong)(2023 + p + 1000 * (r - 1)), plan.PrepareProtocol(p, r).Seed);
                Assert.Equal(7000 + 700 + 10000 * (r - 1), plan.Production(p, 700, r).Seed);
                Assert.Equal(layout.Composition(p, r).Prepared, plan.Production(p, 700, r).Data);
            }
        }

        Assert.Equal(1005, PaperPlan.BuildSeed(5));
        Assert.Equal(2028ul, new PaperPlan(preset with { Replicas = 1 }, layout).PrepareProtocol(5).Seed);

        // The model trains on the quenched frames of every replica in scope.
        var trainDeps = byName["softness/train"].DependsOn;
        var expected = preset.Units.Where(u => scope == SoftnessScope.All || u.P2s6Percent == first).Select(u => PaperPlan.UnitName(u.P2s6Percent, u.Replica, "quench"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), trainDeps.Order(StringComparer.Ordinal));

        // Each held-out fold (tail × replica) is a stage on the same quenches, listed after the NEB and study stages so that
        // it fills gaps instead of holding up the softness chain; softness/replicas gathers them.
        var folds = preset.SoftnessTails.SelectMany(t => Enumerable.Range(1, 3).Select(h => $"softness/heldout-{t * 100:0}-r{h}")).ToList();
        Assert.All(folds, f => Assert.Equal(trainDeps, byName[f].DependsOn));
        Assert.Equal(folds.Append("softness/train").Order(StringComparer.Ordinal), byName["softness/replicas"].DependsOn.Order(StringComparer.Ordinal));
        var order = stages.Select(s => s.Name).ToList();
        Assert.True(order.IndexOf(folds[0]) > order.IndexOf(PaperPlan.UnitName(first, 3, "neb")));
        Assert.Equal(layout.SoftnessFold(0.1, 2), Path.Combine(layout.SoftnessDir, "heldout-10-r2.json"));
    }
}
