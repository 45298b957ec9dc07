using System.Globalization;

namespace Vitrion.Workflows.Paper;

/// <summary>
/// Every path of a paper run folder, in one place: <c>OUT/p2s6-XX/TNNN/...</c> per composition and temperature,
/// <c>OUT/softness/</c> for the model, <c>OUT/figures/</c>, <c>OUT/.stages/</c> for the stage markers, and the run's
/// top-level files. Nothing else spells a file name of a run.
/// </summary>
/// <param name="Root">output folder (absolute).</param>
public sealed record PaperLayout(string Root)
{
    /// <summary>Layout of <paramref name="outDir"/> (made absolute).</summary>
    /// <param name="outDir">output folder.</param>
    /// <returns>the layout.</returns>
    public static PaperLayout Of(string outDir) => new(Path.GetFullPath(outDir));

    /// <summary>Name of the folder of composition <paramref name="p2s6Percent"/> (<c>p2s6-05</c>).</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    /// <returns>folder name.</returns>
    public static string CompositionName(int p2s6Percent) => string.Create(CultureInfo.InvariantCulture, $"p2s6-{p2s6Percent:00}");

    /// <summary>Name of the folder of replica <paramref name="replica"/> of a composition: <c>p2s6-05</c> for replica 1 (the single model of earlier runs), <c>p2s6-05-r2</c> … for the others.</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    /// <param name="replica">replica number (1-based).</param>
    /// <returns>folder name.</returns>
    public static string CompositionName(int p2s6Percent, int replica)
    {
        if (replica < 1) { throw new ArgumentOutOfRangeException(nameof(replica), "replicas are numbered from 1"); }
        return replica == 1 ? CompositionName(p2s6Percent) : string.Create(CultureInfo.InvariantCulture, $"p2s6-{p2s6Percent:00}-r{replica}");
    }

    /// <summary>Name of the folder of temperature <paramref name="temperatureK"/> (<c>T700</c>).</summary>
    /// <param name="temperatureK">temperature [K].</param>
    /// <returns>folder name.</returns>
    public static string TemperatureName(double temperatureK) => string.Create(CultureInfo.InvariantCulture, $"T{temperatureK:0}");

    /// <summary>manifest.json: settings and seeds.</summary>
    public string Manifest => Path.Combine(Root, "manifest.json");

    /// <summary>results.json: every number of the report (<see cref="PaperResults"/>).</summary>
    public string Results => Path.Combine(Root, "results.json");

    /// <summary>report.html.</summary>
    public string Report => Path.Combine(Root, "report.html");

    /// <summary>run-log.csv: start, end, threads and memory of every stage.</summary>
    public string RunLog => Path.Combine(Root, "run-log.csv");

    /// <summary>Folder of the stage markers.</summary>
    public string Stages => Path.Combine(Root, ".stages");

    /// <summary>Folder of the main figures.</summary>
    public string Figures => Path.Combine(Root, "figures");

    /// <summary>Folder of the softness model.</summary>
    public string SoftnessDir => Path.Combine(Root, "softness");

    /// <summary>The softness model file.</summary>
    public string SoftnessModel => Path.Combine(SoftnessDir, "model.json");

    /// <summary>The training record (<see cref="Tasks.SoftnessTrainRecord"/>).</summary>
    public string SoftnessTrain => Path.Combine(SoftnessDir, "train.json");

    /// <summary>Accuracy of one feature set of the study (<see cref="Tasks.FeatureSetScoreRecord"/>).</summary>
    /// <param name="set">feature set name.</param>
    /// <returns>path.</returns>
    public string SoftnessStudy(string set) => Path.Combine(SoftnessDir, "study-" + set + ".json");

    /// <summary>The exported feature matrix.</summary>
    public string SoftnessFeatures => Path.Combine(SoftnessDir, "features.csv");

    /// <summary>Marker file of a finished stage.</summary>
    /// <param name="stage">stage name (slashes allowed).</param>
    /// <returns>path.</returns>
    public string StageMarker(string stage) => Path.Combine(Stages, stage.Replace('/', '_') + ".done");

    /// <summary>Paths of one composition.</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    /// <returns>its layout.</returns>
    public CompositionLayout Composition(int p2s6Percent) => new(Path.Combine(Root, CompositionName(p2s6Percent)), p2s6Percent);

    /// <summary>Paths of one replica of a composition (replica 1 is <see cref="Composition(int)"/>).</summary>
    /// <param name="p2s6Percent">P2S6 share of P [%].</param>
    /// <param name="replica">replica number (1-based).</param>
    /// <returns>its layout.</returns>
    public CompositionLayout Composition(int p2s6Percent, int replica) => new(Path.Combine(Root, CompositionName(p2s6Percent, replica)), p2s6Percent, replica);

    /// <summary>The softness model trained across replicas with its held-out accuracies (<see cref="Tasks.SoftnessReplicaRecord"/>).</summary>
    public string SoftnessReplicas => Path.Combine(SoftnessDir, "replicas.json");

    /// <summary>One held-out fold of the training across replicas (<see cref="Tasks.HeldOutFold"/>).</summary>
    /// <param name="tail">label tail (top/bottom fraction of Dcum).</param>
    /// <param name="replica">held-out replica.</param>
    /// <returns>path.</returns>
    public string SoftnessFold(double tail, int replica) => Path.Combine(SoftnessDir, string.Create(CultureInfo.InvariantCulture, $"heldout-{tail * 100:0}-r{replica}.json"));
}

/// <summary>Paths of one composition of a paper run.</summary>
/// <param name="Dir">folder (<c>OUT/p2s6-XX</c>).</param>
/// <param name="P2s6Percent">P2S6 share of P [%].</param>
/// <param name="Replica">replica number (1-based).</param>
public sealed record CompositionLayout(string Dir, int P2s6Percent, int Replica = 1)
{
    /// <summary>Folder name.</summary>
    public string Name => PaperLayout.CompositionName(P2s6Percent, Replica);

    /// <summary>The built (packed) model.</summary>
    public string Glass => Path.Combine(Dir, "glass.data");

    /// <summary>The melt-quench protocol (TOML written from the record).</summary>
    public string PrepareProtocol => Path.Combine(Dir, "prepare.toml");

    /// <summary>The melt-quenched glass.</summary>
    public string Prepared => Path.Combine(Dir, "prepared.data");

    /// <summary>Thermo CSV of the melt-quench.</summary>
    public string PrepareThermo => Path.Combine(Dir, "prepare-thermo.csv");

    /// <summary>Summary of the melt-quench run.</summary>
    public string PrepareJson => Path.Combine(Dir, "prepare.json");

    /// <summary>Arrhenius record.</summary>
    public string Arrhenius => Path.Combine(Dir, "arrhenius.json");

    /// <summary>Arrhenius plot.</summary>
    public string ArrheniusPng => Path.Combine(Dir, "arrhenius.png");

    /// <summary>Cluster census record.</summary>
    public string Clusters => Path.Combine(Dir, "clusters.json");

    /// <summary>Cluster census tables and plot.</summary>
    public string ClustersDir => Path.Combine(Dir, "clusters");

    /// <summary>g(r) tables and plot.</summary>
    public string RdfDir => Path.Combine(Dir, "rdf");

    /// <summary>g(r) summary record.</summary>
    public string Rdf => Path.Combine(Dir, "rdf", "rdf.json");

    /// <summary>S(q) record.</summary>
    public string Sq => Path.Combine(Dir, "sq.json");

    /// <summary>S(q) table and plot.</summary>
    public string SqDir => Path.Combine(Dir, "sq");

    /// <summary>Voronoi volumes.</summary>
    public string VoronoiCsv => Path.Combine(Dir, "voronoi.csv");

    /// <summary>Voronoi summary record.</summary>
    public string Voronoi => Path.Combine(Dir, "voronoi.json");

    /// <summary>Energy of the prepared glass.</summary>
    public string Energy => Path.Combine(Dir, "energy.json");

    /// <summary>Li traces (CSV without extension, as the command's default; the PNG is trace.png).</summary>
    public string Trace => Path.Combine(Dir, "trace");

    /// <summary>Trace summary record.</summary>
    public string TraceJson => Path.Combine(Dir, "trace.json");

    /// <summary>Persistent homology folder (homology.json inside).</summary>
    public string HomologyDir => Path.Combine(Dir, "homology");

    /// <summary>Homology record.</summary>
    public string Homology => Path.Combine(HomologyDir, "homology.json");

    /// <summary>Rings folder (rings.json, ring_sizes.csv inside).</summary>
    public string RingsDir => Path.Combine(Dir, "rings");

    /// <summary>Rings record.</summary>
    public string Rings => Path.Combine(RingsDir, "rings.json");

    /// <summary>Ring-size table.</summary>
    public string RingSizes => Path.Combine(RingsDir, "ring_sizes.csv");

    /// <summary>Quench record.</summary>
    public string QuenchJson => Path.Combine(Dir, "quench.json");

    /// <summary>Softness of every Li of the quenched frames.</summary>
    public string Softness => Path.Combine(Dir, "softness.csv");

    /// <summary>Softness as extended XYZ.</summary>
    public string SoftnessXyz => Path.Combine(Dir, "softness.xyz");

    /// <summary>Softness analysis folder.</summary>
    public string SoftnessAnalysisDir => Path.Combine(Dir, "softness-analysis");

    /// <summary>Softness analysis record.</summary>
    public string SoftnessAnalysis => Path.Combine(SoftnessAnalysisDir, "analysis.json");

    /// <summary>NEB folder.</summary>
    public string NebDir => Path.Combine(Dir, "neb");

    /// <summary>NEB hops (one row per hop).</summary>
    public string NebCsv => Path.Combine(NebDir, "barriers.csv");

    /// <summary>NEB batch record.</summary>
    public string NebJson => Path.Combine(NebDir, "batch.json");

    /// <summary>Paths of one temperature.</summary>
    /// <param name="temperatureK">temperature [K].</param>
    /// <returns>its layout.</returns>
    public TemperatureLayout Temperature(double temperatureK) => new(Path.Combine(Dir, PaperLayout.TemperatureName(temperatureK)), temperatureK);
}

/// <summary>Paths of one production temperature of one composition.</summary>
/// <param name="Dir">folder (<c>OUT/p2s6-XX/TNNN</c>).</param>
/// <param name="TemperatureK">temperature [K].</param>
public sealed record TemperatureLayout(string Dir, double TemperatureK)
{
    /// <summary>Folder name.</summary>
    public string Name => PaperLayout.TemperatureName(TemperatureK);

    /// <summary>Production trajectory.</summary>
    public string Trajectory => Path.Combine(Dir, "trajectory.dump");

    /// <summary>Inherent structures of the trajectory.</summary>
    public string Inherent => Path.Combine(Dir, "inherent.dump");

    /// <summary>Thermo CSV.</summary>
    public string Thermo => Path.Combine(Dir, "thermo.csv");

    /// <summary>Final state.</summary>
    public string Final => Path.Combine(Dir, "final.data");

    /// <summary>MD run record.</summary>
    public string Md => Path.Combine(Dir, "md.json");

    /// <summary>Diffusion record.</summary>
    public string Diffusion => Path.Combine(Dir, "diffusion.json");

    /// <summary>MSD plot.</summary>
    public string MsdPng => Path.Combine(Dir, "msd.png");

    /// <summary>Production protocol of the LAMMPS engine.</summary>
    public string ProductionProtocol => Path.Combine(Dir, "production.toml");
}
