using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.Workflows.Paper;

/// <summary>
/// Settings of one <c>vitrion paper</c> preset: compositions (P2S6 share of P in percent) at a scale of the Chen 2023
/// series, the melt-quench protocol (steps per stage, 1 fs), production NVT temperatures and lengths, frame spacing,
/// softness windows and NEB hops.
/// </summary>
public sealed record PaperPreset
{
    /// <summary>Preset name.</summary>
    public required string Name { get; init; }

    /// <summary>Compositions: P2S6 share of P [%].</summary>
    public required ImmutableArray<int> Compositions { get; init; }

    /// <summary>Scale of the series (0.1 ≈ 800 atoms).</summary>
    public double Scale { get; init; } = 0.1;

    /// <summary>Steps of minimisation, NVT melt (1500 K), NPT densify (1500 K), NPT quench to the lowest production T, NPT relax.</summary>
    public (int Minimise, int Melt, int Densify, int Quench, int Relax) Prepare { get; init; }

    /// <summary>Production temperatures [K].</summary>
    public required ImmutableArray<double> Temperatures { get; init; }

    /// <summary>Production NVT steps per temperature (1 fs).</summary>
    public int ProductionSteps { get; init; }

    /// <summary>Dump interval [steps].</summary>
    public int DumpEvery { get; init; }

    /// <summary>Temperature [K] whose trajectory trains the softness model.</summary>
    public double SoftnessTemperature { get; init; }

    /// <summary>D²min lag and Dcum window in frames.</summary>
    public (int Lag, int Window) SoftnessFrames { get; init; }

    /// <summary>
    /// Pooled time origins of the softness training: frames between origins and their largest number (default 2 and
    /// 8, the command's defaults). An 800-atom model has only ~260 Li, so longer trajectories pool every origin.
    /// </summary>
    public (int Stride, int Max) SoftnessOrigins { get; init; } = (2, 8);

    /// <summary>
    /// Independent models per composition (own build seed, melt-quench and production runs; default 1). Replica 1 uses
    /// the seeds of a single-model run, so <c>--replicas 1</c> reproduces it.
    /// </summary>
    public int Replicas { get; init; } = 1;

    /// <summary>With two or more replicas: train the softness model on the replicas of the first composition only, or of every composition.</summary>
    public SoftnessScope SoftnessTrainOn { get; init; } = SoftnessScope.First;

    /// <summary>Label tails (top/bottom fraction of Dcum) whose accuracies on held-out replicas are reported; the model itself uses 0.2.</summary>
    public ImmutableArray<double> SoftnessTails { get; init; } = [0.2, 0.1];

    /// <summary>NEB hops per replica of the first composition.</summary>
    public int NebPairs { get; init; }

    /// <summary>NEB images.</summary>
    public int NebImages { get; init; } = 7;

    /// <summary>NEB settings: band force tolerance [kcal/mol/Å], climbing-stage step limit, end-state relaxation tolerance [kcal/mol/Å] and step limit.</summary>
    public (double Fmax, int MaxSteps, double RelaxFmax, int RelaxSteps) Neb { get; init; } = (0.1, 2000, 0.05, 3000);

    /// <summary>What a user should expect.</summary>
    public required string Expectation { get; init; }

    /// <summary>Compositions × replicas: every (P2S6 share, replica) of the run, composition-major.</summary>
    public IEnumerable<(int P2s6Percent, int Replica)> Units => Compositions.SelectMany(p => Enumerable.Range(1, Replicas).Select(r => (p, r)));

    /// <summary>The presets.</summary>
    public static PaperPreset Get(string name) => name.ToLowerInvariant() switch
    {
        "quick" => new PaperPreset
        {
            Name = "quick",
            Compositions = [5, 25],
            Prepare = (300, 4000, 8000, 12000, 4000),
            Temperatures = [700, 900, 1100],
            ProductionSteps = 12000,
            DumpEvery = 500,
            SoftnessTemperature = 900,
            SoftnessFrames = (2, 10),
            NebPairs = 8,
            NebImages = 7,
            Neb = (0.25, 1000, 0.1, 3000),
            Expectation = "quick preset: two compositions (P2S6 5 % and 25 %) at scale 0.1 (~800 atoms), 28 ps melt-quench (compressed at 1500 K under 10 kbar, quenched at 83 K/ps), 12 ps at each of 700/900/1100 K, softness on quenched frames, 8 NEB hops; about 2 minutes on 2 cores (at most 5). Trends are indicative only.",
        },
        // Sized to decide (docs/standard-preset.md): the composition trends are slopes against the P2S6 share, whose
        // error falls with the spread of the shares and the number of independent glasses, so three shares at the ends
        // and middle of the series with four replicas each (12 glasses) beat five shares with one glass each; ~800
        // atoms and 50 ps per temperature keep 12 glasses × (80 ps melt-quench + 4 × 50 ps) near an hour on 2 cores.
        "standard" => new PaperPreset
        {
            Name = "standard",
            Compositions = [5, 15, 25],
            Replicas = 4,
            Prepare = (500, 10000, 10000, 40000, 20000),
            Temperatures = [500, 600, 700, 800],
            ProductionSteps = 50000,
            DumpEvery = 1000,
            SoftnessTemperature = 600,
            SoftnessFrames = (1, 20),
            SoftnessOrigins = (1, 31),
            NebPairs = 24,
            NebImages = 7,
            Neb = (0.25, 1000, 0.1, 3000),
            Expectation = "standard preset: P2S6 5/15/25 % with 4 independent glasses each at scale 0.1 (~800 atoms), 80 ps melt-quench, 50 ps at each of 500–800 K, softness trained across replicas and tested on held-out ones, 24 NEB hops per replica of the 5 % glass; about 1 to 1.5 hours on 2 cores.",
        },
        "full" => new PaperPreset
        {
            Name = "full",
            Compositions = [5, 10, 15, 20, 25],
            Scale = 1.0,
            Prepare = (1000, 50000, 50000, 1000000, 100000),
            Temperatures = [500, 600, 700, 800],
            ProductionSteps = 1000000,
            DumpEvery = 1000,
            SoftnessTemperature = 600,
            SoftnessFrames = (1, 20),
            SoftnessOrigins = (1, 100),
            NebPairs = 100,
            NebImages = 9,
            Expectation = "full preset: the paper's scale (~8000 atoms) and a 1 K/ps quench; days on one machine — consider --engine lammps.",
        },
        // Not advertised: the same stages on a ~270-atom model with a few hundred steps each, so that tests can run the
        // whole chain (and kill and resume it) in well under a minute. Its numbers mean nothing physically.
        "tiny" => new PaperPreset
        {
            Name = "tiny",
            Compositions = [5, 25],
            Scale = 1.0 / 30.0,
            Prepare = (50, 300, 300, 300, 200),
            Temperatures = [700, 900, 1100],
            ProductionSteps = 1200,
            DumpEvery = 50,
            SoftnessTemperature = 900,
            SoftnessFrames = (2, 10),
            NebPairs = 1,
            NebImages = 3,
            Neb = (2.0, 20, 2.0, 40),
            Expectation = "tiny preset (for tests): two compositions at scale 1/30 (~270 atoms), 1.15 ps melt-quench, 1.2 ps at each of 700/900/1100 K; seconds to a minute. The numbers are meaningless; it only exercises every stage.",
        },
        _ => throw new InputException($"unknown preset '{name}'; use quick, standard or full"),
    };
}

/// <summary>Which compositions' replicas train the softness model.</summary>
public enum SoftnessScope
{
    /// <summary>The replicas of the first composition of the preset.</summary>
    First,

    /// <summary>The replicas of every composition.</summary>
    All,
}
