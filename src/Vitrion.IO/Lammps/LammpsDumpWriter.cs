using Vitrion.Core;
using Vitrion.IO.Text;

namespace Vitrion.IO.Lammps;

/// <summary>
/// Writes LAMMPS dump files (the text "custom" style that LAMMPS, OVITO, VMD and ASE read): per frame
/// <c>ITEM: TIME</c> (when the frame's time is known, as <c>dump_modify time yes</c> writes it),
/// <c>ITEM: TIMESTEP</c>, <c>ITEM: NUMBER OF ATOMS</c>, <c>ITEM: BOX BOUNDS</c> (<c>pp pp pp</c>, or for
/// triclinic boxes <c>xy xz yz pp pp pp</c> with the bounding box as LAMMPS writes it) and
/// <c>ITEM: ATOMS</c> with the chosen columns. Numbers are written in shortest round-trip form, so
/// <see cref="LammpsDumpReader"/> gives back identical doubles.
/// <para>
/// Columns: id type element mol q mass x y z xu yu zu xs ys zs xsu ysu zsu ix iy iz vx vy vz fx fy fz, and any
/// key of <see cref="Frame.Extra"/>. x/y/z are wrapped and ix/iy/iz are the matching images (frames holding
/// unwrapped positions are wrapped on the fly); xu/yu/zu are unwrapped; xs… are fractional. mol, q and mass come
/// from the frame's topology (or an Extra column of that name).
/// </para>
/// <para>
/// A trajectory is written in place (not through a temporary file) so that it can be read while a run goes
/// on; each frame is written with one write call and flushed, so an interrupted run leaves whole frames.
/// Use <see cref="WriteAll"/> for a complete file written atomically.
/// </para>
/// </summary>
public sealed class LammpsDumpWriter : IDisposable
{
    /// <summary>Column names this writer knows besides Extra keys.</summary>
    public static IReadOnlyList<string> KnownColumns { get; } =
    [
        "id", "type", "element", "mol", "q", "mass", "x", "y", "z", "xu", "yu", "zu", "xs", "ys", "zs",
        "xsu", "ysu", "zsu", "ix", "iy", "iz", "vx", "vy", "vz", "fx", "fy", "fz",
    ];

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Utf8Output _out;
    private readonly string[] _columns;
    private readonly string _path;
    private bool _disposed;

    /// <summary>Opens a dump file for writing.</summary>
    /// <param name="path">output path (its folder is created).</param>
    /// <param name="columns">per-atom columns in order (see the class summary).</param>
    /// <param name="append">true to append frames to an existing file (resumed runs), false to replace it.</param>
    /// <exception cref="ArgumentException">for an empty or duplicated column list.</exception>
    public LammpsDumpWriter(string path, IReadOnlyList<string> columns, bool append = false)
        : this(OpenFile(path, append), columns, ownsStream: true, path)
    {
    }

    /// <summary>Writes to a stream (left open when <paramref name="ownsStream"/> is false).</summary>
    public LammpsDumpWriter(Stream stream, IReadOnlyList<string> columns, bool ownsStream = false)
        : this(stream, columns, ownsStream, "<stream>")
    {
    }

    private LammpsDumpWriter(Stream stream, IReadOnlyList<string> columns, bool ownsStream, string path)
    {
        if (columns.Count == 0) { throw new ArgumentException("a dump needs at least one column", nameof(columns)); }
        if (columns.Distinct().Count() != columns.Count) { throw new ArgumentException("dump columns must be distinct", nameof(columns)); }
        if (columns.Any(c => string.IsNullOrWhiteSpace(c) || c.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("dump column names must be non-empty and contain no white space", nameof(columns));
        }

        _stream = stream;
        _ownsStream = ownsStream;
        _columns = columns.ToArray();
        _out = new Utf8Output(stream, 1 << 20);
        _path = path;
    }

    private static FileStream OpenFile(string path, bool append)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
        return new FileStream(full, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 1);
    }

    /// <summary>The columns written.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Number of frames written by this writer.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>
    /// Default columns for a frame: id type x y z ix iy iz (xu yu zu when the frame is unwrapped and has no images),
    /// then vx vy vz and fx fy fz when present, then the Extra columns in name order.
    /// </summary>
    public static IReadOnlyList<string> DefaultColumns(Frame frame)
    {
        var c = new List<string> { "id", "type" };
        if (frame.PositionsAreUnwrapped && frame.Images is null) { c.AddRange(["xu", "yu", "zu"]); }
        else { c.AddRange(["x", "y", "z", "ix", "iy", "iz"]); }
        if (frame.Velocities is not null) { c.AddRange(["vx", "vy", "vz"]); }
        if (frame.Forces is not null) { c.AddRange(["fx", "fy", "fz"]); }
        c.AddRange(frame.Extra.Keys.Where(k => !KnownColumns.Contains(k)).Order(StringComparer.Ordinal));
        return c;
    }

    /// <summary>Writes all frames to a new file atomically (columns from the first frame when null).</summary>
    public static void WriteAll(string path, IEnumerable<Frame> frames, IReadOnlyList<string>? columns = null) =>
        AtomicFile.Write(path, s =>
        {
            LammpsDumpWriter? w = null;
            foreach (var f in frames)
            {
                w ??= new LammpsDumpWriter(s, columns ?? DefaultColumns(f));
                w.Write(f);
            }

            w?.Dispose();
        });

    /// <summary>Writes one frame.</summary>
    /// <exception cref="ArgumentException">when a column needs data the frame lacks (e.g. vx without velocities).</exception>
    public void Write(Frame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int n = frame.AtomCount;
        var box = frame.Box;

        // What the columns need.
        bool needWrapped = false, needUnwrapped = false;
        var extra = new double[_columns.Length][];
        var code = new Col[_columns.Length];
        for (int c = 0; c < _columns.Length; c++)
        {
            string name = _columns[c];
            code[c] = Parse(name);
            switch (code[c])
            {
                case Col.X or Col.Y or Col.Z or Col.Xs or Col.Ys or Col.Zs or Col.Ix or Col.Iy or Col.Iz:
                    needWrapped = true; break;
                case Col.Xu or Col.Yu or Col.Zu or Col.Xsu or Col.Ysu or Col.Zsu:
                    needUnwrapped = true; break;
                case Col.Vx or Col.Vy or Col.Vz when frame.Velocities is null:
                    throw new ArgumentException($"dump column '{name}' needs velocities, but the frame has none");
                case Col.Fx or Col.Fy or Col.Fz when frame.Forces is null:
                    throw new ArgumentException($"dump column '{name}' needs forces, but the frame has none");
                case Col.Mol or Col.Q or Col.Mass when frame.Topology is null || frame.Topology.AtomCount != n:
                    extra[c] = frame.Extra.TryGetValue(name, out var e0) ? e0
                        : throw new ArgumentException($"dump column '{name}' needs a topology or an Extra column '{name}'");
                    code[c] = Col.Extra;
                    break;
                case Col.Extra:
                    extra[c] = frame.Extra.TryGetValue(name, out var e) ? e
                        : throw new ArgumentException($"dump column '{name}' is neither a known column ({string.Join(' ', KnownColumns)}) nor an Extra column of the frame");
                    break;
            }
        }

        Vec3[]? wrapped = null, unwrapped = null;
        Int3[]? images = null;
        if (needWrapped)
        {
            if (frame.PositionsAreUnwrapped)
            {
                wrapped = new Vec3[n];
                images = new Int3[n];
                for (int i = 0; i < n; i++) { wrapped[i] = box.Wrap(frame.Positions[i], ref images[i]); }
            }
            else
            {
                images = frame.Images;
            }
        }

        if (needUnwrapped && !frame.PositionsAreUnwrapped && frame.Images is not null)
        {
            unwrapped = new Vec3[n];
            for (int i = 0; i < n; i++) { unwrapped[i] = box.Unwrap(frame.Positions[i], frame.Images[i]); }
        }

        var o = _out;
        if (!double.IsNaN(frame.TimeFs)) { o.S("ITEM: TIME").Nl().D(frame.TimeFs).Nl(); }
        o.S("ITEM: TIMESTEP").Nl().I(frame.Step).Nl();
        o.S("ITEM: NUMBER OF ATOMS").Nl().I(n).Nl();
        WriteBounds(o, box);
        o.S("ITEM: ATOMS");
        foreach (string c in _columns) { o.Sp().S(c); }
        o.Nl();

        var topo = frame.Topology is { } t && t.AtomCount == n ? t : null;
        int[]? topoIndex = null;
        if (topo is not null && (code.Contains(Col.Mol) || code.Contains(Col.Q) || code.Contains(Col.Mass)))
        {
            topoIndex = new int[n];
            for (int i = 0; i < n; i++)
            {
                topoIndex[i] = topo.TryIndexOfId(frame.Ids[i], out int k) ? k
                    : throw new ArgumentException($"atom id {frame.Ids[i]} of the frame is not in its topology");
            }
        }

        var elements = code.Contains(Col.Element)
            ? frame.TypeNames.Select(nm => AtomTypes.ElementOf(nm) ?? nm).ToArray()
            : [];
        var pos = frame.Positions.AsSpan();
        for (int i = 0; i < n; i++)
        {
            Vec3 w = wrapped is null ? pos[i] : wrapped[i];
            Vec3 u = unwrapped is null ? pos[i] : unwrapped[i];
            for (int c = 0; c < code.Length; c++)
            {
                if (c > 0) { o.Sp(); }
                switch (code[c])
                {
                    case Col.Id: o.I(frame.Ids[i]); break;
                    case Col.Type: o.I(frame.Types[i] + 1); break;
                    case Col.Element: o.S(elements[frame.Types[i]]); break;
                    case Col.Mol: o.I(topo!.MoleculeIds[topoIndex![i]]); break;
                    case Col.Q: o.D(topo!.Charges[topoIndex![i]]); break;
                    case Col.Mass: o.D(topo!.Masses[topoIndex![i]]); break;
                    case Col.X: o.D(w.X); break;
                    case Col.Y: o.D(w.Y); break;
                    case Col.Z: o.D(w.Z); break;
                    case Col.Xu: o.D(u.X); break;
                    case Col.Yu: o.D(u.Y); break;
                    case Col.Zu: o.D(u.Z); break;
                    case Col.Xs: o.D(box.ToFractional(w).X); break;
                    case Col.Ys: o.D(box.ToFractional(w).Y); break;
                    case Col.Zs: o.D(box.ToFractional(w).Z); break;
                    case Col.Xsu: o.D(box.ToFractional(u).X); break;
                    case Col.Ysu: o.D(box.ToFractional(u).Y); break;
                    case Col.Zsu: o.D(box.ToFractional(u).Z); break;
                    case Col.Ix: o.I(images is null ? 0 : images[i].X); break;
                    case Col.Iy: o.I(images is null ? 0 : images[i].Y); break;
                    case Col.Iz: o.I(images is null ? 0 : images[i].Z); break;
                    case Col.Vx: o.D(frame.Velocities![i].X); break;
                    case Col.Vy: o.D(frame.Velocities![i].Y); break;
                    case Col.Vz: o.D(frame.Velocities![i].Z); break;
                    case Col.Fx: o.D(frame.Forces![i].X); break;
                    case Col.Fy: o.D(frame.Forces![i].Y); break;
                    case Col.Fz: o.D(frame.Forces![i].Z); break;
                    default: o.D(extra[c][i]); break;
                }
            }

            o.Nl();
            o.FlushIfAbove(4 << 20);
        }

        o.Flush();
        _stream.Flush();
        FramesWritten++;
    }

    /// <summary>Writes the BOX BOUNDS item: orthogonal bounds, or the LAMMPS bounding box plus tilts for a triclinic box.</summary>
    internal static void WriteBounds(Utf8Output o, Box box)
    {
        string pbc = $"{(box.Periodic.X ? "pp" : "ff")} {(box.Periodic.Y ? "pp" : "ff")} {(box.Periodic.Z ? "pp" : "ff")}";
        double xlo = box.Origin.X, ylo = box.Origin.Y, zlo = box.Origin.Z;
        double xhi = ExactBounds.Upper(xlo, box.Lx), yhi = ExactBounds.Upper(ylo, box.Ly), zhi = ExactBounds.Upper(zlo, box.Lz);
        if (!box.IsTriclinic)
        {
            o.S("ITEM: BOX BOUNDS ").S(pbc).Nl();
            o.D(xlo).Sp().D(xhi).Nl();
            o.D(ylo).Sp().D(yhi).Nl();
            o.D(zlo).Sp().D(zhi).Nl();
            return;
        }

        double xy = box.Xy, xz = box.Xz, yz = box.Yz;
        double mnx = Math.Min(Math.Min(0.0, xy), Math.Min(xz, xy + xz));
        double mxx = Math.Max(Math.Max(0.0, xy), Math.Max(xz, xy + xz));
        double mny = Math.Min(0.0, yz), mxy = Math.Max(0.0, yz);

        // Bounds chosen so that the reader's (bound − shift) and (hi − lo) give back the identical doubles.
        double xlob = ExactBounds.Solve(xlo + mnx, b => b - mnx == xlo);
        double xhib = ExactBounds.Solve(xhi + mxx, b => (b - mxx) - (xlob - mnx) == box.Lx);
        double ylob = ExactBounds.Solve(ylo + mny, b => b - mny == ylo);
        double yhib = ExactBounds.Solve(yhi + mxy, b => (b - mxy) - (ylob - mny) == box.Ly);
        o.S("ITEM: BOX BOUNDS xy xz yz ").S(pbc).Nl();
        o.D(xlob).Sp().D(xhib).Sp().D(xy).Nl();
        o.D(ylob).Sp().D(yhib).Sp().D(xz).Nl();
        o.D(zlo).Sp().D(zhi).Sp().D(yz).Nl();
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) { return; }
        _disposed = true;
        _out.Flush();
        _stream.Flush();
        if (_ownsStream) { _stream.Dispose(); }
    }

    /// <inheritdoc />
    public override string ToString() => $"LammpsDumpWriter({_path})";

    internal enum Col
    {
        Id, Type, Element, Mol, Q, Mass, X, Y, Z, Xu, Yu, Zu, Xs, Ys, Zs, Xsu, Ysu, Zsu, Ix, Iy, Iz, Vx, Vy, Vz, Fx, Fy, Fz, Extra,
    }

    internal static Col Parse(string name) => name switch
    {
        "id" => Col.Id, "type" => Col.Type, "element" => Col.Element, "mol" => Col.Mol, "q" => Col.Q, "mass" => Col.Mass,
        "x" => Col.X, "y" => Col.Y, "z" => Col.Z, "xu" => Col.Xu, "yu" => Col.Yu, "zu" => Col.Zu,
        "xs" => Col.Xs, "ys" => Col.Ys, "zs" => Col.Zs, "xsu" => Col.Xsu, "ysu" => Col.Ysu, "zsu" => Col.Zsu,
        "ix" => Col.Ix, "iy" => Col.Iy, "iz" => Col.Iz, "vx" => Col.Vx, "vy" => Col.Vy, "vz" => Col.Vz,
        "fx" => Col.Fx, "fy" => Col.Fy, "fz" => Col.Fz, _ => Col.Extra,
    };
}
