using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.IO.Xyz;

namespace Vitrion.IO;

/// <summary>Options for reading any structure or trajectory file.</summary>
public sealed record StructureReadOptions
{
    /// <summary>Format: "data" (LAMMPS data), "dump" (LAMMPS dump), "xyz" (extended XYZ); null = from the extension.</summary>
    public string? Format { get; init; }

    /// <summary>Atom type names by LAMMPS type (index 0 = type 1), overriding what the file says.</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>A topology to attach to frames of formats that lack one (dumps), matched by atom id.</summary>
    public Topology? Topology { get; init; }
}

/// <summary>
/// One entry point for every supported format: LAMMPS data (<c>.data</c>, <c>.lmp</c>), LAMMPS dump
/// (<c>.dump</c>, <c>.lammpstrj</c>) and extended XYZ (<c>.xyz</c>, <c>.extxyz</c>).
/// </summary>
public static class StructureFile
{
    /// <summary>The format name of a path from its extension or the explicit option.</summary>
    public static string FormatOf(string path, string? format = null)
    {
        if (!string.IsNullOrEmpty(format)) { return Normalise(format); }
        string name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) { name = name[..^3]; }
        string ext = Path.GetExtension(name);
        return ext switch
        {
            ".data" or ".lmp" or ".lammps" => "data",
            ".dump" or ".lammpstrj" or ".trj" => "dump",
            ".xyz" or ".extxyz" => "xyz",
            _ when name.StartsWith("data.", StringComparison.Ordinal) => "data",
            _ when name.StartsWith("dump.", StringComparison.Ordinal) => "dump",
            _ => throw new InputException(path, 0, $"cannot tell the format from the extension '{ext}'; use .data, .dump/.lammpstrj or .xyz, or give the format explicitly (--format data|dump|xyz)"),
        };
    }

    private static string Normalise(string format) => format.ToLowerInvariant() switch
    {
        "data" or "lammps-data" or "lmp" => "data",
        "dump" or "lammps-dump" or "lammpstrj" => "dump",
        "xyz" or "extxyz" => "xyz",
        _ => throw new InputException($"unknown format '{format}'; expected data, dump or xyz"),
    };

    /// <summary>Streams the frames of a file (one for a data file); memory does not grow with the number of frames.</summary>
    public static IEnumerable<Frame> ReadFrames(string path, StructureReadOptions? options = null)
    {
        options ??= new StructureReadOptions();
        if (Directory.Exists(path)) { throw new InputException(path, 0, "is a directory, not a structure or trajectory file"); }
        if (!File.Exists(path)) { throw new InputException(path, 0, "file not found"); }
        string format = FormatOf(path, options.Format);
        switch (format)
        {
            case "data":
                var data = LammpsDataReader.Read(path, new LammpsDataReadOptions { TypeNames = options.TypeNames });
                return [data.ToFrame()];
            case "dump":
                return LammpsDumpReader.ReadFrames(path, new LammpsDumpReadOptions { TypeNames = options.TypeNames, Topology = options.Topology });
            default:
                return ExtendedXyzReader.ReadFrames(path, new ExtendedXyzReadOptions { TypeNames = options.TypeNames, Topology = options.Topology });
        }
    }

    /// <summary>
    /// Writes frames atomically in a format (from the extension when <paramref name="format"/> is null): a data
    /// file takes exactly one frame (its topology, when it has one, gives atom_style full; see
    /// <see cref="LammpsData.FromFrame"/>); dump and extended XYZ take any number.
    /// </summary>
    /// <param name="path">output path.</param>
    /// <param name="frames">the frames (enumerated once, streaming).</param>
    /// <param name="format">"data", "dump" or "xyz"; null = from the extension.</param>
    /// <exception cref="InputException">for an unknown format, no frame, several frames for a data file, or a frame that cannot be written.</exception>
    public static void Write(string path, IEnumerable<Frame> frames, string? format = null)
    {
        string f = FormatOf(path, format);
        try
        {
            switch (f)
            {
                case "data":
                    Frame? only = null;
                    foreach (var frame in frames)
                    {
                        if (only is not null) { throw new InputException(path, 0, "a LAMMPS data file holds one frame, but several were given; pick one"); }
                        only = frame;
                    }

                    if (only is null) { throw new InputException(path, 0, "no frame to write"); }
                    LammpsDataWriter.Write(path, LammpsData.FromFrame(only));
                    break;
                case "dump":
                    LammpsDumpWriter.WriteAll(path, frames);
                    break;
                default:
                    ExtendedXyzWriter.WriteAll(path, frames);
                    break;
            }
        }
        catch (ArgumentException e)
        {
            throw new InputException(path, 0, e.Message);
        }
    }

    /// <summary>The first frame of a file.</summary>
    public static Frame ReadFrame(string path, StructureReadOptions? options = null) =>
        ReadFrames(path, options).FirstOrDefault() ?? throw new InputException(path, 0, "file holds no frame");
}
