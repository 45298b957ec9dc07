using System.Globalization;
using Vitrion.Analysis.Homology;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Paths.Hops;
using Vitrion.Reporting;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="HomologyTask"/> (<c>vitrion analyze homology</c> / <c>rings</c>).</summary>
/// <param name="Input">structure or trajectory.</param>
/// <param name="OutputDir">output folder.</param>
/// <param name="Species">elements or type names of the points.</param>
/// <param name="CutoffA">filtration cutoff [Å].</param>
/// <param name="Frame">0-based frame.</param>
public sealed record HomologyOptions(string Input, string OutputDir, string Species = "P,S", double CutoffA = 4.5, int Frame = 0)
{
    /// <summary>Input format (data, dump, xyz), or null for the extension's.</summary>
    public string? Format { get; init; }

    /// <summary>Highest homology dimension, 0 or 1 (H2 is not computed).</summary>
    public int MaxDimension { get; init; } = 1;
}

/// <summary>Options of the ring search of <see cref="HomologyTask.Rings"/>.</summary>
/// <param name="Homology">input, output folder, points, cutoff.</param>
/// <param name="Softness">softness CSV (id,softness; means over rows), or null.</param>
/// <param name="LiCutoffA">a Li is near a ring within this distance of a ring atom [Å].</param>
/// <param name="MinPersistenceA">ignore loops that live shorter than this [Å].</param>
public sealed record RingsOptions(HomologyOptions Homology, string? Softness = null, double LiCutoffA = 3.0, double MinPersistenceA = 0.0);

/// <summary>Persistent homology of the P–S network (homology.json).</summary>
/// <param name="Input">file analysed.</param>
/// <param name="Frame">frame.</param>
/// <param name="Filtration">filtration described in words.</param>
/// <param name="CutoffA">cutoff [Å].</param>
/// <param name="Points">points.</param>
/// <param name="Edges">edges below the cutoff.</param>
/// <param name="Triangles">triangles below the cutoff.</param>
/// <param name="H0Pairs">H0 bars.</param>
/// <param name="H1Pairs">H1 bars.</param>
/// <param name="H1Essential">H1 classes alive at the cutoff.</param>
public sealed record HomologyRecord(string Input, int Frame, string Filtration, double CutoffA, int Points, int Edges, long Triangles, int H0Pairs, int H1Pairs, int H1Essential)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static HomologyRecord Read(string path) => ResultJson.Read<HomologyRecord>(path);
}

/// <summary>Rings of one size.</summary>
/// <param name="Size">ring size [atoms].</param>
/// <param name="Count">rings.</param>
/// <param name="MeanExtentA">mean extent [Å].</param>
/// <param name="QTwoPiOverExtentInvA">2π / mean extent [1/Å].</param>
/// <param name="MeanLiSoftness">mean softness of Li near these rings (NaN without softness).</param>
/// <param name="SoftnessStderr">its standard error.</param>
/// <param name="LiSamples">Li values averaged.</param>
public sealed record RingSizeRecord(int Size, int Count, double MeanExtentA, double QTwoPiOverExtentInvA, double MeanLiSoftness, double SoftnessStderr, int LiSamples);

/// <summary>Rings of the P–S network (rings.json).</summary>
/// <param name="Homology">the homology it stands on.</param>
/// <param name="Rings">rings found.</param>
/// <param name="RingsLargerThan8">rings of more than 8 atoms.</param>
/// <param name="Sizes">statistics by size.</param>
public sealed record RingsRecord(HomologyRecord Homology, int Rings, int RingsLargerThan8, IReadOnlyList<RingSizeRecord> Sizes)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static RingsRecord Read(string path) => ResultJson.Read<RingsRecord>(path);
}

/// <summary>Persistent homology (H0, H1; Vietoris–Rips on minimum-image distances) and rings of the P–S network.</summary>
public static class HomologyTask
{
    /// <summary>Diagrams and Betti curves (diagram_h0.csv, diagram_h1.csv, betti.csv, PNGs, homology.json).</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    public static HomologyRecord Run(HomologyOptions o)
    {
        var (frame, diagram, _, _, rec) = Compute(o);
        string dir = o.OutputDir;
        double rc = o.CutoffA;
        var names = Names(o);
        WriteDiagram(Path.Combine(dir, "diagram_h0.csv"), diagram.Dimension(0), diagram.Filtration);
        WriteDiagram(Path.Combine(dir, "diagram_h1.csv"), diagram.Dimension(1), diagram.Filtration);
        var grid = Enumerable.Range(0, 201).Select(k => rc * k / 200.0).ToArray();
        var b0 = grid.Select(r => (double)diagram.Betti(0, r)).ToArray();
        var b1 = grid.Select(r => (double)diagram.Betti(1, r)).ToArray();
        AtomicFile.WriteText(Path.Combine(dir, "betti.csv"), w =>
        {
            w.WriteLine($"# {diagram.Filtration}");
            w.WriteLine("r_A,betti0,betti1");
            for (int k = 0; k < grid.Length; k++) { w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{grid[k]:R},{b0[k]},{b1[k]}")); }
        });
        var h1 = diagram.Dimension(1).Where(p => !p.IsEssential).ToList();
        Charts.Lines(Path.Combine(dir, "diagram.png"), $"H1 persistence diagram ({string.Join(",", names)}, Rips, cutoff {rc.ToString(CultureInfo.InvariantCulture)} Å)", "birth [Å]", "death [Å]",
        [
            new Series($"H1 ({h1.Count} finite)", h1.Select(p => p.Birth).ToArray(), h1.Select(p => p.Death).ToArray(), Markers: true),
            new Series("diagonal", [0, rc], [0, rc]),
        ]);
        Charts.Lines(Path.Combine(dir, "betti.png"), "Betti curves", "filtration radius r [Å]", "Betti number", [new Series("β0", grid, b0), new Series("β1", grid, b1)], logY: false);
        rec.Write(Path.Combine(dir, "homology.json"));
        _ = frame;
        return rec;
    }

    /// <summary>Rings from the H1 classes (rings.csv, ring_sizes.csv, PNGs, rings.json).</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    public static RingsRecord Rings(RingsOptions o)
    {
        var (frame, diagram, idx, graph, hom) = Compute(o.Homology);
        string dir = o.Homology.OutputDir;
        var found = Vitrion.Analysis.Homology.Rings.Find(frame, idx, graph, diagram, o.MinPersistenceA);
        Dictionary<int, double>? soft = o.Softness is string sp ? HopSampler.ReadSoftnessCsv(sp, meanOverRows: true) : null;
        var stats = Vitrion.Analysis.Homology.Rings.BySize(frame, found, soft, o.LiCutoffA);
        AtomicFile.WriteText(Path.Combine(dir, "rings.csv"), w =>
        {
            w.WriteLine($"# {diagram.Filtration}; ring = birth edge + shortest path at birth");
            w.WriteLine("ring,size,birth_A,death_A,extent_A,cx,cy,cz,atom_ids,clusters");
            for (int k = 0; k < found.Length; k++)
            {
                var r = found[k];
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{k},{r.Size},{r.Birth:R},{r.Death:R},{r.Extent:F4},{r.Centroid.X:F4},{r.Centroid.Y:F4},{r.Centroid.Z:F4},{string.Join(" ", r.Atoms.Select(a => frame.Ids[a]))},{string.Join(" ", r.Clusters)}"));
            }
        });
        AtomicFile.WriteText(Path.Combine(dir, "ring_sizes.csv"), w =>
        {
            w.WriteLine("size,count,mean_extent_A,q_2pi_over_extent_invA,mean_li_softness,softness_stderr,li_samples");
            foreach (var s in stats)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Size},{s.Count},{s.MeanExtent:F4},{s.CharacteristicQ:F4},{s.MeanSoftness:R},{s.SoftnessStdError:R},{s.LiCount}"));
            }
        });
        Charts.Lines(Path.Combine(dir, "ring_sizes.png"), "Ring-size distribution (persistent homology)", "ring size [atoms]", "count",
            [new Series("rings", stats.Select(s => (double)s.Size).ToArray(), stats.Select(s => (double)s.Count).ToArray(), Markers: true)]);
        if (soft is not null)
        {
            var ok = stats.Where(s => double.IsFinite(s.MeanSoftness)).ToList();
            Charts.Lines(Path.Combine(dir, "ring_softness.png"), "Softness of Li near rings, by ring size (Fig. S5)", "ring size [atoms]", "mean Li softness",
                [new Series("mean ± s.e.", ok.Select(s => (double)s.Size).ToArray(), ok.Select(s => s.MeanSoftness).ToArray(), Markers: true, YError: ok.Select(s => double.IsFinite(s.SoftnessStdError) ? s.SoftnessStdError : 0).ToArray())]);
        }

        var rec = new RingsRecord(hom, found.Length, found.Count(r => r.Size > 8),
            stats.Select(s => new RingSizeRecord(s.Size, s.Count, s.MeanExtent, s.CharacteristicQ, s.MeanSoftness, s.SoftnessStdError, s.LiCount)).ToList());
        rec.Write(Path.Combine(dir, "rings.json"));
        return rec;
    }

    private static string[] Names(HomologyOptions o) => o.Species.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (Frame Frame, PersistenceDiagram Diagram, int[] Indices, DistanceGraph Graph, HomologyRecord Record) Compute(HomologyOptions o)
    {
        var frame = TrajectoryInput.Frames(o.Input, new TrajectorySelection { Format = o.Format }).Skip(o.Frame).FirstOrDefault() ?? throw new InputException(o.Input, 0, $"no frame {o.Frame} in the file");
        if (Names(o).Length == 0) { throw new InputException("--species names no species; give elements or type names, e.g. --species P,S"); }
        if (!(o.CutoffA > 0)) { throw new InputException("--cutoff must be positive"); }
        if (o.MaxDimension is < 0 or > 1) { throw new InputException("--max-dim must be 0 or 1 (H2 is not implemented)"); }
        Directory.CreateDirectory(o.OutputDir);
        var (diagram, idx, graph) = PersistentHomology.OfFrame(frame, Names(o), o.CutoffA);
        var rec = new HomologyRecord(o.Input, o.Frame, diagram.Filtration, o.CutoffA, diagram.PointCount, diagram.EdgeCount, diagram.TriangleCount,
            diagram.Dimension(0).Count(), diagram.Dimension(1).Count(), diagram.Dimension(1).Count(p => p.IsEssential));
        return (frame, diagram, idx, graph, rec);
    }

    private static void WriteDiagram(string path, IEnumerable<PersistencePair> pairs, string filtration) => AtomicFile.WriteText(path, w =>
    {
        w.WriteLine($"# {filtration}; death = inf for classes alive at the cutoff");
        w.WriteLine("dimension,birth_A,death_A,birth_atom_a,birth_atom_b");
        foreach (var p in pairs)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Dimension},{p.Birth:R},{(p.IsEssential ? "inf" : p.Death.ToString("R", CultureInfo.InvariantCulture))},{p.BirthEdge.A},{p.BirthEdge.B}"));
        }
    });
}
