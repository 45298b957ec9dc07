using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting;

namespace Vitrion.Cli.Options;

/// <summary>Shared options and helpers of the structure commands.</summary>
internal static class StructureCli
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

    public static Argument<string> InputArgument() => new("input") { Description = "Structure or trajectory: LAMMPS data (.data), LAMMPS dump (.dump/.lammpstrj) or extended XYZ (.xyz)." };

    public static (Option<string?> Frames, Option<string?> Format, Option<string?> Out, Option<bool> Json) CommonOptions(string outputs) => (
        new Option<string?>("--frames") { Description = "Frames to use as start:stop:step (0-based, stop exclusive, Python slice; e.g. 10::5). Default: all frames." },
        new Option<string?>("--format") { Description = "Input format data|dump|xyz (default: from the extension)." },
        new Option<string?>("--out") { Description = $"Output: a .csv file (the PNG goes beside it) or a directory for {outputs}. Without it the table goes to stdout." }.Output(OutputKind.FileOrFolder),
        new Option<bool>("--json") { Description = "Print a JSON summary instead of text." });

    public static IEnumerable<Frame> Frames(string path, string? format, string? slice)
    {
        var (start, stop, step) = ParseSlice(slice);
        int k = 0;
        foreach (var f in StructureFile.ReadFrames(path, new StructureReadOptions { Format = format }))
        {
            if (stop is int s && k >= s) { yield break; }
            if (k >= start && (k - start) % step == 0) { yield return f; }
            k++;
        }
    }

    public static (int Start, int? Stop, int Step) ParseSlice(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) { return (0, null, 1); }
        var p = text.Split(':');
        if (p.Length > 3) { throw new InputException($"--frames '{text}' must be start:stop:step"); }
        int Parse(string s, int def)
        {
            if (s.Trim().Length == 0) { return def; }
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 0)
            {
                throw new InputException($"--frames '{text}': '{s}' is not a non-negative integer");
            }

            return v;
        }

        int start = Parse(p[0], 0);
        int? stop = p.Length > 1 ? (p[1].Trim().Length == 0 ? null : Parse(p[1], 0)) : start + 1;
        int step = p.Length > 2 ? Parse(p[2], 1) : 1;
        if (step < 1) { throw new InputException("--frames step must be at least 1"); }
        return (start, stop, step);
    }

    /// <summary>CSV and PNG paths from --out (null when not given).</summary>
    public static (string? Csv, string? Png) Outputs(string? output, string stem)
    {
        if (string.IsNullOrEmpty(output)) { return (null, null); }
        if (output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return (output, Path.ChangeExtension(output, ".png"));
        }

        Directory.CreateDirectory(output);
        return (Path.Combine(output, stem + ".csv"), Path.Combine(output, stem + ".png"));
    }
}
