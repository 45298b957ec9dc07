using System.Globalization;
using Vitrion.Analysis.Statistics;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Workflows.Paper;

/// <summary>
/// The paper's eight claims (SCIENCE.md §8) judged against the typed results of a run by one rule
/// (<see cref="ClaimTest"/>): each claim is an effect with the sign the paper predicts and a 95 % interval from
/// independent units — replicas and compositions for composition trends (the OLS slope against the P2S6 share),
/// models for per-glass effects (mean over models, t interval), held-out replicas for the accuracy, hops for the
/// barriers (bootstrap of the difference of medians). Reproduced: the interval excludes zero with the paper's sign;
/// contradicted: it excludes zero with the other sign; inconclusive: it contains zero.
/// </summary>
public static class PaperClaims
{
    /// <summary>The figure that tests each claim, in the order of <see cref="Judge"/>.</summary>
    public static readonly IReadOnlyList<(string Label, string Anchor)> Figures =
        [("Fig. 2A", "fig2a"), ("Fig. 2B", "fig2b"), ("Fig. 3B", "fig3b"), ("Fig. S1", "figs1"), ("Fig. 3E", "fig3e"), ("Fig. 3F, left", "fig3f"), ("Fig. 3F, right", "fig3f"), ("Figs. 4B/C", "fig4bc")];

    /// <summary>Accuracy the paper reports as exceeded (train and test), 0–1.</summary>
    public const double PaperAccuracy = 0.70;

    /// <summary>Barrier difference [kcal/mol] the NEB sample is sized to detect.</summary>
    public const double BarrierDifferenceToDetect = 2.0;

    private static string F(double v, string fmt = "G3") => double.IsFinite(v) ? v.ToString(fmt, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Judges every claim.</summary>
    /// <param name="units">results of every model (every replica of every composition).</param>
    /// <param name="model">softness training record of the applied model, or null.</param>
    /// <param name="replicaModel">training across replicas with held-out accuracies, or null (one model per composition).</param>
    /// <param name="hops">every NEB hop of the run (all models).</param>
    /// <returns>the verdicts, in the order of <see cref="Figures"/>.</returns>
    public static IReadOnlyList<ClaimVerdict> Judge(IReadOnlyList<CompositionResults> units, SoftnessTrainRecord? model, SoftnessReplicaRecord? replicaModel, IReadOnlyList<NebHopRecord> hops)
    {
        int nComp = units.Select(u => u.P2s6Percent).Distinct().Count();
        int nRep = units.Count == 0 ? 0 : units.GroupBy(u => u.P2s6Percent).Max(g => g.Count());
        string design = $"{units.Count} glasses ({nComp} compositions × {nRep} replica{(nRep == 1 ? "" : "s")})";
        var x = units.Select(u => (double)u.P2s6Percent).ToArray();
        var rows = new List<(string Claim, string Effect, int Sign, EffectEstimate E, string Measured)>();

        // 1. Ea rises with the P2S6 share (falls as it falls).
        var ea = units.Select(u => u.Arrhenius?.EaEv ?? double.NaN).ToArray();
        var eaSe = units.Select(u => u.Arrhenius?.SigmaEaEv ?? double.NaN).ToArray();
        var eEa = Trend(x, ea, eaSe, design, "the fit errors of Ea");
        rows.Add(("Activation energy falls as the P2S6 share falls", "dEa/d(P2S6 share) [eV per %]", +1, eEa, PerComposition(units, u => u.Arrhenius?.EaEv, "Ea", "F3", " eV")));

        // 2. σ(300 K) rises as the P2S6 share falls: slope of log10 σ300 against the share is negative.
        var ls = units.Select(u => u.Arrhenius?.ConductivityAtExtrapolationSPerCm is double s && s > 0 ? Math.Log10(s) : double.NaN).ToArray();
        var lsSe = units.Select(u => u.Arrhenius is { ConductivityAtExtrapolationSPerCm: double s, SigmaConductivityAtExtrapolationSPerCm: double ss } && s > 0 ? ss / (s * Math.Log(10)) : double.NaN).ToArray();
        var eS = Trend(x, ls, lsSe, design, "the fit errors of σ300");
        rows.Add(("Conductivity rises as the P2S6 share falls", "d log10 σ300/d(P2S6 share) [per %]", -1, eS, PerComposition(units, u => u.Arrhenius?.ConductivityAtExtrapolationSPerCm, "σ300", "0.00E+00", " S/cm")));

        // 3. Mean softness rises as the P2S6 share falls.
        var ms = units.Select(u => u.SoftnessAnalysis?.Mean ?? double.NaN).ToArray();
        var eM = Trend(x, ms, null, design, null);
        rows.Add(("Softness shifts to higher values as the P2S6 share falls", "d⟨S⟩/d(P2S6 share) [per %]", -1, eM, PerComposition(units, u => u.SoftnessAnalysis?.Mean, "⟨S⟩", "F3", "")));

        // 4. Classification accuracy above 70 %: test accuracy − 0.70 on replicas the model never saw.
        rows.Add(Accuracy(model, replicaModel));

        // 5. Soft Li near PS4, hard Li near P2S6: S(near PS4) − S(near P2S6) per glass, mean over glasses.
        var diff = units.Select(u => u.SoftnessAnalysis?.PsMinusP2s6.Mean ?? double.NaN).ToArray();
        var eD = ClaimTest.Mean(diff, $"mean over {design}, t interval of the between-glass scatter");
        rows.Add(("Hard Li around P2S6, soft Li around PS4", "S(near PS4) − S(near P2S6)", +1, eD, PerComposition(units, u => u.SoftnessAnalysis?.PsMinusP2s6.Mean, "ΔS", "F3", "")));

        // 6, 7. Softness correlates positively with the inherent-structure energy and the Voronoi volume.
        foreach (var (column, what) in new[] { (Vitrion.Paths.InherentStructure.EnergyColumn, "potential energy"), (QuenchTask.VoronoiColumn, "Voronoi volume") })
        {
            var r = units.Select(u => u.SoftnessCorrelation(column) ?? double.NaN).ToArray();
            var eR = ClaimTest.Mean(r, $"mean over {design} of the per-frame Pearson r, t interval of the between-glass scatter");
            rows.Add(($"Softness grows with {what}", "Pearson r", +1, eR,
                PerComposition(units, u => u.SoftnessCorrelation(column), "r", "F3", "")));
        }

        // 8. Soft Li have lower barriers: median(hard) − median(soft) of converged forward barriers, bootstrap interval.
        var ok = hops.Where(h => h.Converged && double.IsFinite(h.BarrierForwardKcalPerMol)).ToList();
        var soft = ok.Where(h => h.Class.StartsWith("soft", StringComparison.Ordinal)).Select(h => h.BarrierForwardKcalPerMol).ToList();
        var hard = ok.Where(h => h.Class.StartsWith("hard", StringComparison.Ordinal)).Select(h => h.BarrierForwardKcalPerMol).ToList();
        var eB = ClaimTest.MedianDifference(soft, hard, $"{soft.Count} soft and {hard.Count} hard converged hops, bootstrap percentile interval");
        rows.Add(("Soft Li have lower migration barriers", "median barrier(hard) − median barrier(soft) [kcal/mol]", +1, eB,
            $"median forward barrier {F(ClaimTest.Median(soft), "F2")} kcal/mol from soft Li (n = {soft.Count}), {F(ClaimTest.Median(hard), "F2")} from hard Li (n = {hard.Count}); {ok.Count} of {hops.Count} bands converged"));

        return rows.Select((r, i) =>
        {
            var v = ClaimTest.Judge(r.E, r.Sign);
            string measured = $"{r.Effect} = {F(r.E.Effect)} [95 % CI {F(r.E.Low)}, {F(r.E.High)}]; paper's sign {(r.Sign > 0 ? "+" : "−")}" +
                (v == Verdict.Inconclusive && double.IsFinite(r.E.MinDetectable) ? $"; smallest detectable |effect| {F(r.E.MinDetectable)}" : "") + ". " + r.Measured;
            return new ClaimVerdict(r.Claim, ClaimTest.Words(v), measured, Figures[i].Label, Figures[i].Anchor, r.Effect, r.Sign, r.E);
        }).ToList();
    }

    /// <summary>
    /// A composition trend: the OLS slope over every glass when there are at least three glasses at two or more shares
    /// (the residuals include the between-replica scatter); otherwise the weighted slope through the per-glass errors,
    /// which are within-glass lower bounds.
    /// </summary>
    private static EffectEstimate Trend(double[] x, double[] y, double[]? se, string design, string? errors)
    {
        int n = Enumerable.Range(0, x.Length).Count(i => double.IsFinite(y[i]));
        if (n >= 3) { return ClaimTest.Slope(x, y, $"OLS slope over {design}, t interval on n − 2 dof"); }
        return se is null
            ? ClaimTest.Slope(x, y, $"slope through {n} glasses: no interval without replicas")
            : ClaimTest.WeightedSlope(x, y, se, $"weighted slope through {n} glasses from {errors} (within-glass errors: a lower bound; run replicas for an honest interval)");
    }

    private static (string, string, int, EffectEstimate, string) Accuracy(SoftnessTrainRecord? model, SoftnessReplicaRecord? rep)
    {
        const string claim = "Classification accuracy above 70 % (train and test)";
        const string effect = "test accuracy − 0.70";
        var tails = rep?.HeldOut ?? [];
        var primary = tails.FirstOrDefault();
        if (primary is not null && primary.Folds.Count >= 2)
        {
            var e = ClaimTest.Mean(primary.Folds.Select(f => f.TestAccuracy - PaperAccuracy).ToArray(),
                $"{primary.Folds.Count} held-out replicas (top/bottom {primary.TailFraction:P0} of Dcum), t interval");
            string all = string.Join("; ", tails.Select(t => string.Create(CultureInfo.InvariantCulture,
                $"tails {t.TailFraction:P0}: held-out accuracy {t.MeanTestAccuracy:F3} ± {t.SdTestAccuracy:F3} (s.d. over {t.Folds.Count} replicas), train {t.MeanTrainAccuracy:F3}")));
            return (claim, effect, +1, e, $"labels from the top/bottom {primary.TailFraction:P0} of Dcum; {all}; model trained on {rep!.Groups.Count} glasses ({rep.Scope} composition{(rep.Scope == "all" ? "s" : "")})");
        }

        if (model is null) { return (claim, effect, +1, EffectEstimate.None("no softness model"), ""); }

        // One glass: a binomial error over its test Li, a lower bound (origins of one Li are correlated, and the test Li share a glass with the training Li).
        double a = model.Test.Accuracy;
        int n = model.Test.Count;
        var e1 = ClaimTest.WithError(a - PaperAccuracy, n > 0 ? Math.Sqrt(a * (1 - a) / n) : double.NaN, double.PositiveInfinity, 1,
            $"binomial error over {n} test samples of one glass (a lower bound: no held-out replica)");
        return (claim, effect, +1, e1, string.Create(CultureInfo.InvariantCulture, $"labels from the top/bottom 20 % of Dcum; train {model.Train.Accuracy:F3}, test {a:F3} (split by Li atom within one glass)"));
    }

    /// <summary>Per-composition means over replicas (± the between-replica standard error of <see cref="PooledValue"/>), as text.</summary>
    private static string PerComposition(IReadOnlyList<CompositionResults> units, Func<CompositionResults, double?> value, string name, string fmt, string unit) =>
        string.Join("; ", units.GroupBy(u => u.P2s6Percent).OrderBy(g => g.Key).Select(g =>
        {
            var v = PooledValue.Of(g.Select(value));
            if (v.N == 0) { return $"{name}({g.Key} %) n/a"; }
            string se = v.N > 1 ? " ± " + F(v.StdError, fmt) : "";
            return $"{name}({g.Key} %) = {F(v.Mean, fmt)}{se}{unit}{(v.N > 1 ? $" (n = {v.N})" : "")}";
        }));

    /// <summary>The NEB sample: hops, convergence, and the hops per class needed to detect a 2 kcal/mol difference of medians.</summary>
    /// <param name="hops">every hop with the model it was run on.</param>
    /// <returns>the summary.</returns>
    public static BarrierSummary Barriers(IReadOnlyList<(string Model, NebHopRecord Hop)> hops)
    {
        var ok = hops.Where(h => h.Hop.Converged && double.IsFinite(h.Hop.BarrierForwardKcalPerMol)).Select(h => h.Hop).ToList();
        var soft = ok.Where(h => h.Class.StartsWith("soft", StringComparison.Ordinal)).Select(h => h.BarrierForwardKcalPerMol).ToList();
        var hard = ok.Where(h => h.Class.StartsWith("hard", StringComparison.Ordinal)).Select(h => h.BarrierForwardKcalPerMol).ToList();
        var ms = Vitrion.Paths.Hops.HopBatch.Median("soft", soft);
        var mh = Vitrion.Paths.Hops.HopBatch.Median("hard", hard);
        double need = ClaimTest.RequiredPerClass(ms.StandardError, soft.Count, mh.StandardError, hard.Count, BarrierDifferenceToDetect);
        var failed = hops.Where(h => !(h.Hop.Converged && double.IsFinite(h.Hop.BarrierForwardKcalPerMol)))
            .Select(h => new UnconvergedHop(h.Model, h.Hop.InitialId, h.Hop.TargetId, h.Hop.Class, h.Hop.DistanceA, h.Hop.MaxForceKcalPerMolA, h.Hop.Error)).ToList();
        static double? N(double v) => double.IsFinite(v) ? v : null;
        return new BarrierSummary(hops.Count, ok.Count, hops.Count == 0 ? 0 : ok.Count / (double)hops.Count, soft.Count, hard.Count, N(ms.Median), N(mh.Median),
            soft.Count < 2 ? null : N(ms.StandardError), hard.Count < 2 ? null : N(mh.StandardError), BarrierDifferenceToDetect, N(need), failed);
    }
}
