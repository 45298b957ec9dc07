using System.Collections.Immutable;
using System.Globalization;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Xyz;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;
using Vitrion.Learning.Model;
using Vitrion.Learning.Softness;
using Vitrion.Reporting;
using Vitrion.Reporting.Learning;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="SoftnessTrainTask"/> (<c>vitrion softness train</c>).</summary>
/// <param name="Trajectory">trajectory, frames equally spaced in time.</param>
/// <param name="Model">model file to write.</param>
/// <param name="Dataset">features, labels, D²min lag, Dcum window and time origins.</param>
/// <param name="Trainer">classifier, split and cross-validation.</param>
/// <param name="ExportFeatures">CSV of the feature matrix with labels and split, or null.</param>
/// <param name="Study">also train every feature set on the same labels.</param>
/// <param name="Summary">JSON record file, or null.</param>
public sealed record SoftnessTrainOptions(string Trajectory, string Model, DatasetOptions Dataset, TrainerOptions Trainer, string? ExportFeatures = null, bool Study = false, string? Summary = null)
{
    /// <summary>Names of LAMMPS types 1, 2, … for dumps with type numbers only (they decide the element and the anion of each S), or null.</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }
}

/// <summary>Accuracy of one feature set of the study.</summary>
/// <param name="Set">feature set.</param>
/// <param name="Features">number of features.</param>
/// <param name="C">regularisation strength chosen.</param>
/// <param name="TrainAccuracy">train accuracy (0–1).</param>
/// <param name="TestAccuracy">test accuracy (0–1).</param>
/// <param name="TestRocAuc">test ROC AUC.</param>
/// <param name="TrainCount">train samples.</param>
/// <param name="TestCount">test samples.</param>
public sealed record FeatureSetScoreRecord(string Set, int Features, double C, double TrainAccuracy, double TestAccuracy, double TestRocAuc, int TrainCount, int TestCount);

/// <summary>How the softness model was trained and how well it classifies.</summary>
/// <param name="FeatureSet">feature set of the model.</param>
/// <param name="Features">number of features.</param>
/// <param name="C">regularisation strength.</param>
/// <param name="Seed">split seed.</param>
/// <param name="Samples">labelled samples.</param>
/// <param name="Soft">soft samples.</param>
/// <param name="Hard">hard samples.</param>
/// <param name="NonAffineCutoffA">D²min neighbour cutoff [Å].</param>
/// <param name="Train">train metrics.</param>
/// <param name="Test">test metrics.</param>
/// <param name="Study">the feature-set study (empty without it).</param>
public sealed record SoftnessTrainRecord(string FeatureSet, int Features, double C, int Seed, int Samples, int Soft, int Hard, double NonAffineCutoffA,
    ClassificationMetrics Train, ClassificationMetrics Test, IReadOnlyList<FeatureSetScoreRecord> Study)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static SoftnessTrainRecord Read(string path) => ResultJson.Read<SoftnessTrainRecord>(path);
}

/// <summary>Radial structure functions + Dcum labels → logistic regression → model file.</summary>
public static class SoftnessTrainTask
{
    /// <summary>Trains (and optionally runs the feature-set study).</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    public static SoftnessTrainRecord Run(SoftnessTrainOptions o)
    {
        var frames = ReadAll(o.Trajectory, o.TypeNames);
        var data = SoftnessDataset.Build(frames, o.Dataset);
        var result = SoftnessTrainer.Train(data, o.Dataset, o.Trainer, Path.GetFullPath(o.Trajectory));
        result.Model.Save(o.Model);
        if (o.ExportFeatures is string ex) { data.WriteCsv(ex, result.TestIndices.ToHashSet()); }
        var study = o.Study ? Enum.GetValues<FeatureSet>().Select(set => Score(frames, o, set)).ToList() : [];

        var m = result.Model;
        var t = m.Training!;
        var rec = new SoftnessTrainRecord(m.Features.Set.ToString(), m.Features.FeatureCount, m.C, m.Seed, t.Samples, t.Soft, t.Hard, t.NonAffineCutoff, t.Train, t.Test, study);
        if (o.Summary is { } j) { rec.Write(j); }
        return rec;
    }

    /// <summary>
    /// One feature set of the study: the same labels, split and seed as <paramref name="o"/> with the features of
    /// <paramref name="set"/> (a stage of its own in a workflow, so that the sets train side by side).
    /// </summary>
    /// <param name="o">options of the model's training.</param>
    /// <param name="set">feature set.</param>
    /// <returns>its accuracies.</returns>
    public static FeatureSetScoreRecord Study(SoftnessTrainOptions o, FeatureSet set) => Score(ReadAll(o.Trajectory, o.TypeNames), o, set);

    /// <summary>All frames of a file, with type names for dumps that have only type numbers.</summary>
    /// <param name="path">structure or trajectory.</param>
    /// <param name="typeNames">names of types 1, 2, …, or null.</param>
    /// <returns>the frames (at least one).</returns>
    /// <exception cref="InputException">when the file holds no frame.</exception>
    public static List<Frame> ReadAll(string path, IReadOnlyList<string>? typeNames)
    {
        var frames = StructureFile.ReadFrames(path, new StructureReadOptions { TypeNames = typeNames }).ToList();
        if (frames.Count == 0) { throw new InputException(path, 0, "the file holds no frame"); }
        return frames;
    }

    private static FeatureSetScoreRecord Score(List<Vitrion.Core.Frame> frames, SoftnessTrainOptions o, FeatureSet set)
    {
        var s2 = o.Dataset.Features with { Set = set };
        var d2 = SoftnessDataset.Build(frames, o.Dataset with { Features = s2 });
        var r2 = SoftnessTrainer.Train(d2, o.Dataset with { Features = s2 }, o.Trainer, o.Trajectory);
        var t2 = r2.Model.Training!;
        return new FeatureSetScoreRecord(set.ToString(), s2.FeatureCount, r2.Model.C, t2.Train.Accuracy, t2.Test.Accuracy, t2.Test.RocAuc, t2.Train.Count, t2.Test.Count);
    }
}

/// <summary>Options of <see cref="SoftnessApplyTask"/> (<c>vitrion softness apply</c>).</summary>
/// <param name="Model">model file.</param>
/// <param name="Trajectory">structure or trajectory.</param>
/// <param name="Csv">CSV to write (frame,step,id,softness).</param>
/// <param name="Xyz">extended XYZ with a per-atom softness column, or null.</param>
public sealed record SoftnessApplyOptions(string Model, string Trajectory, string Csv, string? Xyz = null)
{
    /// <summary>Names of LAMMPS types 1, 2, … for dumps with type numbers only, or null.</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }
}

/// <summary>Summary of an application of the model.</summary>
/// <param name="Frames">frames.</param>
/// <param name="Values">Li values.</param>
/// <param name="MeanSoftness">mean softness.</param>
/// <param name="FractionSoft">fraction with S &gt; 0.</param>
public sealed record SoftnessApplyRecord(int Frames, int Values, double MeanSoftness, double FractionSoft);

/// <summary>Softness of every Li in every frame from a saved model.</summary>
public static class SoftnessApplyTask
{
    /// <summary>Applies the model.</summary>
    /// <param name="o">options.</param>
    /// <returns>the summary.</returns>
    public static SoftnessApplyRecord Run(SoftnessApplyOptions o)
    {
        var applier = new SoftnessApplier(SoftnessModel.Load(o.Model));
        var frames = SoftnessTrainTask.ReadAll(o.Trajectory, o.TypeNames);
        var results = frames.Select((f, i) => applier.Apply(f, i)).ToList();
        SoftnessTable.Write(o.Csv, results);
        if (o.Xyz is string xp)
        {
            ExtendedXyzWriter.WriteAll(xp, frames.Select((f, i) =>
            {
                var col = Enumerable.Repeat(double.NaN, f.AtomCount).ToArray();
                for (int k = 0; k < results[i].Atoms.Length; k++) { col[results[i].Atoms[k]] = results[i].Softness[k]; }
                return new Frame(f.Box, f.Positions.ToArray(), f.Ids.ToArray(), f.Types.ToArray(), f.TypeNames)
                {
                    Step = f.Step,
                    Extra = ImmutableDictionary<string, double[]>.Empty.Add("softness", col),
                };
            }));
        }

        var all = results.SelectMany(r => r.Softness).ToArray();
        return new SoftnessApplyRecord(frames.Count, all.Length, all.Average(), all.Count(s => s > 0) / (double)all.Length);
    }
}

/// <summary>The softness table (frame,step,id,softness): one writer, one reader.</summary>
public static class SoftnessTable
{
    /// <summary>Writes the table.</summary>
    /// <param name="path">CSV file.</param>
    /// <param name="frames">softness per frame.</param>
    public static void Write(string path, IEnumerable<FrameSoftness> frames) =>
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine("frame,step,id,softness");
            foreach (var fs in frames)
            {
                for (int k = 0; k < fs.Ids.Length; k++)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fs.FrameIndex},{fs.Step},{fs.Ids[k]},{fs.Softness[k]:R}"));
                }
            }
        });

    /// <summary>Reads the table: frame index → (atom id → softness).</summary>
    /// <param name="path">CSV file.</param>
    /// <returns>the table.</returns>
    public static Dictionary<int, Dictionary<int, double>> Read(string path)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "softness file not found (write one with `vitrion softness apply`)"); }
        var result = new Dictionary<int, Dictionary<int, double>>();
        int line = 0, cFrame = -1, cId = -1, cS = -1;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var parts = raw.Split(',');
            if (line == 1)
            {
                cFrame = Array.IndexOf(parts, "frame");
                cId = Array.IndexOf(parts, "id");
                cS = Array.IndexOf(parts, "softness");
                if (cFrame < 0 || cId < 0 || cS < 0) { throw new InputException(path, 1, "header must name the columns frame, id and softness"); }
                continue;
            }

            if (raw.Length == 0) { continue; }
            if (parts.Length <= Math.Max(cFrame, Math.Max(cId, cS)) ||
                !int.TryParse(parts[cFrame], NumberStyles.Integer, CultureInfo.InvariantCulture, out int fr) ||
                !int.TryParse(parts[cId], NumberStyles.Integer, CultureInfo.InvariantCulture, out int id) ||
                !double.TryParse(parts[cS], NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
            {
                throw new InputException(path, line, "expected frame,step,id,softness numbers");
            }

            if (!result.TryGetValue(fr, out var d)) { result[fr] = d = []; }
            d[id] = s;
        }

        return result;
    }
}

/// <summary>Options of <see cref="SoftnessAnalyzeTask"/> (<c>vitrion softness analyze</c>).</summary>
/// <param name="Trajectory">the structure/trajectory the softness was computed on.</param>
/// <param name="Softness">softness CSV.</param>
/// <param name="OutputDir">folder for analysis.json and the figures.</param>
/// <param name="Columns">per-atom columns of the trajectory to correlate with softness.</param>
/// <param name="NearRadiusA">radius of "Li near an anion" [Å].</param>
public sealed record SoftnessAnalyzeOptions(string Trajectory, string Softness, string OutputDir, IReadOnlyList<string> Columns, double NearRadiusA = 5.0)
{
    /// <summary>Names of LAMMPS types 1, 2, … for dumps with type numbers only, or null.</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>File holding the per-atom <see cref="SoftnessAnalyzeOptions.Columns"/> (same frames and atom ids as the trajectory), or null for the trajectory's own columns.</summary>
    public string? PerAtom { get; init; }

    /// <summary>Other softness CSVs drawn with this one in the distribution figure, as (label, path).</summary>
    public IReadOnlyList<(string Label, string Path)> Distributions { get; init; } = [];
}

/// <summary>Softness of Li near one anion.</summary>
/// <param name="Anion">anion.</param>
/// <param name="Mean">mean softness.</param>
/// <param name="StdError">standard error over frames.</param>
/// <param name="FractionSoft">fraction with S &gt; 0.</param>
/// <param name="Count">Li values.</param>
public sealed record NearAnionRecord(string Anion, double Mean, double StdError, double FractionSoft, int Count);

/// <summary>A mean with its standard error.</summary>
/// <param name="Mean">mean.</param>
/// <param name="StdError">standard error.</param>
public sealed record MeanWithError(double Mean, double StdError);

/// <summary>Softness related to anions, per-atom columns and Li–S g(r) (analysis.json).</summary>
/// <param name="Count">Li values.</param>
/// <param name="Mean">mean softness.</param>
/// <param name="NearAnion">softness near each anion.</param>
/// <param name="PsMinusP2s6">mean softness near PS4 minus near P2S6 ± frame standard error.</param>
/// <param name="FractionCorrelations">softness vs fraction of neighbouring S per anion.</param>
/// <param name="PerAtom">softness vs each per-atom column (e.g. c_pe_is [kcal/mol], c_voro_is [Å³]).</param>
/// <param name="Rdfs">Li–S g(r) by Li class and anion (r in Å).</param>
public sealed record SoftnessAnalysisRecord(int Count, double Mean, IReadOnlyList<NearAnionRecord> NearAnion, MeanWithError PsMinusP2s6,
    IReadOnlyDictionary<string, Correlation> FractionCorrelations, IReadOnlyDictionary<string, Correlation> PerAtom, IReadOnlyList<SplitRdf> Rdfs)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static SoftnessAnalysisRecord Read(string path) => ResultJson.Read<SoftnessAnalysisRecord>(path);
}

/// <summary>Relates Li softness to anions, energy and volume, and draws the per-composition figures.</summary>
public static class SoftnessAnalyzeTask
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record (also written as analysis.json in the output folder).</returns>
    public static SoftnessAnalysisRecord Run(SoftnessAnalyzeOptions o)
    {
        var frames = SoftnessTrainTask.ReadAll(o.Trajectory, o.TypeNames);
        var table = SoftnessTable.Read(o.Softness);
        var fsList = new List<FrameSoftness>();
        var used = new List<Frame>();
        for (int f = 0; f < frames.Count; f++)
        {
            if (!table.TryGetValue(f, out var d)) { continue; }
            var fr = frames[f];
            var atoms = Enumerable.Range(0, fr.AtomCount).Where(i => d.ContainsKey(fr.Ids[i])).ToArray();
            if (atoms.Length != d.Count) { throw new InputException(o.Softness, 0, $"frame {f}: {d.Count - atoms.Length} atom ids of the softness file are not in the trajectory"); }
            fsList.Add(new FrameSoftness(f, fr.Step, atoms, atoms.Select(i => fr.Ids[i]).ToArray(), atoms.Select(i => d[fr.Ids[i]]).ToArray()));
            used.Add(fr);
        }

        if (used.Count == 0) { throw new InputException(o.Softness, 0, "no frame of the softness file matches the trajectory (frame indices start at 0)"); }
        Dictionary<string, IReadOnlyList<double[]>>? cols = null;
        if (o.Columns.Count > 0)
        {
            var src = o.PerAtom is string pa ? SoftnessTrainTask.ReadAll(pa, o.TypeNames) : frames;
            cols = [];
            foreach (var n in o.Columns)
            {
                var list = new List<double[]>();
                foreach (var fs in fsList)
                {
                    if (fs.FrameIndex >= src.Count) { throw new InputException($"per-atom source has {src.Count} frames, the softness file needs frame {fs.FrameIndex}"); }
                    var sf = src[fs.FrameIndex];
                    if (!sf.Extra.TryGetValue(n, out var v)) { throw new InputException($"per-atom column '{n}' not found; available: {string.Join(", ", sf.Extra.Keys)}"); }
                    if (!sf.Ids.SequenceEqual(frames[fs.FrameIndex].Ids)) { throw new InputException("per-atom file and trajectory hold different atom ids"); }
                    list.Add(v);
                }

                cols[n] = list;
            }
        }

        var r = new SoftnessAnalysis(new SoftnessAnalysisOptions(o.NearRadiusA)).Analyze(used, fsList, cols);
        var rec = new SoftnessAnalysisRecord(r.AllSoftness.Length, r.AllSoftness.Average(),
            r.NearAnion.Select(n => new NearAnionRecord(n.Anion.ToString(), n.Mean, n.StdError, n.FractionSoft, n.Values.Length)).ToList(),
            new MeanWithError(r.PsMinusP2s6.Mean, r.PsMinusP2s6.StdError),
            r.FractionCorrelations.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value), r.PerAtom.ToDictionary(kv => kv.Key, kv => kv.Value), r.Rdfs);
        string dir = o.OutputDir;
        Directory.CreateDirectory(dir);
        rec.Write(Path.Combine(dir, "analysis.json"));
        var dists = new List<(string, IReadOnlyList<double>)> { (Path.GetFileNameWithoutExtension(o.Softness), r.AllSoftness) };
        foreach (var (label, path) in o.Distributions) { dists.Add((label, SoftnessTable.Read(path).Values.SelectMany(d => d.Values).ToArray())); }
        Draw(r, dir, used[0], fsList[0], dists);
        return rec;
    }

    private static void Draw(SoftnessAnalysisResult r, string dir, Frame frame0, FrameSoftness s0, IEnumerable<(string, IReadOnlyList<double>)> dists)
    {
        Charts.Histograms(Path.Combine(dir, "fig3b_softness_distribution.png"), "Li softness distribution", "softness", dists);
        Charts.Histograms(Path.Combine(dir, "fig3e_softness_near_anions.png"), "Softness of Li within the near radius of each anion", "softness",
            r.NearAnion.Select(n => (n.Anion.ToString(), (IReadOnlyList<double>)n.Values)));
        Charts.Lines(Path.Combine(dir, "fig3d_li_s_rdf.png"), "Li–S g(r) by Li softness and anion", "r (Å)", "g(r)",
            r.Rdfs.Select(x => new Series($"{x.LiClass} Li – S({x.Anion})", x.R, x.G)));
        foreach (var (k, c) in r.PerAtom)
        {
            string safe = new string(k.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray());
            Charts.Lines(Path.Combine(dir, $"fig3f_{safe}.png"), $"{k} vs softness (binned means)", "softness", k, [new Series(k, c.BinCentres, c.BinMeans, Markers: true)]);
        }

        Charts.Lines(Path.Combine(dir, "fraction_vs_softness.png"), "Fraction of neighbouring S per anion vs softness (binned)", "softness", "fraction of S",
            r.FractionCorrelations.Select(kv => new Series(kv.Key.ToString(), kv.Value.BinCentres, kv.Value.BinMeans, Markers: true)));
        var wrapped = frame0.WrappedPositions();
        SoftnessCharts.ColouredSnapshot(Path.Combine(dir, "fig3a_li_softness_snapshot.png"), "Li coloured by softness (first frame, x–y projection)",
            s0.Atoms.Select(i => wrapped[i].X).ToArray(), s0.Atoms.Select(i => wrapped[i].Y).ToArray(), s0.Softness);
        var anions = AnionClasses.Of(frame0);
        var elements = AnionClasses.Elements(frame0);
        SoftnessCharts.CategorySnapshot(Path.Combine(dir, "fig3c_anion_clusters.png"), "S atoms by anion cluster (first frame, x–y projection; Li hidden)",
            new[] { AnionKind.PS4, AnionKind.P2S7, AnionKind.P2S6 }.Select(k =>
            {
                var idx = Enumerable.Range(0, frame0.AtomCount).Where(i => elements[i] == "S" && anions[i] == k).ToArray();
                return (k.ToString(), (IReadOnlyList<double>)idx.Select(i => wrapped[i].X).ToArray(), (IReadOnlyList<double>)idx.Select(i => wrapped[i].Y).ToArray());
            }));
    }
}
