using System.Globalization;
using Vitrion.Core;
using Vitrion.Learning.Model;

namespace Vitrion.Learning.Softness;

/// <summary>Classifier settings.</summary>
/// <param name="Classifier">logistic regression (default) or linear SVM.</param>
/// <param name="TestFraction">stratified test fraction (default 0.2).</param>
/// <param name="Seed">seed of split and folds (default 42).</param>
/// <param name="CGrid">C values tried by cross-validation (ignored when <paramref name="FixedC"/> is set).</param>
/// <param name="Folds">k of the stratified k-fold cross-validation (default 5).</param>
/// <param name="FixedC">use this C without cross-validation.</param>
/// <param name="Split">what the split and the folds keep together (default <see cref="SplitUnit.Atom"/>).</param>
public sealed record TrainerOptions(
    ClassifierKind Classifier = ClassifierKind.Logistic,
    double TestFraction = 0.2,
    int Seed = 42,
    double[]? CGrid = null,
    int Folds = 5,
    double? FixedC = null,
    SplitUnit Split = SplitUnit.Atom)
{
    /// <summary>The default C grid: 1e-3 … 1e2 by decades.</summary>
    public static double[] DefaultCGrid { get; } = [1e-3, 1e-2, 1e-1, 1, 10, 100];
}

/// <summary>What a stratified train/test split and the cross-validation folds keep together.</summary>
public enum SplitUnit
{
    /// <summary>All samples of one Li atom (its time origins) on one side, so overlapping Dcum windows of the same
    /// atom cannot leak from the training into the test set.</summary>
    Atom,

    /// <summary>Every sample independently (sklearn's <c>train_test_split(stratify=y)</c>).</summary>
    Sample,
}

/// <summary>A trained model with its split and decisions.</summary>
/// <param name="Model">the model.</param>
/// <param name="TrainIndices">sample indices of the training set.</param>
/// <param name="TestIndices">sample indices of the test set.</param>
/// <param name="Decisions">decision value w·z + b of every sample.</param>
public sealed record TrainingResult(SoftnessModel Model, int[] TrainIndices, int[] TestIndices, double[] Decisions);

/// <summary>Standardise → (cross-validate C) → fit → evaluate.</summary>
public static class SoftnessTrainer
{
    /// <summary>Trains on a dataset.</summary>
    public static TrainingResult Train(SoftnessDataset data, DatasetOptions dataOptions, TrainerOptions options, string source)
    {
        var labels = data.Samples.Select(s => s.Label).ToArray();
        if (labels.Distinct().Count() < 2) { throw new InputException("the dataset holds only one class; check the label rule and the trajectory length"); }
        var ids = data.Samples.Select(s => s.Id).ToArray();
        var (train, test) = options.Split == SplitUnit.Atom
            ? Evaluation.GroupStratifiedSplit(labels, ids, options.TestFraction, options.Seed)
            : Evaluation.StratifiedSplit(labels, options.TestFraction, options.Seed);
        return Fit(data, dataOptions, options, source, train, test, ids);
    }

    /// <summary>
    /// Trains on given train/test indices (e.g. whole replicas held out): C by cross-validation on the training
    /// samples, whose folds keep the samples of one group together when <see cref="TrainerOptions.Split"/> is
    /// <see cref="SplitUnit.Atom"/>; then standardise, fit and evaluate.
    /// </summary>
    /// <param name="data">samples.</param>
    /// <param name="dataOptions">how they were made.</param>
    /// <param name="options">classifier settings (the test fraction is not used).</param>
    /// <param name="source">what the samples come from (recorded in the model).</param>
    /// <param name="train">training sample indices.</param>
    /// <param name="test">test sample indices (may be empty).</param>
    /// <param name="groups">group of every sample (an atom of one model: atom id, made unique across models by the caller).</param>
    /// <returns>the model, the split and every decision value.</returns>
    public static TrainingResult Fit(SoftnessDataset data, DatasetOptions dataOptions, TrainerOptions options, string source, int[] train, int[] test, IReadOnlyList<int> groups)
    {
        var labels = data.Samples.Select(s => s.Label).ToArray();
        if (train.Select(i => labels[i]).Distinct().Count() < 2) { throw new InputException("the training samples hold only one class; check the label rule and the trajectory length"); }
        var ids = groups;
        var cv = new Dictionary<string, double>();
        double c = options.FixedC ?? double.NaN;
        if (options.FixedC is null)
        {
            var grid = options.CGrid ?? TrainerOptions.DefaultCGrid;
            var trainLabels = train.Select(i => labels[i]).ToArray();
            var folds = options.Split == SplitUnit.Atom
                ? Evaluation.GroupStratifiedFolds(trainLabels, train.Select(i => ids[i]).ToArray(), options.Folds, options.Seed)
                : Evaluation.StratifiedFolds(trainLabels, options.Folds, options.Seed);
            double best = double.NegativeInfinity;
            foreach (double cTry in grid)
            {
                double accSum = 0;
                for (int f = 0; f < options.Folds; f++)
                {
                    var fitIdx = Enumerable.Range(0, train.Length).Where(k => folds[k] != f).Select(k => train[k]).ToArray();
                    var valIdx = Enumerable.Range(0, train.Length).Where(k => folds[k] == f).Select(k => train[k]).ToArray();
                    var scaler = StandardScaler.Fit(fitIdx.Select(i => data.Samples[i].Features).ToArray());
                    var h = LinearClassifier.Train(options.Classifier, fitIdx.Select(i => scaler.Transform(data.Samples[i].Features)).ToArray(), fitIdx.Select(i => labels[i]).ToArray(), cTry);
                    var dec = valIdx.Select(i => h.Decision(scaler.Transform(data.Samples[i].Features))).ToArray();
                    accSum += Evaluation.Metrics(dec, valIdx.Select(i => labels[i]).ToArray()).Accuracy;
                }

                double acc = accSum / options.Folds;
                cv[cTry.ToString("R", CultureInfo.InvariantCulture)] = acc;
                if (acc > best + 1e-12) { best = acc; c = cTry; }
            }
        }

        var sc = StandardScaler.Fit(train.Select(i => data.Samples[i].Features).ToArray());
        var hp = LinearClassifier.Train(options.Classifier, train.Select(i => sc.Transform(data.Samples[i].Features)).ToArray(), train.Select(i => labels[i]).ToArray(), c);
        var decisions = data.Samples.Select(s => hp.Decision(sc.Transform(s.Features))).ToArray();
        var trainM = Evaluation.Metrics(train.Select(i => decisions[i]).ToArray(), train.Select(i => labels[i]).ToArray());
        var testM = Evaluation.Metrics(test.Select(i => decisions[i]).ToArray(), test.Select(i => labels[i]).ToArray());
        var summary = new TrainingSummary(source, data.FrameCount, data.Origins, dataOptions.WindowFrames, dataOptions.LagFrames,
            labels.Length, labels.Count(l => l == 1), labels.Count(l => l == 0), options.TestFraction, trainM, testM, cv, dataOptions.NonAffine.Cutoff, options.Split == SplitUnit.Atom);
        var model = new SoftnessModel
        {
            Features = dataOptions.Features,
            FeatureNames = data.FeatureNames,
            Scaler = sc,
            Classifier = options.Classifier,
            Weights = hp.Weights,
            Bias = hp.Bias,
            C = c,
            Seed = options.Seed,
            Labels = dataOptions.Labels,
            Training = summary,
        };
        return new TrainingResult(model, train, test, decisions);
    }
}
