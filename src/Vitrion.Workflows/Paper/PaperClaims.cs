using System.Globalization;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Workflows.Paper;

/// <summary>The paper's claims (SCIENCE.md §8) judged against the typed results of a run.</summary>
public static class PaperClaims
{
    /// <summary>The figure that tests each claim, in the order of <see cref="Judge"/>.</summary>
    public static readonly IReadOnlyList<(string Label, string Anchor)> Figures =
        [("Fig. 2A", "fig2a"), ("Fig. 2B", "fig2b"), ("Fig. 3B", "fig3b"), ("Fig. S1", "figs1"), ("Fig. 3E", "fig3e"), ("Fig. 3F, left", "fig3f"), ("Fig. 3F, right", "fig3f"), ("Figs. 4B/C", "fig4bc")];

    private static string F(double v, string fmt = "G4") => double.IsFinite(v) ? v.ToString(fmt, CultureInfo.InvariantCulture) : "n/a";

    private static string N(double? v) => v is double d && double.IsFinite(d) ? d.ToString("0.##", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Judges every claim.</summary>
    /// <param name="compositions">results per composition.</param>
    /// <param name="model">softness training record, or null.</param>
    /// <returns>the verdicts, in the order of <see cref="Figures"/>.</returns>
    public static IReadOnlyList<ClaimVerdict> Judge(IReadOnlyList<CompositionResults> compositions, SoftnessTrainRecord? model)
    {
        var rows = new List<(string Claim, string Status, string Measured)>();
        var byP = compositions.ToDictionary(c => c.P2s6Percent);
        int lo = byP.Keys.Min(), hi = byP.Keys.Max();
        var aLo = byP[lo].Arrhenius;
        var aHi = byP[hi].Arrhenius;
        double eaLo = aLo?.EaEv ?? double.NaN, eaHi = aHi?.EaEv ?? double.NaN, sLo = aLo?.SigmaEaEv ?? double.NaN, sHi = aHi?.SigmaEaEv ?? double.NaN;
        rows.Add(Row("Activation energy falls as the P2S6 share falls", eaLo, eaHi, sLo, sHi, lower: true, $"Ea({lo} %) = {F(eaLo, "F3")} ± {F(sLo, "F3")} eV, Ea({hi} %) = {F(eaHi, "F3")} ± {F(sHi, "F3")} eV"));
        double cLo = aLo?.ConductivityAtExtrapolationSPerCm ?? double.NaN, cHi = aHi?.ConductivityAtExtrapolationSPerCm ?? double.NaN;
        rows.Add(Row("Conductivity rises as the P2S6 share falls", cLo, cHi, double.NaN, double.NaN, lower: false, $"σ300({lo} %) = {F(cLo, "0.00E+00")} S/cm, σ300({hi} %) = {F(cHi, "0.00E+00")} S/cm"));
        double mLo = byP[lo].SoftnessAnalysis?.Mean ?? double.NaN, mHi = byP[hi].SoftnessAnalysis?.Mean ?? double.NaN;
        rows.Add(Row("Softness shifts to higher values as the P2S6 share falls", mLo, mHi, double.NaN, double.NaN, lower: false, $"mean softness {F(mLo, "F3")} ({lo} %) vs {F(mHi, "F3")} ({hi} %)"));
        double acc = model?.Test.Accuracy ?? double.NaN, trainAcc = model?.Train.Accuracy ?? double.NaN;
        rows.Add(("Classification accuracy above 70 % (train and test)",
            !double.IsFinite(acc) ? "not measured" : acc > 0.7 && trainAcc > 0.7 ? "reproduced" : "not reproduced",
            $"train {F(trainAcc, "F3")}, test {F(acc, "F3")}"));
        var order = byP.Keys.Order().ToArray();
        var diffs = order.Where(p => byP[p].SoftnessAnalysis is not null).Select(p => (P: p, M: byP[p].SoftnessAnalysis!.PsMinusP2s6.Mean, Se: byP[p].SoftnessAnalysis!.PsMinusP2s6.StdError))
            .Where(d => double.IsFinite(d.M)).ToArray();
        rows.Add(diffs.Length == 0
            ? ("Hard Li around P2S6, soft Li around PS4", "not measured", "")
            : ("Hard Li around P2S6, soft Li around PS4", SignStatus(diffs.Select(d => (d.M, d.Se)).ToArray()),
                string.Join("; ", diffs.Select(d => $"S(near PS4) − S(near P2S6) = {F(d.M, "F3")} ± {F(d.Se, "F3")} ({d.P} %)"))));
        foreach (var (column, what) in new[] { (Vitrion.Paths.InherentStructure.EnergyColumn, "potential energy"), (QuenchTask.VoronoiColumn, "Voronoi volume") })
        {
            // Pearson r within each frame, averaged over frames, ± its standard error over frames.
            var rs = order.Where(p => byP[p].SoftnessAnalysis?.PerAtom.ContainsKey(column) == true).Select(p => (P: p, C: byP[p].SoftnessAnalysis!.PerAtom[column]))
                .Select(x => (x.P, R: x.C.FrameMean, Se: x.C.FrameStdError)).Where(x => double.IsFinite(x.R)).ToArray();
            rows.Add(rs.Length == 0
                ? ($"Softness grows with {what}", "not measured", "")
                : ($"Softness grows with {what}", SignStatus(rs.Select(x => (x.R, x.Se)).ToArray()),
                    string.Join("; ", rs.Select(x => $"Pearson r = {F(x.R, "F3")} ± {F(x.Se, "F3")} ({x.P} %)"))));
        }

        var neb = byP[lo].Neb;
        double bs = neb?.MedianSoftKcalPerMol ?? double.NaN, bh = neb?.MedianHardKcalPerMol ?? double.NaN;
        double seBarrier = Math.Sqrt(Math.Pow(neb?.SeMedianSoftKcalPerMol ?? double.NaN, 2) + Math.Pow(neb?.SeMedianHardKcalPerMol ?? double.NaN, 2));
        rows.Add(("Soft Li have lower migration barriers",
            !double.IsFinite(bs) || !double.IsFinite(bh) ? "not measured" : bs < bh ? (bh - bs > 2 * seBarrier ? "reproduced" : "reproduced (within 2 s.e.: not significant)") : "not reproduced",
            neb is null ? "" : $"median forward barrier of converged hops from soft Li {N(neb.MedianSoftKcalPerMol)} ± {N(neb.SeMedianSoftKcalPerMol)} kcal/mol (n = {neb.NSoft}), from hard Li {N(neb.MedianHardKcalPerMol)} ± {N(neb.SeMedianHardKcalPerMol)} kcal/mol (n = {neb.NHard}; bootstrap s.e.); {neb.NConverged} of {neb.NHops} bands converged ({lo} %)"));
        return rows.Select((r, i) => new ClaimVerdict(r.Claim, r.Status, r.Measured, Figures[i].Label, Figures[i].Anchor)).ToList();
    }

    /// <summary>"reproduced" when every value is positive (significant when each exceeds twice its standard error).</summary>
    private static string SignStatus(IReadOnlyList<(double Value, double StdError)> values) =>
        values.All(v => v.Value > 0)
            ? (values.All(v => v.Value > 2 * v.StdError) ? "reproduced" : "reproduced (within 2 s.e.: not significant)")
            : "not reproduced";

    private static (string, string, string) Row(string claim, double lowShare, double highShare, double sLow, double sHigh, bool lower, string measured)
    {
        if (!double.IsFinite(lowShare) || !double.IsFinite(highShare)) { return (claim, "not measured", measured); }
        double diff = lower ? highShare - lowShare : lowShare - highShare;
        double sigma = double.IsFinite(sLow) && double.IsFinite(sHigh) ? Math.Sqrt(sLow * sLow + sHigh * sHigh) : 0;
        string status = diff > 0 ? (sigma > 0 && diff < sigma ? "reproduced (within 1σ: not significant)" : "reproduced") : "not reproduced";
        return (claim, status, measured);
    }
}
