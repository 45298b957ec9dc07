using System.Globalization;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Workflows.Tasks;

/// <summary>How to read a structure or trajectory file and which of its frames to use (the trajectory options of the analyses).</summary>
public sealed record TrajectorySelection
{
    /// <summary>Input format (data, dump, xyz), or null for the extension's.</summary>
    public string? Format { get; init; }

    /// <summary>Names of LAMMPS types 1, 2, … for files with type numbers only, or null.</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>LAMMPS data file whose topology (type names, masses, charges, bonds) is attached to the frames, or null.</summary>
    public string? TopologyData { get; init; }

    /// <summary>Frames to use as start:stop:step (0-based, stop exclusive; a single number is one frame), or null for all.</summary>
    public string? Frames { get; init; }
}

/// <summary>Reading the frames a task analyses.</summary>
public static class TrajectoryInput
{
    /// <summary>Streams the frames of a structure or trajectory file (format from the extension).</summary>
    /// <param name="path">LAMMPS data/dump or extended XYZ.</param>
    /// <param name="topology">topology attached to dump frames, or null.</param>
    /// <returns>the frames.</returns>
    public static IEnumerable<Frame> Frames(string path, Topology? topology = null) =>
        StructureFile.ReadFrames(path, new StructureReadOptions { Topology = topology });

    /// <summary>All frames of a file in memory.</summary>
    /// <param name="path">file.</param>
    /// <returns>the frames (at least one).</returns>
    /// <exception cref="InputException">when the file holds no frame.</exception>
    public static List<Frame> ReadAll(string path)
    {
        var frames = Frames(path).ToList();
        if (frames.Count == 0) { throw new InputException(path, 0, "the file holds no frame"); }
        return frames;
    }

    /// <summary>The first frame of a file.</summary>
    /// <param name="path">file.</param>
    /// <returns>the frame.</returns>
    public static Frame First(string path) => Frames(path).FirstOrDefault() ?? throw new InputException(path, 0, "the file holds no frame");

    /// <summary>Streams the selected frames of a file.</summary>
    /// <param name="path">LAMMPS data/dump or extended XYZ.</param>
    /// <param name="selection">format, type names, topology and frame slice.</param>
    /// <returns>the frames.</returns>
    /// <exception cref="InputException">for a malformed slice (at once) or a bad file (while reading).</exception>
    public static IEnumerable<Frame> Frames(string path, TrajectorySelection selection)
    {
        var (start, stop, step) = ParseSlice(selection.Frames);
        var topology = selection.TopologyData is { } data ? LammpsDataReader.Read(data).Topology : null;
        var frames = StructureFile.ReadFrames(path, new StructureReadOptions { Format = selection.Format, TypeNames = selection.TypeNames, Topology = topology });
        return Slice(frames, start, stop, step);
    }

    /// <summary>Parses a frame slice start:stop:step (0-based, stop exclusive, Python slice; "N" alone is frame N).</summary>
    /// <param name="text">the slice, or null/empty for all frames.</param>
    /// <returns>start, stop (null: to the end) and step.</returns>
    /// <exception cref="InputException">naming --frames.</exception>
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

    private static IEnumerable<Frame> Slice(IEnumerable<Frame> frames, int start, int? stop, int step)
    {
        int k = 0;
        foreach (var f in frames)
        {
            if (stop is int s && k >= s) { yield break; }
            if (k >= start && (k - start) % step == 0) { yield return f; }
            k++;
        }
    }
}
