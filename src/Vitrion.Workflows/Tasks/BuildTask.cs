using Vitrion.Build;
using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="BuildTask"/>.</summary>
/// <param name="Composition">anion counts of the model.</param>
/// <param name="Output">LAMMPS data file to write.</param>
/// <param name="Seed">random seed of the packing (same seed → identical file).</param>
/// <param name="DensityGPerCm3">starting density of the random packing [g/cm³].</param>
public sealed record BuildOptions(GlassComposition Composition, string Output, int Seed = 12345, double DensityGPerCm3 = 1.0);

/// <summary>What <see cref="BuildTask"/> built (written beside the data file as <c>DATA.build.json</c>).</summary>
/// <param name="Output">the data file.</param>
/// <param name="Atoms">atoms.</param>
/// <param name="Li">Li atoms.</param>
/// <param name="P">P atoms.</param>
/// <param name="S">S atoms.</param>
/// <param name="Ps4">PS4 units.</param>
/// <param name="P2s7">P2S7 units.</param>
/// <param name="P2s6">P2S6 units.</param>
/// <param name="Sulfide">free S(2-) units.</param>
/// <param name="P2s6ShareOfP">share of P in P2S6 (0–1).</param>
/// <param name="Charge">total charge [e].</param>
/// <param name="BoxA">cubic box edge [Å].</param>
/// <param name="DensityGPerCm3">density of the packing [g/cm³].</param>
/// <param name="Seed">seed used.</param>
/// <param name="ClosestContactsA">closest inter-unit contact per pair of types [Å].</param>
/// <param name="MinimumDistancesA">required minimum distance per pair of types [Å].</param>
public sealed record BuildResult(string Output, int Atoms, int Li, int P, int S, int Ps4, int P2s7, int P2s6, int Sulfide, double P2s6ShareOfP,
    double Charge, double BoxA, double DensityGPerCm3, int Seed, IReadOnlyDictionary<string, double> ClosestContactsA, IReadOnlyDictionary<string, double> MinimumDistancesA)
{
    /// <summary>The record file beside a data file.</summary>
    /// <param name="dataFile">the built data file.</param>
    /// <returns>its <c>.build.json</c> path.</returns>
    public static string FileFor(string dataFile) => dataFile + ".build.json";

    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static BuildResult Read(string path) => ResultJson.Read<BuildResult>(path);
}

/// <summary>Packs a Li2S–P2S5 glass model (<c>vitrion build</c>): random rigid anions plus Li in a cubic box, no overlaps.</summary>
public static class BuildTask
{
    /// <summary>Builds, writes the data file and its <c>.build.json</c>.</summary>
    /// <param name="o">options.</param>
    /// <returns>the build record.</returns>
    public static BuildResult Run(BuildOptions o)
    {
        var c = o.Composition;
        var (data, report) = new GlassBuilder(new GlassBuildOptions { Density = o.DensityGPerCm3, Seed = o.Seed }).Build(c);
        LammpsDataWriter.Write(o.Output, data);
        var r = new BuildResult(o.Output, c.AtomCount, c.Lithium, c.Phosphorus, c.SulfurAtoms, c.PS4, c.P2S7, c.P2S6, c.Sulfide, c.P2S6ShareOfP,
            data.Topology.TotalCharge, report.BoxLength, report.Density, report.Seed,
            report.ClosestContacts.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4)),
            report.RequiredMinimumDistances.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value));
        r.Write(BuildResult.FileFor(o.Output));
        return r;
    }

    /// <summary>
    /// The composition of <c>vitrion build</c>: a published series (chen2023 with its P2S6 share of P [%] and scale) or
    /// unit counts (PS4=18,P2S7=42,P2S6=9 plus free S(2-)); exactly one of the two.
    /// </summary>
    /// <param name="series">series name (chen2023), or null.</param>
    /// <param name="anions">unit counts, or null.</param>
    /// <param name="p2s6Percent">P2S6 share of P [%] of the series.</param>
    /// <param name="scale">scale of the series (1 = ~8000 atoms).</param>
    /// <param name="sulfide">free S(2-) units with <paramref name="anions"/>.</param>
    /// <returns>the composition.</returns>
    /// <exception cref="InputException">naming the option to fix.</exception>
    public static GlassComposition Composition(string? series, string? anions, int p2s6Percent, double scale, int sulfide)
    {
        if (series is not null)
        {
            if (!string.Equals(series, "chen2023", StringComparison.OrdinalIgnoreCase)) { throw new InputException($"unknown --series '{series}'; the only series is chen2023"); }
            if (anions is not null) { throw new InputException("give either --anions or --series, not both"); }
            return GlassComposition.Chen2023(p2s6Percent, scale);
        }

        return anions is not null ? GlassComposition.ParseAnions(anions, sulfide)
            : throw new InputException("say what to build: --anions PS4=18,P2S7=42,P2S6=9 or --series chen2023 --p2s6 5 --scale 0.1");
    }
}
