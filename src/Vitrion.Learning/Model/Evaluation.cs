namespace Vitrion.Learning.Model;

/// <summary>Classification metrics of one sample set.</summary>
/// <param name="Count">number of samples.</param>
/// <param name="Accuracy">fraction classified correctly.</param>
/// <param name="RocAuc">area under the ROC curve of the decision values (ties counted half).</param>
/// <param name="TrueNegatives">hard predicted hard.</param>
/// <param name="FalsePositives">hard predicted soft.</param>
/// <param name="FalseNegatives">soft predicted hard.</param>
/// <param name="TruePositives">soft predicted soft.</param>
public sealed record ClassificationMetrics(int Count, double Accuracy, double RocAuc, int TrueNegatives, int FalsePositives, int FalseNegatives, int TruePositives);

/// <summary>Splits, folds and metrics with explicit seeds.</summary>
public static class Evaluation
{
    /// <summary>
    /// Stratified split: within each class the indices are shuffled with <c>new Random(seed)</c> (Fisher–Yates)
    /// and the first round(testFraction·n_class) go to the test set. Returns sorted index arrays.
    /// </summary>
    public static (int[] Train, int[] Test) StratifiedSplit(IReadOnlyList<int> labels, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1)) { throw new ArgumentOutOfRangeException(nameof(testFraction), "test fraction must lie in (0, 1)"); }
        var rng = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (int cls in labels.Distinct().Order())
        {
            var idx = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cls).ToArray();
            rng.Shuffle(idx);
            int nTest = (int)Math.Round(testFraction * idx.Length);
            test.AddRange(idx.Take(nTest));
            train.AddRange(idx.Skip(nTest));
        }

        return (train.Order().ToArray(), test.Order().ToArray());
    }

    /// <summary>
    /// Stratified split by group: every sample of one group (e.g. one Li atom seen at several time origins) lands
    /// on the same side, so near-duplicate samples cannot sit in both the training and the test set. Groups are
    /// stratified by their majority label (ties count as 1), shuffled per class with <c>new Random(seed)</c>, and
    /// the first round(testFraction·n_groups) of each class go to the test set. Returns sorted index arrays.
    /// </summary>
    public static (int[] Train, int[] Test) GroupStratifiedSplit(IReadOnlyList<int> labels, IReadOnlyList<int> groups, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1)) { throw new ArgumentOutOfRangeException(nameof(testFraction), "test fraction must lie in (0, 1)"); }
        var groupTest = new Dictionary<int, bool>();
        var rng = new Random(seed);
        foreach (var cls in GroupsByClass(labels, groups))
        {
            var g = cls.ToArray();
            rng.Shuffle(g);
            int nTest = (int)Math.Round(testFraction * g.Length);
            for (int j = 0; j < g.Length; j++) { groupTest[g[j]] = j < nTest; }
        }

        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < labels.Count; i++) { (groupTest[groups[i]] ? test : train).Add(i); }
        return (train.ToArray(), test.ToArray());
    }

    /// <summary>Stratified k-fold assignment by group (every sample of a group in the same fold); see <see cref="GroupStratifiedSplit"/>.</summary>
    public static int[] GroupStratifiedFolds(IReadOnlyList<int> labels, IReadOnlyList<int> groups, int k, int seed)
    {
        if (k < 2) { throw new ArgumentOutOfRangeException(nameof(k), "need at least 2 folds"); }
        var rng = new Random(seed);
        var groupFold = new Dictionary<int, int>();
        int start = 0;
        foreach (var cls in GroupsByClass(labels, groups))
        {
            var g = cls.ToArray();
            rng.Shuffle(g);
            for (int j = 0; j < g.Length; j++) { groupFold[g[j]] = (start + j) % k; }
            start = (start + g.Length) % k;
        }

        return Enumerable.Range(0, labels.Count).Select(i => groupFold[groups[i]]).ToArray();
    }

    private static IEnumerable<IEnumerable<int>> GroupsByClass(IReadOnlyList<int> labels, IReadOnlyList<int> groups)
    {
        if (labels.Count != groups.Count) { throw new ArgumentException("labels and groups differ in length"); }
        var votes = new SortedDictionary<int, (int Ones, int All)>();
        for (int i = 0; i < labels.Count; i++)
        {
            var v = votes.GetValueOrDefault(groups[i]);
            votes[groups[i]] = (v.Ones + (labels[i] == 1 ? 1 : 0), v.All + 1);
        }

        var majority = votes.ToDictionary(kv => kv.Key, kv => 2 * kv.Value.Ones >= kv.Value.All ? 1 : 0);
        return majority.GroupBy(kv => kv.Value).OrderBy(g => g.Key).Select(g => g.Select(kv => kv.Key));
    }

    /// <summary>Stratified k-fold assignment: fold index of every sample (seeded shuffle per class, then round robin).</summary>
    public static int[] StratifiedFolds(IReadOnlyList<int> labels, int k, int seed)
    {
        if (k < 2) { throw new ArgumentOutOfRangeException(nameof(k), "need at least 2 folds"); }
        var rng = new Random(seed);
        var fold = new int[labels.Count];
        int start = 0;
        foreach (int cls in labels.Distinct().Order())
        {
            var idx = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cls).ToArray();
            rng.Shuffle(idx);
            for (int j = 0; j < idx.Length; j++) { fold[idx[j]] = (start + j) % k; }
            start = (start + idx.Length) % k;
        }

        return fold;
    }

    /// <summary>Metrics of decision values against labels (prediction = decision &gt; 0).</summary>
    public static ClassificationMetrics Metrics(IReadOnlyList<double> decision, IReadOnlyList<int> labels)
    {
        int tn = 0, fp = 0, fn = 0, tp = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            bool pred = decision[i] > 0;
            if (labels[i] == 1) { if (pred) { tp++; } else { fn++; } }
            else if (pred) { fp++; }
            else { tn++; }
        }

        int n = labels.Count;
        return new ClassificationMetrics(n, n == 0 ? double.NaN : (double)(tp + tn) / n, RocAuc(decision, labels), tn, fp, fn, tp);
    }

    /// <summary>ROC AUC by the Mann–Whitney statistic with mid-ranks (NaN when a class is missing).</summary>
    public static double RocAuc(IReadOnlyList<double> score, IReadOnlyList<int> labels)
    {
        int n = score.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => score[i]).ToArray();
        var rank = new double[n];
        for (int a = 0; a < n;)
        {
            int b = a;
            while (b + 1 < n && score[order[b + 1]] == score[order[a]]) { b++; }
            double mid = 0.5 * (a + b) + 1;
            for (int k = a; k <= b; k++) { rank[order[k]] = mid; }
            a = b + 1;
        }

        long nPos = labels.Count(l => l == 1), nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) { return double.NaN; }
        double sumPos = 0;
        for (int i = 0; i < n; i++) { if (labels[i] == 1) { sumPos += rank[i]; } }
        return (sumPos - nPos * (nPos + 1) / 2.0) / ((double)nPos * nNeg);
    }
}
