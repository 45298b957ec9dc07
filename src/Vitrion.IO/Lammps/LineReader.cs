using System.Globalization;
using Vitrion.Core;

namespace Vitrion.IO.Lammps;

/// <summary>Reads a text file line by line, tracking the line number for error messages.</summary>
internal sealed class LineReader : IDisposable
{
    private readonly TextReader _reader;

    public LineReader(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, 0, Directory.Exists(path) ? "is a directory, not a file" : "file not found");
        }

        Path = path;
        _reader = new StreamReader(path, System.Text.Encoding.UTF8, true, 1 << 16);
    }

    public string Path { get; }

    public int LineNumber { get; private set; }

    public string? Read()
    {
        string? line = _reader.ReadLine();
        if (line is not null) { LineNumber++; }
        return line;
    }

    public InputException Error(string message) => new(Path, LineNumber, message);

    public InputException Error(int line, string message) => new(Path, line, message);

    public void Dispose() => _reader.Dispose();
}

/// <summary>Number parsing with invariant culture and errors that say what was expected.</summary>
internal static class Parse
{
    public static double Double(string token, Func<string, InputException> error, string what)
    {
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
        {
            return v;
        }

        throw error($"expected a finite number for {what}, found '{token}'");
    }

    public static int Int(string token, Func<string, InputException> error, string what)
    {
        if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
        {
            return v;
        }

        // LAMMPS writes image flags and ids as integers; tolerate "3.0".
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
        {
            return (int)d;
        }

        throw error($"expected an integer for {what}, found '{token}'");
    }

    public static long Long(string token, Func<string, InputException> error, string what)
    {
        if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
        {
            return v;
        }

        throw error($"expected an integer for {what}, found '{token}'");
    }

    public static string[] Tokens(string line)
    {
        int hash = line.IndexOf('#');
        if (hash >= 0) { line = line[..hash]; }
        return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    public static string? Comment(string line)
    {
        int hash = line.IndexOf('#');
        return hash >= 0 ? line[(hash + 1)..].Trim() : null;
    }
}
