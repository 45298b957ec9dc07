using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Vitrion.Core;
using Vitrion.IO.Text;

namespace Vitrion.IO.Xyz;

/// <summary>Options for reading extended XYZ files.</summary>
public sealed record ExtendedXyzReadOptions
{
    /// <summary>
    /// The type names in type order (type 1 first). Every name in the file (type_name, else species) must be
    /// among them. Null: the file's <c>type_names</c> key, else the order of first appearance.
    /// </summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>A topology attached to every frame whose ids and type names match it.</summary>
    public Topology? Topology { get; init; }
}

/// <summary>
/// Streams the frames of an extended XYZ file (ASE/OVITO style) one at a time: <c>Lattice</c> (a general cell is
/// rotated into the LAMMPS orientation, positions, velocities and forces with it), <c>Origin</c>, <c>pbc</c>,
/// <c>Properties</c> (species, pos, type_name, id, image, vel/velo, forces/force; every other real, integer or
/// logical property goes to <see cref="Frame.Extra"/>, vectors as name_0, name_1, …), <c>Timestep</c>, <c>Time</c>
/// [fs], <c>type_names</c>. Plain XYZ (no Properties) is read as species and positions; without a Lattice the box
/// is the non-periodic bounding box of the atoms. Atoms are sorted by id. Errors name the file and line.
/// </summary>
public static class ExtendedXyzReader
{
    /// <summary>Reads the frames lazily; the file stays open while enumerating.</summary>
    /// <exception cref="InputException">for a missing or malformed file.</exception>
    public static IEnumerable<Frame> ReadFrames(string path, ExtendedXyzReadOptions? options = null)
    {
        options ??= new ExtendedXyzReadOptions();
        if (!File.Exists(path))
        {
            throw new InputException(path, 0, Directory.Exists(path) ? "is a directory, not an XYZ file" : "file not found");
        }

        return Iterate(path, options);
    }

    private static IEnumerable<Frame> Iterate(string path, ExtendedXyzReadOptions options)
    {
        using var r = new Utf8LineReader(path);
        while (ReadFrame(r, path, options) is { } f)
        {
            yield return f;
        }
    }

    private enum Kind { Species, Pos, TypeName, Id, Image, Vel, Forces, Extra, Skip }

    private sealed record Prop(string Name, char Type, int Count, Kind Kind, int Start);

    /// <summary>Parses the key=value pairs of an extended XYZ comment line (values may be double-quoted).</summary>
    public static Dictionary<string, string> ParseInfo(string comment)
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        int n = comment.Length;
        while (i < n)
        {
            while (i < n && char.IsWhiteSpace(comment[i])) { i++; }
            if (i >= n) { break; }
            int ks = i;
            while (i < n && comment[i] != '=' && !char.IsWhiteSpace(comment[i])) { i++; }
            string key = comment[ks..i];
            while (i < n && comment[i] == ' ') { i++; }
            if (i < n && comment[i] == '=')
            {
                i++;
                while (i < n && comment[i] == ' ') { i++; }
                var sb = new StringBuilder();
                if (i < n && (comment[i] == '"' || comment[i] == '{'))
                {
                    char close = comment[i] == '"' ? '"' : '}';
                    i++;
                    while (i < n && comment[i] != close)
                    {
                        if (comment[i] == '\\' && i + 1 < n) { i++; }
                        sb.Append(comment[i]);
                        i++;
                    }

                    i++;
                }
                else
                {
                    while (i < n && !char.IsWhiteSpace(comment[i])) { sb.Append(comment[i]); i++; }
                }

                d[key] = sb.ToString();
            }
            else if (key.Length > 0)
            {
                d[key] = "T";
            }
        }

        return d;
    }

    private static Frame? ReadFrame(Utf8LineReader r, string path, ExtendedXyzReadOptions options)
    {
        ReadOnlySpan<byte> line;
        do
        {
            if (!r.TryReadLine(out line)) { return null; }
        }
        while (line.Trim((byte)' ').Trim((byte)'\t').IsEmpty);

        var countTok = line.Trim((byte)' ').Trim((byte)'\t');
        if (!Utf8Text.TryInt(countTok, out int n) || n < 0)
        {
            throw r.Error($"expected the number of atoms of a frame, found '{Utf8Text.Str(line)}'");
        }

        if (n > r.RemainingBytesBound / 4)
        {
            throw r.Error($"the frame says {n} atoms but the rest of the file ({r.RemainingBytesBound} bytes) cannot hold them (file truncated or corrupt?)");
        }

        if (!r.TryReadLine(out line)) { throw r.Error("file ends after the atom count; expected the comment line (file truncated?)"); }
        int commentLine = (int)r.LineNumber;
        var info = ParseInfo(Encoding.UTF8.GetString(line));
        InputException InfoErr(string m) => new(path, commentLine, m);

        // Properties.
        string propSpec = info.TryGetValue("Properties", out string? ps) && ps.Contains(':', StringComparison.Ordinal) ? ps : "species:S:1:pos:R:3";
        var parts = propSpec.Split(':');
        if (parts.Length % 3 != 0) { throw InfoErr($"Properties '{propSpec}' is not a list of name:type:count triples"); }
        var props = new List<Prop>();
        int col = 0;
        for (int k = 0; k < parts.Length; k += 3)
        {
            string name = parts[k];
            string type = parts[k + 1];
            if (type.Length != 1 || "SRIL".IndexOf(type[0], StringComparison.Ordinal) < 0) { throw InfoErr($"property '{name}' has type '{type}'; expected S, R, I or L"); }
            if (!int.TryParse(parts[k + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int m) || m < 1) { throw InfoErr($"property '{name}' has count '{parts[k + 2]}'; expected a positive integer"); }
            Kind kind = name switch
            {
                "species" when m == 1 => Kind.Species,
                "pos" or "positions" when m == 3 => Kind.Pos,
                "type_name" when m == 1 => Kind.TypeName,
                "id" when m == 1 => Kind.Id,
                "image" when m == 3 => Kind.Image,
                "vel" or "velo" or "velocities" when m == 3 => Kind.Vel,
                "forces" or "force" when m == 3 => Kind.Forces,
                _ => type[0] == 'S' ? Kind.Skip : Kind.Extra,
            };
            props.Add(new Prop(name, type[0], m, kind, col));
            col += m;
        }

        if (!props.Any(p => p.Kind == Kind.Pos)) { throw InfoErr("Properties has no pos:R:3"); }
        if (!props.Any(p => p.Kind is Kind.Species or Kind.TypeName)) { throw InfoErr("Properties has neither species:S:1 nor type_name:S:1"); }
        int ncol = col;

        // Cell.
        Vec3 origin = default;
        if (info.TryGetValue("Origin", out string? os))
        {
            var ov = Numbers(os, 3, "Origin", InfoErr);
            origin = new Vec3(ov[0], ov[1], ov[2]);
        }

        (bool, bool, bool) pbc = (true, true, true);
        bool hasLattice = info.TryGetValue("Lattice", out string? ls);
        if (info.TryGetValue("pbc", out string? pbs))
        {
            var pt = pbs.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (pt.Length != 3) { throw InfoErr($"pbc '{pbs}' needs three values (T/F)"); }
            pbc = (Bool(pt[0], InfoErr), Bool(pt[1], InfoErr), Bool(pt[2], InfoErr));
        }
        else if (!hasLattice)
        {
            pbc = (false, false, false);
        }

        if (!hasLattice && (pbc.Item1 || pbc.Item2 || pbc.Item3))
        {
            throw InfoErr($"pbc=\"{pbs}\" marks the frame periodic but it has no Lattice; give the cell (Lattice=\"ax ay az bx by bz cx cy cz\") or pbc=\"F F F\"");
        }

        double[,]? rotation = null;
        Box? box = null;
        if (hasLattice)
        {
            var lv = Numbers(ls!, 9, "Lattice", InfoErr);
            var a = new Vec3(lv[0], lv[1], lv[2]);
            var b = new Vec3(lv[3], lv[4], lv[5]);
            var c = new Vec3(lv[6], lv[7], lv[8]);
            try
            {
                if (a.Y == 0 && a.Z == 0 && b.Z == 0 && a.X > 0 && b.Y > 0 && c.Z > 0)
                {
                    box = new Box(origin, a.X, b.Y, c.Z, b.X, c.X, c.Y, pbc);
                }
                else
                {
                    var (g, rot) = Box.FromGeneralCell(a, b, c, origin);
                    box = new Box(origin, g.Lx, g.Ly, g.Lz, g.Xy, g.Xz, g.Yz, pbc);
                    rotation = rot;
                }
            }
            catch (ArgumentException e)
            {
                throw InfoErr("invalid Lattice: " + e.Message);
            }
        }

        // Atoms.
        var species = new string[n];
        var typeNameOf = new string?[n];
        var pos = new Vec3[n];
        var ids = new int[n];
        Int3[]? images = props.Any(p => p.Kind == Kind.Image) ? new Int3[n] : null;
        Vec3[]? vel = props.Any(p => p.Kind == Kind.Vel) ? new Vec3[n] : null;
        Vec3[]? frc = props.Any(p => p.Kind == Kind.Forces) ? new Vec3[n] : null;
        var extraProps = props.Where(p => p.Kind == Kind.Extra).ToArray();
        var extraCols = new List<(string Name, int Column, char Type, double[] Values)>();
        foreach (var p in extraProps)
        {
            for (int k = 0; k < p.Count; k++)
            {
                extraCols.Add((p.Count == 1 ? p.Name : FormattableString.Invariant($"{p.Name}_{k}"), p.Start + k, p.Type, new double[n]));
            }
        }

        bool hasId = props.Any(p => p.Kind == Kind.Id);
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // intern
        Span<Range> rg = ncol <= 64 ? stackalloc Range[ncol + 1] : new Range[ncol + 1];
        Span<int> iv = stackalloc int[3];
        for (int i = 0; i < n; i++)
        {
            if (!r.TryReadLine(out line)) { throw new InputException(path, (int)r.LineNumber, $"frame ends after {i} of {n} atoms (file truncated?)"); }
            int found = Utf8Text.Tokenize(line, rg);
            if (found != ncol) { throw r.Error($"atom line has {found} values; Properties '{propSpec}' needs {ncol}"); }
            ids[i] = i + 1;
            foreach (var p in props)
            {
                switch (p.Kind)
                {
                    case Kind.Species:
                        species[i] = Intern(names, line[rg[p.Start]]);
                        break;
                    case Kind.TypeName:
                        typeNameOf[i] = Intern(names, line[rg[p.Start]]);
                        break;
                    case Kind.Pos:
                        pos[i] = Vec(line, rg, p, r);
                        break;
                    case Kind.Vel:
                        vel![i] = Vec(line, rg, p, r);
                        break;
                    case Kind.Forces:
                        frc![i] = Vec(line, rg, p, r);
                        break;
                    case Kind.Id:
                        if (!Utf8Text.TryInt(line[rg[p.Start]], out ids[i]) || ids[i] < 1) { throw r.Error($"expected a positive integer id, found '{Utf8Text.Str(line[rg[p.Start]])}'"); }
                        break;
                    case Kind.Image:
                        for (int k = 0; k < 3; k++)
                        {
                            if (!Utf8Text.TryInt(line[rg[p.Start + k]], out iv[k])) { throw r.Error($"expected an integer image flag, found '{Utf8Text.Str(line[rg[p.Start + k]])}'"); }
                        }

                        images![i] = new Int3(iv[0], iv[1], iv[2]);
                        break;
                }
            }

            foreach (var (name, column, type, values) in extraCols)
            {
                var tok = line[rg[column]];
                if (type == 'L')
                {
                    values[i] = tok.Length == 1 && (tok[0] == (byte)'T' || tok[0] == (byte)'F') ? (tok[0] == (byte)'T' ? 1 : 0)
                        : throw r.Error($"expected T or F for property '{name}', found '{Utf8Text.Str(tok)}'");
                }
                else if (!Utf8Text.TryDouble(tok, out values[i]))
                {
                    throw r.Error($"expected a number for property '{name}', found '{Utf8Text.Str(tok)}'");
                }
            }
        }

        // Type names.
        var atomName = new string[n];
        for (int i = 0; i < n; i++) { atomName[i] = typeNameOf[i] ?? species[i]; }
        List<string> typeList;
        if (options.TypeNames is { } given)
        {
            typeList = given.ToList();
        }
        else if (info.TryGetValue("type_names", out string? tn) && tn.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } listed)
        {
            typeList = listed.ToList();
        }
        else
        {
            typeList = atomName.Distinct().ToList();
        }

        var typeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int t = 0; t < typeList.Count; t++) { typeIndex.TryAdd(typeList[t], t); }
        var types = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!typeIndex.TryGetValue(atomName[i], out types[i]))
            {
                throw new InputException(path, commentLine, $"atom type '{atomName[i]}' is not among the type names ({string.Join(',', typeList)}); add it to --type-names");
            }
        }

        if (rotation is not null)
        {
            for (int i = 0; i < n; i++)
            {
                pos[i] = origin + Box.RotateIntoLammpsFrame(rotation, pos[i] - origin);
                if (vel is not null) { vel[i] = Box.RotateIntoLammpsFrame(rotation, vel[i]); }
                if (frc is not null) { frc[i] = Box.RotateIntoLammpsFrame(rotation, frc[i]); }
            }
        }

        if (box is null)
        {
            box = BoundingBox(pos, pbc);
        }

        // Sort by id.
        if (hasId)
        {
            bool sorted = true;
            for (int i = 1; i < n && sorted; i++) { sorted = ids[i] > ids[i - 1]; }
            if (!sorted)
            {
                var order = Enumerable.Range(0, n).ToArray();
                Array.Sort((int[])ids.Clone(), order);
                T[] P<T>(T[] a) => order.Select(k => a[k]).ToArray();
                ids = P(ids); types = P(types); pos = P(pos);
                if (images is not null) { images = P(images); }
                if (vel is not null) { vel = P(vel); }
                if (frc is not null) { frc = P(frc); }
                for (int e = 0; e < extraCols.Count; e++) { extraCols[e] = extraCols[e] with { Values = P(extraCols[e].Values) }; }
                for (int i = 1; i < n; i++)
                {
                    if (ids[i] == ids[i - 1]) { throw new InputException(path, commentLine, $"atom id {ids[i]} appears twice in this frame"); }
                }
            }
        }

        long step = 0;
        if ((info.TryGetValue("Timestep", out string? st) || info.TryGetValue("step", out st)) &&
            !long.TryParse(st, NumberStyles.Integer, CultureInfo.InvariantCulture, out step))
        {
            throw InfoErr($"Timestep '{st}' is not an integer");
        }

        double time = double.NaN;
        if (info.TryGetValue("Time", out string? ts) && !double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out time))
        {
            throw InfoErr($"Time '{ts}' is not a number");
        }

        var extra = ImmutableDictionary.CreateBuilder<string, double[]>();
        foreach (var (name, _, _, values) in extraCols) { extra[name] = values; }
        Topology? topo = options.Topology;
        if (topo is not null && !Matches(topo, ids, types, typeList))
        {
            throw new InputException(path, commentLine, $"the atoms of this frame ({n}) do not match the given topology ({topo.AtomCount} atoms) in ids and types");
        }

        return new Frame(box, pos, ids, types, typeList)
        {
            Step = step,
            TimeFs = time,
            PositionsAreUnwrapped = info.TryGetValue("unwrapped", out string? uw) && uw is "T" or "True" or "true",
            Images = images,
            Velocities = vel,
            Forces = frc,
            Extra = extra.ToImmutable(),
            Topology = topo,
        };
    }

    private static bool Matches(Topology topo, int[] ids, int[] types, List<string> typeList)
    {
        if (topo.AtomCount != ids.Length) { return false; }
        for (int i = 0; i < ids.Length; i++)
        {
            if (topo.Ids[i] != ids[i] || topo.TypeNames[topo.Types[i]] != typeList[types[i]]) { return false; }
        }

        return true;
    }

    private static Box BoundingBox(Vec3[] pos, (bool, bool, bool) pbc)
    {
        if (pos.Length == 0) { return new Box(Vec3.Zero, 1, 1, 1, periodic: pbc); }
        double x0 = pos.Min(p => p.X), y0 = pos.Min(p => p.Y), z0 = pos.Min(p => p.Z);
        double x1 = pos.Max(p => p.X), y1 = pos.Max(p => p.Y), z1 = pos.Max(p => p.Z);
        const double pad = 0.5;
        return new Box(new Vec3(x0 - pad, y0 - pad, z0 - pad), x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, z1 - z0 + 2 * pad, periodic: pbc);
    }

    private static string Intern(Dictionary<string, string> cache, ReadOnlySpan<byte> tok)
    {
        string s = Encoding.UTF8.GetString(tok);
        if (cache.TryGetValue(s, out string? c)) { return c; }
        cache[s] = s;
        return s;
    }

    private static Vec3 Vec(ReadOnlySpan<byte> line, Span<Range> rg, Prop p, Utf8LineReader r)
    {
        Span<double> v = stackalloc double[3];
        for (int k = 0; k < 3; k++)
        {
            var tok = line[rg[p.Start + k]];
            if (!Utf8Text.TryDouble(tok, out v[k])) { throw r.Error($"expected a finite number for '{p.Name}', found '{Utf8Text.Str(tok)}'"); }
            if (p.Kind == Kind.Pos && Math.Abs(v[k]) > Coordinates.MaxAbs) { throw r.Error($"coordinate {Utf8Text.Str(tok)} of '{p.Name}' is beyond ±1e7 Å; the file is corrupt"); }
        }

        return new Vec3(v[0], v[1], v[2]);
    }

    private static bool Bool(string s, Func<string, InputException> err) => s switch
    {
        "T" or "True" or "true" or "1" => true,
        "F" or "False" or "false" or "0" => false,
        _ => throw err($"expected T or F in pbc, found '{s}'"),
    };

    private static double[] Numbers(string s, int count, string what, Func<string, InputException> err)
    {
        var tok = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tok.Length != count) { throw err($"{what} needs {count} numbers, found {tok.Length}"); }
        var v = new double[count];
        for (int k = 0; k < count; k++)
        {
            if (!double.TryParse(tok[k], NumberStyles.Float, CultureInfo.InvariantCulture, out v[k]) || !double.IsFinite(v[k])) { throw err($"expected a finite number in {what}, found '{tok[k]}'"); }
            if (Math.Abs(v[k]) > Coordinates.MaxAbs) { throw err($"{what} value {tok[k]} is beyond ±1e7 Å; the file is corrupt"); }
        }

        return v;
    }
}
