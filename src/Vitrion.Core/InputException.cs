namespace Vitrion.Core;

/// <summary>
/// Bad input that the user must fix: a malformed file, an unknown type, an impossible request. The message
/// names the file, the line (when there is one), what was found and what was expected; the CLI prints it on
/// one line without a stack trace.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>An error at a line of a file.</summary>
    /// <param name="file">path of the file.</param>
    /// <param name="line">1-based line number, or 0 when not applicable.</param>
    /// <param name="message">what was wrong and what was expected.</param>
    public InputException(string? file, int line, string message)
        : base(Format(file, line, message))
    {
        File = file;
        Line = line;
        Reason = message;
    }

    /// <summary>An error without a file position.</summary>
    public InputException(string message)
        : this(null, 0, message)
    {
    }

    /// <summary>The file, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based line, or 0.</summary>
    public int Line { get; }

    /// <summary>The reason without the location prefix.</summary>
    public string Reason { get; }

    private static string Format(string? file, int line, string message) =>
        file is null ? message : line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}";
}
