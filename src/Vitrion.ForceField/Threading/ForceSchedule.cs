namespace Vitrion.ForceField.Threading;

/// <summary>A piece of one term's work for one worker: the fraction [<see cref="From"/>, <see cref="To"/>) of term <see cref="Term"/>.</summary>
/// <param name="Term">index of the term in the list given to <see cref="ForceSchedule.Split"/>.</param>
/// <param name="From">start fraction in [0, 1].</param>
/// <param name="To">end fraction in [0, 1], ≥ From; a term's last piece ends at exactly 1.</param>
public readonly record struct WorkSegment(int Term, double From, double To);

/// <summary>
/// Splits one force evaluation over the workers of a team so that every worker gets about the same estimated cost and the
/// terms run side by side (the k-space solver of a small grid on one worker while the others take the pair loop, instead of
/// one term after another with every thread in each). Costs come from counts (<see cref="ISplittableForceTerm.EstimateCost"/>),
/// never from timings, so the split, and therefore every force to the last bit, is the same in every run with the same
/// number of threads.
/// <para>The per-unit costs are those of the development machine (2-core AMD EPYC Zen 5, AVX-512, one core, this engine):
/// only their ratios matter, and a machine where they differ by a few tens of percent only balances less well.</para>
/// </summary>
public static class ForceSchedule
{
    /// <summary>
    /// The split: whole terms (<paramref name="whole"/>[k] true) go, each as one piece, to the least-loaded worker (the first
    /// such in order); the other terms form one stream, in the given order, cut into contiguous pieces that fill every
    /// worker up to the common share of the total. Each worker's list holds its whole terms first, then its stream pieces.
    /// </summary>
    /// <param name="costs">estimated cost per term (≥ 0).</param>
    /// <param name="whole">per term: true when it cannot be split.</param>
    /// <param name="workers">number of workers (≥ 1).</param>
    /// <returns>per worker, its pieces in execution order.</returns>
    public static WorkSegment[][] Split(ReadOnlySpan<double> costs, ReadOnlySpan<bool> whole, int workers)
    {
        if (costs.Length != whole.Length) { throw new ArgumentException("costs and whole flags differ in length"); }
        workers = Math.Max(1, workers);
        var lists = new List<WorkSegment>[workers];
        for (int w = 0; w < workers; w++) { lists[w] = new List<WorkSegment>(); }
        var load = new double[workers];
        double streamTotal = 0;
        for (int k = 0; k < costs.Length; k++)
        {
            double c = Math.Max(0.0, double.IsFinite(costs[k]) ? costs[k] : 0.0);
            if (whole[k])
            {
                int best = 0;
                for (int w = 1; w < workers; w++) { if (load[w] < load[best]) { best = w; } }
                lists[best].Add(new WorkSegment(k, 0.0, 1.0));
                load[best] += c;
            }
            else
            {
                streamTotal += c;
            }
        }

        // Capacity of each worker up to the common share; scaled so the capacities add up to the stream exactly.
        double share = (load.Sum() + streamTotal) / workers;
        var cap = new double[workers];
        double capSum = 0;
        for (int w = 0; w < workers; w++) { cap[w] = Math.Max(0.0, share - load[w]); capSum += cap[w]; }
        if (!(capSum > 0)) { for (int w = 0; w < workers; w++) { cap[w] = 1.0; } capSum = workers; }
        // Boundaries of the workers' parts of the stream, in stream units; the last is the stream's end exactly.
        var bound = new double[workers + 1];
        for (int w = 0; w < workers; w++) { bound[w + 1] = bound[w] + cap[w] / capSum * streamTotal; }
        bound[workers] = streamTotal;

        double start = 0;
        for (int k = 0; k < costs.Length; k++)
        {
            if (whole[k]) { continue; }
            double c = Math.Max(0.0, double.IsFinite(costs[k]) ? costs[k] : 0.0);
            if (c == 0)
            {
                // Nothing to balance: the whole term to the worker where the stream stands.
                int at = 0;
                while (at < workers - 1 && bound[at + 1] <= start) { at++; }
                lists[at].Add(new WorkSegment(k, 0.0, 1.0));
                continue;
            }

            double end = start + c;
            for (int w = 0; w < workers; w++)
            {
                double a = Math.Max(start, bound[w]), b = Math.Min(end, bound[w + 1]);
                if (w == workers - 1) { b = end; }
                if (b <= a) { continue; }
                double from = a <= start ? 0.0 : (a - start) / c;
                double to = b >= end ? 1.0 : (b - start) / c;
                if (to > from) { lists[w].Add(new WorkSegment(k, from, to)); }
            }

            start = end;
        }

        var result = new WorkSegment[workers][];
        for (int w = 0; w < workers; w++) { result[w] = lists[w].ToArray(); }
        return result;
    }

    /// <summary>The index in [0, <paramref name="n"/>] at fraction <paramref name="f"/> of <paramref name="n"/> items (0 → 0, 1 → n).</summary>
    /// <param name="f">fraction in [0, 1].</param>
    /// <param name="n">number of items.</param>
    public static int IndexAt(double f, int n) => f <= 0 ? 0 : f >= 1 ? n : Math.Clamp((int)Math.Round(f * n), 0, n);

    /// <summary>
    /// The first item i of a CSR-like prefix sum <paramref name="offsets"/> (length items+1, non-decreasing) whose start
    /// offsets[i] reaches fraction <paramref name="f"/> of the total: splits items so that the pieces hold about equal sums.
    /// </summary>
    /// <param name="offsets">prefix sums, offsets[0] = 0.</param>
    /// <param name="items">number of items (offsets has items + 1 entries in use).</param>
    /// <param name="f">fraction in [0, 1].</param>
    public static int ItemAt(int[] offsets, int items, double f)
    {
        if (f <= 0) { return 0; }
        if (f >= 1) { return items; }
        long target = (long)Math.Round(f * offsets[items]);
        int lo = 0, hi = items;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (offsets[mid] < target) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }
}
