using System.Text;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.Paths;
using Vitrion.Paths.Hops;
using Vitrion.Paths.Neb;
using Vitrion.Reporting.Paths;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="NebBatchTask"/> (<c>vitrion neb batch</c>).</summary>
public sealed record NebBatchOptions
{
    /// <summary>Data file of the glass.</summary>
    public required string Data { get; init; }

    /// <summary>Softness CSV (id,softness).</summary>
    public required string Softness { get; init; }

    /// <summary>Output CSV (one row per hop); PNGs and the summary go beside it.</summary>
    public required string Csv { get; init; }

    /// <summary>Number of hops.</summary>
    public int Pairs { get; init; } = 100;

    /// <summary>Seed of the pair sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Smallest hop distance [Å].</summary>
    public double MinDistanceA { get; init; } = 5.0;

    /// <summary>Largest hop distance [Å].</summary>
    public double MaxDistanceA { get; init; } = 6.5;

    /// <summary>Softness threshold between hard and soft.</summary>
    public double Threshold { get; init; }

    /// <summary>Hop settings (images, NEB, relaxations, mobile radius, threads).</summary>
    public required HopOptions Hop { get; init; }

    /// <summary>Force-field options (threads are set per image by the runner).</summary>
    public ForceFieldOptions Field { get; init; } = new();

    /// <summary>Names of the data file's atom types in order, or null (Masses comments, else mass and charge).</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>Force-field JSON, or null for the installation's ariga2022.json.</summary>
    public string? ForceFieldFile { get; init; }
}

/// <summary>Median forward barrier of one group of hops.</summary>
/// <param name="Group">group label.</param>
/// <param name="Count">hops.</param>
/// <param name="MedianKcalPerMol">median forward barrier [kcal/mol] (NaN when empty).</param>
/// <param name="StdErrorKcalPerMol">bootstrap standard error [kcal/mol].</param>
public sealed record BarrierMedianRecord(string Group, int Count, double MedianKcalPerMol, double StdErrorKcalPerMol);

/// <summary>Summary of a NEB batch (the hops themselves are in its CSV).</summary>
/// <param name="Hops">hops run.</param>
/// <param name="Converged">bands that converged.</param>
/// <param name="Failed">hops that failed.</param>
/// <param name="Medians">medians by group over converged bands.</param>
/// <param name="WallS">summed wall time of the hops [s].</param>
public sealed record NebBatchRecord(int Hops, int Converged, int Failed, IReadOnlyList<BarrierMedianRecord> Medians, double WallS)
{
    /// <summary>The summary table (NAME_summary.txt beside the CSV): medians by group, hop counts, wall time.</summary>
    /// <returns>the text, one line per group and a closing line.</returns>
    public string Summary()
    {
        var summary = new StringBuilder();
        foreach (var m in Medians)
        {
            summary.AppendLine(FormattableString.Invariant($"{m.Group,-13} n = {m.Count,4}  median forward barrier {m.MedianKcalPerMol,8:F3} ± {m.StdErrorKcalPerMol:F3} kcal/mol (bootstrap s.e.; converged bands)"));
        }

        summary.AppendLine(FormattableString.Invariant($"{Hops} hops, {Converged} converged, {Failed} failed; wall time {WallS:F1} s ({WallS / Hops:F1} s per hop)"));
        return summary.ToString();
    }
}

/// <summary>Many Li hops sampled by softness class; barrier distributions and soft vs hard medians.</summary>
public static class NebBatchTask
{
    /// <summary>Runs the hops.</summary>
    /// <param name="o">options.</param>
    /// <param name="progress">called after each hop with (done, total), or null.</param>
    /// <returns>the summary.</returns>
    public static NebBatchRecord Run(NebBatchOptions o, Action<int, int>? progress = null)
    {
        var ld = LammpsDataReader.Read(o.Data, new LammpsDataReadOptions { TypeNames = o.TypeNames });
        var spec = o.ForceFieldFile is { } ff0 ? ForceFieldSpec.Load(ff0) : ForceFieldSpec.LoadDefault();
        Check(o.Hop);
        var ff = o.Field;
        PotentialFactory factory = (topo, box, threads) => new ArigaForceField(spec, topo, box, ff with { Threads = threads });
        var state = new SystemState(ld.Topology, ld.Box, (Vec3[])ld.Positions.Clone(), null, (Int3[])ld.Images.Clone());
        var runner = new LiHopRunner(state, factory, o.Hop);
        var soft = HopSampler.ReadSoftnessCsv(o.Softness);
        if (o.Pairs < 1) { throw new InputException("--pairs must be at least 1"); }
        var sampler = new HopSampler(o.MinDistanceA, o.MaxDistanceA, o.Threshold);
        var positions = Enumerable.Range(0, state.AtomCount).Select(state.UnwrappedPosition).ToArray();
        var list = sampler.Sample(state.Topology, state.Box, positions, soft, o.Pairs, o.Seed);
        if (list.Count == 0) { throw new InputException(o.Softness, 0, "no Li pair with softness values lies within the distance window; check the ids and --min-distance/--max-distance"); }
        string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.Csv))!, Path.GetFileNameWithoutExtension(o.Csv));
        var partial = new List<BarrierRow>();
        var rows = HopBatch.Run(runner, list, (done, total, row) =>
        {
            partial.Add(row);
            HopBatch.WriteCsv(o.Csv, partial); // keep results if interrupted
            progress?.Invoke(done, total);
        });
        HopBatch.WriteCsv(o.Csv, rows);
        var groups = HopBatch.Groups(rows, convergedOnly: true);
        IReadOnlyList<double> Get(string k) => groups.TryGetValue(k, out var l) ? l : [];
        NebCharts.BarrierDistributions(stem + ".png", "Li migration barriers by softness of the initial Li (converged bands)",
            [("soft initial", Get("soft initial")), ("hard initial", Get("hard initial"))]);
        NebCharts.BarrierDistributions(stem + "_classes.png", "Li migration barriers by hop class (converged bands)",
            [("soft→hard", Get("soft→hard")), ("hard→soft", Get("hard→soft")), ("soft→soft", Get("soft→soft")), ("hard→hard", Get("hard→hard"))]);
        var medians = new List<BarrierMedianRecord>();
        foreach (var key in new[] { "soft initial", "hard initial", "soft→hard", "hard→soft", "soft→soft", "hard→hard" })
        {
            var m = HopBatch.Median(key, Get(key));
            medians.Add(new BarrierMedianRecord(key, m.Count, m.Median, m.StandardError));
        }

        var rec = new NebBatchRecord(rows.Count, rows.Count(r => r.Converged), rows.Count(r => r.Error.Length > 0), medians, rows.Sum(r => r.WallSeconds));
        AtomicFile.WriteAllText(stem + "_summary.txt", rec.Summary());
        return rec;
    }

    /// <summary>Refuses hop settings no band can run with (<c>vitrion neb</c> and <c>neb batch</c> check the same).</summary>
    /// <param name="hop">the settings.</param>
    /// <exception cref="InputException">naming the option to fix.</exception>
    public static void Check(HopOptions hop)
    {
        if (hop.Images < 3) { throw new InputException("--images must be at least 3 (both end states and one moving image)"); }
        if (!(hop.Neb.ForceTolerance > 0)) { throw new InputException("--fmax must be positive"); }
        if (!(hop.MobileRadius >= 0)) { throw new InputException("--mobile-radius must be 0 (all atoms move) or a positive radius in Å"); }
        if (hop.Neb.Minimizer.ToLowerInvariant() is not ("fire" or "lbfgs")) { throw new InputException($"--minimizer '{hop.Neb.Minimizer}': expected fire or lbfgs"); }
    }
}
