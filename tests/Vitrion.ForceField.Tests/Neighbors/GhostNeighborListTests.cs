using Vitrion.Core;
using Vitrion.ForceField.Neighbors;
using Vitrion.ForceField.Spec;

namespace Vitrion.ForceField.Tests.Neighbors;

/// <summary>The neighbour lists of the reference glass: the vector and the scalar search against each other and against a brute-force count.</summary>
public sealed class GhostNeighborListTests
{
    private static GhostNeighborList Build(bool vector, int threads)
    {
        var d = TestSystems.Glass;
        var p = ForceFieldParameters.Resolve(TestSystems.Spec, d.Topology);
        int nt = p.TypeCount;
        var centre = new bool[nt];
        var nbr = new bool[nt];
        for (int t = 0; t < nt; t++) { centre[t] = p.SwCentre[t]; nbr[t] = !double.IsNaN(p.SwGamma[t]); }
        var nl = new GhostNeighborList(12.0, 2.0) { VectorSearch = vector };
        nl.Build(p.Topology, d.Box, d.Positions.ToArray(), true, p.Spec.SpecialLj, p.Spec.SpecialCoul, centre, nbr, 5.0, 4 * threads, threads);
        return nl;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void VectorSearchBuildsExactlyTheScalarLists(int threads)
    {
        var s = Build(false, 1);
        var v = Build(true, threads);
        Assert.Equal(s.Offsets[..(s.LocalCount + 1)], v.Offsets[..(v.LocalCount + 1)]);
        Assert.Equal(s.Neighbors[..s.PairCount], v.Neighbors[..v.PairCount]);
        int tb = s.ThreeBodyOffsets[s.LocalCount];
        Assert.True(tb > 10000, $"three-body entries {tb}");
        Assert.Equal(s.ThreeBodyOffsets[..(s.LocalCount + 1)], v.ThreeBodyOffsets[..(v.LocalCount + 1)]);
        Assert.Equal(s.ThreeBodyNeighbors[..tb], v.ThreeBodyNeighbors[..tb]);
        Assert.Equal(s.SpecialCount, v.SpecialCount);
        Assert.Equal(s.SpecialI[..s.SpecialCount], v.SpecialI[..v.SpecialCount]);
        Assert.Equal(s.SpecialJ[..s.SpecialCount], v.SpecialJ[..v.SpecialCount]);
        Assert.Equal(s.SpecialOrder[..s.SpecialCount], v.SpecialOrder[..v.SpecialCount]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void VectorSearchEqualsTheScalarSearchInABoxSmallerThanTwiceTheListCutoff(int threads)
    {
        // A 9.7 × 10.5 × 11 Å box with a 7.5 + 2.5 Å list: every atom sees images of itself and of its partners (the vector
        // search decides those lanes by the sign of the image shift, as the scalar search does); the lists must be
        // identical, and the half list plus the special list must hold every pair image within 10 Å once (brute force).
        var box = Box.Orthorhombic(Vec3.Zero, new Vec3(9.7, 10.5, 11.0));
        var (topo, pos) = SmallSystems.Molecular(box, 5);
        var spec = TestSystems.Spec;
        var p = ForceFieldParameters.Resolve(spec, topo);
        int nt = p.TypeCount;
        var centre = new bool[nt];
        var nbr = new bool[nt];
        for (int t = 0; t < nt; t++) { centre[t] = p.SwCentre[t]; nbr[t] = !double.IsNaN(p.SwGamma[t]); }
        GhostNeighborList Make(bool vector)
        {
            var nl = new GhostNeighborList(7.5, 2.5) { VectorSearch = vector };
            nl.Build(p.Topology, box, pos, true, spec.SpecialLj, spec.SpecialCoul, centre, nbr, 5.0, 4 * threads, threads);
            return nl;
        }

        var s = Make(false);
        var v = Make(true);
        Assert.Equal(s.Offsets[..(s.LocalCount + 1)], v.Offsets[..(v.LocalCount + 1)]);
        Assert.Equal(s.Neighbors[..s.PairCount], v.Neighbors[..v.PairCount]);
        int tb = s.ThreeBodyOffsets[s.LocalCount];
        Assert.True(tb > 100, $"three-body entries {tb}");
        Assert.Equal(s.ThreeBodyNeighbors[..tb], v.ThreeBodyNeighbors[..tb]);
        Assert.Equal(s.SpecialI[..s.SpecialCount], v.SpecialI[..v.SpecialCount]);
        Assert.Equal(s.SpecialJ[..s.SpecialCount], v.SpecialJ[..v.SpecialCount]);
        long brute = 0;
        for (int i = 0; i < pos.Length; i++)
        {
            for (int j = i; j < pos.Length; j++)
            {
                Vec3 d0 = box.MinimumImage(pos[j] - pos[i]);
                for (int a = -1; a <= 1; a++)
                {
                    for (int b = -1; b <= 1; b++)
                    {
                        for (int c = -1; c <= 1; c++)
                        {
                            if (j == i && (c < 0 || (c == 0 && (b < 0 || (b == 0 && a <= 0))))) { continue; } // each self image once, never the atom itself
                            if ((d0 + box.Translation(new Int3(a, b, c))).NormSquared <= 10.0 * 10.0) { brute++; }
                        }
                    }
                }
            }
        }

        Assert.Equal(brute, (long)v.PairCount + v.SpecialCount);
        Assert.Contains(Enumerable.Range(0, v.LocalCount), i => v.Neighbors[v.Offsets[i]..v.Offsets[i + 1]].Any(e => v.Owner[e] == v.Owner[i])); // self images listed
    }

    [Fact]
    public void HalfListHoldsEveryPairWithinTheListCutoffOnce()
    {
        // Brute force over minimum images (the box is 56.5 Å > 2 × 14 Å, so each pair has one image within 14 Å):
        // every pair within cutoff + skin is in the half list or the special list, exactly once.
        var d = TestSystems.Glass;
        var v = Build(true, 2);
        var pos = d.Positions;
        long brute = 0;
        for (int i = 0; i < pos.Length; i++)
        {
            for (int j = i + 1; j < pos.Length; j++)
            {
                if (d.Box.MinimumImage(pos[j] - pos[i]).NormSquared <= 14.0 * 14.0) { brute++; }
            }
        }

        Assert.Equal(brute, (long)v.PairCount + v.SpecialCount);
    }
}
