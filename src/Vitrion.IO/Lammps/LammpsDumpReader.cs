using System.Collections.Immutable;
using Vitrion.Core;
using Vitrion.IO.Text;

namespace Vitrion.IO.Lammps;

/// <summary>Options for reading LAMMPS dump files.</summary>
public sealed record LammpsDumpReadOptions
{
    /// <summary>Atom type names by LAMMPS type (index 0 = type 1); overrides the element column and the topology.</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>
    /// A topology (e.g. of the data file the run started from) attached to every frame whose atom ids match it;
    /// its type names name the types when <see cref="TypeNames"/> is not given.
    /// </summary>
    public Topology? Topology { get; init; }
}

/// <summary>
/// Streams the frames of a LAMMPS text dump (custom or atom style; columns in any order), one frame at a time,
/// so memory does not grow with the number of frames. Reads id, type, element, x/y/z (wrapped), xu/yu/zu
/// (unwrapped), xs/ys/zs and xsu/ysu/zsu (scaled), ix/iy/iz, vx/vy/vz, fx/fy/fz; every other numeric column
/// (mol, q, c_pe, …) goes to <see cref="Frame.Extra"/>. Atoms are sorted by id. Triclinic bounding boxes are
/// converted back to the tilt form. Type names come from the options, the element column, the topology, or
/// are the type numbers. Errors name the file, the line and what was expected.
/// </summary>
public static class LammpsDumpReader
{
    /// <summary>Reads the frames lazily; the file stays open while enumerating.</summary>
    /// <exception cref="InputException">for a missing or malformed file (thrown when the bad frame is reached).</exception>
    public static IEnumerable<Frame> ReadFrames(string path, LammpsDumpReadOptions? options = null)
    {
        options ??= new LammpsDumpReadOptions();
        if (!File.Exists(path))
        {
            throw new InputException(path, 0, Directory.Exists(path) ? "is a directory, not a dump file" : "file not found");
        }

        return Iterate(path, options);
    }

    private static IEnumerable<Frame> Iterate(string path, LammpsDumpReadOptions options)
    {
        using var parser = new DumpParser(path, options);
        while (parser.Next() is { } frame)
        {
            yield return frame;
        }
    }

    /// <summary>Counts the frames by scanning for <c>ITEM: TIMESTEP</c> lines without parsing atoms.</summary>
    public static int CountFrames(string path)
    {
        using var r = new Utf8LineReader(path);
        int count = 0;
        while (r.TryReadLine(out var line))
        {
            if (Utf8Text.StartsWith(line, "ITEM: TIMESTEP")) { count++; }
        }

        return count;
    }

    private sealed class DumpParser : IDisposable
    {
        private readonly Utf8LineReader _r;
        private readonly LammpsDumpReadOptions _o;
        private readonly string _path;

        public DumpParser(string path, LammpsDumpReadOptions options)
        {
            _path = path;
            _o = options;
            _r = new Utf8LineReader(path);
        }

        public void Dispose() => _r.Dispose();

        private InputException Err(string message) => _r.Error(message);

        private ReadOnlySpan<byte> Line(string expected)
        {
            if (!_r.TryReadLine(out var line))
            {
                throw new InputException(_path, (int)Math.Min(_r.LineNumber + 1, int.MaxValue), $"file ends early; expected {expected} (file truncated?)");
            }

            return line;
        }

        public Frame? Next()
        {
            // Header items up to ITEM: ATOMS.
            double time = double.NaN;
            long step = 0;
            bool haveStep = false;
            int natoms = -1;
            Box? box = null;
            ReadOnlySpan<byte> line;
            while (true)
            {
                if (!_r.TryReadLine(out line))
                {
                    if (haveStep || natoms >= 0 || box is not null)
                    {
                        throw new InputException(_path, (int)Math.Min(_r.LineNumber, int.MaxValue), "file ends inside a frame header; expected 'ITEM: ATOMS ...' (file truncated?)");
                    }

                    return null;
                }

                if (line.Trim((byte)' ').IsEmpty) { continue; }
                if (!Utf8Text.StartsWith(line, "ITEM:"))
                {
                    throw Err($"expected an 'ITEM:' line, found '{Utf8Text.Str(line)}'; is this a LAMMPS text dump (dump custom/atom)?");
                }

                if (Utf8Text.StartsWith(line, "ITEM: TIMESTEP"))
                {
                    var t = Line("the timestep").Trim((byte)' ');
                    if (!Utf8Text.TryLong(t, out step)) { throw Err($"expected an integer timestep, found '{Utf8Text.Str(t)}'"); }
                    haveStep = true;
                }
                else if (Utf8Text.StartsWith(line, "ITEM: TIME"))
                {
                    var t = Line("the time").Trim((byte)' ');
                    if (!Utf8Text.TryDouble(t, out time)) { throw Err($"expected a number for the time, found '{Utf8Text.Str(t)}'"); }
                }
                else if (Utf8Text.StartsWith(line, "ITEM: NUMBER OF ATOMS"))
                {
                    var t = Line("the number of atoms").Trim((byte)' ');
                    if (!Utf8Text.TryInt(t, out natoms) || natoms < 0) { throw Err($"expected a non-negative integer number of atoms, found '{Utf8Text.Str(t)}'"); }
                    if (natoms > _r.RemainingBytesBound / 4)
                    {
                        throw Err($"the frame says {natoms} atoms but the rest of the file ({_r.RemainingBytesBound} bytes) cannot hold them (file truncated or corrupt?)");
                    }
                }
                else if (Utf8Text.StartsWith(line, "ITEM: BOX BOUNDS"))
                {
                    box = ReadBox(Utf8Text.Str(line["ITEM: BOX BOUNDS".Length..]));
                }
                else if (Utf8Text.StartsWith(line, "ITEM: ATOMS"))
                {
                    break;
                }
                else if (Utf8Text.StartsWith(line, "ITEM: UNITS"))
                {
                    Line("the units");
                }
                else
                {
                    throw Err($"unknown item '{Utf8Text.Str(line)}'; expected TIMESTEP, NUMBER OF ATOMS, BOX BOUNDS or ATOMS");
                }
            }

            if (!haveStep) { throw Err("'ITEM: ATOMS' before 'ITEM: TIMESTEP'"); }
            if (natoms < 0) { throw Err("'ITEM: ATOMS' before 'ITEM: NUMBER OF ATOMS'"); }
            if (box is null) { throw Err("'ITEM: ATOMS' before 'ITEM: BOX BOUNDS'"); }
            string[] cols = Utf8Text.Str(line["ITEM: ATOMS".Length..]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return ReadAtoms(cols, natoms, box, step, time);
        }

        private Box ReadBox(string flags)
        {
            var f = flags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            bool tilted = f.Length >= 3 && f[0] == "xy" && f[1] == "xz" && f[2] == "yz";
            if (f.Length >= 1 && f[0] == "abc")
            {
                throw Err("general triclinic dumps ('BOX BOUNDS abc origin') are not supported; dump with a restricted triclinic box");
            }

            var pbc = f.Skip(tilted ? 3 : 0).ToArray();
            bool P(int k) => pbc.Length <= k || pbc[k] == "pp";
            Span<double> v = stackalloc double[9];
            Span<Range> rg = stackalloc Range[4];
            string[] axis = ["x", "y", "z"];
            for (int k = 0; k < 3; k++)
            {
                var l = Line($"the {axis[k]} bounds of the box");
                int nt = Utf8Text.Tokenize(l, rg);
                int need = tilted ? 3 : 2;
                if (nt < need) { throw Err($"box bounds line needs {need} numbers ({axis[k]}lo {axis[k]}hi{(tilted ? " tilt" : string.Empty)}), found {nt}"); }
                for (int c = 0; c < need; c++)
                {
                    if (!Utf8Text.TryDouble(l[rg[c]], out v[3 * k + c])) { throw Err($"expected a finite number in the box bounds, found '{Utf8Text.Str(l[rg[c]])}'"); }
                    if (Math.Abs(v[3 * k + c]) > Coordinates.MaxAbs) { throw Err($"box bound {Utf8Text.Str(l[rg[c]])} is beyond ±1e7 Å; the file is corrupt"); }
                }
            }

            double xy = tilted ? v[2] : 0, xz = tilted ? v[5] : 0, yz = tilted ? v[8] : 0;
            double xlo = v[0], xhi = v[1], ylo = v[3], yhi = v[4], zlo = v[6], zhi = v[7];
            if (tilted)
            {
                xlo -= Math.Min(Math.Min(0.0, xy), Math.Min(xz, xy + xz));
                xhi -= Math.Max(Math.Max(0.0, xy), Math.Max(xz, xy + xz));
                ylo -= Math.Min(0.0, yz);
                yhi -= Math.Max(0.0, yz);
            }

            try
            {
                return new Box(new Vec3(xlo, ylo, zlo), xhi - xlo, yhi - ylo, zhi - zlo, xy, xz, yz, (P(0), P(1), P(2)));
            }
            catch (ArgumentException e)
            {
                throw Err("invalid box: " + e.Message);
            }
        }

        private Frame ReadAtoms(string[] cols, int n, Box box, long step, double time)
        {
            int nc = cols.Length;
            if (nc == 0) { throw Err("'ITEM: ATOMS' names no columns"); }
            var kinds = new LammpsDumpWriter.Col[nc];
            for (int c = 0; c < nc; c++) { kinds[c] = LammpsDumpWriter.Parse(cols[c]); }
            bool Has(LammpsDumpWriter.Col k) => kinds.Contains(k);
            if (!Has(LammpsDumpWriter.Col.Type) && !Has(LammpsDumpWriter.Col.Element))
            {
                throw Err("dump has neither a 'type' nor an 'element' column; dump with 'id type x y z ...'");
            }

            // Choose the coordinate set: wrapped (x), unwrapped (xu), scaled (xs), scaled unwrapped (xsu).
            (LammpsDumpWriter.Col X, bool Unwrapped, bool Scaled)? coords =
                Has(LammpsDumpWriter.Col.X) && Has(LammpsDumpWriter.Col.Y) && Has(LammpsDumpWriter.Col.Z) ? (LammpsDumpWriter.Col.X, false, false)
                : Has(LammpsDumpWriter.Col.Xs) && Has(LammpsDumpWriter.Col.Ys) && Has(LammpsDumpWriter.Col.Zs) ? (LammpsDumpWriter.Col.Xs, false, true)
                : Has(LammpsDumpWriter.Col.Xu) && Has(LammpsDumpWriter.Col.Yu) && Has(LammpsDumpWriter.Col.Zu) ? (LammpsDumpWriter.Col.Xu, true, false)
                : Has(LammpsDumpWriter.Col.Xsu) && Has(LammpsDumpWriter.Col.Ysu) && Has(LammpsDumpWriter.Col.Zsu) ? (LammpsDumpWriter.Col.Xsu, true, true)
                : null;
            if (coords is null) { throw Err("dump has no complete set of coordinates (x y z, xu yu zu, xs ys zs or xsu ysu zsu)"); }
            var (cx, unwrapped, scaled) = coords.Value;

            // Column role per position: 0..2 = coordinate axis, 3..5 image, 6..8 v, 9..11 f, 12 id, 13 type, 14 element, 15 extra, 16 ignored.
            var role = new int[nc];
            var extraNames = new List<string>();
            var extraIndex = new int[nc];
            bool hasImg = false, hasV = false, hasF = false, hasId = false;
            for (int c = 0; c < nc; c++)
            {
                var k = kinds[c];
                int r;
                if (k == cx) { r = 0; }
                else if (k == cx + 1) { r = 1; }
                else if (k == cx + 2) { r = 2; }
                else
                {
                    r = k switch
                    {
                        LammpsDumpWriter.Col.Ix => 3, LammpsDumpWriter.Col.Iy => 4, LammpsDumpWriter.Col.Iz => 5,
                        LammpsDumpWriter.Col.Vx => 6, LammpsDumpWriter.Col.Vy => 7, LammpsDumpWriter.Col.Vz => 8,
                        LammpsDumpWriter.Col.Fx => 9, LammpsDumpWriter.Col.Fy => 10, LammpsDumpWriter.Col.Fz => 11,
                        LammpsDumpWriter.Col.Id => 12, LammpsDumpWriter.Col.Type => 13, LammpsDumpWriter.Col.Element => 14,
                        LammpsDumpWriter.Col.Mol or LammpsDumpWriter.Col.Q or LammpsDumpWriter.Col.Mass or LammpsDumpWriter.Col.Extra => 15,
                        _ => 16, // another coordinate set than the one used
                    };
                }

                if (r == 15) { extraIndex[c] = extraNames.Count; extraNames.Add(cols[c]); }
                hasImg |= r is >= 3 and <= 5;
                hasV |= r is >= 6 and <= 8;
                hasF |= r is >= 9 and <= 11;
                hasId |= r == 12;
                role[c] = r;
            }

            if (hasImg && !(Has(LammpsDumpWriter.Col.Ix) && Has(LammpsDumpWriter.Col.Iy) && Has(LammpsDumpWriter.Col.Iz))) { hasImg = false; }
            if (hasV && !(Has(LammpsDumpWriter.Col.Vx) && Has(LammpsDumpWriter.Col.Vy) && Has(LammpsDumpWriter.Col.Vz))) { throw Err("dump has only some of vx vy vz"); }
            if (hasF && !(Has(LammpsDumpWriter.Col.Fx) && Has(LammpsDumpWriter.Col.Fy) && Has(LammpsDumpWriter.Col.Fz))) { throw Err("dump has only some of fx fy fz"); }

            var pos = new double[3 * n];
            var ids = new int[n];
            var types = new int[n];
            int[]? img = hasImg ? new int[3 * n] : null;
            double[]? vel = hasV ? new double[3 * n] : null;
            double[]? frc = hasF ? new double[3 * n] : null;
            var extras = extraNames.Select(_ => new double[n]).ToArray();
            bool hasType = Has(LammpsDumpWriter.Col.Type);
            var elementOfType = new Dictionary<int, string>();
            var typeOfElement = new Dictionary<string, int>();
            Span<Range> rg = nc <= 64 ? stackalloc Range[nc + 1] : new Range[nc + 1];
            int elementColumn = -1;
            for (int i = 0; i < n; i++)
            {
                if (!_r.TryReadLine(out var l))
                {
                    throw new InputException(_path, (int)Math.Min(_r.LineNumber, int.MaxValue),
                        $"ATOMS section of timestep {step} ends after {i} of {n} atoms (file truncated?)");
                }

                int found = Utf8Text.Tokenize(l, rg);
                if (found != nc)
                {
                    throw Err($"atom line has {found} values, expected {nc} ({string.Join(' ', cols)})");
                }

                ids[i] = i + 1;
                for (int c = 0; c < nc; c++)
                {
                    var tok = l[rg[c]];
                    int r = role[c];
                    switch (r)
                    {
                        case <= 2:
                            if (!Utf8Text.TryDouble(tok, out pos[3 * i + r])) { throw NumErr(cols[c], tok); }
                            if (Math.Abs(pos[3 * i + r]) > Coordinates.MaxAbs) { throw Err($"coordinate {Utf8Text.Str(tok)} in column '{cols[c]}' is beyond ±1e7 Å; the file is corrupt"); }
                            break;
                        case <= 5:
                            if (img is not null && !Utf8Text.TryInt(tok, out img[3 * i + r - 3])) { throw IntErr(cols[c], tok); }
                            break;
                        case <= 8:
                            if (!Utf8Text.TryDouble(tok, out vel![3 * i + r - 6])) { throw NumErr(cols[c], tok); }
                            break;
                        case <= 11:
                            if (!Utf8Text.TryDouble(tok, out frc![3 * i + r - 9])) { throw NumErr(cols[c], tok); }
                            break;
                        case 12:
                            if (!Utf8Text.TryInt(tok, out ids[i]) || ids[i] < 1) { throw Err($"expected a positive integer atom id, found '{Utf8Text.Str(tok)}'"); }
                            break;
                        case 13:
                            if (!Utf8Text.TryInt(tok, out int t) || t < 1) { throw Err($"expected a positive integer atom type, found '{Utf8Text.Str(tok)}'"); }
                            types[i] = t - 1;
                            break;
                        case 14:
                            elementColumn = c;
                            break;
                        case 15:
                            if (!Utf8Text.TryDouble(tok, out extras[extraIndex[c]][i])) { throw NumErr(cols[c], tok); }
                            break;
                    }
                }

                if (elementColumn >= 0) { ElementToken(l[rg[elementColumn]], i, hasType, types, elementOfType, typeOfElement); }
            }

            // Sort by id when needed.
            int[]? order = null;
            for (int i = 1; i < n; i++)
            {
                if (ids[i] <= ids[i - 1])
                {
                    order = Enumerable.Range(0, n).ToArray();
                    Array.Sort((int[])ids.Clone(), order);
                    break;
                }
            }

            int Src(int i) => order is null ? i : order[i];
            var positions = new Vec3[n];
            for (int i = 0; i < n; i++)
            {
                int s = Src(i);
                var p = new Vec3(pos[3 * s], pos[3 * s + 1], pos[3 * s + 2]);
                positions[i] = scaled ? box.ToCartesian(p) : p;
            }

            var sortedIds = order is null ? ids : order.Select(s => ids[s]).ToArray();
            var sortedTypes = order is null ? types : order.Select(s => types[s]).ToArray();
            for (int i = 1; i < n; i++)
            {
                if (sortedIds[i] == sortedIds[i - 1]) { throw Err($"atom id {sortedIds[i]} appears twice in timestep {step}"); }
            }

            Int3[]? images = null;
            if (img is not null)
            {
                images = new Int3[n];
                for (int i = 0; i < n; i++) { int s = Src(i); images[i] = new Int3(img[3 * s], img[3 * s + 1], img[3 * s + 2]); }
            }

            Vec3[]? velocities = ToVec(vel, order);
            Vec3[]? forces = ToVec(frc, order);
            var extraDict = ImmutableDictionary.CreateBuilder<string, double[]>();
            for (int e = 0; e < extraNames.Count; e++)
            {
                var a = extras[e];
                extraDict[extraNames[e]] = order is null ? a : order.Select(s => a[s]).ToArray();
            }

            int maxType = n == 0 ? 0 : sortedTypes.Max() + 1;
            var names = TypeNames(maxType, elementOfType, hasType);

            Topology? topo = _o.Topology;
            if (topo is not null && !Matches(topo, sortedIds, sortedTypes))
            {
                throw Err($"the atoms of timestep {step} ({n} atoms) do not match the given topology ({topo.AtomCount} atoms) in ids and types; give the data file the run started from");
            }
            return new Frame(box, positions, sortedIds, sortedTypes, names)
            {
                Step = step,
                TimeFs = time,
                PositionsAreUnwrapped = unwrapped,
                Images = images,
                Velocities = velocities,
                Forces = forces,
                Extra = extraDict.ToImmutable(),
                Topology = topo,
            };
        }

        private static Vec3[]? ToVec(double[]? a, int[]? order)
        {
            if (a is null) { return null; }
            var v = new Vec3[a.Length / 3];
            for (int i = 0; i < v.Length; i++)
            {
                int s = order is null ? i : order[i];
                v[i] = new Vec3(a[3 * s], a[3 * s + 1], a[3 * s + 2]);
            }

            return v;
        }

        private static bool Matches(Topology topo, int[] ids, int[] types)
        {
            if (topo.AtomCount != ids.Length) { return false; }
            for (int i = 0; i < ids.Length; i++)
            {
                if (topo.Ids[i] != ids[i] || topo.Types[i] != types[i]) { return false; }
            }

            return true;
        }

        private void ElementToken(ReadOnlySpan<byte> tok, int i, bool hasType, int[] types, Dictionary<int, string> elementOfType, Dictionary<string, int> typeOfElement)
        {
            if (hasType)
            {
                // Only the first occurrence per type matters; avoid a string per atom.
                if (elementOfType.ContainsKey(types[i])) { return; }
                string el = Utf8Text.Str(tok);
                elementOfType[types[i]] = el;
                typeOfElement.TryAdd(el, types[i]);
            }
            else
            {
                string el = Utf8Text.Str(tok);
                if (!typeOfElement.TryGetValue(el, out int t))
                {
                    t = typeOfElement.Count;
                    typeOfElement[el] = t;
                    elementOfType[t] = el;
                }

                types[i] = t;
            }
        }

        private string[] TypeNames(int maxType, Dictionary<int, string> elementOfType, bool hasType)
        {
            if (_o.TypeNames is { } given)
            {
                if (given.Count < maxType) { throw Err($"{given.Count} type names given, but the dump has atom type {maxType}"); }
                return given.ToArray();
            }

            if (_o.Topology is { } topo && topo.TypeNames.Length >= maxType) { return topo.TypeNames.ToArray(); }
            var names = new string[maxType];
            for (int t = 0; t < maxType; t++)
            {
                names[t] = elementOfType.TryGetValue(t, out string? el) ? el : (t + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return names;
        }

        private InputException NumErr(string column, ReadOnlySpan<byte> tok) => Err($"expected a finite number in column '{column}', found '{Utf8Text.Str(tok)}'");

        private InputException IntErr(string column, ReadOnlySpan<byte> tok) => Err($"expected an integer in column '{column}', found '{Utf8Text.Str(tok)}'");
    }
}
