using Vitrion.Core;
using Vitrion.Learning.Features;

namespace Vitrion.Learning.Softness;

/// <summary>Options of the softness analyses.</summary>
/// <param name="NearRadius">radius [Å] for "Li near an anion" and for the fraction of neighbouring S (default 5.0, paper Fig. 3E).</param>
/// <param name="Bins">softness bins of equal Li count for binned correlations (default 20; fewer when there are less than <paramref name="MinPerBin"/> Li per bin).</param>
/// <param name="MinPerBin">minimum Li per bin (default 10).</param>
/// <param name="RdfMax">largest r of the Li–S g(r) [Å] (default 8).</param>
/// <param name="RdfBin">bin width of the g(r) [Å] (default 0.05).</param>
public sealed record SoftnessAnalysisOptions(double NearRadius = 5.0, int Bins = 20, int MinPerBin = 10, double RdfMax = 8.0, double RdfBin = 0.05);

/// <summary>Pearson correlation with a 95 % confidence interval (Fisher z; per-atom values are not independent across frames, so the frame-to-frame spread is given too).</summary>
/// <param name="R">Pearson r over all pooled points.</param>
/// <param name="Low">lower 95 % bound (Fisher z).</param>
/// <param name="High">upper 95 % bound.</param>
/// <param name="N">points.</param>
/// <param name="FrameMean">mean of the per-frame r.</param>
/// <param name="FrameStdError">standard error of the per-frame r (sd/√frames).</param>
/// <param name="BinnedR">Pearson r of the binned means (bin mean softness vs bin mean value).</param>
/// <param name="BinCentres">bin mean softness.</param>
/// <param name="BinMeans">bin mean value.</param>
public sealed record Correlation(double R, double Low, double High, int N, double FrameMean, double FrameStdError, double BinnedR, double[] BinCentres, double[] BinMeans);

/// <summary>Softness of Li near one anion type (Fig. 3E).</summary>
/// <param name="Anion">anion type.</param>
/// <param name="Values">softness of every Li with an S of this anion within the radius (pooled over frames).</param>
/// <param name="Mean">mean softness.</param>
/// <param name="StdError">standard error of the mean over frames.</param>
/// <param name="FractionSoft">fraction with S &gt; 0.</param>
public sealed record NearAnionSoftness(AnionKind Anion, double[] Values, double Mean, double StdError, double FractionSoft);

/// <summary>Li–S partial g(r) for one Li class and one anion (Fig. 3D).</summary>
/// <param name="LiClass">"soft" (S &gt; 0) or "hard" (S &lt; 0).</param>
/// <param name="Anion">anion of the S.</param>
/// <param name="R">bin centres [Å].</param>
/// <param name="G">g(r) normalised by the mean number density of that S.</param>
public sealed record SplitRdf(string LiClass, AnionKind Anion, double[] R, double[] G);

/// <summary>All softness analyses of one trajectory.</summary>
/// <param name="AllSoftness">every softness value (pooled).</param>
/// <param name="NearAnion">Fig. 3E.</param>
/// <param name="FractionCorrelations">softness vs fraction of neighbouring S in each anion type.</param>
/// <param name="PsMinusP2s6">mean softness near PS4 minus near P2S6, with its frame standard error.</param>
/// <param name="Rdfs">Fig. 3D.</param>
/// <param name="PerAtom">softness vs per-atom columns (e.g. potential energy, Voronoi volume), Fig. 3F.</param>
public sealed record SoftnessAnalysisResult(
    double[] AllSoftness,
    IReadOnlyList<NearAnionSoftness> NearAnion,
    IReadOnlyDictionary<AnionKind, Correlation> FractionCorrelations,
    (double Mean, double StdError) PsMinusP2s6,
    IReadOnlyList<SplitRdf> Rdfs,
    IReadOnlyDictionary<string, Correlation> PerAtom);

/// <summary>Relates per-Li softness to anions, energy and volume.</summary>
public sealed class SoftnessAnalysis(SoftnessAnalysisOptions options)
{
    private static readonly AnionKind[] Kinds = [AnionKind.PS4, AnionKind.P2S7, AnionKind.P2S6];

    /// <summary>Analyses frames and their softness; <paramref name="perAtom"/>[name][frame] holds a per-atom column (full atom order) to correlate with.</summary>
    public SoftnessAnalysisResult Analyze(IReadOnlyList<Frame> frames, IReadOnlyList<FrameSoftness> softness, IReadOnlyDictionary<string, IReadOnlyList<double[]>>? perAtom = null)
    {
        if (frames.Count != softness.Count || frames.Count == 0) { throw new InputException("need softness for every frame"); }
        var near = Kinds.ToDictionary(k => k, _ => new List<double>());
        var nearFrameMeans = Kinds.ToDictionary(k => k, _ => new List<double>());
        var frac = Kinds.ToDictionary(k => k, _ => new List<double>());
        var fracFrames = Kinds.ToDictionary(k => k, _ => new List<(double[] S, double[] F)>());
        var all = new List<double>();
        int nb = (int)Math.Round(options.RdfMax / options.RdfBin);
        var hist = new Dictionary<(string, AnionKind), double[]>();
        foreach (var c in new[] { "soft", "hard" }) { foreach (var k in Kinds) { hist[(c, k)] = new double[nb]; } }
        var nCentres = new Dictionary<string, double> { ["soft"] = 0, ["hard"] = 0 };
        var density = Kinds.ToDictionary(k => k, _ => 0.0);
        var perAtomPairs = new Dictionary<string, List<(double[] S, double[] V)>>();
        double r2Max = Math.Max(options.NearRadius, options.RdfMax);
        for (int f = 0; f < frames.Count; f++)
        {
            var frame = frames[f];
            var fs = softness[f];
            var anions = AnionClasses.Of(frame);
            var elements = AnionClasses.Elements(frame);
            var pos = frame.Positions.ToArray();
            var nl = new NeighborList(r2Max, 0, half: false);
            nl.Build(frame.Box, pos);
            foreach (var k in Kinds) { density[k] += elements.Where((e, i) => e == "S" && anions[i] == k).Count() / frame.Box.Volume; }
            var fracRows = Kinds.ToDictionary(k => k, _ => new double[fs.Atoms.Length]);
            var nearSum = Kinds.ToDictionary(k => k, _ => (Sum: 0.0, N: 0));
            for (int c = 0; c < fs.Atoms.Length; c++)
            {
                int i = fs.Atoms[c];
                double s = fs.Softness[c];
                all.Add(s);
                string cls = s > 0 ? "soft" : "hard";
                nCentres[cls]++;
                var count = Kinds.ToDictionary(k => k, _ => 0);
                int total = 0;
                var nbrs = nl.NeighborsOf(i);
                int off = nl.Offsets[i];
                for (int e = 0; e < nbrs.Length; e++)
                {
                    int j = nbrs[e];
                    if (elements[j] != "S" || anions[j] == AnionKind.None) { continue; }
                    double r = nl.Displacement(pos, i, off + e).Norm;
                    if (r < options.RdfMax) { hist[(cls, anions[j])][Math.Min(nb - 1, (int)(r / options.RdfBin))]++; }
                    if (r <= options.NearRadius) { count[anions[j]]++; total++; }
                }

                foreach (var k in Kinds)
                {
                    if (count[k] > 0) { near[k].Add(s); var t = nearSum[k]; nearSum[k] = (t.Sum + s, t.N + 1); }
                    fracRows[k][c] = total > 0 ? (double)count[k] / total : double.NaN;
                }
            }

            foreach (var k in Kinds)
            {
                if (nearSum[k].N > 0) { nearFrameMeans[k].Add(nearSum[k].Sum / nearSum[k].N); }
                fracFrames[k].Add((fs.Softness, fracRows[k]));
            }

            if (perAtom is not null)
            {
                foreach (var (name, cols) in perAtom)
                {
                    if (cols.Count != frames.Count) { throw new InputException($"per-atom column '{name}' has {cols.Count} frames, the trajectory {frames.Count}"); }
                    if (cols[f].Length != frame.AtomCount) { throw new InputException($"per-atom column '{name}' has {cols[f].Length} atoms in frame {f}, the trajectory {frame.AtomCount}"); }
                    if (!perAtomPairs.TryGetValue(name, out var list)) { perAtomPairs[name] = list = []; }
                    list.Add((fs.Softness, fs.Atoms.Select(i => cols[f][i]).ToArray()));
                }
            }
        }

        var nearResult = Kinds.Select(k =>
        {
            var v = near[k].ToArray();
            var fm = nearFrameMeans[k];
            return new NearAnionSoftness(k, v, v.Length > 0 ? v.Average() : double.NaN, StdErr(fm), v.Length > 0 ? v.Count(x => x > 0) / (double)v.Length : double.NaN);
        }).ToList();
        var diffs = nearFrameMeans[AnionKind.PS4].Zip(nearFrameMeans[AnionKind.P2S6], (a, b) => a - b).ToList();
        var fracCorr = Kinds.ToDictionary(k => k, k => Correlate(fracFrames[k]));
        var rdfs = new List<SplitRdf>();
        foreach (var ((cls, k), h) in hist)
        {
            double rho = density[k] / frames.Count;
            var r = Enumerable.Range(0, nb).Select(b => (b + 0.5) * options.RdfBin).ToArray();
            var g = new double[nb];
            for (int b = 0; b < nb; b++)
            {
                double shell = 4.0 / 3.0 * Math.PI * (Math.Pow((b + 1) * options.RdfBin, 3) - Math.Pow(b * options.RdfBin, 3));
                g[b] = nCentres[cls] > 0 && rho > 0 ? h[b] / (nCentres[cls] * rho * shell) : double.NaN;
            }

            rdfs.Add(new SplitRdf(cls, k, r, g));
        }

        var perAtomCorr = perAtomPairs.ToDictionary(kv => kv.Key, kv => Correlate(kv.Value));
        return new SoftnessAnalysisResult(all.ToArray(), nearResult, fracCorr, (diffs.Count > 0 ? diffs.Average() : double.NaN, StdErr(diffs)), rdfs, perAtomCorr);
    }

    private static double StdErr(IReadOnlyList<double> v)
    {
        if (v.Count < 2) { return double.NaN; }
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1) / v.Count);
    }

    /// <summary>Pearson r of paired values (NaN pairs skipped).</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var keep = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        if (keep.Length < 3) { return double.NaN; }
        return MathNet.Numerics.Statistics.Correlation.Pearson(keep.Select(i => x[i]), keep.Select(i => y[i]));
    }

    private Correlation Correlate(List<(double[] S, double[] V)> frames)
    {
        var s = frames.SelectMany(p => p.S).ToArray();
        var v = frames.SelectMany(p => p.V).ToArray();
        double r = Pearson(s, v);
        int n = Enumerable.Range(0, s.Length).Count(i => double.IsFinite(s[i]) && double.IsFinite(v[i]));
        double z = Math.Atanh(r), se = n > 3 ? 1 / Math.Sqrt(n - 3) : double.NaN;
        var perFrame = frames.Select(p => Pearson(p.S, p.V)).Where(double.IsFinite).ToList();
        var keep = Enumerable.Range(0, s.Length).Where(i => double.IsFinite(s[i]) && double.IsFinite(v[i])).ToArray();
        var centres = new List<double>();
        var means = new List<double>();
        if (keep.Length >= options.MinPerBin)
        {
            // Equal-count bins along softness: a few extreme softness values would otherwise squeeze nearly all Li
            // into one or two equal-width bins and leave no binned correlation to compute.
            var sorted = keep.OrderBy(i => s[i]).ToArray();
            int bins = Math.Max(1, Math.Min(options.Bins, sorted.Length / options.MinPerBin));
            for (int b = 0; b < bins; b++)
            {
                int from = (int)((long)b * sorted.Length / bins), to = (int)((long)(b + 1) * sorted.Length / bins);
                if (to - from < options.MinPerBin) { continue; }
                var grp = sorted[from..to];
                centres.Add(grp.Average(i => s[i]));
                means.Add(grp.Average(i => v[i]));
            }
        }

        return new Correlation(r, Math.Tanh(z - 1.96 * se), Math.Tanh(z + 1.96 * se), n,
            perFrame.Count > 0 ? perFrame.Average() : double.NaN, StdErr(perFrame), Pearson(centres, means), centres.ToArray(), means.ToArray());
    }
}
