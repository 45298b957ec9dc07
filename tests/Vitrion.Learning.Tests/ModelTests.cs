using System.Globalization;
using System.Text.Json;
using Vitrion.Core;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;
using Vitrion.Learning.Model;
using Vitrion.Learning.Softness;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Learning.Tests;

public class ModelTests
{
    /// <summary>A dataset from a synthetic trajectory: random glass-like frames, Li moving by amounts tied to their local Li density.</summary>
    private static (SoftnessDataset Data, DatasetOptions Options, List<Frame> Frames) SyntheticDataset(int seed = 11)
    {
        var f0 = Synthetic.RandomFrame(Box.Cubic(18), 200, seed);
        var frames = new List<Frame> { f0 };
        for (int k = 1; k <= 4; k++) { frames.Add(Synthetic.Jiggle(frames[^1], 0.25, seed + k)); }
        var opts = new DatasetOptions(new RadialFeatureSpec(FeatureSet.LiPS, MuMax: 6.0, MuStep: 0.5), new LabelRule(), new NonAffineOptions(), 1, 2, 1, 3);
        return (SoftnessDataset.Build(frames, opts), opts, frames);
    }

    [Fact]
    public void DatasetPoolsOriginsWithFractionLabels()
    {
        var (data, _, _) = SyntheticDataset();
        Assert.Equal([0, 1, 2], data.Origins);
        foreach (int o in data.Origins)
        {
            var s = data.Samples.Where(x => x.Origin == o).ToList();
            Assert.Equal(20, s.Count(x => x.Label == 1));
            Assert.Equal(20, s.Count(x => x.Label == 0));
            Assert.True(s.Where(x => x.Label == 1).Min(x => x.Dcum) >= s.Where(x => x.Label == 0).Max(x => x.Dcum));
        }
    }

    [Fact]
    public void GroupSplitKeepsEveryAtomOnOneSideAndTheClassShares()
    {
        // 100 atoms seen at 4 origins each; atoms 0..19 are soft (label 1) at every origin, except that atom 0 is
        // hard at one origin (majority still soft).
        var groups = Enumerable.Range(0, 400).Select(i => 1000 + i % 100).ToArray();
        var labels = groups.Select(g => g - 1000 < 20 ? 1 : 0).ToArray();
        labels[100] = 0; // atom 1000, second origin
        var (train, test) = Evaluation.GroupStratifiedSplit(labels, groups, 0.2, 5);
        Assert.Equal(400, train.Length + test.Length);
        Assert.Empty(train.Select(i => groups[i]).Intersect(test.Select(i => groups[i])));
        Assert.Equal(20, test.Select(i => groups[i]).Distinct().Count());     // round(0.2 · 100) atoms
        Assert.Equal(4, test.Where(i => labels[i] == 1).Select(i => groups[i]).Distinct().Count()); // round(0.2 · 20) soft atoms
        var folds = Evaluation.GroupStratifiedFolds(labels, groups, 5, 5);
        foreach (var g in groups.Distinct()) { Assert.Single(Enumerable.Range(0, 400).Where(i => groups[i] == g).Select(i => folds[i]).Distinct()); }
        Assert.All(Enumerable.Range(0, 5), f => Assert.Equal(80, folds.Count(x => x == f)));
        Assert.Equal(test, Evaluation.GroupStratifiedSplit(labels, groups, 0.2, 5).Test);
    }

    [Fact]
    public void StratifiedSplitKeepsClassShares()
    {
        var labels = Enumerable.Range(0, 250).Select(i => i % 5 == 0 ? 1 : 0).ToArray();
        var (train, test) = Evaluation.StratifiedSplit(labels, 0.2, 5);
        Assert.Equal(50, test.Length);
        Assert.Equal(10, test.Count(i => labels[i] == 1));
        Assert.Empty(train.Intersect(test));
        Assert.Equal(250, train.Length + test.Length);
        var again = Evaluation.StratifiedSplit(labels, 0.2, 5);
        Assert.Equal(test, again.Test);
    }

    [Fact]
    public void RocAucMatchesPairCount()
    {
        double[] s = [0.1, 0.4, 0.35, 0.8, 0.4];
        int[] y = [0, 0, 1, 1, 1];
        // positive-negative pairs: (0.35 vs 0.1 win, vs 0.4 loss), (0.8 wins both), (0.4 vs 0.1 win, vs 0.4 tie) = 4.5/6
        Assert.Equal(4.5 / 6, Evaluation.RocAuc(s, y), 12);
        var m = Evaluation.Metrics([-1.0, 2, -0.5, 3], [0, 0, 1, 1]);
        Assert.Equal((1, 1, 1, 1), (m.TrueNegatives, m.FalsePositives, m.FalseNegatives, m.TruePositives));
        Assert.Equal(0.5, m.Accuracy);
    }

    [Fact]
    public void LogisticGradientVanishesAtTheOptimum()
    {
        var rng = new Random(2);
        var z = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 5).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
        var y = z.Select(r => r[0] - 0.5 * r[1] + 0.3 * (rng.NextDouble() - 0.5) > 0 ? 1 : 0).ToArray();
        const double C = 0.7;
        var h = LinearClassifier.Train(ClassifierKind.Logistic, z, y, C);
        // independent check: gradient of C Σ logloss + ½|w|² by central differences of the objective
        double Obj(double[] w, double b) => C * z.Select((r, i) => { double m = b + r.Zip(w, (a, c) => a * c).Sum(); return y[i] == 1 ? Math.Log(1 + Math.Exp(-m)) : Math.Log(1 + Math.Exp(m)); }).Sum() + 0.5 * w.Sum(v => v * v);
        for (int k = 0; k <= 5; k++)
        {
            var wp = h.Weights.ToArray(); var wm = h.Weights.ToArray(); double bp = h.Bias, bm = h.Bias;
            if (k < 5) { wp[k] += 1e-5; wm[k] -= 1e-5; } else { bp += 1e-5; bm -= 1e-5; }
            Assert.True(Math.Abs((Obj(wp, bp) - Obj(wm, bm)) / 2e-5) < 1e-5);
        }

        var svm = LinearClassifier.Train(ClassifierKind.LinearSvm, z, y, C);
        var acc = Evaluation.Metrics(z.Select(svm.Decision).ToArray(), y).Accuracy;
        Assert.True(acc > 0.85, $"svm accuracy {acc}");
    }

    [Fact]
    public void SoftnessReproducesTheClassifierDecisionAndSurvivesSaveLoad()
    {
        var (data, opts, frames) = SyntheticDataset();
        var r = SoftnessTrainer.Train(data, opts, new TrainerOptions(FixedC: 1.0), "synthetic");
        var m = r.Model;
        for (int s = 0; s < data.Samples.Count; s++)
        {
            double soft = m.Softness(data.Samples[s].Features);
            Assert.Equal(r.Decisions[s] / m.WeightNorm, soft, 10);
            Assert.Equal(r.Decisions[s] > 0, soft > 0);
        }

        var trainPred = r.TrainIndices.Count(i => (m.Softness(data.Samples[i].Features) > 0) == (data.Samples[i].Label == 1)) / (double)r.TrainIndices.Length;
        Assert.Equal(m.Training!.Train.Accuracy, trainPred, 12);

        string dir = References.TempDir("learning");
        string path = Path.Combine(dir, "model.json");
        m.Save(path);
        var back = SoftnessModel.Load(path);
        var a = new SoftnessApplier(m).Apply(frames[2], 2);
        var b = new SoftnessApplier(back).Apply(frames[2], 2);
        Assert.Equal(a.Softness, b.Softness);
        Assert.Equal(m.Weights, back.Weights);
        // softness of the origin frame equals that of the training rows of that origin
        var fromData = data.Samples.Where(x => x.Origin == 2).ToDictionary(x => x.Id, x => m.Softness(x.Features));
        for (int k = 0; k < a.Ids.Length; k++)
        {
            if (fromData.TryGetValue(a.Ids[k], out double v)) { Assert.Equal(v, a.Softness[k], 12); }
        }

        var other = new RadialFeatureSpec(FeatureSet.Li, MuMax: 6.0, MuStep: 0.5).FeatureNames();
        var ex = Assert.Throws<InputException>(() => new SoftnessApplier(back).Apply(other, [new double[other.Length]]));
        Assert.Contains("features do not match", ex.Message);
        File.WriteAllText(path, "{ not json");
        Assert.Throws<InputException>(() => SoftnessModel.Load(path));
    }

    [Fact]
    public void LogisticRegressionAgreesWithScikitLearn()
    {
        string py = References.RequirePythonModules("apt-get install python3-sklearn", "sklearn", "numpy");
        var (data, opts, _) = SyntheticDataset(23);
        const double C = 0.3;
        var r = SoftnessTrainer.Train(data, opts, new TrainerOptions(FixedC: C, Seed: 9), "synthetic");
        string dir = References.TempDir("learning-sk");
        string csv = Path.Combine(dir, "features.csv");
        data.WriteCsv(csv, r.TestIndices.ToHashSet());
        string script = Path.Combine(dir, "fit.py");
        File.WriteAllText(script, """
import csv, json, sys
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
rows = list(csv.reader(open(sys.argv[1])))
head = rows[0]; f0 = head.index('split') + 1
X = np.array([[float(v) for v in r[f0:]] for r in rows[1:]]); y = np.array([int(r[4]) for r in rows[1:]])
tr = np.array([r[5] == 'train' for r in rows[1:]])
sc = StandardScaler().fit(X[tr])
clf = LogisticRegression(penalty='l2', C=float(sys.argv[2]), solver='lbfgs', tol=1e-10, max_iter=100000).fit(sc.transform(X[tr]), y[tr])
print(json.dumps({'coef': clf.coef_[0].tolist(), 'b': float(clf.intercept_[0]),
  'train': float(clf.score(sc.transform(X[tr]), y[tr])), 'test': float(clf.score(sc.transform(X[~tr]), y[~tr]))}))
""");
        var (code, stdout, stderr) = References.Run(py, $"{script} {csv} {C.ToString(CultureInfo.InvariantCulture)}", dir, 300);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var coef = doc.RootElement.GetProperty("coef").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double b = doc.RootElement.GetProperty("b").GetDouble();
        var m = r.Model;
        Assert.Equal(coef.Length, m.Weights.Length);
        double scale = coef.Max(Math.Abs);
        double maxRel = coef.Select((c, k) => Math.Abs(c - m.Weights[k]) / scale).Max();
        Assert.True(maxRel < 1e-3, $"max relative coefficient difference {maxRel}");
        Assert.True(Math.Abs(b - m.Bias) / Math.Max(1, Math.Abs(b)) < 1e-3, $"bias {b} vs {m.Bias}");
        Assert.True(Math.Abs(doc.RootElement.GetProperty("train").GetDouble() - m.Training!.Train.Accuracy) <= 0.01);
        Assert.True(Math.Abs(doc.RootElement.GetProperty("test").GetDouble() - m.Training!.Test.Accuracy) <= 0.01);
        Console.WriteLine($"sklearn agreement: max rel coef diff {maxRel:E2}, train {m.Training.Train.Accuracy} test {m.Training.Test.Accuracy}");
    }
}
