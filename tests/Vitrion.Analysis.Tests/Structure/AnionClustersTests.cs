using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Xunit;

namespace Vitrion.Analysis.Tests.Structure;

public class AnionClustersTests
{
    [Fact]
    public void ReferenceGlassCensusByTopologyAndGeometryAgree()
    {
        var frame = StructureTestData.ReferenceGlass();
        var topo = AnionClusters.FromTopology(frame.Topology!);
        var geo = AnionClusters.FromGeometry(frame, 2.6);
        foreach (var r in new[] { topo, geo })
        {
            Assert.Equal(201, r.Count(AnionClusterKind.PS4));
            Assert.Equal(413, r.Count(AnionClusterKind.P2S7));
            Assert.Equal(91, r.Count(AnionClusterKind.P2S6));
            Assert.Equal(0, r.Count(AnionClusterKind.Other));
            // P by kind: 201 + 826 + 182 = 1209.
            Assert.Equal(1209, r.TotalP);
            Assert.Equal(826.0 / 1209, r.ShareOfP(AnionClusterKind.P2S7), 12);
            // Qn: every P of P2S7 is Q1, the rest Q0; P2S6 P carry the P-P bond.
            Assert.Equal(826, r.Qn[1]);
            Assert.Equal(201 + 182, r.Qn[0]);
            Assert.Equal(182, r.PWithPPBond);
        }

        Assert.Equal(0, topo.Disagreements(geo));
        // Li are outside anions; type names agree with the classes (P4/S4 ↔ PS4, Pa/S1/Sc ↔ P2S7, P2/S2 ↔ P2S6).
        for (int i = 0; i < frame.AtomCount; i++)
        {
            string name = frame.TypeNames[frame.Types[i]];
            var expected = name switch
            {
                "Li" => AnionClusterKind.None,
                "P4" or "S4" => AnionClusterKind.PS4,
                "Pa" or "S1" or "Sc" => AnionClusterKind.P2S7,
                "P2" or "S2" => AnionClusterKind.P2S6,
                _ => throw new InvalidOperationException(name),
            };
            Assert.Equal(expected, topo.Kind[i]);
            Assert.Equal(name == "Sc", topo.Bridging[i]);
            Assert.Equal(name == "Li", topo.ClusterId[i] < 0);
        }
    }

    [Fact]
    public void HandBuiltFragmentsAreClassified()
    {
        // Far-apart fragments in a 40 Å box: PS4, free S, an S-P-S fragment (other), P2S6 with a P-P bond.
        var pos = new List<Vec3>();
        var types = new List<int>(); // 0 P, 1 S, 2 Li
        void Add(double x, double y, double z, int t) { pos.Add(new Vec3(x, y, z)); types.Add(t); }
        Add(5, 5, 5, 0); Add(7.05, 5, 5, 1); Add(2.95, 5, 5, 1); Add(5, 7.05, 5, 1); Add(5, 2.95, 5, 1); // PS4
        Add(20, 20, 20, 1); // S2-
        Add(30, 5, 5, 0); Add(32.05, 5, 5, 1); Add(27.95, 5, 5, 1); // PS2 -> other
        Add(5, 30, 30, 0); Add(7.2, 30, 30, 0); // P-P
        Add(3, 30, 30, 1); Add(4.5, 32, 30, 1); Add(4.5, 28, 30, 1);
        Add(9.2, 30, 30, 1); Add(7.7, 32, 30, 1); Add(7.7, 28, 30, 1);
        Add(20, 5, 30, 2); // Li
        var frame = new Frame(Box.Cubic(40), [.. pos], Enumerable.Range(1, pos.Count).ToArray(), [.. types], ["P", "S", "Li"]);
        var r = AnionClusters.FromGeometry(frame);
        Assert.Equal(1, r.Count(AnionClusterKind.PS4));
        Assert.Equal(1, r.Count(AnionClusterKind.S));
        Assert.Equal(1, r.Count(AnionClusterKind.Other));
        Assert.Equal(1, r.Count(AnionClusterKind.P2S6));
        Assert.Equal(AnionClusterKind.None, r.Kind[^1]);
        Assert.Equal(-1, r.ClusterId[^1]);
        // P atoms: 1 in PS4, 1 in the S-P-S fragment, 2 in P2S6.
        Assert.Equal(1.0 / 4, r.ShareOfP(AnionClusterKind.PS4), 12);
        Assert.Equal(2.0 / 4, r.ShareOfP(AnionClusterKind.P2S6), 12);
        Assert.Equal(1.0 / 4, r.ShareOfP(AnionClusterKind.Other), 12);
    }
}
