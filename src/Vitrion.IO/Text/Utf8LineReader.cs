using System.Globalization;
using System.Text;
using Vitrion.Core;

namespace Vitrion.IO.Text;

/// <summary>
/// Reads a file line by line as UTF-8 byte spans without allocating per line (a large buffer is refilled in
/// place), counting lines for error messages. A returned span is valid until the next call.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buf;
    private int _start;
    private int _end;
    private bool _eof;

    public Utf8LineReader(string path, int bufferSize = 1 << 20)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, 0, Directory.Exists(path) ? "is a directory, not a file" : "file not found");
        }

        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        _buf = new byte[bufferSize];
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes of the file not yet consumed (an upper bound on what the rest of the file can hold).</summary>
    public long RemainingBytesBound => Math.Max(0, _stream.Length - Position);

    /// <summary>Bytes consumed so far (start of the next line).</summary>
    public long Position { get; private set; }

    /// <summary>Reads the next line without its terminator ("\n" or "\r\n"); false at the end of the file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var avail = _buf.AsSpan(_start, _end - _start);
            int nl = avail.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = avail[..nl];
                if (line.Length > 0 && line[^1] == (byte)'\r') { line = line[..^1]; }
                _start += nl + 1;
                Position += nl + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (avail.Length == 0)
                {
                    line = default;
                    return false;
                }

                line = avail;
                if (line[^1] == (byte)'\r') { line = line[..^1]; }
                _start = _end;
                Position += avail.Length;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        // Move the unread tail to the front, grow if a single line fills the buffer.
        int remaining = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, remaining);
            _start = 0;
            _end = remaining;
        }

        if (_end == _buf.Length)
        {
            Array.Resize(ref _buf, _buf.Length * 2);
        }

        int read = _stream.Read(_buf, _end, _buf.Length - _end);
        if (read == 0) { _eof = true; }
        _end += read;
    }

    /// <summary>An error at the current line.</summary>
    public InputException Error(string message) => new(Path, (int)Math.Min(LineNumber, int.MaxValue), message);

    public void Dispose() => _stream.Dispose();
}

/// <summary>Span tokenising and number parsing of UTF-8 text (invariant culture).</summary>
internal static class Utf8Text
{
    /// <summary>True for space, tab and other ASCII white space.</summary>
    public static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\v' || b == (byte)'\f';

    /// <summary>Next white-space separated token of <paramref name="s"/> starting at <paramref name="pos"/>; empty at the end.</summary>
    public static ReadOnlySpan<byte> NextToken(ReadOnlySpan<byte> s, ref int pos)
    {
        int i = pos;
        while (i < s.Length && IsSpace(s[i])) { i++; }
        int start = i;
        while (i < s.Length && !IsSpace(s[i])) { i++; }
        pos = i;
        return s[start..i];
    }

    /// <summary>Splits into at most <paramref name="ranges"/>.Length tokens; returns the number of tokens found (may exceed the span length: then counting continues).</summary>
    public static int Tokenize(ReadOnlySpan<byte> s, Span<Range> ranges)
    {
        int count = 0, i = 0;
        while (true)
        {
            while (i < s.Length && IsSpace(s[i])) { i++; }
            if (i >= s.Length) { return count; }
            int start = i;
            while (i < s.Length && !IsSpace(s[i])) { i++; }
            if (count < ranges.Length) { ranges[count] = new Range(start, i); }
            count++;
        }
    }

    /// <summary>Trimmed string of a span.</summary>
    public static string Str(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s).Trim();

    /// <summary>True when the line starts with <paramref name="prefix"/> (ASCII).</summary>
    public static bool StartsWith(ReadOnlySpan<byte> s, string prefix)
    {
        if (s.Length < prefix.Length) { return false; }
        for (int i = 0; i < prefix.Length; i++)
        {
            if (s[i] != (byte)prefix[i]) { return false; }
        }

        return true;
    }

    /// <summary>Parses a finite number (NaN and ±infinity are rejected, as malformed input).</summary>
    public static bool TryDouble(ReadOnlySpan<byte> s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    public static bool TryInt(ReadOnlySpan<byte> s, out int v)
    {
        // Fast path for plain decimal integers.
        int i = 0;
        bool neg = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+')) { neg = s[0] == (byte)'-'; i = 1; }
        if (i < s.Length && s.Length - i <= 9)
        {
            int r = 0;
            int k = i;
            for (; k < s.Length; k++)
            {
                uint d = (uint)(s[k] - (byte)'0');
                if (d > 9) { break; }
                r = r * 10 + (int)d;
            }

            if (k == s.Length)
            {
                v = neg ? -r : r;
                return true;
            }
        }

        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v)) { return true; }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d2) && d2 == Math.Floor(d2) && Math.Abs(d2) < int.MaxValue)
        {
            v = (int)d2;
            return true;
        }

        return false;
    }

    public static bool TryLong(ReadOnlySpan<byte> s, out long v) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v);
}
