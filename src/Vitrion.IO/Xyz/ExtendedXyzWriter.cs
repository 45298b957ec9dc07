using Vitrion.Core;
using Vitrion.IO.Text;

namespace Vitrion.IO.Xyz;

/// <summary>
/// Writes extended XYZ (the format of ASE, OVITO, QUIP/GAP): per frame the atom count, a comment line with
/// <c>Lattice="ax ay az bx by bz cx cy cz"</c> [Å], <c>Properties=species:S:1:pos:R:3:type_name:S:1:id:I:1[...]</c>,
/// <c>pbc="T T T"</c>, <c>Origin="x y z"</c> [Å] (as OVITO writes it), <c>Timestep=</c>, <c>Time=</c> [fs] when known and
/// <c>type_names="..."</c> (the force-field type names in type order), then one line per atom. species is the chemical
/// element of the type (<see cref="AtomTypes.ElementOf"/>); type_name keeps the force-field type (P2, S4, …) so a round
/// trip keeps the types. Optional columns: <c>image:I:3</c>, <c>vel:R:3</c> [Å/fs], <c>forces:R:3</c> [kcal/mol/Å] and
/// every <see cref="Frame.Extra"/> column as <c>name:R:1</c>. Positions are written as stored (wrapped or unwrapped;
/// <c>unwrapped=T</c> marks the latter). Numbers are in shortest round-trip form, so
/// <see cref="ExtendedXyzReader"/> gives back identical doubles.
/// <para>
/// Like <see cref="Lammps.LammpsDumpWriter"/>, a trajectory is written in place with each frame flushed whole;
/// <see cref="WriteAll"/> writes a complete file atomically.
/// </para>
/// </summary>
public sealed class ExtendedXyzWriter : IDisposable
{
    private static readonly HashSet<string> Reserved = ["species", "pos", "type_name", "id", "image", "vel", "forces", "Z", "masses", "charges", "numbers"];
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Utf8Output _out;
    private bool _disposed;

    /// <summary>Opens a file for writing.</summary>
    /// <param name="path">output path (its folder is created).</param>
    /// <param name="append">true to append frames to an existing file, false to replace it.</param>
    public ExtendedXyzWriter(string path, bool append = false)
        : this(Open(path, append), ownsStream: true)
    {
    }

    /// <summary>Writes to a stream (closed on dispose when <paramref name="ownsStream"/>).</summary>
    public ExtendedXyzWriter(Stream stream, bool ownsStream = false)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _out = new Utf8Output(stream, 1 << 20);
    }

    private static FileStream Open(string path, bool append)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
        return new FileStream(full, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 1);
    }

    /// <summary>Number of frames written.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>Writes all frames to a new file atomically.</summary>
    public static void WriteAll(string path, IEnumerable<Frame> frames) =>
        AtomicFile.Write(path, s =>
        {
            using var w = new ExtendedXyzWriter(s);
            foreach (var f in frames) { w.Write(f); }
        });

    /// <summary>Writes one frame.</summary>
    /// <exception cref="ArgumentException">for type names or Extra column names that cannot be written (white space, ':' or '"').</exception>
    public void Write(Frame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (string name in frame.TypeNames)
        {
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c == '"')) { throw new ArgumentException($"type name '{name}' cannot be written to extended XYZ (white space or quote)"); }
        }

        var extraNames = frame.Extra.Keys.Order(StringComparer.Ordinal).ToArray();
        foreach (string e in extraNames)
        {
            if (Reserved.Contains(e) || e.Length == 0 || e.Any(c => char.IsWhiteSpace(c) || c == ':' || c == '"' || c == '='))
            {
                throw new ArgumentException($"extra column '{e}' cannot be written to extended XYZ (reserved name, white space, ':', '=' or quote)");
            }
        }

        var o = _out;
        var b = frame.Box;
        int n = frame.AtomCount;
        o.I(n).Nl();
        o.S("Lattice=\"").D(b.Lx).S(" 0 0 ").D(b.Xy).Sp().D(b.Ly).S(" 0 ").D(b.Xz).Sp().D(b.Yz).Sp().D(b.Lz).S("\" ");
        o.S("Properties=species:S:1:pos:R:3:type_name:S:1:id:I:1");
        if (frame.Images is not null) { o.S(":image:I:3"); }
        if (frame.Velocities is not null) { o.S(":vel:R:3"); }
        if (frame.Forces is not null) { o.S(":forces:R:3"); }
        foreach (string e in extraNames) { o.S(":").S(e).S(":R:1"); }
        o.S(" pbc=\"").C(b.Periodic.X ? 'T' : 'F').Sp().C(b.Periodic.Y ? 'T' : 'F').Sp().C(b.Periodic.Z ? 'T' : 'F').S("\"");
        o.S(" Origin=\"").D(b.Origin.X).Sp().D(b.Origin.Y).Sp().D(b.Origin.Z).S("\"");
        o.S(" Timestep=").I(frame.Step);
        if (!double.IsNaN(frame.TimeFs)) { o.S(" Time=").D(frame.TimeFs); }
        if (frame.PositionsAreUnwrapped) { o.S(" unwrapped=T"); }
        o.S(" type_names=\"").S(string.Join(' ', frame.TypeNames)).S("\"").Nl();

        var elements = frame.TypeNames.Select(nm => AtomTypes.ElementOf(nm) ?? nm).ToArray();
        var extras = extraNames.Select(e => frame.Extra[e]).ToArray();
        for (int i = 0; i < n; i++)
        {
            int t = frame.Types[i];
            var p = frame.Positions[i];
            o.S(elements[t]).Sp().D(p.X).Sp().D(p.Y).Sp().D(p.Z).Sp().S(frame.TypeNames[t]).Sp().I(frame.Ids[i]);
            if (frame.Images is { } im) { o.Sp().I(im[i].X).Sp().I(im[i].Y).Sp().I(im[i].Z); }
            if (frame.Velocities is { } v) { o.Sp().D(v[i].X).Sp().D(v[i].Y).Sp().D(v[i].Z); }
            if (frame.Forces is { } f) { o.Sp().D(f[i].X).Sp().D(f[i].Y).Sp().D(f[i].Z); }
            foreach (var e in extras) { o.Sp().D(e[i]); }
            o.Nl();
            o.FlushIfAbove(4 << 20);
        }

        o.Flush();
        _stream.Flush();
        FramesWritten++;
    }

    /// <summary>Flushes and closes.</summary>
    public void Dispose()
    {
        if (_disposed) { return; }
        _disposed = true;
        _out.Flush();
        _stream.Flush();
        if (_ownsStream) { _stream.Dispose(); }
    }
}
