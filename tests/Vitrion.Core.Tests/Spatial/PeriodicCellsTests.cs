using Vitrion.Core.Spatial;
using Xunit;

namespace Vitrion.Core.Tests.Spatial;

public class PeriodicCellsTests
{
    /// <summary>Random atoms, some of them outside the box (unwrapped along periodic axes, beyond the faces along non-periodic ones).</summary>
    private static (Box Box, Vec3[] Positions) RandomSystem(int seed, int n, double tiltFraction, (bool, bool, bool) periodic)
    {
        var rng = new Random(seed);
        double lx = 9 + 6 * rng.NextDouble(), ly = 9 + 6 * rng.NextDouble(), lz = 9 + 6 * rng.NextDouble();
        var box = new Box(new Vec3(-1, 2, 0.5), lx, ly, lz,
            tiltFraction * (2 * rng.NextDouble() - 1) * lx, tiltFraction * (2 * rng.NextDouble() - 1) * lx, tiltFraction * (2 * rng.NextDouble() - 1) * ly,
            periodic);
        var pos = new Vec3[n];
        for (int i = 0; i < n; i++)
        {
            var f = new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble());
            if (i % 5 == 0) { f += new Vec3(rng.Next(-2, 3), rng.Next(-2, 3), rng.Next(-2, 3)); }
            // Along non-periodic axes: within 0.3 of the box.
            f = new Vec3(periodic.Item1 ? f.X : Fold(f.X), periodic.Item2 ? f.Y : Fold(f.Y), periodic.Item3 ? f.Z : Fold(f.Z));
            pos[i] = box.ToCartesian(f);
        }

        return (box, pos);

        static double Fold(double u) => -0.3 + 1.6 * (u - Math.Floor(u));
    }

    /// <summary>Collects the candidates within a cutoff as (i, j, shift relative to the input positions) with their displacement.</summary>
    private ref struct Collect(PeriodicCells cells, double cutoff, Dictionary<(int, int, Int3), Vec3> found) : ICandidateVisitor
    {
        public int Candidates;

        public void Visit(int i, ReadOnlySpan<int> candidates, Int3 shift, Vec3 translation)
        {
            Assert.False(candidates.IsEmpty);
            for (int k = 0; k < candidates.Length; k++)
            {
                int j = candidates[k];
                if (k > 0) { Assert.True(j > candidates[k - 1], "candidates of a cell in ascending order"); }
                Candidates++;
                Vec3 d = cells.Wrapped[j] + translation - cells.Wrapped[i];
                if (d.NormSquared > cutoff * cutoff) { continue; }
                Int3 s = shift - cells.Wrap[j] + cells.Wrap[i];
                Assert.True(found.TryAdd((i, j, s), d), $"candidate ({i}, {j}, {s}) handed out twice");
            }
        }
    }

    private static Dictionary<(int, int, Int3), Vec3> Walk(PeriodicCells cells, double cutoff, CandidateSelection selection)
    {
        var found = new Dictionary<(int, int, Int3), Vec3>();
        var visitor = new Collect(cells, cutoff, found);
        StencilRange range = cells.Range(cutoff);
        for (int i = 0; i < cells.Count; i++) { cells.ForEachCandidate(i, range, selection, ref visitor); }
        return found;
    }

    /// <summary>The brute-force pairs keyed by (i, j, lattice shift of j's image relative to the input positions).</summary>
    private static Dictionary<(int, int, Int3), Vec3> Brute(Box box, Vec3[] pos, double cutoff, bool half)
    {
        var result = new Dictionary<(int, int, Int3), Vec3>();
        foreach (var (i, j, d) in NeighborList.BruteForce(box, pos, cutoff, half))
        {
            Vec3 f = box.DisplacementToFractional(d - (pos[j] - pos[i]));
            var s = new Int3((int)Math.Round(f.X), (int)Math.Round(f.Y), (int)Math.Round(f.Z));
            Assert.True(result.TryAdd((i, j, s), d));
        }

        return result;
    }

    private static void AssertSameSet(Dictionary<(int, int, Int3), Vec3> expected, Dictionary<(int, int, Int3), Vec3> actual)
    {
        Assert.NotEmpty(expected);
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).ToList();
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{missing.Count} pairs missing (first {string.Join(", ", missing.Take(3))}), {extra.Count} extra (first {string.Join(", ", extra.Take(3))})");
        foreach (var (key, d) in expected)
        {
            Assert.True((actual[key] - d).Norm < 1e-9, $"displacement of {key} differs");
        }
    }

    public static TheoryData<int, double, double, bool, bool, bool> Cases()
    {
        var data = new TheoryData<int, double, double, bool, bool, bool>();
        int seed = 1;
        foreach (double tilt in new[] { 0.0, 0.45 })
        {
            foreach (var (px, py, pz) in new[] { (true, true, true), (true, true, false), (false, true, false) })
            {
                // Below half the narrowest width, just above it (two images of one atom), and beyond the width (self-images).
                foreach (double cutoffOverWidth in new[] { 0.35, 0.6, 1.3 })
                {
                    data.Add(seed++, tilt, cutoffOverWidth, px, py, pz);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CandidatesWithinTheCutoffEqualBruteForce(int seed, double tilt, double cutoffOverWidth, bool px, bool py, bool pz)
    {
        var (box, pos) = RandomSystem(seed, 90, tilt, (px, py, pz));
        Vec3 w = box.PerpendicularWidths;
        double cutoff = cutoffOverWidth * Math.Min(w.X, Math.Min(w.Y, w.Z));
        // Cells of the cutoff (as the neighbour list) and smaller ones (a wider stencil, as the structure analyses use).
        foreach (double cellSize in new[] { cutoff, 0.4 * cutoff })
        {
            var cells = new PeriodicCells(box, pos, cellSize);
            var half = Walk(cells, cutoff, CandidateSelection.Half);
            var full = Walk(cells, cutoff, CandidateSelection.Full);
            AssertSameSet(Brute(box, pos, cutoff, half: true), half);
            AssertSameSet(Brute(box, pos, cutoff, half: false), full);

            // Half-with-self-images: the half pairs of distinct atoms, and the self-images from both sides (as in the full list).
            var mixed = Walk(cells, cutoff, CandidateSelection.HalfWithSelfImages);
            var expected = half.Where(p => p.Key.Item1 != p.Key.Item2)
                .Concat(full.Where(p => p.Key.Item1 == p.Key.Item2))
                .ToDictionary(p => p.Key, p => p.Value);
            if (expected.Count > 0) { AssertSameSet(expected, mixed); }
            else { Assert.Empty(mixed); }
        }
    }

    [Fact]
    public void NonPeriodicAxesAreNeitherWrappedNorCrossed()
    {
        var (box, pos) = RandomSystem(40, 60, 0.3, (true, false, true));
        var cells = new PeriodicCells(box, pos, 3.0);
        for (int i = 0; i < pos.Length; i++)
        {
            Assert.Equal(0, cells.Wrap[i].Y);
            Assert.Equal(box.ToFractional(pos[i]).Y, cells.Frac[i].Y, 12);
        }

        Assert.True(cells.Lower.Y < 0 && cells.Lower.Y + cells.Extent.Y > 1, "the cells cover the atoms beyond the faces");
        Assert.Equal(0.0, cells.Lower.X);
        Assert.Equal(1.0, cells.Extent.X);
        Assert.Equal(-1, cells.ImageCell(0, -1, 0, out _));
        Assert.Equal(-1, cells.ImageCell(0, cells.Ny, 0, out _));
        Assert.Equal(cells.ImageCell(cells.Nx - 1, 0, 0, out _), cells.ImageCell(-1, 0, 0, out Int3 s));
        Assert.Equal(new Int3(-1, 0, 0), s);
    }

    [Fact]
    public void WrapsIntoTheBoxAndSortsAtomsByCell()
    {
        var (box, pos) = RandomSystem(41, 200, 0.4, (true, true, true));
        // An atom a hair below the lower face: f − ⌊f⌋ would round to 1.
        pos[3] = new Vec3(Math.BitDecrement(box.Origin.X), box.Origin.Y, box.Origin.Z);
        Assert.True(box.ToFractional(pos[3]).X < 0);
        var cells = new PeriodicCells(box, pos, 2.5);
        Assert.Equal(pos.Length, cells.Count);
        Assert.Equal(cells.CellCount + 1, cells.CellStart.Length);
        Assert.Equal(pos.Length, cells.CellStart[cells.CellCount]);
        for (int i = 0; i < pos.Length; i++)
        {
            Vec3 f = cells.Frac[i];
            Assert.True(f.X >= 0 && f.X < 1 && f.Y >= 0 && f.Y < 1 && f.Z >= 0 && f.Z < 1, $"atom {i} at {f}");
            Vec3 back = box.Origin + cells.Wrapped[i] + box.Translation(cells.Wrap[i]);
            Assert.True((back - pos[i]).Norm < 1e-9, $"atom {i}: wrapped position and wrap do not give the input back");
            var (cx, cy, cz) = cells.CellCoordinates(cells.CellOf[i]);
            Assert.Equal(Math.Min((int)(f.X * cells.Nx), cells.Nx - 1), cx);
            Assert.Equal(Math.Min((int)(f.Y * cells.Ny), cells.Ny - 1), cy);
            Assert.Equal(Math.Min((int)(f.Z * cells.Nz), cells.Nz - 1), cz);
        }

        Assert.Equal(0.0, cells.Frac[3].X);
        Assert.Equal(default, cells.Wrap[3]);
        for (int c = 0; c < cells.CellCount; c++)
        {
            for (int k = cells.CellStart[c]; k < cells.CellStart[c + 1]; k++)
            {
                Assert.Equal(c, cells.CellOf[cells.CellAtoms[k]]);
                if (k > cells.CellStart[c]) { Assert.True(cells.CellAtoms[k] > cells.CellAtoms[k - 1]); }
            }
        }

        // Cells at least the requested size wide, and no more than the cap.
        Vec3 w = box.PerpendicularWidths;
        Assert.True(w.X / cells.Nx >= 2.5 && w.Y / cells.Ny >= 2.5 && w.Z / cells.Nz >= 2.5);
        var capped = new PeriodicCells(box, pos, 0.01, maxCellsPerAxis: 4);
        Assert.Equal((4, 4, 4), (capped.Nx, capped.Ny, capped.Nz));
    }

    [Fact]
    public void HelpersRoundTowardsMinusInfinityAndOrderShifts()
    {
        Assert.Equal(-1, PeriodicCells.FloorDiv(-1, 4));
        Assert.Equal(-1, PeriodicCells.FloorDiv(-4, 4));
        Assert.Equal(-2, PeriodicCells.FloorDiv(-5, 4));
        Assert.Equal(0, PeriodicCells.FloorDiv(3, 4));
        Assert.Equal(1, PeriodicCells.FloorDiv(4, 4));
        for (int x = -2; x <= 2; x++)
        {
            for (int y = -2; y <= 2; y++)
            {
                for (int z = -2; z <= 2; z++)
                {
                    var s = new Int3(x, y, z);
                    // Exactly one of ±s is positive, and zero is not.
                    if (s == default) { Assert.False(PeriodicCells.IsPositive(s)); }
                    else { Assert.NotEqual(PeriodicCells.IsPositive(s), PeriodicCells.IsPositive(-s)); }
                }
            }
        }
    }
}
