using System.CommandLine;

namespace Vitrion.Cli.Options;

/// <summary>
/// The one definition of <c>--json</c> (print the command's result record on stdout, as its one writer writes it) and
/// <c>--out</c> (a file or folder the command writes; checked by <see cref="OutputPaths"/> before anything runs).
/// </summary>
internal static class OutputCliOptions
{
    /// <summary>Help text of every <c>--json</c>.</summary>
    public const string JsonHelp = "Print the result record as JSON on stdout (snake_case keys with the unit as suffix, as docs/results-schema.md) instead of text.";

    /// <summary><c>--json</c>.</summary>
    /// <param name="what">what the record holds, appended to the help text, or null.</param>
    /// <returns>the option.</returns>
    public static Option<bool> Json(string? what = null) =>
        new("--json") { Description = what is null ? JsonHelp : JsonHelp + " " + what };

    /// <summary><c>--json</c> of a command without a result record (info, msd, d2min): a summary whose keys the text names.</summary>
    /// <param name="description">what the summary holds.</param>
    /// <returns>the option.</returns>
    public static Option<bool> JsonSummary(string description) => new("--json") { Description = description };

    /// <summary><c>--out</c>: a file or folder the command writes.</summary>
    /// <param name="description">what is written there (and the default).</param>
    /// <param name="kind">file, folder, or either.</param>
    /// <returns>the option.</returns>
    public static Option<string?> Out(string description, OutputKind kind = OutputKind.File) =>
        new Option<string?>("--out") { Description = description }.Output(kind);
}
