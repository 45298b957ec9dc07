using System.Globalization;
using System.Text;
using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="RdfTask"/> (<c>vitrion analyze rdf</c>).</summary>
/// <param name="Input">structure or trajectory.</param>
/// <param name="Pairs">pairs A-B, comma-separated (e.g. Li-S,P-S).</param>
/// <param name="OutputDir">folder for rdf.csv and rdf.png, or null.</param>
/// <param name="RMaxA">largest distance [Å].</param>
/// <param name="Bins">bins over 0..RMaxA.</param>
/// <param name="ClusterCutoffA">bond cutoff for '@' groups [Å].</param>
public sealed record RdfTaskOptions(string Input, string Pairs, string? OutputDir = null, double RMaxA = 10.0, int Bins = 200, double ClusterCutoffA = 2.6)
{
    /// <summary>CSV path (the PNG beside it with .png) instead of rdf.csv/rdf.png in <see cref="RdfTaskOptions.OutputDir"/>, or null.</summary>
    public string? Csv { get; init; }

    /// <summary>Format and frame slice of the input (default: all frames, format from the extension).</summary>
    public TrajectorySelection Selection { get; init; } = new();
}

/// <summary>First shell of one partial g(r).</summary>
/// <param name="Pair">pair label.</param>
/// <param name="CountA">atoms of group A.</param>
/// <param name="CountB">atoms of group B.</param>
/// <param name="FirstPeakRA">position of the highest peak [Å].</param>
/// <param name="FirstMinimumRA">first minimum after it [Å].</param>
/// <param name="CoordinationAtFirstMinimum">running coordination number there.</param>
public sealed record RdfPairRecord(string Pair, double CountA, double CountB, double FirstPeakRA, double FirstMinimumRA, double CoordinationAtFirstMinimum);

/// <summary>Partial g(r) summary.</summary>
/// <param name="Input">file analysed.</param>
/// <param name="Frames">frames averaged.</param>
/// <param name="RMaxA">largest distance [Å].</param>
/// <param name="Bins">bins.</param>
/// <param name="Pairs">first shell of each pair.</param>
public sealed record RdfRecord(string Input, int Frames, double RMaxA, int Bins, IReadOnlyList<RdfPairRecord> Pairs)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static RdfRecord Read(string path) => ResultJson.Read<RdfRecord>(path);
}

/// <summary>Partial pair distribution functions with LAMMPS compute rdf normalisation.</summary>
public static class RdfTask
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="o">options.</param>
    /// <param name="table">also receives the CSV table, or null.</param>
    /// <returns>the summary (CSV/PNG written when <see cref="RdfTaskOptions.OutputDir"/> or <see cref="RdfTaskOptions.Csv"/> is set).</returns>
    /// <exception cref="InputException">for bad settings (naming the option) or inputs.</exception>
    public static RdfRecord Run(RdfTaskOptions o, TextWriter? table = null)
    {
        if (!(o.RMaxA > 0)) { throw new InputException("--rmax must be positive"); }
        if (o.Bins < 1 || o.Bins > StructureInput.MaxBins) { throw new InputException($"--bins must lie in 1..{StructureInput.MaxBins}, got {o.Bins}"); }
        var rdf = new RadialDistribution(o.Pairs, new RdfOptions { RMax = o.RMaxA, Bins = o.Bins, ClusterCutoff = o.ClusterCutoffA });
        foreach (var f in TrajectoryInput.Frames(o.Input, o.Selection))
        {
            StructureInput.CheckReach(o.Input, f, "--rmax", o.RMaxA, StructureInput.ImageReach);
            StructureInput.CheckReach(o.Input, f, "--cluster-cutoff", o.ClusterCutoffA, StructureInput.MinimumImageReach);
            rdf.Add(f);
        }

        if (rdf.Frames == 0) { throw new InputException(o.Input, 0, "no frame selected (check --frames)"); }
        var res = rdf.Result();
        var pairs = res.Partials.Select(p =>
        {
            var (peak, min, n) = FirstShell(res.R, p);
            return new RdfPairRecord(p.Label, p.CountA, p.CountB, peak, min, n);
        }).ToList();
        var (csvPath, pngPath) = StructureInput.Outputs(o.Csv, o.OutputDir, "rdf");
        if (csvPath is not null || table is not null)
        {
            var csv = new StringBuilder("r_A");
            foreach (var p in res.Partials) { csv.Append(CultureInfo.InvariantCulture, $",g_{p.Label},n_{p.Label}"); }
            csv.AppendLine();
            for (int b = 0; b < res.R.Length; b++)
            {
                csv.Append(res.R[b].ToString("R", CultureInfo.InvariantCulture));
                foreach (var p in res.Partials) { csv.Append(CultureInfo.InvariantCulture, $",{p.G[b]:R},{p.Coordination[b]:R}"); }
                csv.AppendLine();
            }

            table?.Write(csv.ToString());
            if (csvPath is not null)
            {
                AtomicFile.WriteAllText(csvPath, csv.ToString());
                Charts.Lines(pngPath!, FormattableString.Invariant($"g(r), {res.Frames} frame(s)"), "r [Å]", "g(r)", res.Partials.Select(p => new Series(p.Label, res.R, p.G)));
            }
        }

        return new RdfRecord(o.Input, res.Frames, o.RMaxA, res.R.Length, pairs);
    }

    private static (double Peak, double Min, double NAtMin) FirstShell(IReadOnlyList<double> r, PartialRdf p)
    {
        if (p.G.All(g => g == 0)) { return (double.NaN, double.NaN, double.NaN); }
        int ip = 0;
        for (int b = 1; b < p.G.Length; b++) { if (p.G[b] > p.G[ip]) { ip = b; } }
        int im = ip;
        double dr = r.Count > 1 ? r[1] - r[0] : 1;
        int end = Math.Min(p.G.Length, ip + (int)Math.Ceiling(2.0 / dr) + 1);
        for (int b = ip; b < end; b++) { if (p.G[b] < p.G[im]) { im = b; } }
        return (Math.Round(r[ip], 6), Math.Round(r[im] + 0.5 * dr, 6), Math.Round(p.Coordination[im], 6));
    }
}
