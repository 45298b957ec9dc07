using Vitrion.Core;

namespace Vitrion.Workflows.Tasks;

/// <summary>Checks and output paths shared by the structure analyses (rdf, clusters, S(q), Voronoi).</summary>
public static class StructureInput
{
    /// <summary>Most histogram bins accepted (one CSV row each).</summary>
    public const int MaxBins = 1_000_000;

    /// <summary>Reach of a minimum-image distance (a bond cutoff): half the smallest perpendicular width of the box.</summary>
    public const double MinimumImageReach = 0.5;

    /// <summary>Reach of a distance that counts periodic images (g(r)): twice the smallest perpendicular width (125 images).</summary>
    public const double ImageReach = 2.0;

    /// <summary>
    /// Refuses a distance [Å] beyond <paramref name="widths"/> × the smallest perpendicular width of the frame's periodic
    /// box, before anything is allocated for it.
    /// </summary>
    /// <param name="path">the input (for the message).</param>
    /// <param name="frame">the frame.</param>
    /// <param name="option">the option that set the distance (for the message).</param>
    /// <param name="distance">the distance [Å].</param>
    /// <param name="widths"><see cref="MinimumImageReach"/> or <see cref="ImageReach"/>.</param>
    /// <exception cref="InputException">naming the file, the option and the limit.</exception>
    public static void CheckReach(string path, Frame frame, string option, double distance, double widths)
    {
        var (px, py, pz) = frame.Box.Periodic;
        Vec3 w = frame.Box.PerpendicularWidths;
        double min = Math.Min(px ? w.X : double.PositiveInfinity, Math.Min(py ? w.Y : double.PositiveInfinity, pz ? w.Z : double.PositiveInfinity));
        if (!double.IsFinite(min)) { return; }
        if (!(distance <= widths * min))
        {
            string what = widths == MinimumImageReach ? "half the smallest width of the box (minimum image)" : FormattableString.Invariant($"{widths} × the smallest width of the box");
            throw new InputException(path, 0, FormattableString.Invariant($"{option} {distance:G6} Å is beyond {what}, {widths * min:G6} Å, for frame at step {frame.Step}"));
        }
    }

    /// <summary>The CSV and PNG of an analysis: an explicit CSV path (the PNG beside it with .png), else STEM.csv and STEM.png in a folder, else none.</summary>
    /// <param name="csv">explicit CSV path, or null.</param>
    /// <param name="dir">output folder (created), or null.</param>
    /// <param name="stem">file stem in the folder (rdf, sq, clusters, voronoi).</param>
    /// <returns>the paths, or nulls.</returns>
    public static (string? Csv, string? Png) Outputs(string? csv, string? dir, string stem)
    {
        if (csv is not null) { return (csv, Path.ChangeExtension(csv, ".png")); }
        if (dir is null) { return (null, null); }
        Directory.CreateDirectory(dir);
        return (Path.Combine(dir, stem + ".csv"), Path.Combine(dir, stem + ".png"));
    }
}
