using System.Globalization;
using System.Text;
using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Analysis.Tests.Structure;

public class VoronoiTests
{
    [Fact]
    public void ReferenceGlassEqualsVoroPlusPlus() => CompareWithVoroPlusPlus(null);

    [Fact]
    public void RadicalReferenceGlassEqualsVoroPlusPlus() =>
        CompareWithVoroPlusPlus(new Dictionary<string, double> { ["Li"] = 0.76, ["P"] = 0.38, ["S"] = 1.84 });

    private static void CompareWithVoroPlusPlus(Dictionary<string, double>? radii)
    {
        string voro = References.RequireProgram("voro++", "apt-get install voro++");
        var frame = StructureTestData.ReferenceGlass();
        var res = new Voronoi(new VoronoiOptions { Radii = radii }).Compute(frame);
        Assert.Equal(frame.AtomCount, res.Volumes.Length);
        Assert.True(Math.Abs(res.TotalVolume - frame.Box.Volume) <= 1e-9 * frame.Box.Volume, $"sum {res.TotalVolume} box {frame.Box.Volume}");

        string dir = References.TempDir("voro");
        var sb = new StringBuilder();
        var w = frame.WrappedPositions();
        for (int i = 0; i < frame.AtomCount; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{frame.Ids[i]} {w[i].X:R} {w[i].Y:R} {w[i].Z:R}");
            if (radii is not null) { sb.Append(CultureInfo.InvariantCulture, $" {radii[AtomTypes.ElementOf(frame.TypeNames[frame.Types[i]])!]:R}"); }
            sb.AppendLine();
        }

        File.WriteAllText(Path.Combine(dir, "pts"), sb.ToString());
        var b = frame.Box;
        string args = FormattableString.Invariant($"-p -o {(radii is null ? "" : "-r ")}-c \"%i %q %v %s\" {b.Origin.X:R} {b.Origin.X + b.Lx:R} {b.Origin.Y:R} {b.Origin.Y + b.Ly:R} {b.Origin.Z:R} {b.Origin.Z + b.Lz:R} pts");
        var (code, _, err) = References.Run(voro, args, dir, 300);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(Path.Combine(dir, "pts.vol"));
        Assert.Equal(frame.AtomCount, lines.Length);
        double maxRel = 0;
        int faceMismatches = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var p = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(frame.Ids[i], int.Parse(p[0], CultureInfo.InvariantCulture));
            double v = double.Parse(p[4], CultureInfo.InvariantCulture);
            double rel = Math.Abs(v - res.Volumes[i]) / v;
            maxRel = Math.Max(maxRel, rel);
            Assert.True(rel <= 2e-5, $"atom {frame.Ids[i]}: voro++ {v} vitrion {res.Volumes[i]}");
            if (int.Parse(p[5], CultureInfo.InvariantCulture) != res.FaceCounts[i]) { faceMismatches++; }
        }

        // Face counts (Voronoi neighbours) agree cell by cell: no cell of a random glass has a degenerate vertex.
        Assert.Equal(0, faceMismatches);

        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant($"{(radii is null ? "plain" : "radical")}: max relative difference vs voro++: {maxRel:E2}; face-count mismatches {faceMismatches}; sum-box {(res.TotalVolume - frame.Box.Volume) / frame.Box.Volume:E2}"));
    }

    [Fact]
    public void LatticesGiveExactCells()
    {
        // Simple cubic (cells are cubes a³) and fcc (rhombic dodecahedra a³/4): highly degenerate cuts.
        const double a = 3.3;
        var sc = new List<Vec3>();
        var fcc = new List<Vec3>();
        for (int x = 0; x < 4; x++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int z = 0; z < 4; z++)
                {
                    sc.Add(new Vec3(x * a, y * a, z * a));
                    foreach (var o in new[] { new Vec3(0, 0, 0), new Vec3(0.5, 0.5, 0), new Vec3(0.5, 0, 0.5), new Vec3(0, 0.5, 0.5) })
                    {
                        fcc.Add(new Vec3((x + o.X) * a, (y + o.Y) * a, (z + o.Z) * a));
                    }
                }
            }
        }

        var box = Box.Cubic(4 * a);
        foreach (var (pts, v) in new[] { (sc, a * a * a), (fcc, a * a * a / 4) })
        {
            var f = new Frame(box, [.. pts], Enumerable.Range(1, pts.Count).ToArray(), new int[pts.Count], ["X"]);
            var res = new Voronoi().Compute(f);
            foreach (double vol in res.Volumes) { Assert.Equal(v, vol, 9); }
            Assert.Equal(pts == sc ? 6 : 12, res.FaceCounts.Min());
            Assert.Equal(pts == sc ? 6 : 12, res.FaceCounts.Max());
        }
    }

    [Theory]
    [InlineData(1.0, 0.0, 0.0)]
    [InlineData(-1.0, 1.0, -1.0)]
    [InlineData(2.0, -1.0, 1.0)]
    public void TriclinicDescriptionOfTheSamePointSetGivesTheSameCells(double m, double nx, double ny)
    {
        // The periodic point set of an orthorhombic box described by the cell a, b + m·a, c + nx·a + ny·b
        // (tilts xy = m·lx, xz = nx·lx + ny·xy', yz = ny·ly): same lattice, same positions.
        var ortho = new Box(new Vec3(0.3, -0.2, 1.0), 12, 13, 14);
        var f1 = StructureTestData.Random(ortho, 400, 11, "A", "B");
        var tilted = new Box(ortho.Origin, 12, 13, 14, m * 12, nx * 12 + ny * m * 12, ny * 13);
        var f2 = new Frame(tilted, [.. f1.Positions], [.. f1.Ids], [.. f1.Types], f1.TypeNames);
        var r1 = new Voronoi().Compute(f1);
        var r2 = new Voronoi().Compute(f2);
        for (int i = 0; i < f1.AtomCount; i++) { Assert.Equal(r1.Volumes[i], r2.Volumes[i], 9); }
        Assert.Equal(ortho.Volume, r2.TotalVolume, 8);
        Assert.Equal(r1.FaceCounts, r2.FaceCounts);
    }

    [Fact]
    public void RadicalWithEqualRadiiIsPlainAndUnequalRadiiFillTheBox()
    {
        var box = new Box(Vec3.Zero, 11, 12, 10, 2.0, -1.5, 0.8);
        var f = StructureTestData.Random(box, 300, 5, "Li", "S");
        var plain = new Voronoi().Compute(f);
        var eq = new Voronoi(new VoronoiOptions { Radii = new Dictionary<string, double> { ["Li"] = 1.2, ["S"] = 1.2 } }).Compute(f);
        for (int i = 0; i < f.AtomCount; i++) { Assert.Equal(plain.Volumes[i], eq.Volumes[i], 9); }
        var rad = new Voronoi(new VoronoiOptions { Radii = new Dictionary<string, double> { ["Li"] = 0.6, ["S"] = 1.8 } }).Compute(f);
        Assert.Equal(box.Volume, rad.TotalVolume, 8);
        Assert.True(rad.ByType().Single(s => s.Type == "S").Mean > plain.ByType().Single(s => s.Type == "S").Mean);
    }

    [Fact]
    public void DuplicateAtomsAreRejected()
    {
        var f = new Frame(Box.Cubic(10), [new Vec3(1, 1, 1), new Vec3(1, 1, 1), new Vec3(5, 5, 5)], [1, 2, 3], [0, 0, 0], ["X"]);
        Assert.Throws<InputException>(() => new Voronoi().Compute(f));
    }
}
