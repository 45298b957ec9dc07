using System.Globalization;
using Vitrion.Core;
using Vitrion.Learning.Labels;
using Vitrion.Learning.Model;
using Vitrion.Learning.Softness;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>One model's quenched trajectory in a training across replicas.</summary>
/// <param name="Label">name of the model (e.g. <c>p2s6-05-r2</c>).</param>
/// <param name="Trajectory">its inherent-structure trajectory.</param>
/// <param name="Replica">replica number: the models of one replica are held out together.</param>
public sealed record SoftnessGroup(string Label, string Trajectory, int Replica);

/// <summary>Options of <see cref="SoftnessReplicaTask"/>.</summary>
/// <param name="Groups">the models to train on (two or more replicas for held-out scores).</param>
/// <param name="Model">model file to write (trained on every group).</param>
/// <param name="Dataset">features, D²min lag, Dcum window, origins, and the label rule of the model.</param>
/// <param name="Trainer">classifier settings (split seed, test fraction of the model's own split, C grid).</param>
/// <param name="HeldOutTails">label tails (top/bottom fraction of Dcum) whose held-out accuracies are reported.</param>
/// <param name="Scope">which compositions the groups come from, in words (first or all).</param>
/// <param name="Summary">JSON record file, or null.</param>
public sealed record SoftnessReplicaOptions(IReadOnlyList<SoftnessGroup> Groups, string Model, DatasetOptions Dataset, TrainerOptions Trainer, IReadOnlyList<double> HeldOutTails,
    string Scope, string? Summary = null);

/// <summary>One held-out replica: trained on the others, tested on it.</summary>
/// <param name="Replica">the held-out replica.</param>
/// <param name="TrainSamples">training samples.</param>
/// <param name="TestSamples">test samples (every labelled Li of the held-out models).</param>
/// <param name="C">regularisation strength chosen by cross-validation on the training replicas.</param>
/// <param name="TrainAccuracy">training accuracy (0–1).</param>
/// <param name="TestAccuracy">accuracy on the held-out replica (0–1).</param>
/// <param name="TestRocAuc">ROC AUC on the held-out replica.</param>
public sealed record HeldOutFold(int Replica, int TrainSamples, int TestSamples, double C, double TrainAccuracy, double TestAccuracy, double TestRocAuc);

/// <summary>Held-out accuracies at one label tail.</summary>
/// <param name="TailFraction">top and bottom fraction of Dcum labelled soft and hard.</param>
/// <param name="Folds">one fold per held-out replica.</param>
/// <param name="MeanTestAccuracy">mean held-out accuracy.</param>
/// <param name="SdTestAccuracy">its standard deviation across held-out replicas.</param>
/// <param name="MeanTrainAccuracy">mean training accuracy.</param>
public sealed record TailAccuracy(double TailFraction, IReadOnlyList<HeldOutFold> Folds, double MeanTestAccuracy, double SdTestAccuracy, double MeanTrainAccuracy);

/// <summary>A softness model trained across replicas, with accuracies on replicas it never saw.</summary>
/// <param name="Scope">which compositions were trained on (first or all).</param>
/// <param name="Groups">the models trained on.</param>
/// <param name="HeldOut">held-out accuracies per label tail.</param>
/// <param name="Model">the model trained on every group (its test metrics: a split by Li atom within the groups).</param>
public sealed record SoftnessReplicaRecord(string Scope, IReadOnlyList<string> Groups, IReadOnlyList<TailAccuracy> HeldOut, SoftnessTrainRecord Model)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static SoftnessReplicaRecord Read(string path) => ResultJson.Read<SoftnessReplicaRecord>(path);
}

/// <summary>
/// Softness trained honestly across replicas: features and Dcum of every model once, then for every label tail and
/// every replica h a model trained on the other replicas and tested on h (<see cref="HeldOut"/>: so the accuracy is for
/// glasses the model never saw; one workflow stage per fold, side by side), and the model that is applied, trained on
/// every group (<see cref="Train"/>). <see cref="Run"/> does all of it in one call.
/// </summary>
public static class SoftnessReplicaTask
{
    /// <summary>Trains, scores every fold and assembles the record.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    public static SoftnessReplicaRecord Run(SoftnessReplicaOptions o)
    {
        var all = Datasets(o);
        var folds = new List<(double Tail, HeldOutFold Fold)>();
        foreach (double tail in o.HeldOutTails)
        {
            foreach (int h in Replicas(o)) { folds.Add((tail, HeldOut(o, all, tail, h))); }
        }

        return Assemble(o, Train(o, all), folds);
    }

    /// <summary>The replicas of the groups, in order (held-out folds exist when there are two or more).</summary>
    /// <param name="o">options.</param>
    /// <returns>replica numbers.</returns>
    public static int[] Replicas(SoftnessReplicaOptions o) => o.Groups.Select(g => g.Replica).Distinct().Order().ToArray();

    /// <summary>Features and Dcum of every group, every centre labelled (relabelled per tail later).</summary>
    /// <param name="o">options.</param>
    /// <returns>one dataset per group.</returns>
    public static IReadOnlyList<SoftnessDataset> Datasets(SoftnessReplicaOptions o)
    {
        if (o.Groups.Count == 0) { throw new InputException("no models to train on"); }
        return o.Groups.Select(g => SoftnessDataset.Build(TrajectoryInput.ReadAll(g.Trajectory), o.Dataset with { Labels = SoftnessDataset.AllLabelled })).ToList();
    }

    /// <summary>One fold: trained on every replica but <paramref name="heldOut"/> at label tail <paramref name="tail"/>, tested on it.</summary>
    /// <param name="o">options.</param>
    /// <param name="all">the groups' datasets (<see cref="Datasets"/>).</param>
    /// <param name="tail">top/bottom fraction of Dcum labelled soft/hard.</param>
    /// <param name="heldOut">held-out replica.</param>
    /// <returns>the fold's scores.</returns>
    public static HeldOutFold HeldOut(SoftnessReplicaOptions o, IReadOnlyList<SoftnessDataset> all, double tail, int heldOut)
    {
        var rule = new LabelRule(tail, tail);
        var (data, groupOf, atomGroup) = Combine(all, rule);
        var train = Enumerable.Range(0, data.Samples.Count).Where(i => o.Groups[groupOf[i]].Replica != heldOut).ToArray();
        var test = Enumerable.Range(0, data.Samples.Count).Where(i => o.Groups[groupOf[i]].Replica == heldOut).ToArray();
        var r = SoftnessTrainer.Fit(data, o.Dataset with { Labels = rule }, o.Trainer, "held out " + heldOut.ToString(CultureInfo.InvariantCulture), train, test, atomGroup);
        var t = r.Model.Training!;
        return new HeldOutFold(heldOut, train.Length, test.Length, r.Model.C, t.Train.Accuracy, t.Test.Accuracy, t.Test.RocAuc);
    }

    /// <summary>The applied model: trained on every group with the model's label rule (its test metrics: a split by Li atom within the groups); saved to the model file.</summary>
    /// <param name="o">options.</param>
    /// <param name="all">the groups' datasets.</param>
    /// <returns>the training record.</returns>
    public static SoftnessTrainRecord Train(SoftnessReplicaOptions o, IReadOnlyList<SoftnessDataset> all)
    {
        var (full, _, groups) = Combine(all, o.Dataset.Labels);
        var labels = full.Samples.Select(s => s.Label).ToArray();
        var (tr, te) = Evaluation.GroupStratifiedSplit(labels, groups, o.Trainer.TestFraction, o.Trainer.Seed);
        var result = SoftnessTrainer.Fit(full, o.Dataset, o.Trainer, string.Join(";", o.Groups.Select(g => Path.GetFullPath(g.Trajectory))), tr, te, groups);
        result.Model.Save(o.Model);
        var mm = result.Model;
        var s = mm.Training!;
        return new SoftnessTrainRecord(mm.Features.Set.ToString(), mm.Features.FeatureCount, mm.C, mm.Seed, s.Samples, s.Soft, s.Hard, s.NonAffineCutoff, s.Train, s.Test, []);
    }

    /// <summary>The record from the applied model and the folds (grouped by tail in the order of <see cref="SoftnessReplicaOptions.HeldOutTails"/>); written to the summary file when one is set.</summary>
    /// <param name="o">options.</param>
    /// <param name="model">the applied model's record.</param>
    /// <param name="folds">every fold with its tail.</param>
    /// <returns>the record.</returns>
    public static SoftnessReplicaRecord Assemble(SoftnessReplicaOptions o, SoftnessTrainRecord model, IReadOnlyList<(double Tail, HeldOutFold Fold)> folds)
    {
        var heldOut = new List<TailAccuracy>();
        foreach (double tail in o.HeldOutTails)
        {
            var f = folds.Where(x => x.Tail == tail).Select(x => x.Fold).OrderBy(x => x.Replica).ToList();
            if (f.Count < 2) { continue; }
            double m = f.Average(x => x.TestAccuracy);
            double sd = Math.Sqrt(f.Sum(x => (x.TestAccuracy - m) * (x.TestAccuracy - m)) / (f.Count - 1));
            heldOut.Add(new TailAccuracy(tail, f, m, sd, f.Average(x => x.TrainAccuracy)));
        }

        var rec = new SoftnessReplicaRecord(o.Scope, o.Groups.Select(g => g.Label).ToList(), heldOut, model);
        if (o.Summary is { } j) { rec.Write(j); }
        return rec;
    }

    /// <summary>The samples of every group labelled by <paramref name="rule"/>, with the group of each sample and a key that is unique per (group, atom).</summary>
    private static (SoftnessDataset Data, int[] GroupOf, int[] AtomGroup) Combine(IReadOnlyList<SoftnessDataset> sets, LabelRule rule)
    {
        var samples = new List<Sample>();
        var groupOf = new List<int>();
        var atom = new List<int>();
        for (int g = 0; g < sets.Count; g++)
        {
            foreach (var x in sets[g].Relabel(rule).Samples)
            {
                samples.Add(x);
                groupOf.Add(g);
                atom.Add(checked((g + 1) * 10_000_000 + x.Id));
            }
        }

        return (sets[0] with { Samples = samples }, groupOf.ToArray(), atom.ToArray());
    }
}
