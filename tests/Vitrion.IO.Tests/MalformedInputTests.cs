using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.IO.Xyz;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.IO.Tests;

/// <summary>Every reader names the file and the line of malformed input in a one-line <see cref="InputException"/>.</summary>
public sealed class MalformedInputTests : IDisposable
{
    private readonly string _dir = References.TempDir();
    private readonly List<string> _glass = File.ReadAllLines(References.ReferenceGlass).ToList();

    public void Dispose() => Directory.Delete(_dir, true);

    private int LineOf(string prefix, int after = 0) => _glass.FindIndex(after, l => l.StartsWith(prefix, StringComparison.Ordinal));

    private string Write(string name, IEnumerable<string> lines)
    {
        string p = Path.Combine(_dir, name);
        File.WriteAllLines(p, lines);
        return p;
    }

    private static InputException AssertError(Action read, string path, int line, string contains)
    {
        var e = Assert.Throws<InputException>(read);
        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.StartsWith(line > 0 ? $"{path}:{line}: " : $"{path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(contains, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void DataTruncatedInsideAtoms()
    {
        int atoms = LineOf("Atoms");
        string p = Write("trunc.data", _glass.Take(atoms + 2 + 100)); // header, blank, 100 atom lines
        AssertError(() => LammpsDataReader.Read(p), p, atoms + 2 + 100, "ends after 100 lines; the header promises 8069");
    }

    [Fact]
    public void DataUnknownAtomIdInBonds()
    {
        int bonds = LineOf("Bonds");
        var lines = _glass.ToList();
        lines[bonds + 5] = "4 2 2133 99999";
        string p = Write("badbond.data", lines);
        AssertError(() => LammpsDataReader.Read(p), p, bonds + 6, "atom id 99999");
    }

    [Fact]
    public void DataTextWhereANumberBelongs()
    {
        int atoms = LineOf("Atoms");
        var lines = _glass.ToList();
        var tok = lines[atoms + 10].Split(' ');
        tok[5] = "1.2.3abc";
        lines[atoms + 10] = string.Join(' ', tok);
        string p = Write("text.data", lines);
        AssertError(() => LammpsDataReader.Read(p), p, atoms + 11, "expected a finite number for y, found '1.2.3abc'");
    }

    [Fact]
    public void DataUnknownAtomType()
    {
        int atoms = LineOf("Atoms");
        var lines = _glass.ToList();
        var tok = lines[atoms + 3].Split(' ');
        tok[2] = "9";
        lines[atoms + 3] = string.Join(' ', tok);
        string p = Write("type.data", lines);
        AssertError(() => LammpsDataReader.Read(p), p, atoms + 4, "atom type 9 outside 1..8");
    }

    [Fact]
    public void MissingFiles()
    {
        string p = Path.Combine(_dir, "nope.data");
        AssertError(() => LammpsDataReader.Read(p), p, 0, "file not found");
        string d = Path.Combine(_dir, "nope.dump");
        AssertError(() => LammpsDumpReader.ReadFrames(d).ToList(), d, 0, "file not found");
        string x = Path.Combine(_dir, "nope.xyz");
        AssertError(() => ExtendedXyzReader.ReadFrames(x).ToList(), x, 0, "file not found");
        AssertError(() => StructureFile.ReadFrame(x), x, 0, "file not found");
    }

    [Fact]
    public void DumpTruncatedAndTextInNumbers()
    {
        var f = RandomFrames.Make(5, 20, triclinic: true);
        string p = Path.Combine(_dir, "t.dump");
        using (var w = new LammpsDumpWriter(p, ["id", "type", "x", "y", "z", "vx", "vy", "vz"]))
        {
            w.Write(f);
            w.Write(f);
        }

        var lines = File.ReadAllLines(p).ToList();
        int perFrame = lines.Count / 2; // TIME(2) + TIMESTEP(2) + N(2) + BOX(4) + ATOMS(1) + 20 atoms
        Assert.Equal(31, perFrame);

        // Second frame cut after 5 atoms: the first frame still arrives, then the error names the last line.
        string cut = Write("cut.dump", lines.Take(perFrame + 11 + 5));
        var seen = new List<Frame>();
        AssertError(() => { foreach (var fr in LammpsDumpReader.ReadFrames(cut)) { seen.Add(fr); } }, cut, perFrame + 16, "ends after 5 of 20 atoms");
        Assert.Single(seen);

        var bad = lines.ToList();
        var atomTok = bad[11 + 3].Split(' ');
        atomTok[2] = "nan-ish";
        bad[11 + 3] = string.Join(' ', atomTok);
        string t = Write("text.dump", bad);
        AssertError(() => LammpsDumpReader.ReadFrames(t).ToList(), t, 15, "expected a finite number in column 'x', found 'nan-ish'");

        var noCount = lines.ToList();
        noCount[5] = "many";
        string c = Write("count.dump", noCount);
        AssertError(() => LammpsDumpReader.ReadFrames(c).ToList(), c, 6, "number of atoms, found 'many'");

        var wrongCols = lines.ToList();
        wrongCols[11] += " 1.0";
        string wc = Write("cols.dump", wrongCols);
        AssertError(() => LammpsDumpReader.ReadFrames(wc).ToList(), wc, 12, "atom line has 9 values, expected 8");

        string notDump = Write("data.dump", _glass.Take(20));
        AssertError(() => LammpsDumpReader.ReadFrames(notDump).ToList(), notDump, 1, "expected an 'ITEM:' line");
    }

    [Fact]
    public void XyzTruncatedAndBadNumbers()
    {
        var f = RandomFrames.Make(6, 10, triclinic: false);
        string p = Path.Combine(_dir, "t.xyz");
        ExtendedXyzWriter.WriteAll(p, [f]);
        var lines = File.ReadAllLines(p).ToList();
        string cut = Write("cut.xyz", lines.Take(7));
        AssertError(() => ExtendedXyzReader.ReadFrames(cut).ToList(), cut, 7, "frame ends after 5 of 10 atoms");
        var bad = lines.ToList();
        var tok = bad[4].Split(' ');
        tok[2] = "x1";
        bad[4] = string.Join(' ', tok);
        string b = Write("bad.xyz", bad);
        AssertError(() => ExtendedXyzReader.ReadFrames(b).ToList(), b, 5, "expected a finite number for 'pos', found 'x1'");
        var badLattice = lines.ToList();
        badLattice[1] = badLattice[1].Replace("Lattice=\"", "Lattice=\"1 2 ", StringComparison.Ordinal);
        string l = Write("lat.xyz", badLattice);
        AssertError(() => ExtendedXyzReader.ReadFrames(l).ToList(), l, 2, "Lattice needs 9 numbers, found 11");
    }
    // Issue #19, defect 1: NaN/inf in coordinates was accepted by the dump and XYZ readers (the data reader already
    // refused it); a coordinate of 1e300 and an atom count larger than the file can hold were accepted too.
    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-nan")]
    [InlineData("inf")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void DumpAndXyzRefuseNonFiniteCoordinates(string token)
    {
        var f = RandomFrames.Make(7, 10, triclinic: false);
        string d = Path.Combine(_dir, "ok.dump");
        LammpsDumpWriter.WriteAll(d, [f]);
        var lines = File.ReadAllLines(d).ToList();
        int atoms = lines.FindIndex(l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal));
        var cols = lines[atoms].Split(' ').Skip(2).ToList();
        int xc = cols.FindIndex(c => c is "x" or "xu");
        var tok = lines[atoms + 3].Split(' ');
        tok[xc] = token;
        lines[atoms + 3] = string.Join(' ', tok);
        string bad = Write("nan.dump", lines);
        var e = AssertError(() => LammpsDumpReader.ReadFrames(bad).ToList(), bad, atoms + 4, "expected a finite number in column");
        Assert.Contains(token, e.Message, StringComparison.Ordinal);

        string x = Path.Combine(_dir, "ok.xyz");
        ExtendedXyzWriter.WriteAll(x, [f]);
        var xl = File.ReadAllLines(x).ToList();
        var xt = xl[3].Split(' ');
        xt[1] = token;
        xl[3] = string.Join(' ', xt);
        string bx = Write("nan.xyz", xl);
        AssertError(() => ExtendedXyzReader.ReadFrames(bx).ToList(), bx, 4, $"expected a finite number for 'pos', found '{token}'");
    }

    [Fact]
    public void AbsurdCoordinatesAndCountsAreRefused()
    {
        var f = RandomFrames.Make(8, 10, triclinic: false);
        string d = Path.Combine(_dir, "ok.dump");
        LammpsDumpWriter.WriteAll(d, [f]);
        var lines = File.ReadAllLines(d).ToList();
        int atoms = lines.FindIndex(l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal));
        int xc = lines[atoms].Split(' ').Skip(2).ToList().FindIndex(c => c is "x" or "xu");
        var big = lines.ToList();
        var tok = big[atoms + 2].Split(' ');
        tok[xc] = "1e300";
        big[atoms + 2] = string.Join(' ', tok);
        string b = Write("big.dump", big);
        AssertError(() => LammpsDumpReader.ReadFrames(b).ToList(), b, atoms + 3, "beyond ±1e7 Å");

        var many = lines.ToList();
        int count = many.FindIndex(l => l == "ITEM: NUMBER OF ATOMS") + 1;
        many[count] = "2000000000";
        string m = Write("many.dump", many);
        AssertError(() => LammpsDumpReader.ReadFrames(m).ToList(), m, count + 1, "cannot hold them");

        int atomsLine = LineOf("Atoms");
        var glass = _glass.ToList();
        var gt = glass[atomsLine + 2].Split(' ');
        gt[4] = "1e300";
        glass[atomsLine + 2] = string.Join(' ', gt);
        string g = Write("big.data", glass);
        AssertError(() => LammpsDataReader.Read(g), g, atomsLine + 3, "beyond ±1e7 Å");

        var header = _glass.ToList();
        int natomsLine = header.FindIndex(l => l.EndsWith(" atoms", StringComparison.Ordinal));
        header[natomsLine] = "9000000000000 atoms";
        string h = Write("header.data", header);
        AssertError(() => LammpsDataReader.Read(h), h, 0, "cannot hold");
    }

    [Fact]
    public void PeriodicXyzWithoutALatticeIsRefused()
    {
        string p = Write("nolattice.xyz", ["2", "Properties=species:S:1:pos:R:3 pbc=\"T T T\"", "Li 0 0 0", "S 1 1 1"]);
        AssertError(() => ExtendedXyzReader.ReadFrames(p).ToList(), p, 2, "periodic but it has no Lattice");
        string ok = Write("open.xyz", ["2", "Properties=species:S:1:pos:R:3 pbc=\"F F F\"", "Li 0 0 0", "S 1 1 1"]);
        Assert.Single(ExtendedXyzReader.ReadFrames(ok).ToList());
    }
}
