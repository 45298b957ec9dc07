using Vitrion.Core;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Core.Tests;

public class NeighborListTests
{
    private static (Box Box, Vec3[] Positions) RandomSystem(int seed, int n, double tiltFraction)
    {
        var rng = new Random(seed);
        double lx = 9 + 6 * rng.NextDouble(), ly = 9 + 6 * rng.NextDouble(), lz = 9 + 6 * rng.NextDouble();
        var box = new Box(new Vec3(-1, 2, 0.5), lx, ly, lz,
            tiltFraction * (2 * rng.NextDouble() - 1) * lx, tiltFraction * (2 * rng.NextDouble() - 1) * lx, tiltFraction * (2 * rng.NextDouble() - 1) * ly);
        var pos = new Vec3[n];
        for (int i = 0; i < n; i++)
        {
            // Some atoms outside the box (unwrapped), as in a running simulation.
            var f = new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble());
            if (i % 5 == 0) { f += new Vec3(rng.Next(-2, 3), rng.Next(-2, 3), rng.Next(-2, 3)); }
            pos[i] = box.ToCartesian(f);
        }

        return (box, pos);
    }

    private static (int, int, long, long, long) Key(int i, int j, Vec3 d) =>
        (i, j, (long)Math.Round(d.X * 1e6), (long)Math.Round(d.Y * 1e6), (long)Math.Round(d.Z * 1e6));

    private static HashSet<(int, int, long, long, long)> ListSet(NeighborList nl, Vec3[] pos, double cutoff)
    {
        var set = new HashSet<(int, int, long, long, long)>();
        for (int i = 0; i < pos.Length; i++)
        {
            for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
            {
                var d = nl.Displacement(pos, i, e);
                if (d.NormSquared <= cutoff * cutoff) { Assert.True(set.Add(Key(i, nl.Neighbors[e], d)), "duplicate neighbour entry"); }
            }
        }

        return set;
    }

    private static HashSet<(int, int, long, long, long)> BruteSet(Box box, Vec3[] pos, double cutoff, bool half) =>
        NeighborList.BruteForce(box, pos, cutoff, half).Select(p => Key(p.I, p.J, p.D)).ToHashSet();

    [Theory]
    [InlineData(1, 0.0, 0.30, true)]
    [InlineData(2, 0.3, 0.30, false)]
    [InlineData(3, 0.5, 0.45, true)]  // cutoff near half the narrowest width
    [InlineData(4, 0.5, 0.55, false)] // just above half: an atom meets two images of another
    [InlineData(5, 0.4, 0.95, true)]  // nearly the full width: images of itself too
    [InlineData(6, 0.5, 1.40, false)]
    public void EqualsBruteForceInRandomTriclinicBoxes(int seed, double tilt, double cutoffOverWidth, bool half)
    {
        var (box, pos) = RandomSystem(seed, 120, tilt);
        var w = box.PerpendicularWidths;
        double cutoff = cutoffOverWidth * Math.Min(w.X, Math.Min(w.Y, w.Z));
        double skin = 0.8;
        var nl = new NeighborList(cutoff, skin, half);
        nl.Build(box, pos);

        // Entries within the cutoff, and all entries (cutoff + skin), match the O(N²) search exactly.
        var brute = BruteSet(box, pos, cutoff, half);
        Assert.NotEmpty(brute);
        Assert.Equal(brute, ListSet(nl, pos, cutoff));
        Assert.Equal(BruteSet(box, pos, cutoff + skin, half), ListSet(nl, pos, cutoff + skin));
        Assert.Equal(nl.Count, ListSet(nl, pos, cutoff + skin).Count);
    }

    [Fact]
    public void FullListHoldsEveryHalfPairFromBothSides()
    {
        var (box, pos) = RandomSystem(7, 150, 0.4);
        var half = new NeighborList(4.0, 1.0, true);
        var full = new NeighborList(4.0, 1.0, false);
        half.Build(box, pos);
        full.Build(box, pos);
        Assert.Equal(2 * half.Count, full.Count);
    }

    [Fact]
    public void SkinKeepsTheListValidUntilHalfTheSkinIsUsed()
    {
        var (box, pos) = RandomSystem(8, 150, 0.3);
        double cutoff = 4.0, skin = 1.0;
        var nl = new NeighborList(cutoff, skin, half: true);
        Assert.True(nl.Update(box, pos));
        var rng = new Random(9);
        var moved = pos.Select(p =>
        {
            var dir = new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
            return p + 0.49 * skin * dir / dir.Norm;
        }).ToArray();
        Assert.False(nl.NeedsRebuild(box, moved));
        Assert.False(nl.Update(box, moved));
        Assert.Equal(1, nl.BuildCount);

        // The old list, evaluated at the moved positions, still holds every pair within the cutoff.
        Assert.Equal(BruteSet(box, moved, cutoff, true), ListSet(nl, moved, cutoff));

        var far = (Vec3[])pos.Clone();
        far[17] += new Vec3(0.51 * skin, 0, 0);
        Assert.True(nl.NeedsRebuild(box, far));
        Assert.True(nl.Update(box, far));
        Assert.Equal(2, nl.BuildCount);
    }

    [Fact]
    public void EqualsIndependentBruteForceOnTheReferenceGlass()
    {
        var data = LammpsDataReader.Read(References.ReferenceGlass);
        var pos = data.Positions;
        var box = data.Box;
        const double cutoff = 12.0;
        Assert.True(2 * cutoff < box.Lx); // one image per pair: the plain minimum image is exact
        int n = pos.Length;

        // Probe atoms: every 8th atom; every pair that touches one is checked from both lists.
        const int stride = 8;
        bool Probe(int i) => i % stride == 0;
        var nl = new NeighborList(cutoff, 2.0, half: true);
        nl.Build(box, pos);
        var listed = new Dictionary<long, Vec3>();
        for (int i = 0; i < n; i++)
        {
            for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
            {
                int j = nl.Neighbors[e];
                var d = nl.Displacement(pos, i, e);
                if (d.NormSquared > cutoff * cutoff || !(Probe(i) || Probe(j))) { continue; }
                // Key by (min, max) with the displacement from min to max.
                long key = i < j ? ((long)i << 32) | (uint)j : ((long)j << 32) | (uint)i;
                listed.Add(key, i < j ? d : -d);
            }
        }

        // Independent O(N) search per probe atom: orthorhombic minimum image by folding each component.
        var x = pos.Select(p => p.X).ToArray();
        var y = pos.Select(p => p.Y).ToArray();
        var z = pos.Select(p => p.Z).ToArray();
        double lx = box.Lx, ly = box.Ly, lz = box.Lz, c2 = cutoff * cutoff;
        long found = 0, missing = 0;
        double worst = 0;
        for (int i = 0; i < n; i += stride)
        {
            for (int j = 0; j < n; j++)
            {
                if (j == i || (Probe(j) && j < i)) { continue; } // probe–probe pairs once
                int a = Math.Min(i, j), b = Math.Max(i, j);
                double dx = x[b] - x[a], dy = y[b] - y[a], dz = z[b] - z[a];
                if (dx > 0.5 * lx) { dx -= lx; } else if (dx < -0.5 * lx) { dx += lx; }
                if (dy > 0.5 * ly) { dy -= ly; } else if (dy < -0.5 * ly) { dy += ly; }
                if (dz > 0.5 * lz) { dz -= lz; } else if (dz < -0.5 * lz) { dz += lz; }
                if (dx * dx + dy * dy + dz * dz > c2) { continue; }
                found++;
                if (!listed.TryGetValue(((long)a << 32) | (uint)b, out var d)) { missing++; continue; }
                worst = Math.Max(worst, Math.Abs(d.X - dx) + Math.Abs(d.Y - dy) + Math.Abs(d.Z - dz));
            }
        }

        Assert.Equal(0, missing);
        Assert.Equal(found, listed.Count); // nothing extra either
        Assert.True(worst < 1e-9, $"displacements differ by {worst}");
        Assert.InRange(found, 250_000, 400_000); // ~2/8 of the ~1.3 million pairs within 12 Å
    }
}
