using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.IO.Lammps;

/// <summary>Options for reading a LAMMPS data file.</summary>
public sealed record LammpsDataReadOptions
{
    /// <summary>Atom type names by LAMMPS type (index 0 = type 1); overrides names in the file.</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>atom_style when the file does not say ("full", "atomic", "charge", "molecular"); null = infer.</summary>
    public string? AtomStyle { get; init; }
}

/// <summary>
/// Reads LAMMPS data files (atom_style full, atomic, charge, molecular; Masses, Atoms, Velocities, Bonds,
/// Angles, Dihedrals, Impropers ignored with their count checked, type-label sections, coefficient sections
/// kept verbatim). Errors name the file, the line and what was expected.
/// </summary>
public static class LammpsDataReader
{
    private static readonly string[] HeaderKeywords =
    [
        "atoms", "bonds", "angles", "dihedrals", "impropers", "atom types", "bond types", "angle types",
        "dihedral types", "improper types", "extra bond per atom", "extra angle per atom", "extra dihedral per atom",
        "extra improper per atom", "extra special per atom", "ellipsoids", "lines", "triangles", "bodies",
        "xlo xhi", "ylo yhi", "zlo zhi", "xy xz yz",
    ];

    /// <summary>Reads a data file.</summary>
    /// <exception cref="InputException">for a missing or malformed file.</exception>
    public static LammpsData Read(string path, LammpsDataReadOptions? options = null)
    {
        options ??= new LammpsDataReadOptions();
        using var r = new LineReader(path);
        string header = r.Read() ?? throw r.Error("file is empty; expected a LAMMPS data file");
        var counts = new Dictionary<string, long>();
        double xlo = 0, xhi = 0, ylo = 0, yhi = 0, zlo = 0, zhi = 0, xy = 0, xz = 0, yz = 0;
        bool haveX = false, haveY = false, haveZ = false;
        string? line;
        string? section = null;
        int sectionLine = 0;

        // Header.
        while ((line = r.Read()) is not null)
        {
            var tok = Parse.Tokens(line);
            if (tok.Length == 0) { continue; }
            string joined = string.Join(' ', tok);
            string? kw = HeaderKeywords.FirstOrDefault(k => joined.EndsWith(" " + k, StringComparison.Ordinal));
            if (kw is null)
            {
                section = line.Split('#')[0].Trim();
                sectionLine = r.LineNumber;
                break;
            }

            Func<string, InputException> err = r.Error;
            switch (kw)
            {
                case "xlo xhi":
                    xlo = Parse.Double(tok[0], err, "xlo"); xhi = Parse.Double(tok[1], err, "xhi"); haveX = true; break;
                case "ylo yhi":
                    ylo = Parse.Double(tok[0], err, "ylo"); yhi = Parse.Double(tok[1], err, "yhi"); haveY = true; break;
                case "zlo zhi":
                    zlo = Parse.Double(tok[0], err, "zlo"); zhi = Parse.Double(tok[1], err, "zhi"); haveZ = true; break;
                case "xy xz yz":
                    xy = Parse.Double(tok[0], err, "xy"); xz = Parse.Double(tok[1], err, "xz"); yz = Parse.Double(tok[2], err, "yz"); break;
                default:
                    counts[kw] = Parse.Long(tok[0], err, kw);
                    break;
            }
        }

        if (!counts.TryGetValue("atoms", out long natomsL))
        {
            throw r.Error(Math.Max(1, r.LineNumber), "header has no 'N atoms' line; is this a LAMMPS data file?");
        }

        if (!counts.TryGetValue("atom types", out long ntypesL) || ntypesL < 1)
        {
            throw r.Error(Math.Max(1, r.LineNumber), "header has no 'N atom types' line");
        }

        if (!haveX || !haveY || !haveZ)
        {
            throw r.Error(Math.Max(1, r.LineNumber), "header lacks one of 'xlo xhi', 'ylo yhi', 'zlo zhi'");
        }

        long fileBytes = new FileInfo(path).Length;
        foreach (var (key, value) in counts)
        {
            if (value < 0 || (value > fileBytes && value > 1_000_000)) // every entry takes a line of more than one byte; small counts allocate little, so a truncated file still gets its line-level message
            {
                throw new InputException(path, 0, $"header says {value} {key}, which a file of {fileBytes} bytes cannot hold (corrupt header?)");
            }
        }

        foreach (var (name, lo, hi) in new[] { ("x", xlo, xhi), ("y", ylo, yhi), ("z", zlo, zhi), ("xy", xy, xy), ("xz", xz, xz), ("yz", yz, yz) })
        {
            if (Math.Abs(lo) > Coordinates.MaxAbs || Math.Abs(hi) > Coordinates.MaxAbs)
            {
                throw new InputException(path, 0, $"box {name} bound beyond ±1e7 Å; the file is corrupt");
            }
        }

        int natoms = checked((int)natomsL);
        int ntypes = checked((int)ntypesL);
        long Count(string k) => counts.TryGetValue(k, out long v) ? v : 0;
        Box box;
        try
        {
            box = new Box(new Vec3(xlo, ylo, zlo), xhi - xlo, yhi - ylo, zhi - zlo, xy, xz, yz);
        }
        catch (ArgumentException e)
        {
            throw new InputException(path, 0, "invalid box: " + e.Message);
        }

        var masses = new double[ntypes];
        var massSet = new bool[ntypes];
        var fileNames = new string?[ntypes];
        var bondTypeNames = new string?[Count("bond types")];
        var angleTypeNames = new string?[Count("angle types")];
        var dihedralTypeNames = new string?[Count("dihedral types")];
        var ids = new int[natoms];
        var types = new int[natoms];
        var charges = new double[natoms];
        var mols = new int[natoms];
        var pos = new Vec3[natoms];
        var img = new Int3[natoms];
        Vec3[]? vel = null;
        int[]? velIds = null;
        var bonds = new List<(int T, int A, int B, int Line)>();
        var angles = new List<(int T, int A, int B, int C, int Line)>();
        var dihedrals = new List<(int T, int A, int B, int C, int D, int Line)>();
        var coeffs = ImmutableArray.CreateBuilder<(string, ImmutableArray<string>)>();
        bool atomsRead = false;
        string style = options.AtomStyle ?? string.Empty;

        while (section is not null)
        {
            string name = section;
            string? comment = Parse.Comment(line!);
            int headerLine = sectionLine;
            section = null;

            // Each section is followed by a blank line, then its lines until the next keyword line.
            var body = new List<(string Text, int Line)>();
            while ((line = r.Read()) is not null)
            {
                var tok = Parse.Tokens(line);
                if (tok.Length == 0)
                {
                    continue;
                }

                if (!char.IsDigit(tok[0][0]) && tok[0][0] != '-' && tok[0][0] != '+')
                {
                    section = line.Split('#')[0].Trim();
                    sectionLine = r.LineNumber;
                    break;
                }

                body.Add((line, r.LineNumber));
            }

            switch (name)
            {
                case "Masses":
                    foreach (var (text, ln) in body)
                    {
                        var tok = Parse.Tokens(text);
                        Func<string, InputException> err = m => new InputException(path, ln, m);
                        if (tok.Length < 2) { throw err("Masses line needs 'type mass'"); }
                        int t = Parse.Int(tok[0], err, "atom type");
                        if (t < 1 || t > ntypes) { throw err($"atom type {t} outside 1..{ntypes}"); }
                        masses[t - 1] = Parse.Double(tok[1], err, "mass");
                        if (!(masses[t - 1] > 0)) { throw err($"mass of type {t} must be positive"); }
                        massSet[t - 1] = true;
                        string? c = Parse.Comment(text);
                        if (!string.IsNullOrWhiteSpace(c)) { fileNames[t - 1] = c.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]; }
                    }

                    break;
                case "Atom Type Labels":
                    ReadLabels(body, fileNames, path, "atom type");
                    break;
                case "Bond Type Labels":
                    ReadLabels(body, bondTypeNames, path, "bond type");
                    break;
                case "Angle Type Labels":
                    ReadLabels(body, angleTypeNames, path, "angle type");
                    break;
                case "Dihedral Type Labels":
                    ReadLabels(body, dihedralTypeNames, path, "dihedral type");
                    break;
                case "Atoms":
                    if (string.IsNullOrEmpty(style)) { style = comment?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty; }
                    if (string.IsNullOrEmpty(style)) { style = InferStyle(body, Count("bonds") > 0); }
                    ReadAtoms(path, headerLine, body, style, natoms, ntypes, ids, types, charges, mols, pos, img);
                    atomsRead = true;
                    break;
                case "Velocities":
                    if (body.Count != natoms) { throw TruncatedError(path, headerLine, body, "Velocities", natoms); }
                    vel = new Vec3[natoms];
                    velIds = new int[natoms];
                    for (int k = 0; k < body.Count; k++)
                    {
                        var (text, ln) = body[k];
                        Func<string, InputException> err = m => new InputException(path, ln, m);
                        var tok = Parse.Tokens(text);
                        if (tok.Length < 4) { throw err($"Velocities line needs 'id vx vy vz', found {tok.Length} values"); }
                        velIds[k] = Parse.Int(tok[0], err, "atom id");
                        vel[k] = new Vec3(Parse.Double(tok[1], err, "vx"), Parse.Double(tok[2], err, "vy"), Parse.Double(tok[3], err, "vz"));
                    }

                    break;
                case "Bonds":
                    CheckCount(path, headerLine, body, "Bonds", Count("bonds"));
                    foreach (var (text, ln) in body)
                    {
                        var v = Ints(text, ln, path, 4, "Bonds line needs 'id type atom1 atom2'");
                        bonds.Add((v[1], v[2], v[3], ln));
                    }

                    break;
                case "Angles":
                    CheckCount(path, headerLine, body, "Angles", Count("angles"));
                    foreach (var (text, ln) in body)
                    {
                        var v = Ints(text, ln, path, 5, "Angles line needs 'id type atom1 atom2 atom3'");
                        angles.Add((v[1], v[2], v[3], v[4], ln));
                    }

                    break;
                case "Dihedrals":
                    CheckCount(path, headerLine, body, "Dihedrals", Count("dihedrals"));
                    foreach (var (text, ln) in body)
                    {
                        var v = Ints(text, ln, path, 6, "Dihedrals line needs 'id type atom1 atom2 atom3 atom4'");
                        dihedrals.Add((v[1], v[2], v[3], v[4], v[5], ln));
                    }

                    break;
                case "Impropers":
                    CheckCount(path, headerLine, body, "Impropers", Count("impropers"));
                    break;
                default:
                    if (name.EndsWith("Coeffs", StringComparison.Ordinal))
                    {
                        string full = comment is null ? name : $"{name} # {comment}";
                        coeffs.Add((full, body.Select(b => b.Text.Trim()).ToImmutableArray()));
                        if (name == "Bond Coeffs") { NamesFromComments(body, bondTypeNames); }
                        if (name == "Angle Coeffs") { NamesFromComments(body, angleTypeNames); }
                        if (name == "Dihedral Coeffs") { NamesFromComments(body, dihedralTypeNames); }
                    }
                    else if (!name.EndsWith("Labels", StringComparison.Ordinal))
                    {
                        throw new InputException(path, headerLine,
                            $"unknown section '{name}'; expected Masses, Atoms, Velocities, Bonds, Angles, Dihedrals, Impropers or a '... Coeffs' section");
                    }

                    break;
            }
        }

        if (!atomsRead) { throw new InputException(path, r.LineNumber, $"no Atoms section; expected {natoms} atoms"); }
        for (int t = 0; t < ntypes; t++)
        {
            if (!massSet[t]) { throw new InputException(path, 0, $"no mass for atom type {t + 1}: add it to the Masses section"); }
        }

        // Sort atoms by id.
        var order = Enumerable.Range(0, natoms).ToArray();
        Array.Sort(ids.ToArray(), order);
        Permute(ref ids, order); Permute(ref types, order); Permute(ref charges, order); Permute(ref mols, order);
        Permute(ref pos, order); Permute(ref img, order);
        var indexOf = new Dictionary<int, int>(natoms);
        for (int i = 0; i < natoms; i++)
        {
            if (!indexOf.TryAdd(ids[i], i)) { throw new InputException(path, 0, $"atom id {ids[i]} appears twice in the Atoms section"); }
        }

        Vec3[]? velocities = null;
        if (vel is not null)
        {
            velocities = new Vec3[natoms];
            var seen = new bool[natoms];
            for (int k = 0; k < natoms; k++)
            {
                if (!indexOf.TryGetValue(velIds![k], out int i)) { throw new InputException(path, 0, $"Velocities refers to atom id {velIds[k]} that is not in the Atoms section"); }
                velocities[i] = vel[k];
                seen[i] = true;
            }
        }

        int Idx(int id, int ln, string what) => indexOf.TryGetValue(id, out int i)
            ? i
            : throw new InputException(path, ln, $"{what} refers to atom id {id}, which is not in the Atoms section");
        void CheckType(int t, long n, int ln, string what)
        {
            if (t < 1 || t > n) { throw new InputException(path, ln, $"{what} type {t} outside 1..{n} (header '{n} {what.ToLowerInvariant()} types')"); }
        }

        var bondList = bonds.Select(b => { CheckType(b.T, Count("bond types"), b.Line, "Bond"); return new Bond(b.T - 1, Idx(b.A, b.Line, "bond"), Idx(b.B, b.Line, "bond")); }).ToList();
        var angleList = angles.Select(a => { CheckType(a.T, Count("angle types"), a.Line, "Angle"); return new Angle(a.T - 1, Idx(a.A, a.Line, "angle"), Idx(a.B, a.Line, "angle"), Idx(a.C, a.Line, "angle")); }).ToList();
        var dihList = dihedrals.Select(d => { CheckType(d.T, Count("dihedral types"), d.Line, "Dihedral"); return new Dihedral(d.T - 1, Idx(d.A, d.Line, "dihedral"), Idx(d.B, d.Line, "dihedral"), Idx(d.C, d.Line, "dihedral"), Idx(d.D, d.Line, "dihedral")); }).ToList();
        if (Count("bonds") != bondList.Count) { throw new InputException(path, 0, $"header says {Count("bonds")} bonds but the Bonds section is missing or has {bondList.Count}"); }
        if (Count("angles") != angleList.Count) { throw new InputException(path, 0, $"header says {Count("angles")} angles but the Angles section is missing or has {angleList.Count}"); }
        if (Count("dihedrals") != dihList.Count) { throw new InputException(path, 0, $"header says {Count("dihedrals")} dihedrals but the Dihedrals section is missing or has {dihList.Count}"); }

        TypeNameSource source;
        string[] names;
        if (options.TypeNames is not null)
        {
            if (options.TypeNames.Count != ntypes) { throw new InputException(path, 0, $"{options.TypeNames.Count} type names given for {ntypes} atom types"); }
            names = options.TypeNames.ToArray();
            source = TypeNameSource.Given;
        }
        else if (fileNames.All(n => !string.IsNullOrEmpty(n)))
        {
            names = fileNames.Select(n => n!).ToArray();
            source = TypeNameSource.File;
        }
        else if (GuessNames(masses, types, charges) is { } guessed)
        {
            names = guessed;
            source = TypeNameSource.Inferred;
        }
        else
        {
            names = Enumerable.Range(1, ntypes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            source = TypeNameSource.Numbers;
        }

        static string[] OrEmpty(string?[] a) => a.All(s => !string.IsNullOrEmpty(s)) ? a.Select(s => s!).ToArray() : [];
        var topology = new Topology(names, masses, types, charges, ids, mols, bondList, angleList, dihList,
            OrEmpty(bondTypeNames), OrEmpty(angleTypeNames), OrEmpty(dihedralTypeNames));
        return new LammpsData
        {
            Header = header.Trim(),
            AtomStyle = style,
            Topology = topology,
            Box = box,
            Positions = pos,
            Images = img,
            Velocities = velocities,
            TypeNameSource = source,
            CoefficientSections = coeffs.ToImmutable(),
            BondTypes = counts.TryGetValue("bond types", out long nbt) ? (int)nbt : null,
            AngleTypes = counts.TryGetValue("angle types", out long nat) ? (int)nat : null,
            DihedralTypes = counts.TryGetValue("dihedral types", out long ndt) ? (int)ndt : null,
        };
    }

    private static string[]? GuessNames(double[] masses, int[] types, double[] charges)
    {
        var q = Enumerable.Repeat(double.NaN, masses.Length).ToArray();
        for (int i = 0; i < types.Length; i++)
        {
            if (double.IsNaN(q[types[i]])) { q[types[i]] = charges[i]; }
            else if (Math.Abs(q[types[i]] - charges[i]) > 1e-9) { return null; }
        }

        return AtomTypes.GuessAriga2022Names(masses, q);
    }

    private static string InferStyle(List<(string Text, int Line)> body, bool hasBonds)
    {
        if (body.Count == 0) { return hasBonds ? "full" : "atomic"; }
        int n = Parse.Tokens(body[0].Text).Length;
        return n switch
        {
            5 or 8 => "atomic",
            6 or 9 => hasBonds ? "molecular" : "charge",
            _ => "full",
        };
    }

    private static void ReadAtoms(string path, int headerLine, List<(string Text, int Line)> body, string style, int natoms, int ntypes,
        int[] ids, int[] types, double[] charges, int[] mols, Vec3[] pos, Int3[] img)
    {
        (int Id, int Mol, int Type, int Q, int X, int Columns) layout = style switch
        {
            "full" => (0, 1, 2, 3, 4, 7),
            "atomic" => (0, -1, 1, -1, 2, 5),
            "charge" => (0, -1, 1, 2, 3, 6),
            "molecular" => (0, 1, 2, -1, 3, 6),
            _ => throw new InputException(path, headerLine, $"atom_style '{style}' is not supported; expected full, atomic, charge or molecular"),
        };
        if (body.Count != natoms) { throw TruncatedError(path, headerLine, body, "Atoms", natoms); }
        for (int k = 0; k < body.Count; k++)
        {
            var (text, ln) = body[k];
            Func<string, InputException> err = m => new InputException(path, ln, m);
            var tok = Parse.Tokens(text);
            if (tok.Length != layout.Columns && tok.Length != layout.Columns + 3)
            {
                throw err($"Atoms line (atom_style {style}) needs {layout.Columns} values (or {layout.Columns + 3} with image flags), found {tok.Length}");
            }

            ids[k] = Parse.Int(tok[layout.Id], err, "atom id");
            if (ids[k] < 1) { throw err($"atom id must be positive, found {ids[k]}"); }
            int t = Parse.Int(tok[layout.Type], err, "atom type");
            if (t < 1 || t > ntypes) { throw err($"atom type {t} outside 1..{ntypes} (header '{ntypes} atom types')"); }
            types[k] = t - 1;
            mols[k] = layout.Mol >= 0 ? Parse.Int(tok[layout.Mol], err, "molecule id") : 0;
            charges[k] = layout.Q >= 0 ? Parse.Double(tok[layout.Q], err, "charge") : 0.0;
            pos[k] = new Vec3(Parse.Double(tok[layout.X], err, "x"), Parse.Double(tok[layout.X + 1], err, "y"), Parse.Double(tok[layout.X + 2], err, "z"));
            if (!pos[k].IsFinite) { throw err("position is not finite"); }
            if (Math.Abs(pos[k].X) > Coordinates.MaxAbs || Math.Abs(pos[k].Y) > Coordinates.MaxAbs || Math.Abs(pos[k].Z) > Coordinates.MaxAbs)
            {
                throw err($"position {pos[k].X.ToString("G", System.Globalization.CultureInfo.InvariantCulture)} {pos[k].Y.ToString("G", System.Globalization.CultureInfo.InvariantCulture)} {pos[k].Z.ToString("G", System.Globalization.CultureInfo.InvariantCulture)} is beyond ±1e7 Å; the file is corrupt");
            }
            if (tok.Length == layout.Columns + 3)
            {
                img[k] = new Int3(Parse.Int(tok[layout.Columns], err, "ix"), Parse.Int(tok[layout.Columns + 1], err, "iy"), Parse.Int(tok[layout.Columns + 2], err, "iz"));
            }
        }
    }

    private static InputException TruncatedError(string path, int headerLine, List<(string Text, int Line)> body, string section, long expected)
    {
        int line = body.Count > 0 ? body[^1].Line : headerLine;
        return body.Count < expected
            ? new InputException(path, line, $"{section} section ends after {body.Count} lines; the header promises {expected} (file truncated?)")
            : new InputException(path, line, $"{section} section has {body.Count} lines; the header promises {expected}");
    }

    private static void CheckCount(string path, int headerLine, List<(string Text, int Line)> body, string section, long expected)
    {
        if (body.Count != expected) { throw TruncatedError(path, headerLine, body, section, expected); }
    }

    private static int[] Ints(string text, int ln, string path, int n, string expected)
    {
        Func<string, InputException> err = m => new InputException(path, ln, m);
        var tok = Parse.Tokens(text);
        if (tok.Length < n) { throw err(expected + $", found {tok.Length} values"); }
        var v = new int[n];
        for (int i = 0; i < n; i++) { v[i] = Parse.Int(tok[i], err, i == 0 ? "id" : i == 1 ? "type" : "atom id"); }
        return v;
    }

    private static void ReadLabels(List<(string Text, int Line)> body, string?[] names, string path, string what)
    {
        foreach (var (text, ln) in body)
        {
            Func<string, InputException> err = m => new InputException(path, ln, m);
            var tok = Parse.Tokens(text);
            if (tok.Length < 2) { throw err($"type label line needs '{what} label'"); }
            int t = Parse.Int(tok[0], err, what);
            if (t < 1 || t > names.Length) { throw err($"{what} {t} outside 1..{names.Length}"); }
            names[t - 1] = tok[1];
        }
    }

    private static void NamesFromComments(List<(string Text, int Line)> body, string?[] names)
    {
        foreach (var (text, _) in body)
        {
            string? c = Parse.Comment(text);
            var tok = Parse.Tokens(text);
            if (string.IsNullOrWhiteSpace(c) || tok.Length == 0 || !int.TryParse(tok[0], out int t) || t < 1 || t > names.Length) { continue; }
            names[t - 1] ??= c.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
        }
    }

    private static void Permute<T>(ref T[] a, int[] order)
    {
        var b = new T[a.Length];
        for (int i = 0; i < a.Length; i++) { b[i] = a[order[i]]; }
        a = b;
    }
}
