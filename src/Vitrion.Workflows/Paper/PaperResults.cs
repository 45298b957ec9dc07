using System.Globalization;
using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.Paths.Hops;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Scheduling;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Workflows.Paper;

/// <summary>One NEB hop (a row of barriers.csv).</summary>
/// <param name="InitialId">id of the moving Li.</param>
/// <param name="TargetId">id of the Li whose site is the target.</param>
/// <param name="InitialSoftness">softness of the moving Li.</param>
/// <param name="TargetSoftness">softness of the target Li.</param>
/// <param name="Class">hop class (soft→hard, ...).</param>
/// <param name="DistanceA">hop distance [Å].</param>
/// <param name="BarrierForwardKcalPerMol">forward barrier [kcal/mol] (NaN when failed).</param>
/// <param name="BarrierBackwardKcalPerMol">backward barrier [kcal/mol].</param>
/// <param name="Converged">whether the band converged.</param>
/// <param name="Images">images.</param>
/// <param name="NebSteps">NEB steps.</param>
/// <param name="MaxForceKcalPerMolA">largest NEB force at the end [kcal/mol/Å].</param>
/// <param name="WallS">wall time [s].</param>
/// <param name="InteriorDipKcalPerMol">depth of an interior image below both ends [kcal/mol].</param>
/// <param name="Error">error text, empty when it ran.</param>
public sealed record NebHopRecord(int InitialId, int TargetId, double InitialSoftness, double TargetSoftness, string Class, double DistanceA, double BarrierForwardKcalPerMol,
    double BarrierBackwardKcalPerMol, bool Converged, int Images, int NebSteps, double MaxForceKcalPerMolA, double WallS, double InteriorDipKcalPerMol, string Error)
{
    /// <summary>Reads the hops of <c>neb batch</c> (barriers.csv).</summary>
    /// <param name="csv">CSV file written by <see cref="HopBatch.WriteCsv"/>.</param>
    /// <returns>the hops.</returns>
    /// <exception cref="InputException">when the header is not the batch's.</exception>
    public static IReadOnlyList<NebHopRecord> ReadCsv(string csv)
    {
        var lines = File.ReadAllLines(csv).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0 || lines[0] != HopBatch.Header) { throw new InputException(csv, 1, "expected the header of 'vitrion neb batch': " + HopBatch.Header); }
        static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        static int I(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return lines.Skip(1).Select((l, k) =>
        {
            var c = l.Split(',');
            if (c.Length < 15) { throw new InputException(csv, k + 2, "expected 15 columns"); }
            return new NebHopRecord(I(c[0]), I(c[1]), D(c[2]), D(c[3]), c[4], D(c[5]), D(c[6]), D(c[7]), c[8] == "1", I(c[9]), I(c[10]), D(c[11]), D(c[12]), D(c[13]), string.Join(",", c[14..]));
        }).ToList();
    }
}

/// <summary>NEB hops of one composition with the soft/hard medians of the converged hops.</summary>
/// <param name="Hops">every hop.</param>
/// <param name="NHops">hops.</param>
/// <param name="NConverged">converged bands.</param>
/// <param name="NSoft">converged hops from a soft Li.</param>
/// <param name="NHard">converged hops from a hard Li.</param>
/// <param name="MedianSoftKcalPerMol">median forward barrier from soft Li [kcal/mol], or null.</param>
/// <param name="MedianHardKcalPerMol">median forward barrier from hard Li [kcal/mol], or null.</param>
/// <param name="SeMedianSoftKcalPerMol">bootstrap standard error of the soft median [kcal/mol], or null.</param>
/// <param name="SeMedianHardKcalPerMol">bootstrap standard error of the hard median [kcal/mol], or null.</param>
public sealed record NebResults(IReadOnlyList<NebHopRecord> Hops, int NHops, int NConverged, int NSoft, int NHard, double? MedianSoftKcalPerMol, double? MedianHardKcalPerMol,
    double? SeMedianSoftKcalPerMol, double? SeMedianHardKcalPerMol)
{
    /// <summary>Summarises the hops (the batch's own estimator: median, bootstrap s.e., converged hops only).</summary>
    /// <param name="hops">hops.</param>
    /// <returns>the summary.</returns>
    public static NebResults From(IReadOnlyList<NebHopRecord> hops)
    {
        var ok = hops.Where(h => h.Converged && double.IsFinite(h.BarrierForwardKcalPerMol)).ToList();
        var soft = ok.Where(h => h.Class.StartsWith("soft", StringComparison.Ordinal)).Select(h => h.BarrierForwardKcalPerMol).ToList();
        var hard = ok.Where(h => h.Class.StartsWith("hard", StringComparison.Ordinal)).Select(h => h.BarrierForwardKcalPerMol).ToList();
        var ms = HopBatch.Median("soft", soft);
        var mh = HopBatch.Median("hard", hard);
        static double? F(double v) => double.IsFinite(v) ? v : null;
        return new NebResults(hops, hops.Count, hops.Count(h => h.Converged), soft.Count, hard.Count, F(ms.Median), F(mh.Median),
            ms.Count < 2 ? null : ms.StandardError, mh.Count < 2 ? null : mh.StandardError);
    }
}

/// <summary>Results at one production temperature.</summary>
/// <param name="TemperatureK">temperature [K].</param>
/// <param name="Md">the MD run, or null when it was not run by Vitrion.</param>
/// <param name="Diffusion">Li diffusion, or null when that stage failed.</param>
public sealed record TemperatureResults(double TemperatureK, MdRunResult? Md, DiffusionRecord? Diffusion);

/// <summary>The prepared model of one composition.</summary>
/// <param name="Atoms">atoms.</param>
/// <param name="Li">Li atoms (the carriers).</param>
/// <param name="DensityGPerCm3">density after the melt-quench (at 500 K) [g/cm³].</param>
/// <param name="BoxA">box edge [Å].</param>
/// <param name="VolumeA3">box volume [Å³].</param>
public sealed record ModelRecord(int Atoms, int Li, double DensityGPerCm3, double BoxA, double VolumeA3)
{
    /// <summary>Reads the facts of a data file.</summary>
    /// <param name="data">LAMMPS data file.</param>
    /// <returns>the record.</returns>
    public static ModelRecord Of(string data)
    {
        var d = LammpsDataReader.Read(data);
        var counts = d.Topology.CountByType();
        return new ModelRecord(d.Topology.AtomCount, counts[d.Topology.TypeIndex("Li")], d.Topology.TotalMass / d.Box.Volume * Units.DensityToGramPerCm3, d.Box.Lx, d.Box.Volume);
    }
}

/// <summary>Everything measured on one composition; a member is null when its stage did not produce it.</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="Model">the prepared model.</param>
/// <param name="Prepare">the melt-quench run.</param>
/// <param name="Temperatures">one entry per production temperature, in preset order.</param>
/// <param name="Arrhenius">Ea and σ(300 K).</param>
/// <param name="Clusters">anion census of the prepared model.</param>
/// <param name="Rdf">partial g(r) first shells at the softness temperature.</param>
/// <param name="Sq">S(q) and the FSDP at the softness temperature.</param>
/// <param name="Voronoi">Voronoi volumes of the prepared model.</param>
/// <param name="Energy">energy of the prepared model.</param>
/// <param name="Trace">Li traces.</param>
/// <param name="Homology">persistent homology of the P/S network.</param>
/// <param name="Quench">inherent structures of the softness trajectory.</param>
/// <param name="SoftnessAnalysis">softness vs anions, energy and volume.</param>
/// <param name="Rings">rings and ring-resolved softness.</param>
/// <param name="Neb">NEB hops (replicas of the first composition).</param>
/// <param name="Replica">replica number (1-based; 1 is the single model of a run without replicas).</param>
public sealed record CompositionResults(int P2s6Percent, ModelRecord? Model, MdRunResult? Prepare, IReadOnlyList<TemperatureResults> Temperatures, ArrheniusRecord? Arrhenius,
    ClustersRecord? Clusters, RdfRecord? Rdf, SqRecord? Sq, VoronoiRecord? Voronoi, EnergyRecord? Energy, TraceRecord? Trace, HomologyRecord? Homology, QuenchRecord? Quench,
    SoftnessAnalysisRecord? SoftnessAnalysis, RingsRecord? Rings, NebResults? Neb, int Replica = 1)
{
    /// <summary>Gathers the records a run left in <paramref name="c"/> (missing files give null members).</summary>
    /// <param name="c">composition layout.</param>
    /// <param name="temperatures">production temperatures [K].</param>
    /// <returns>the results.</returns>
    public static CompositionResults Load(CompositionLayout c, IReadOnlyList<double> temperatures) => new(
        c.P2s6Percent,
        File.Exists(c.Prepared) ? ModelRecord.Of(c.Prepared) : null,
        ResultJson.TryRead<MdRunResult>(c.PrepareJson),
        temperatures.Select(t => c.Temperature(t)).Select(t => new TemperatureResults(t.TemperatureK, ResultJson.TryRead<MdRunResult>(t.Md), ResultJson.TryRead<DiffusionRecord>(t.Diffusion))).ToList(),
        ResultJson.TryRead<ArrheniusRecord>(c.Arrhenius),
        ResultJson.TryRead<ClustersRecord>(c.Clusters),
        ResultJson.TryRead<RdfRecord>(c.Rdf),
        ResultJson.TryRead<SqRecord>(c.Sq),
        ResultJson.TryRead<VoronoiRecord>(c.Voronoi),
        ResultJson.TryRead<EnergyRecord>(c.Energy),
        ResultJson.TryRead<TraceRecord>(c.TraceJson),
        ResultJson.TryRead<HomologyRecord>(c.Homology),
        ResultJson.TryRead<QuenchRecord>(c.QuenchJson),
        ResultJson.TryRead<SoftnessAnalysisRecord>(c.SoftnessAnalysis),
        ResultJson.TryRead<RingsRecord>(c.Rings),
        File.Exists(c.NebCsv) ? NebResults.From(NebHopRecord.ReadCsv(c.NebCsv)) : null,
        c.Replica);

    /// <summary>Pearson r of softness with a per-atom column of the quenched frames, per frame and averaged over frames, or null when not analysed.</summary>
    /// <param name="column">per-atom column (e.g. the inherent-structure energy or Voronoi volume).</param>
    /// <returns>the frame-mean r.</returns>
    public double? SoftnessCorrelation(string column) => SoftnessAnalysis?.PerAtom.TryGetValue(column, out var c) == true ? c.FrameMean : null;
}

/// <summary>Mean of one quantity over the replicas of a composition with its between-replica standard error.</summary>
/// <param name="Mean">mean over replicas.</param>
/// <param name="StdError">s/√n over replicas (NaN with one replica).</param>
/// <param name="N">replicas with a value.</param>
public sealed record PooledValue(double Mean, double StdError, int N)
{
    /// <summary>Pools the finite values.</summary>
    /// <param name="values">one value per replica (null or NaN when not measured).</param>
    /// <returns>the pooled value.</returns>
    public static PooledValue Of(IEnumerable<double?> values)
    {
        var v = values.OfType<double>().Where(double.IsFinite).ToArray();
        if (v.Length == 0) { return new PooledValue(double.NaN, double.NaN, 0); }
        double m = v.Average();
        return new PooledValue(m, v.Length < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1) / v.Length), v.Length);
    }
}

/// <summary>One composition pooled over its replicas: mean ± between-replica standard error of every headline number.</summary>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="Replicas">replicas run.</param>
/// <param name="EaEv">activation energy [eV].</param>
/// <param name="Sigma300SPerCm">conductivity extrapolated to 300 K [S/cm].</param>
/// <param name="MeanSoftness">mean Li softness.</param>
/// <param name="SoftnessPs4MinusP2s6">S(near PS4) − S(near P2S6).</param>
/// <param name="REnergy">per-frame Pearson r of softness with the inherent-structure energy.</param>
/// <param name="RVolume">per-frame Pearson r of softness with the Voronoi volume.</param>
/// <param name="Ps4">PS4 units in the prepared glass.</param>
/// <param name="P2s7">P2S7 units.</param>
/// <param name="P2s6">P2S6 units.</param>
/// <param name="DensityGPerCm3">density after the melt-quench [g/cm³].</param>
public sealed record PooledComposition(int P2s6Percent, int Replicas, PooledValue EaEv, PooledValue Sigma300SPerCm, PooledValue MeanSoftness, PooledValue SoftnessPs4MinusP2s6,
    PooledValue REnergy, PooledValue RVolume, PooledValue Ps4, PooledValue P2s7, PooledValue P2s6, PooledValue DensityGPerCm3)
{
    /// <summary>Pools the replicas of one composition.</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="reps">its replicas.</param>
    /// <returns>the pooled record.</returns>
    public static PooledComposition Of(int p, IReadOnlyList<CompositionResults> reps)
    {
        return new PooledComposition(p, reps.Count,
            PooledValue.Of(reps.Select(u => u.Arrhenius?.EaEv)),
            PooledValue.Of(reps.Select(u => u.Arrhenius?.ConductivityAtExtrapolationSPerCm)),
            PooledValue.Of(reps.Select(u => u.SoftnessAnalysis?.Mean)),
            PooledValue.Of(reps.Select(u => u.SoftnessAnalysis?.PsMinusP2s6.Mean)),
            PooledValue.Of(reps.Select(u => u.SoftnessCorrelation(Vitrion.Paths.InherentStructure.EnergyColumn))),
            PooledValue.Of(reps.Select(u => u.SoftnessCorrelation(QuenchTask.VoronoiColumn))),
            PooledValue.Of(reps.Select(u => u.Clusters?.Ps4)),
            PooledValue.Of(reps.Select(u => u.Clusters?.P2s7)),
            PooledValue.Of(reps.Select(u => u.Clusters?.P2s6)),
            PooledValue.Of(reps.Select(u => u.Model?.DensityGPerCm3)));
    }
}

/// <summary>A NEB hop that did not give a barrier.</summary>
/// <param name="Model">glass it was run on (e.g. p2s6-05-r2).</param>
/// <param name="InitialId">id of the moving Li.</param>
/// <param name="TargetId">id of the Li whose site is the target.</param>
/// <param name="Class">hop class.</param>
/// <param name="DistanceA">hop distance [Å].</param>
/// <param name="MaxForceKcalPerMolA">largest NEB force at the end [kcal/mol/Å].</param>
/// <param name="Error">error text, empty when the band ran out of steps.</param>
public sealed record UnconvergedHop(string Model, int InitialId, int TargetId, string Class, double DistanceA, double MaxForceKcalPerMolA, string Error);

/// <summary>The NEB sample of a run, pooled over replicas.</summary>
/// <param name="Hops">hops attempted.</param>
/// <param name="Converged">hops with a converged band and a barrier.</param>
/// <param name="ConvergenceRate">converged / attempted.</param>
/// <param name="NSoft">converged hops from a soft Li.</param>
/// <param name="NHard">converged hops from a hard Li.</param>
/// <param name="MedianSoftKcalPerMol">median forward barrier from soft Li [kcal/mol].</param>
/// <param name="MedianHardKcalPerMol">median forward barrier from hard Li [kcal/mol].</param>
/// <param name="SeMedianSoftKcalPerMol">bootstrap s.e. of the soft median [kcal/mol].</param>
/// <param name="SeMedianHardKcalPerMol">bootstrap s.e. of the hard median [kcal/mol].</param>
/// <param name="DetectKcalPerMol">difference of medians the sample should detect [kcal/mol].</param>
/// <param name="RequiredPerClass">converged hops per class needed to detect it with 80 % power at 5 %, from the spread measured here.</param>
/// <param name="Unconverged">the hops that gave no barrier.</param>
public sealed record BarrierSummary(int Hops, int Converged, double ConvergenceRate, int NSoft, int NHard, double? MedianSoftKcalPerMol, double? MedianHardKcalPerMol,
    double? SeMedianSoftKcalPerMol, double? SeMedianHardKcalPerMol, double DetectKcalPerMol, double? RequiredPerClass, IReadOnlyList<UnconvergedHop> Unconverged);

/// <summary>One claim of the paper against this run, judged by <see cref="Vitrion.Analysis.Statistics.ClaimTest"/>.</summary>
/// <param name="Claim">the claim.</param>
/// <param name="Status">reproduced, contradicted, inconclusive, or not measured.</param>
/// <param name="Measured">the effect with its interval and the numbers behind it.</param>
/// <param name="Figure">the figure that tests it.</param>
/// <param name="Anchor">anchor of that figure in report.html.</param>
/// <param name="EffectName">what the effect is, with its unit.</param>
/// <param name="PaperSign">sign of the effect the paper reports (+1 or −1).</param>
/// <param name="Effect">the effect, its 95 % interval and what the interval rests on.</param>
public sealed record ClaimVerdict(string Claim, string Status, string Measured, string Figure, string Anchor, string EffectName, int PaperSign, Vitrion.Analysis.Statistics.EffectEstimate Effect);

/// <summary>
/// results.json of a paper run: every number of the report, from the typed records of the stages (schema in
/// docs/results-schema.md). Written and read by <see cref="Write"/>/<see cref="Read"/> only.
/// </summary>
/// <param name="Schema">schema name and version.</param>
/// <param name="Preset">preset name.</param>
/// <param name="Engine">who ran the MD: vitrion or lammps.</param>
/// <param name="FromLammps">folder of the LAMMPS trajectories, or null.</param>
/// <param name="ForceThreadsPerStage">threads of every force evaluation (results depend on it, not on --threads).</param>
/// <param name="ReplicasPerComposition">independent models per composition.</param>
/// <param name="Stages">status of every stage, in graph order.</param>
/// <param name="Compositions">replica 1 of every composition, in preset order (the structure analyses run on it).</param>
/// <param name="Replicas">every model: each replica of each composition, composition-major.</param>
/// <param name="Pooled">per composition: mean ± between-replica standard error of the headline numbers.</param>
/// <param name="SoftnessModel">how the applied softness model was trained, or null.</param>
/// <param name="SoftnessReplicas">training across replicas with accuracies on held-out replicas, or null.</param>
/// <param name="Barriers">the NEB sample pooled over replicas, or null.</param>
/// <param name="Claims">the paper's claims against this run.</param>
public sealed record PaperResults(string Schema, string Preset, string Engine, string? FromLammps, int ForceThreadsPerStage, int ReplicasPerComposition,
    IReadOnlyDictionary<string, StageRecord> Stages, IReadOnlyList<CompositionResults> Compositions, IReadOnlyList<CompositionResults> Replicas, IReadOnlyList<PooledComposition> Pooled,
    SoftnessTrainRecord? SoftnessModel, SoftnessReplicaRecord? SoftnessReplicas, BarrierSummary? Barriers, IReadOnlyList<ClaimVerdict> Claims)
{
    /// <summary>Schema identifier written into every results.json.</summary>
    public const string SchemaName = "vitrion-paper-results/3";

    /// <summary>Writes results.json.</summary>
    /// <param name="path">file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads results.json (strict: a missing or unknown field is an error).</summary>
    /// <param name="path">file.</param>
    /// <returns>the results.</returns>
    public static PaperResults Read(string path) => ResultJson.Read<PaperResults>(path);

    /// <summary>The results of one composition.</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    /// <returns>its results.</returns>
    public CompositionResults Composition(int p2s6Percent) => Compositions.Single(c => c.P2s6Percent == p2s6Percent);
}
