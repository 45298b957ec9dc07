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

        var nl = new NeighborList(cutoff, 2.0, half: true);
        nl.Build(box, pos);
        var listed = new Dictionary<long, Vec3>();
        for (int i = 0; i < pos.Length; i++)
        {
            for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
            {
                var d = nl.Displacement(pos, i, e);
                if (d.NormSquared <= cutoff * cutoff) { listed.Add(((long)i << 32) | (uint)nl.Neighbors[e], d); }
            }
        }

        // Independent O(N²) search: orthorhombic minimum image by rounding, written out here.
        long found = 0;
        for (int i = 0; i < pos.Length; i++)
        {
            for (int j = i + 1; j < pos.Length; j++)
            {
                double dx = pos[j].X - pos[i].X, dy = pos[j].Y - pos[i].Y, dz = pos[j].Z - pos[i].Z;
                dx -= box.Lx * Math.Round(dx / box.Lx);
                dy -= box.Ly * Math.Round(dy / box.Ly);
                dz -= box.Lz * Math.Round(dz / box.Lz);
                if (dx * dx + dy * dy + dz * dz > cutoff * cutoff) { continue; }
                found++;
                Assert.True(listed.TryGetValue(((long)i << 32) | (uint)j, out var d), $"pair {i}-{j} missing");
                Assert.Equal(0.0, (d - new Vec3(dx, dy, dz)).Norm, 1e-9);
            }
        }

        Assert.Equal(found, listed.Count);
        Assert.InRange(found, 1_000_000, 2_000_000);
    }
}
