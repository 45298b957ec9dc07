using Vitrion.TestKit;
using Vitrion.Workflows.Paper;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #18: <c>--replicas R</c> runs R independent glasses per composition. Replica 1 keeps the seeds of a
/// single-model run, so its numbers equal those of the fixture's run (which has one glass per composition); the
/// pooled values are the replicas' mean and standard error; the softness model is scored on held-out replicas.
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed class PaperReplicasTests(TinyPaperFixture single)
{
    [Fact]
    public void TwoReplicas_KeepReplicaOne_PoolTheRest_AndHoldOutReplicas()
    {
        single.RequireSuccess();
        string outDir = Path.Combine(References.TempDir("vitrion-replicas"), "r2");
        var a = TinyPaperFixture.Args(outDir).Concat(["--replicas", "2"]).ToArray();
        var (code, output) = VitrionProcess.Run(TinyPaperFixture.TimeoutSeconds, a);
        Assert.True(code == 0, VitrionProcess.Tail(output));
        Assert.DoesNotMatch(@"stage \S+ failed:", output);

        var one = PaperResults.Read(Path.Combine(single.OutDir, "results.json"));
        var two = PaperResults.Read(Path.Combine(outDir, "results.json"));
        Assert.Equal(1, one.ReplicasPerComposition);
        Assert.Equal(2, two.ReplicasPerComposition);
        Assert.Equal(4, two.Replicas.Count);
        foreach (var c in one.Compositions)
        {
            // Replica 1 is the single-model glass: same melt-quench, same trajectories, same transport and census.
            var r1 = two.Replicas.Single(u => u.P2s6Percent == c.P2s6Percent && u.Replica == 1);
            var r2 = two.Replicas.Single(u => u.P2s6Percent == c.P2s6Percent && u.Replica == 2);
            Assert.Equal(c.Prepare!.PeKcalPerMol, r1.Prepare!.PeKcalPerMol);
            Assert.Equal(c.Arrhenius!.EaEv, r1.Arrhenius!.EaEv);
            Assert.Equal(c.Arrhenius.ConductivityAtExtrapolationSPerCm, r1.Arrhenius.ConductivityAtExtrapolationSPerCm);
            Assert.Equal(c.Clusters!.P2s6, r1.Clusters!.P2s6);
            Assert.Equal(c.Temperatures.Select(t => t.Diffusion!.DCm2PerS), r1.Temperatures.Select(t => t.Diffusion!.DCm2PerS));

            // Replica 2 is another glass.
            Assert.NotEqual(r1.Prepare.PeKcalPerMol, r2.Prepare!.PeKcalPerMol);

            // Pooled: mean and between-replica standard error |a − b|/2 of two values.
            var pooled = two.Pooled.Single(p => p.P2s6Percent == c.P2s6Percent);
            Assert.Equal(2, pooled.EaEv.N);
            Assert.Equal((r1.Arrhenius.EaEv + r2.Arrhenius!.EaEv) / 2, pooled.EaEv.Mean, 14);
            Assert.Equal(Math.Abs(r1.Arrhenius.EaEv - r2.Arrhenius.EaEv) / 2, pooled.EaEv.StdError, 14);
        }

        // The Ea trend is the OLS slope over the four glasses (Sxy/Sxx computed here by hand).
        var pts = two.Replicas.Select(u => (X: (double)u.P2s6Percent, Y: u.Arrhenius!.EaEv)).ToArray();
        double mx = pts.Average(p => p.X), my = pts.Average(p => p.Y);
        double slope = pts.Sum(p => (p.X - mx) * (p.Y - my)) / pts.Sum(p => (p.X - mx) * (p.X - mx));
        Assert.Equal(slope, two.Claims[0].Effect.Effect, 12);
        Assert.Equal(2, two.Claims[0].Effect.DegreesOfFreedom);

        // Softness trained on both replicas of the first composition, scored on each held out in turn, at both tails.
        var rep = two.SoftnessReplicas!;
        Assert.Equal(["p2s6-05", "p2s6-05-r2"], rep.Groups);
        Assert.Equal([0.2, 0.1], rep.HeldOut.Select(t => t.TailFraction));
        foreach (var t in rep.HeldOut)
        {
            Assert.Equal([1, 2], t.Folds.Select(f => f.Replica));
            Assert.Equal(t.Folds.Average(f => f.TestAccuracy), t.MeanTestAccuracy, 14);
            Assert.All(t.Folds, f => Assert.InRange(f.TestAccuracy, 0, 1));
        }

        // The 10 % tails label half as many samples as the 20 % tails.
        // (rounding per origin: within one sample per origin of the held-out glass).
        Assert.InRange(rep.HeldOut[0].Folds[0].TestSamples - 2 * rep.HeldOut[1].Folds[0].TestSamples, -2 * 32, 2 * 32);
        Assert.Contains(two.Claims, c => c.Claim.StartsWith("Classification", StringComparison.Ordinal) && c.Effect.Basis.Contains("held-out replicas", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(outDir, "p2s6-05-r2", "neb", "barriers.csv")));
        Assert.Contains("p2s6-25-r2", File.ReadAllText(Path.Combine(outDir, "report.html")));
    }
}
