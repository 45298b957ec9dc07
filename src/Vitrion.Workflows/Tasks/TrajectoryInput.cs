using Vitrion.Core;
using Vitrion.IO;

namespace Vitrion.Workflows.Tasks;

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
}
