using System.Globalization;
using System.Text;

namespace Vitrion.IO.Text;

/// <summary>
/// A small buffered UTF-8 writer for numeric text files: numbers are formatted straight into bytes with the
/// invariant culture, doubles in the shortest round-trip form ("R") so that reading them back gives the
/// identical double.
/// </summary>
internal sealed class Utf8Output
{
    private readonly Stream _stream;
    private byte[] _buf;
    private int _n;

    public Utf8Output(Stream stream, int capacity = 1 << 16)
    {
        _stream = stream;
        _buf = new byte[capacity];
    }

    /// <summary>Bytes waiting in the buffer.</summary>
    public int Pending => _n;

    private void Ensure(int extra)
    {
        if (_n + extra <= _buf.Length) { return; }
        Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _n + extra));
    }

    /// <summary>Writes a double in shortest round-trip form.</summary>
    public Utf8Output D(double v)
    {
        Ensure(40);
        if (!v.TryFormat(_buf.AsSpan(_n), out int w, "R", CultureInfo.InvariantCulture)) { throw new InvalidOperationException("format"); }
        _n += w;
        return this;
    }

    /// <summary>Writes an integer.</summary>
    public Utf8Output I(long v)
    {
        Ensure(24);
        if (!v.TryFormat(_buf.AsSpan(_n), out int w, default, CultureInfo.InvariantCulture)) { throw new InvalidOperationException("format"); }
        _n += w;
        return this;
    }

    /// <summary>Writes text (UTF-8).</summary>
    public Utf8Output S(string s)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(s.Length));
        _n += Encoding.UTF8.GetBytes(s, _buf.AsSpan(_n));
        return this;
    }

    /// <summary>Writes one ASCII character.</summary>
    public Utf8Output C(char c)
    {
        Ensure(1);
        _buf[_n++] = (byte)c;
        return this;
    }

    /// <summary>A space.</summary>
    public Utf8Output Sp() => C(' ');

    /// <summary>A newline.</summary>
    public Utf8Output Nl() => C('\n');

    /// <summary>Writes the buffer to the stream when it holds more than <paramref name="threshold"/> bytes.</summary>
    public void FlushIfAbove(int threshold)
    {
        if (_n > threshold) { Flush(); }
    }

    /// <summary>Writes the buffer to the stream.</summary>
    public void Flush()
    {
        if (_n > 0)
        {
            _stream.Write(_buf, 0, _n);
            _n = 0;
        }
    }
}

/// <summary>
/// Chooses the decimal numbers written for box bounds so that a reader that recomputes lengths and origins
/// from them (lx = xhi − xlo; LAMMPS dump bounding boxes) gets back the identical doubles.
/// </summary>
internal static class ExactBounds
{
    /// <summary>A double near <paramref name="guess"/> for which <paramref name="ok"/> holds, or the guess when none within 64 ulps does.</summary>
    public static double Solve(double guess, Func<double, bool> ok)
    {
        if (ok(guess)) { return guess; }
        double up = guess, down = guess;
        for (int k = 0; k < 64; k++)
        {
            up = Math.BitIncrement(up);
            if (ok(up)) { return up; }
            down = Math.BitDecrement(down);
            if (ok(down)) { return down; }
        }

        return guess;
    }

    /// <summary>An upper bound hi with hi − lo == length exactly (when such a double exists).</summary>
    public static double Upper(double lo, double length) => Solve(lo + length, h => h - lo == length);
}
