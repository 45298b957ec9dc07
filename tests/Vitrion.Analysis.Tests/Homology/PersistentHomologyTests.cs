using System.Globalization;
using System.Text;
using Vitrion.Analysis.Homology;
using Vitrion.Core;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Analysis.Tests.Homology;

public class PersistentHomologyTests
{
    [Fact]
    public void CircleHasOneLongLoop()
    {
        // 24 points on a circle of radius 5: neighbours 2R sin(π/24) apart; the loop dies when the inscribed
        // triangle's edges (2R sin(π/3) = R√3 for 24 points divisible by 3) enter the filtration.
        int n = 24;
        double r = 5;
        var d = new double[n, n];
        var p = Enumerable.Range(0, n).Select(k => new Vec3(r * Math.Cos(2 * Math.PI * k / n), r * Math.Sin(2 * Math.PI * k / n), 0)).ToArray();
        for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) { d[i, j] = (p[i] - p[j]).Norm; } }
        var diagram = PersistentHomology.Compute(DistanceGraph.FromMatrix(d), 100);
        var h1 = diagram.Dimension(1).ToList();
        Assert.Single(h1);
        Assert.Equal(2 * r * Math.Sin(Math.PI / n), h1[0].Birth, 12);
        Assert.Equal(r * Math.Sqrt(3), h1[0].Death, 12);
        // H0: 23 finite bars dying at the neighbour distance, one essential.
        Assert.Equal(23, diagram.Dimension(0).Count(x => !x.IsEssential));
        Assert.Single(diagram.Dimension(0), x => x.IsEssential);
    }

    [Fact]
    public void PeriodicCubicLatticeHasTheBettiNumbersOfTheThreeTorus()
    {
        // 4×4×4 simple cubic lattice (a = 1) in a periodic box of 4: at r ∈ [1, √2) the complex is the grid graph
        // (b1 = E − V + 1 = 2N + 1 = 129); at r ∈ [√2, √3) the squares are filled and only the three torus loops remain.
        int m = 4;
        var pts = new List<Vec3>();
        for (int x = 0; x < m; x++) { for (int y = 0; y < m; y++) { for (int z = 0; z < m; z++) { pts.Add(new Vec3(x + 0.1, y + 0.2, z + 0.3)); } } }
        var box = Box.Cubic(m);
        var graph = DistanceGraph.Periodic(box, pts, 1.9);
        var diagram = PersistentHomology.Compute(graph, 1.9);
        Assert.Equal(1, diagram.Betti(0, 1.2));
        Assert.Equal(2 * 64 + 1, diagram.Betti(1, 1.2));
        Assert.Equal(3, diagram.Betti(1, 1.6));
        Assert.Equal(3, diagram.Dimension(1).Count(p => p.IsEssential));
    }

    [Fact]
    public void AgreesWithGudhiOnARandomCloud()
    {
        var rng = new Random(11);
        var p = Enumerable.Range(0, 60).Select(_ => new Vec3(rng.NextDouble() * 10, rng.NextDouble() * 10, rng.NextDouble() * 10)).ToArray();
        var d = new double[p.Length, p.Length];
        for (int i = 0; i < p.Length; i++) { for (int j = 0; j < p.Length; j++) { d[i, j] = (p[i] - p[j]).Norm; } }
        CompareWithGudhi(d, 4.0);
    }

    [Fact]
    public void AgreesWithGudhiOnAPeriodicSetThroughItsDistanceMatrix()
    {
        // A periodic set: the minimum-image distance matrix below the cutoff defines the same Rips filtration.
        var rng = new Random(5);
        var box = new Box(Vec3.Zero, 12, 11, 13, 1.5, -1.0, 0.5);
        var p = Enumerable.Range(0, 70).Select(_ => box.ToCartesian(new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()))).ToArray();
        double cutoff = 4.5;
        var graph = DistanceGraph.Periodic(box, p, cutoff);
        var d = new double[p.Length, p.Length];
        for (int i = 0; i < p.Length; i++) { for (int j = 0; j < p.Length; j++) { d[i, j] = i == j ? 0 : 1e6; } }
        foreach (var (a, b, l) in graph.Edges) { d[a, b] = d[b, a] = l; }
        // The graph from the neighbour list equals a brute-force shortest-image search.
        for (int i = 0; i < p.Length; i++)
        {
            for (int j = i + 1; j < p.Length; j++)
            {
                double r = box.ShortestImage(p[j] - p[i]).Norm;
                Assert.Equal(r <= cutoff ? r : 1e6, d[i, j], 9);
            }
        }

        CompareWithGudhi(d, cutoff);
    }

    [Fact]
    public void AgreesWithRipserOnARandomCloud()
    {
        string ripser = References.RequireProgram("ripser", "apt-get install ripser");
        var rng = new Random(3);
        var p = Enumerable.Range(0, 50).Select(_ => new Vec3(rng.NextDouble() * 8, rng.NextDouble() * 8, rng.NextDouble() * 8)).ToArray();
        var d = new double[p.Length, p.Length];
        for (int i = 0; i < p.Length; i++) { for (int j = 0; j < p.Length; j++) { d[i, j] = (p[i] - p[j]).Norm; } }
        string dir = References.TempDir();
        var sb = new StringBuilder();
        for (int i = 1; i < p.Length; i++)
        {
            sb.AppendLine(string.Join(",", Enumerable.Range(0, i).Select(j => d[i, j].ToString("R", CultureInfo.InvariantCulture))));
        }

        string file = Path.Combine(dir, "lower.csv");
        File.WriteAllText(file, sb.ToString());
        var (code, stdout, stderr) = References.Run(ripser, $"--format lower-distance --dim 1 --threshold 3.5 {file}");
        Assert.True(code == 0, stderr);
        var theirs = ParseRipser(stdout);
        var ours = PersistentHomology.Compute(DistanceGraph.FromMatrix(d, 3.5), 3.5).Dimension(1).Select(x => (x.Birth, x.Death)).ToList();
        // Ripser stores distances as 32-bit floats, so compare at float precision.
        AssertSameDiagram(theirs, ours, 1e-5);
    }

    [Fact]
    public void ReferenceGlassH1EqualsRipserOnTheSameDistanceGraph()
    {
        string ripser = References.RequireProgram("ripser", "apt-get install ripser");
        var frame = Vitrion.IO.StructureFile.ReadFrame(References.ReferenceGlass);
        var (diagram, _, graph) = PersistentHomology.OfFrame(frame, ["P", "S"], 4.5);
        Assert.Equal(5450, diagram.PointCount);
        string file = Path.Combine(References.TempDir(), "sparse.txt");
        File.WriteAllLines(file, graph.Edges.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.A} {e.B} {e.Length:R}")));
        var (code, stdout, stderr) = References.Run(ripser, $"--format sparse --dim 1 --threshold 4.5 {file}");
        Assert.True(code == 0, stderr);
        AssertSameDiagram(ParseRipser(stdout), diagram.Dimension(1).Select(x => (x.Birth, x.Death)).ToList(), 1e-5);
    }

    private static List<(double, double)> ParseRipser(string text)
    {
        var result = new List<(double, double)>();
        bool dim1 = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("persistence intervals in dim", StringComparison.Ordinal)) { dim1 = line.Contains("dim 1"); continue; }
            if (!dim1) { continue; }
            var t = line.Trim().TrimStart('[').TrimEnd(')').Split(',');
            if (t.Length != 2) { continue; }
            double b = double.Parse(t[0], CultureInfo.InvariantCulture);
            double e = string.IsNullOrWhiteSpace(t[1]) ? double.PositiveInfinity : double.Parse(t[1], CultureInfo.InvariantCulture);
            result.Add((b, e));
        }

        return result;
    }

    private static void CompareWithGudhi(double[,] d, double cutoff)
    {
        string py = References.RequirePythonModules("apt-get install python3-gudhi", "gudhi");
        int n = d.GetLength(0);
        string dir = References.TempDir();
        string file = Path.Combine(dir, "d.txt");
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            sb.AppendLine(string.Join(" ", Enumerable.Range(0, n).Select(j => d[i, j].ToString("R", CultureInfo.InvariantCulture))));
        }

        File.WriteAllText(file, sb.ToString());
        string script = Path.Combine(dir, "g.py");
        File.WriteAllText(script, $$"""
import gudhi, sys
rows = [[float(x) for x in l.split()] for l in open(sys.argv[1]) if l.strip()]
lower = [r[:i] for i, r in enumerate(rows)]
st = gudhi.RipsComplex(distance_matrix=lower, max_edge_length={{cutoff.ToString("R", CultureInfo.InvariantCulture)}}).create_simplex_tree(max_dimension=2)
st.compute_persistence(homology_coeff_field=2, min_persistence=0)
for dim, (b, e) in st.persistence():
    if dim == 1:
        print(repr(b), repr(e))
""");
        var (code, stdout, stderr) = References.Run(py, $"{script} {file}");
        Assert.True(code == 0, stderr);
        var theirs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            var t = l.Split(' ');
            return (double.Parse(t[0], CultureInfo.InvariantCulture), t[1] == "inf" ? double.PositiveInfinity : double.Parse(t[1], CultureInfo.InvariantCulture));
        }).Where(x => x.Item2 > x.Item1).ToList();
        var ours = PersistentHomology.Compute(DistanceGraph.FromMatrix(d, cutoff), cutoff).Dimension(1).Select(x => (x.Birth, x.Death)).ToList();
        AssertSameDiagram(theirs, ours, 1e-9);
    }

    /// <summary>
    /// Equal multisets of intervals within tol: every expected interval is matched to a distinct computed one with
    /// birth and death within tol (a perfect matching of cost ≤ tol, so the bottleneck distance is ≤ tol).
    /// </summary>
    private static void AssertSameDiagram(List<(double B, double D)> expected, List<(double B, double D)> actual, double tol)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Count > 0, "empty diagram: the test would prove nothing");
        var pool = actual.OrderBy(x => x.B).ToList();
        var used = new bool[pool.Count];
        var births = pool.Select(x => x.B).ToArray();
        foreach (var e in expected.OrderBy(x => x.B))
        {
            int lo = Array.BinarySearch(births, e.B - tol);
            if (lo < 0) { lo = ~lo; }
            int found = -1;
            for (int k = lo; k < pool.Count && pool[k].B <= e.B + tol; k++)
            {
                if (used[k]) { continue; }
                bool deathOk = (double.IsPositiveInfinity(e.D) && double.IsPositiveInfinity(pool[k].D)) || Math.Abs(e.D - pool[k].D) <= tol;
                if (deathOk) { found = k; break; }
            }

            Assert.True(found >= 0, $"no computed interval matches [{e.B}, {e.D}) within {tol}");
            used[found] = true;
        }
    }
}
