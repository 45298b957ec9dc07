using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;
using Vitrion.Learning.Model;
using Vitrion.Learning.Softness;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary>`vitrion softness train`: radial structure functions + Dcum labels → logistic regression → model file (<see cref="SoftnessTrainTask"/>).</summary>
public sealed class SoftnessTrainCommand : ICliCommand
{
    /// <inheritdoc/>
    public string? Group => "softness";

    /// <inheritdoc/>
    public Command Create()
    {
        var traj = new Argument<string>("trajectory") { Description = "Trajectory (LAMMPS dump with image flags or unwrapped positions, or extended XYZ), frames equally spaced in time (e.g. 1 ps)." };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write (JSON).", Required = true }.Output(OutputKind.File);
        var typeNames = SoftnessCommon.TypeNamesOption();
        var features = new Option<FeatureSet>("--features") { Description = "Neighbour blocks of the radial structure functions: Li, LiPS (Li, P, S; default) or LiPSByAnion (Li, P, S of PS4/P2S7/P2S6).", DefaultValueFactory = _ => FeatureSet.LiPS };
        var muMin = new Option<double>("--mu-min") { Description = "First μ of the Gaussian grid [Å] (default 1.0).", DefaultValueFactory = _ => 1.0 };
        var muMax = new Option<double>("--mu-max") { Description = "Last μ [Å] (default 8.0).", DefaultValueFactory = _ => 8.0 };
        var muStep = new Option<double>("--mu-step") { Description = "μ spacing [Å] (default 0.2).", DefaultValueFactory = _ => 0.2 };
        var width = new Option<double>("--width") { Description = "Gaussian width L [Å] (default 0.2).", DefaultValueFactory = _ => 0.2 };
        var cutoff = new Option<double?>("--feature-cutoff") { Description = "Neighbour cutoff of the features [Å] (default μmax + 4L = 8.8 Å)." };
        var softFrac = new Option<double>("--soft-fraction") { Description = "Top fraction of Dcum labelled soft, per time origin (default 0.2).", DefaultValueFactory = _ => 0.2 };
        var hardFrac = new Option<double>("--hard-fraction") { Description = "Bottom fraction of Dcum labelled hard (default 0.2).", DefaultValueFactory = _ => 0.2 };
        var softAbove = new Option<double?>("--soft-above") { Description = "Absolute threshold instead of fractions: Dcum ≥ this [Å²] is soft (give with --hard-below)." };
        var hardBelow = new Option<double?>("--hard-below") { Description = "Absolute threshold: Dcum ≤ this [Å²] is hard." };
        var rc = new Option<double>("--d2min-cutoff") { Description = "Neighbour cutoff of D²min [Å] (default 5.0, all species).", DefaultValueFactory = _ => 5.0 };
        var lag = new Option<int>("--lag-frames") { Description = "D²min lag Δt in frames (default 1; 1 ps with 1 ps frames).", DefaultValueFactory = _ => 1 };
        var window = new Option<int>("--window-frames") { Description = "Dcum window in frames (default 20; 20 ps with 1 ps frames).", DefaultValueFactory = _ => 20 };
        var stride = new Option<int>("--origin-stride") { Description = "Frames between pooled time origins (default 2).", DefaultValueFactory = _ => 2 };
        var maxOrigins = new Option<int>("--max-origins") { Description = "At most this many time origins (default 8).", DefaultValueFactory = _ => 8 };
        var classifier = new Option<ClassifierKind>("--classifier") { Description = "Logistic (default; sklearn LogisticRegression objective) or LinearSvm (squared hinge).", DefaultValueFactory = _ => ClassifierKind.Logistic };
        var c = new Option<double?>("--C") { Description = "Regularisation strength C (sklearn convention); default: chosen by k-fold cross-validation over 1e-3…1e2." };
        var folds = new Option<int>("--folds") { Description = "k of the stratified cross-validation (default 5).", DefaultValueFactory = _ => 5 };
        var test = new Option<double>("--test-fraction") { Description = "Stratified test fraction (default 0.2).", DefaultValueFactory = _ => 0.2 };
        var split = new Option<SplitUnit>("--split") { Description = "How the stratified split and folds treat the time origins: Atom (default; all samples of one Li on the same side, no leakage between overlapping windows) or Sample (each sample independently, as sklearn's train_test_split).", DefaultValueFactory = _ => SplitUnit.Atom };
        var seed = new Option<int>("--seed") { Description = "Seed of the split and folds (default 42).", DefaultValueFactory = _ => 42 };
        var export = new Option<string?>("--export-features") { Description = "Also write the feature matrix with Dcum, labels and train/test split as CSV." }.Output(OutputKind.File);
        var json = OutputCliOptions.Json("SoftnessTrainRecord: feature_set, features, c, seed, samples, soft, hard, train/test metrics, study.");
        var study = new Option<bool>("--study") { Description = "Also train every feature set (Li; Li,P,S; S split by anion) on the same labels and print their accuracies." };
        var cmd = new Command("train", "Train a softness model: radial structure functions of each Li at time origins, labels from cumulative D²min (Dcum) over the following window, standardisation and L2 logistic regression. Prints train/test accuracy, ROC AUC and the confusion matrix.");
        cmd.Arguments.Add(traj);
        foreach (var o in new Option[] { output, typeNames, features, muMin, muMax, muStep, width, cutoff, softFrac, hardFrac, softAbove, hardBelow, rc, lag, window, stride, maxOrigins, classifier, c, folds, test, split, seed, export, study, json })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var spec = new RadialFeatureSpec(pr.GetValue(features), pr.GetValue(muMin), pr.GetValue(muMax), pr.GetValue(muStep), pr.GetValue(width), pr.GetValue(cutoff));
            var rule = new LabelRule(pr.GetValue(softFrac), pr.GetValue(hardFrac), pr.GetValue(softAbove), pr.GetValue(hardBelow));
            var dopt = new DatasetOptions(spec, rule, new NonAffineOptions(pr.GetValue(rc)), pr.GetValue(lag), pr.GetValue(window), pr.GetValue(stride), pr.GetValue(maxOrigins));
            var topt = new TrainerOptions(pr.GetValue(classifier), pr.GetValue(test), pr.GetValue(seed), null, pr.GetValue(folds), pr.GetValue(c), pr.GetValue(split));
            var r = SoftnessTrainTask.Run(new SoftnessTrainOptions(pr.GetValue(traj)!, pr.GetValue(output)!, dopt, topt, pr.GetValue(export), pr.GetValue(study))
            {
                TypeNames = pr.GetValue(typeNames)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            });
            if (pr.GetValue(json))
            {
                Console.WriteLine(ResultJson.Serialize(r));
                return 0;
            }

            Print(SoftnessModel.Load(pr.GetValue(output)!), spec);
            if (r.Study.Count > 0)
            {
                Console.WriteLine("feature-set study (same labels, split and seed):");
                foreach (var t in r.Study)
                {
                    Console.WriteLine($"  {t.Set,-12} features {t.Features,4}  C {SoftnessCommon.F(t.C)}  train acc {SoftnessCommon.F(t.TrainAccuracy)}  test acc {SoftnessCommon.F(t.TestAccuracy)}  test AUC {SoftnessCommon.F(t.TestRocAuc)}");
                }
            }

            return 0;
        }));
        return cmd;
    }

    private static void Print(SoftnessModel m, RadialFeatureSpec spec)
    {
        var t = m.Training!;
        Console.WriteLine($"features: {spec.Set} ({spec.FeatureCount} = {spec.Blocks.Count} blocks × {spec.Mu.Length} μ, L {SoftnessCommon.F(spec.Width)} Å, cutoff {SoftnessCommon.F(spec.Cutoff)} Å)");
        Console.WriteLine($"labels: {m.Labels}; origins {string.Join(" ", t.Origins)} (frames), window {t.WindowFrames} frames, lag {t.LagFrames}; samples {t.Samples} (soft {t.Soft}, hard {t.Hard})");
        Console.WriteLine($"split: stratified{(t.SplitByAtom ? " by Li atom" : " by sample")}, test fraction {SoftnessCommon.F(t.TestFraction)}, seed {m.Seed}; classifier {m.Classifier}, C {SoftnessCommon.F(m.C)}");
        foreach (var (k, v) in t.CrossValidation) { Console.WriteLine($"  CV C={k}: mean validation accuracy {SoftnessCommon.F(v)}"); }
        Console.WriteLine($"train: accuracy {SoftnessCommon.F(t.Train.Accuracy)}, ROC AUC {SoftnessCommon.F(t.Train.RocAuc)} (n {t.Train.Count})");
        Console.WriteLine($"test:  accuracy {SoftnessCommon.F(t.Test.Accuracy)}, ROC AUC {SoftnessCommon.F(t.Test.RocAuc)} (n {t.Test.Count}); confusion [TN FP; FN TP] = [{t.Test.TrueNegatives} {t.Test.FalsePositives}; {t.Test.FalseNegatives} {t.Test.TruePositives}]");
    }
}
