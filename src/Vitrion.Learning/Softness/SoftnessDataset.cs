using System.Globalization;
using Vitrion.Core;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;

namespace Vitrion.Learning.Softness;

/// <summary>How labelled samples are made from a trajectory.</summary>
/// <param name="Features">feature definition.</param>
/// <param name="Labels">label rule.</param>
/// <param name="NonAffine">D²min options.</param>
/// <param name="LagFrames">D²min lag Δt [frames] (default 1; with 1 ps frames 1 ps).</param>
/// <param name="WindowFrames">Dcum window [frames] (default 20; 20 ps with 1 ps frames).</param>
/// <param name="OriginStride">frames between pooled time origins (default 2).</param>
/// <param name="MaxOrigins">at most this many origins (default 8).</param>
public sealed record DatasetOptions(
    RadialFeatureSpec Features,
    LabelRule Labels,
    NonAffineOptions NonAffine,
    int LagFrames = 1,
    int WindowFrames = 20,
    int OriginStride = 2,
    int MaxOrigins = 8);

/// <summary>One labelled sample: the structure of one Li at a time origin and what it did afterwards.</summary>
/// <param name="Origin">frame index of the time origin.</param>
/// <param name="Step">timestep of that frame.</param>
/// <param name="Id">atom id.</param>
/// <param name="Dcum">cumulative D²min over the window [Å²].</param>
/// <param name="Label">1 soft, 0 hard.</param>
/// <param name="Features">raw features.</param>
public sealed record Sample(int Origin, long Step, int Id, double Dcum, int Label, double[] Features);

/// <summary>Labelled samples pooled over time origins.</summary>
/// <param name="FeatureNames">feature names.</param>
/// <param name="Samples">samples (origin-major, then atom order).</param>
/// <param name="Origins">origin frame indices.</param>
/// <param name="FrameCount">frames in the trajectory.</param>
public sealed record SoftnessDataset(string[] FeatureNames, IReadOnlyList<Sample> Samples, int[] Origins, int FrameCount)
{
    /// <summary>
    /// Builds the dataset: D²min between frames k and k+lag for every Li (falls back to Vitrion's own
    /// Falk–Langer implementation), Dcum(origin) = sum over the window of consecutive D²min, labels by the rule
    /// per origin, features at the origin frame.
    /// </summary>
    public static SoftnessDataset Build(IReadOnlyList<Frame> frames, DatasetOptions options)
    {
        options.Labels.Validate();
        if (options.LagFrames < 1 || options.WindowFrames < options.LagFrames || options.WindowFrames % options.LagFrames != 0)
        {
            throw new InputException($"the Dcum window ({options.WindowFrames} frames) must be a positive multiple of the lag ({options.LagFrames} frames)");
        }

        if (frames.Count < options.WindowFrames + 1)
        {
            throw new InputException($"the trajectory has {frames.Count} frames; a Dcum window of {options.WindowFrames} frames needs at least {options.WindowFrames + 1} (shorten --window or give a longer trajectory)");
        }

        var origins = new List<int>();
        for (int t0 = 0; t0 + options.WindowFrames <= frames.Count - 1 && origins.Count < options.MaxOrigins; t0 += Math.Max(1, options.OriginStride))
        {
            origins.Add(t0);
        }

        var rsf = new RadialStructureFunctions(options.Features);
        var elements = AnionClasses.Elements(frames[0]);
        var centres = Enumerable.Range(0, frames[0].AtomCount).Where(i => elements[i] == options.Features.CentreElement).ToArray();
        var d2Cache = new Dictionary<int, double[]>();
        double[] D2(int k)
        {
            if (!d2Cache.TryGetValue(k, out var v))
            {
                RequireSameAtoms(frames[0], frames[k + options.LagFrames]);
                v = NonAffineDisplacement.Compute(frames[k], frames[k + options.LagFrames], centres, options.NonAffine);
                d2Cache[k] = v;
            }

            return v;
        }

        var samples = new List<Sample>();
        foreach (int t0 in origins)
        {
            var dcum = new double[centres.Length];
            for (int k = t0; k < t0 + options.WindowFrames; k += options.LagFrames)
            {
                var d = D2(k);
                for (int c = 0; c < dcum.Length; c++) { dcum[c] += d[c]; }
            }

            var labels = options.Labels.Apply(dcum);
            var ff = rsf.Compute(frames[t0]);
            if (!ff.Centres.SequenceEqual(centres)) { throw new InputException($"the Li atoms of frame {t0} differ from those of frame 0"); }
            for (int c = 0; c < centres.Length; c++)
            {
                if (labels[c] < 0) { continue; }
                samples.Add(new Sample(t0, frames[t0].Step, frames[t0].Ids[centres[c]], dcum[c], labels[c], ff.Values[c]));
            }
        }

        return new SoftnessDataset(options.Features.FeatureNames(), samples, origins.ToArray(), frames.Count);
    }

    /// <summary>
    /// Labels the same samples by another rule without recomputing features: every origin's samples must hold every
    /// centre (a dataset built with <see cref="AllLabelled"/>), so the rule sees the same Dcum values, in the same
    /// order, as <see cref="Build"/> with that rule would.
    /// </summary>
    /// <param name="rule">label rule.</param>
    /// <returns>the labelled subset, origin-major as from <see cref="Build"/>.</returns>
    public SoftnessDataset Relabel(LabelRule rule)
    {
        var kept = new List<Sample>();
        foreach (var g in Samples.GroupBy(x => x.Origin))
        {
            var list = g.ToList();
            var labels = rule.Apply(list.Select(x => x.Dcum).ToArray());
            for (int k = 0; k < list.Count; k++)
            {
                if (labels[k] >= 0) { kept.Add(list[k] with { Label = labels[k] }); }
            }
        }

        return this with { Samples = kept };
    }

    /// <summary>A rule that labels every centre (bottom half hard, top half soft), for datasets later <see cref="Relabel"/>ed.</summary>
    public static LabelRule AllLabelled { get; } = new(0.5, 0.5);

    private static void RequireSameAtoms(Frame a, Frame b)
    {
        if (a.AtomCount != b.AtomCount || !a.Ids.SequenceEqual(b.Ids))
        {
            throw new InputException($"frames at steps {a.Step} and {b.Step} hold different atoms; softness needs a trajectory of fixed atoms sorted by id");
        }
    }

    /// <summary>Writes the feature matrix with labels as CSV: origin,step,id,dcum,label,split,features… (split = train/test/"").</summary>
    public void WriteCsv(string path, IReadOnlySet<int>? testIndices = null)
    {
        Vitrion.IO.AtomicFile.WriteText(path, w =>
        {
            w.Write("origin,step,id,dcum_A2,label,split");
            foreach (var n in FeatureNames) { w.Write(','); w.Write(n); }
            w.WriteLine();
            for (int s = 0; s < Samples.Count; s++)
            {
                var x = Samples[s];
                string split = testIndices is null ? string.Empty : testIndices.Contains(s) ? "test" : "train";
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{x.Origin},{x.Step},{x.Id},{x.Dcum:R},{x.Label},{split}"));
                foreach (double v in x.Features) { w.Write(','); w.Write(v.ToString("R", CultureInfo.InvariantCulture)); }
                w.WriteLine();
            }
        });
    }
}
