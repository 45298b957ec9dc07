using System.CommandLine;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Options;

/// <summary>Shared options and helpers of the structure commands.</summary>
internal static class StructureCli
{
    public static Argument<string> InputArgument() => new("input") { Description = "Structure or trajectory: LAMMPS data (.data), LAMMPS dump (.dump/.lammpstrj) or extended XYZ (.xyz)." };

    public static (Option<string?> Frames, Option<string?> Format, Option<string?> Out, Option<bool> Json) CommonOptions(string outputs) => (
        InputCliOptions.Frames(),
        InputCliOptions.Format(),
        OutputCliOptions.Out($"Output: a .csv file (the PNG goes beside it) or a directory for {outputs}. Without it the table goes to stdout.", OutputKind.FileOrFolder),
        OutputCliOptions.Json());

    /// <summary>The frame selection of --format and --frames.</summary>
    public static TrajectorySelection Selection(string? format, string? frames) => new() { Format = format, Frames = frames };

    /// <summary>What --out names for a task: a .csv file (Csv), else a folder (Dir) the task creates after its checks.</summary>
    public static (string? Csv, string? Dir) Target(string? output) =>
        string.IsNullOrEmpty(output) ? (null, null) : output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? (output, null) : (null, output);

    /// <summary>The CSV and PNG paths the task writes for --out (null when not given); creates nothing.</summary>
    public static (string? Csv, string? Png) Outputs(string? output, string stem)
    {
        var (csv, dir) = Target(output);
        if (csv is not null) { return (csv, Path.ChangeExtension(csv, ".png")); }
        return dir is null ? (null, null) : (Path.Combine(dir, stem + ".csv"), Path.Combine(dir, stem + ".png"));
    }
}
