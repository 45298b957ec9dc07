using System.Globalization;
using System.Text;
using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="VoronoiTask"/> (<c>vitrion analyze voronoi</c>).</summary>
/// <param name="Input">structure (first frame used).</param>
/// <param name="Csv">CSV output (id,volume); the histogram PNG goes beside it; or null.</param>
/// <param name="Threads">worker threads (the volumes do not depend on it).</param>
public sealed record VoronoiTaskOptions(string Input, string? Csv = null, int Threads = 1)
{
    /// <summary>Folder for voronoi.csv and voronoi.png when <see cref="VoronoiTaskOptions.Csv"/> is null, or null.</summary>
    public string? OutputDir { get; init; }

    /// <summary>Radii [Å] per element or type name for a radical (Laguerre) tessellation, or null for plain Voronoi.</summary>
    public IReadOnlyDictionary<string, double>? Radii { get; init; }

    /// <summary>Format and frame slice of the input; the first selected frame is tessellated.</summary>
    public TrajectorySelection Selection { get; init; } = new();
}

/// <summary>Voronoi volumes of one type.</summary>
/// <param name="Type">type name.</param>
/// <param name="Count">atoms.</param>
/// <param name="MeanA3">mean volume [Å³].</param>
/// <param name="StdA3">standard deviation [Å³].</param>
/// <param name="MinA3">smallest [Å³].</param>
/// <param name="MaxA3">largest [Å³].</param>
public sealed record VoronoiTypeRecord(string Type, int Count, double MeanA3, double StdA3, double MinA3, double MaxA3);

/// <summary>Periodic Voronoi tessellation of one frame.</summary>
/// <param name="Input">file analysed.</param>
/// <param name="Cells">cells (atoms).</param>
/// <param name="BoxVolumeA3">box volume [Å³].</param>
/// <param name="SumVolumeA3">sum of the cell volumes [Å³].</param>
/// <param name="ByType">volumes by type.</param>
/// <param name="Radical">whether the tessellation is radical (Laguerre, <see cref="VoronoiTaskOptions.Radii"/>) rather than plain.</param>
public sealed record VoronoiRecord(string Input, int Cells, double BoxVolumeA3, double SumVolumeA3, IReadOnlyList<VoronoiTypeRecord> ByType, bool Radical = false)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static VoronoiRecord Read(string path) => ResultJson.Read<VoronoiRecord>(path);
}

/// <summary>Voronoi cell volume [Å³] of every atom of one frame.</summary>
public static class VoronoiTask
{
    /// <summary>Runs the tessellation.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    /// <param name="table">also receives the CSV table, or null.</param>
    /// <exception cref="InputException">when no frame is selected.</exception>
    public static VoronoiRecord Run(VoronoiTaskOptions o, TextWriter? table = null)
    {
        var frame = TrajectoryInput.Frames(o.Input, o.Selection).FirstOrDefault() ?? throw new InputException(o.Input, 0, "no frame selected (check --frames)");
        var res = new Voronoi(new VoronoiOptions { Radii = o.Radii, Threads = o.Threads }).Compute(frame);
        var stats = res.ByType();
        var csv = new StringBuilder("id,volume\n");
        for (int i = 0; i < res.Volumes.Length; i++) { csv.AppendLine(CultureInfo.InvariantCulture, $"{res.Ids[i]},{res.Volumes[i]:R}"); }
        table?.Write(csv.ToString());
        var (csvPath, pngPath) = StructureInput.Outputs(o.Csv, o.OutputDir, "voronoi");
        if (csvPath is not null)
        {
            AtomicFile.WriteAllText(csvPath, csv.ToString());
            Charts.Histograms(pngPath!, res.Radical ? "Radical Voronoi volumes" : "Voronoi volumes", "cell volume [Å³]",
                stats.Select(s => (s.Type, (IReadOnlyList<double>)Enumerable.Range(0, res.Volumes.Length).Where(i => res.TypeNames[res.Types[i]] == s.Type).Select(i => res.Volumes[i]).ToArray())));
        }

        return new VoronoiRecord(o.Input, res.Volumes.Length, res.BoxVolume, res.TotalVolume, stats.Select(s => new VoronoiTypeRecord(s.Type, s.Count, s.Mean, s.StdDev, s.Min, s.Max)).ToList(), res.Radical);
    }
}
