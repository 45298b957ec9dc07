using Vitrion.ForceField.Threading;

namespace Vitrion.ForceField.Tests.Threading;

public class ForceScheduleTests
{
    [Fact]
    public void WholeTermOnOneWorkerAndTheStreamFillsTheShares()
    {
        // Hand computation: costs 3 (whole), 1, 4 on two workers. Total 8, share 4. The whole term goes to worker 0
        // (load 3, room 1); the stream (1 + 4) is cut at 1: worker 0 takes term 1 entirely, worker 1 takes term 2.
        var s = ForceSchedule.Split([3.0, 1.0, 4.0], [true, false, false], 2);
        Assert.Equal([new WorkSegment(0, 0, 1), new WorkSegment(1, 0, 1)], s[0]);
        Assert.Equal([new WorkSegment(2, 0, 1)], s[1]);

        // Costs 2 (whole), 6 on two workers: share 4; worker 0 has room 2 = a third of term 1.
        s = ForceSchedule.Split([2.0, 6.0], [true, false], 2);
        Assert.Equal(2, s[0].Length);
        Assert.Equal(new WorkSegment(0, 0, 1), s[0][0]);
        Assert.Equal(1, s[0][1].Term);
        Assert.Equal(0.0, s[0][1].From);
        Assert.Equal(1.0 / 3.0, s[0][1].To, 1e-15);
        Assert.Equal(s[0][1].To, s[1][0].From); // the same boundary value on both sides
        Assert.Equal(1.0, s[1][0].To);
    }

    [Fact]
    public void WholeTermLargerThanAShareLeavesTheRestToTheOthers()
    {
        // 10 (whole) + 2 + 2 on three workers: share 14/3; worker 0 is over it, workers 1 and 2 split the stream evenly.
        var s = ForceSchedule.Split([10.0, 2.0, 2.0], [true, false, false], 3);
        Assert.Equal([new WorkSegment(0, 0, 1)], s[0]);
        Assert.Equal([new WorkSegment(1, 0, 1)], s[1]);
        Assert.Equal([new WorkSegment(2, 0, 1)], s[2]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void EveryTermIsCoveredOnceAndTheLoadsAreEven(int workers)
    {
        var rng = new Random(17 + workers);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(1, 6);
            var costs = new double[n];
            var whole = new bool[n];
            for (int k = 0; k < n; k++) { costs[k] = rng.NextDouble() * 10; whole[k] = rng.Next(3) == 0; }
            if (trial % 10 == 0) { costs[0] = 0; }
            var s = ForceSchedule.Split(costs, whole, workers);
            Assert.Equal(workers, s.Length);
            var load = new double[workers];
            for (int k = 0; k < n; k++)
            {
                var pieces = s.SelectMany((list, w) => list.Where(g => g.Term == k).Select(g => (w, g))).OrderBy(p => p.g.From).ToList();
                Assert.NotEmpty(pieces);
                Assert.Equal(0.0, pieces[0].g.From);
                Assert.Equal(1.0, pieces[^1].g.To);
                for (int p = 1; p < pieces.Count; p++) { Assert.Equal(pieces[p - 1].g.To, pieces[p].g.From); }
                if (whole[k]) { Assert.Single(pieces); }
                foreach (var (w, g) in pieces) { load[w] += costs[k] * (g.To - g.From); }
            }

            // Without whole terms every worker gets the same share; whole terms can only make a worker exceed it by less than their cost.
            double share = costs.Sum() / workers;
            double maxWhole = costs.Where((c, k) => whole[k]).DefaultIfEmpty(0).Max();
            foreach (double l in load) { Assert.True(l <= share + maxWhole + 1e-9, $"load {l} > share {share} + {maxWhole}"); }
            if (!whole.Any(w => w)) { foreach (double l in load) { Assert.Equal(share, l, 1e-9); } }
        }
    }

    [Fact]
    public void ItemAtSplitsAPrefixSumByWeight()
    {
        // Items of weights 1, 1, 6, 2 (prefix 0 1 2 8 10): half of the total (5) is reached at item 3 (offset 8 ≥ 5).
        int[] off = [0, 1, 2, 8, 10];
        Assert.Equal(0, ForceSchedule.ItemAt(off, 4, 0.0));
        Assert.Equal(2, ForceSchedule.ItemAt(off, 4, 0.2));
        Assert.Equal(3, ForceSchedule.ItemAt(off, 4, 0.5));
        Assert.Equal(4, ForceSchedule.ItemAt(off, 4, 1.0));
        Assert.Equal(0, ForceSchedule.IndexAt(0.0, 7));
        Assert.Equal(4, ForceSchedule.IndexAt(0.5, 7)); // round(3.5) = 4 (to even)
        Assert.Equal(7, ForceSchedule.IndexAt(1.0, 7));
    }
}
