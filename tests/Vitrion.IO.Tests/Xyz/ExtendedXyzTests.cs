using System.Globalization;
using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.IO.Xyz;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.IO.Tests.Xyz;

public class ExtendedXyzTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripIsExact(bool triclinic)
    {
        string dir = References.TempDir();
        string path = Path.Combine(dir, "t.xyz");
        var frames = Enumerable.Range(0, 4).Select(s => RandomFrames.Make(20 + s, 150 + s, triclinic)).ToList();
        using (var w = new ExtendedXyzWriter(path))
        {
            foreach (var f in frames) { w.Write(f); }
        }

        var back = ExtendedXyzReader.ReadFrames(path).ToList();
        Assert.Equal(frames.Count, back.Count);
        for (int k = 0; k < frames.Count; k++) { FrameAssert.Exact(frames[k], back[k]); }
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ReferenceGlassKeepsTypeNamesAndSpecies()
    {
        var frame = LammpsDataReader.Read(References.ReferenceGlass).ToFrame();
        string dir = References.TempDir();
        string path = Path.Combine(dir, "g.xyz");
        ExtendedXyzWriter.WriteAll(path, [frame]);
        var lines = File.ReadLines(path).Take(3).ToArray();
        Assert.Equal("8069", lines[0]);
        Assert.Contains("pbc=\"T T T\"", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("P ", lines[2], StringComparison.Ordinal); // species = element of the first atom's type (P2)
        var back = ExtendedXyzReader.ReadFrames(path).Single();
        FrameAssert.Exact(frame, back);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void PlainXyzAndGeneralCellAreRead()
    {
        string dir = References.TempDir();
        string path = Path.Combine(dir, "plain.xyz");

        // A cell rotated away from the LAMMPS orientation: a along (1,1,0)/√2.
        double s = Math.Sqrt(0.5);
        File.WriteAllText(path, string.Join('\n',
            "2",
            FormattableString.Invariant($"Lattice=\"{10 * s} {10 * s} 0 {-10 * s} {10 * s} 0 0 0 10\" Properties=species:S:1:pos:R:3:energy:R:1 pbc=\"T T F\" note=hello"),
            FormattableString.Invariant($"Li {s} {s} 1 -1.5"),
            FormattableString.Invariant($"S {2 * s} {2 * s} 2 -2.5"),
            "1",
            "no properties here",
            "O 0 0 0",
            ""));
        var frames = ExtendedXyzReader.ReadFrames(path).ToList();
        Assert.Equal(2, frames.Count);
        var f = frames[0];
        Assert.Equal(10.0, f.Box.Lx, 1e-12);
        Assert.Equal(10.0, f.Box.Ly, 1e-12);
        Assert.Equal(0.0, f.Box.Xy, 1e-12);
        Assert.Equal((true, true, false), f.Box.Periodic);
        Assert.Equal(1.0, f.Positions[0].X, 1e-12); // rotated onto the x axis
        Assert.Equal(0.0, f.Positions[0].Y, 1e-12);
        Assert.Equal(2.0, f.Positions[1].X, 1e-12);
        Assert.Equal(["Li", "S"], f.TypeNames);
        Assert.Equal([-1.5, -2.5], f.Extra["energy"]);
        var g = frames[1];
        Assert.Equal(["O"], g.TypeNames);
        Assert.False(g.Box.Periodic.X);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AseReadsTheSamePositionsAndCell()
    {
        string py = References.RequirePythonModules("apt-get install python3-ase", "ase");
        var data = LammpsDataReader.Read(References.ReferenceGlass);
        var frame = data.ToFrame();
        string dir = References.TempDir();
        string path = Path.Combine(dir, "g.xyz");
        ExtendedXyzWriter.WriteAll(path, [frame]);
        string script = Path.Combine(dir, "check.py");
        File.WriteAllText(script, """
            import sys, ase.io
            a = ase.io.read(sys.argv[1], format='extxyz')
            c = a.get_cell()
            print('N', len(a))
            print('CELL', ' '.join(repr(float(x)) for x in c.array.flatten()))
            print('PBC', ' '.join(str(bool(p)) for p in a.pbc))
            p = a.get_positions()
            for i in (0, 1, 4000, len(a) - 1):
                print('POS', i, a.get_chemical_symbols()[i], a.arrays['type_name'][i], int(a.arrays['id'][i]), repr(float(p[i, 0])), repr(float(p[i, 1])), repr(float(p[i, 2])))
            print('SUMPOS', repr(float(p.sum())))
            """);
        var (code, so, se) = References.Run(py, $"{script} {path}", dir, 120);
        Assert.True(code == 0, so + se);
        var lines = so.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("N 8069", lines.Single(l => l.StartsWith("N ", StringComparison.Ordinal)));
        Assert.Equal("PBC True True True", lines.Single(l => l.StartsWith("PBC", StringComparison.Ordinal)));
        var cell = lines.Single(l => l.StartsWith("CELL", StringComparison.Ordinal)).Split(' ').Skip(1).Select(D).ToArray();
        var b = frame.Box;
        double[] expectedCell = [b.Lx, 0, 0, b.Xy, b.Ly, 0, b.Xz, b.Yz, b.Lz];
        for (int k = 0; k < 9; k++) { Assert.Equal(expectedCell[k], cell[k], 1e-9); }
        foreach (var l in lines.Where(l => l.StartsWith("POS", StringComparison.Ordinal)))
        {
            var t = l.Split(' ');
            int i = int.Parse(t[1], CultureInfo.InvariantCulture);
            Assert.Equal(AtomTypes.ElementOf(frame.TypeNames[frame.Types[i]]), t[2]);
            Assert.Equal(frame.TypeNames[frame.Types[i]], t[3]);
            Assert.Equal(frame.Ids[i], int.Parse(t[4], CultureInfo.InvariantCulture));
            Assert.Equal(frame.Positions[i].X, D(t[5]), 1e-9);
            Assert.Equal(frame.Positions[i].Y, D(t[6]), 1e-9);
            Assert.Equal(frame.Positions[i].Z, D(t[7]), 1e-9);
        }

        double sum = frame.Positions.Sum(p => p.X + p.Y + p.Z);
        Assert.Equal(sum, D(lines.Single(l => l.StartsWith("SUMPOS", StringComparison.Ordinal)).Split(' ')[1]), 1e-6);
        Directory.Delete(dir, true);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
