using System.Globalization;
using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Analysis.Tests.Structure;

public class RadialDistributionTests
{
    [Fact]
    public void TriclinicHistogramEqualsBruteForceBeyondHalfTheBox()
    {
        // Tilted small box, rmax larger than half the box: every image must count as LAMMPS ghosts do.
        var box = new Box(new Vec3(-1, 2, 0.5), 9, 10, 11, 3.1, -2.4, 1.7);
        var frame = StructureTestData.Random(box, 120, 7, "A", "B", "C");
        const double rmax = 8.0;
        const int bins = 40;
        var rdf = new RadialDistribution("A-B,B-B,*-C", new RdfOptions { RMax = rmax, Bins = bins });
        rdf.Add(frame);
        var res = rdf.Result();
        var pairs = NeighborList.BruteForce(box, frame.Positions.AsSpan(), rmax, half: false);
        var expected = new long[3, bins];
        foreach (var (i, j, d) in pairs)
        {
            int b = (int)(d.Norm * (bins / rmax));
            if (b >= bins) { continue; }
            int ti = frame.Types[i], tj = frame.Types[j];
            if (ti == 0 && tj == 1) { expected[0, b]++; }
            if (ti == 1 && tj == 1) { expected[1, b]++; }
            if (tj == 2) { expected[2, b]++; }
        }

        int[] na = [40, 40, 120];
        int[] nb = [40, 40, 40];
        int[] dup = [0, 40, 40];
        double dr = rmax / bins;
        for (int m = 0; m < 3; m++)
        {
            double run = 0;
            for (int b = 0; b < bins; b++)
            {
                double shell = 4 * Math.PI / 3 * (Math.Pow((b + 1) * dr, 3) - Math.Pow(b * dr, 3)) / box.Volume;
                double g = expected[m, b] / (shell * na[m] * (nb[m] - (double)dup[m] / na[m]));
                Assert.Equal(g, res.Partials[m].G[b], 10);
                run += expected[m, b] / (double)na[m];
                Assert.Equal(run, res.Partials[m].Coordination[b], 10);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SmallAndSlabBoxesEqualBruteForce(bool periodicZ)
    {
        // A box smaller than the cutoff along y (several images of every atom, self-images included) and, for the slab,
        // no images along z: the cell-pair search must count what the O(N²) image search counts.
        var box = new Box(new Vec3(0.5, -1, 2), 12, 4.5, 9, 1.3, -0.8, 0.6, (true, true, periodicZ));
        var frame = StructureTestData.Random(box, 60, 3, "A", "B");
        const double rmax = 7.5;
        const int bins = 30;
        var rdf = new RadialDistribution("A-B,B-B,*-*", new RdfOptions { RMax = rmax, Bins = bins });
        rdf.Add(frame);
        var res = rdf.Result();
        var expected = new long[3, bins];
        foreach (var (i, j, d) in NeighborList.BruteForce(box, frame.Positions.AsSpan(), rmax, half: false))
        {
            int b = (int)(d.Norm * (bins / rmax));
            if (b >= bins) { continue; }
            int ti = frame.Types[i], tj = frame.Types[j];
            if (ti == 0 && tj == 1) { expected[0, b]++; }
            if (ti == 1 && tj == 1) { expected[1, b]++; }
            expected[2, b]++;
        }

        double[] na = [frame.Types.Count(t => t == 0), frame.Types.Count(t => t == 1), 60];
        for (int m = 0; m < 3; m++)
        {
            long run = 0;
            for (int b = 0; b < bins; b++)
            {
                run += expected[m, b];
                Assert.Equal(run, (long)Math.Round(res.Partials[m].Coordination[b] * na[m]));
            }
        }
    }

    [Fact]
    public void IdealGasGoesToOne()
    {
        var box = Box.Cubic(40);
        var rdf = new RadialDistribution("X-X,X-Y", new RdfOptions { RMax = 10, Bins = 20 });
        rdf.Add(StructureTestData.Random(box, 8000, 100, "X", "Y"));
        var res = rdf.Result();
        foreach (var p in res.Partials)
        {
            // Poisson error of the smallest shell used (2-2.5 Å) is about 1.1 %.
            for (int b = 4; b < 20; b++) { Assert.InRange(p.G[b], 0.95, 1.05); }
            // Running coordination ≈ ρ_B 4π r³/3 at the last bin edge.
            double expectedN = 4000.0 / box.Volume * 4 * Math.PI / 3 * Math.Pow(10, 3);
            Assert.InRange(p.Coordination[^1] / expectedN, 0.99, 1.01);
        }
    }

    [Fact]
    public void CoordinationEqualsDirectCountOnTheGlass()
    {
        var frame = StructureTestData.ReferenceGlass();
        var rdf = new RadialDistribution("P-S,Li-S@PS4", new RdfOptions { RMax = 4.0, Bins = 400 });
        rdf.Add(frame);
        var res = rdf.Result();
        var clusters = AnionClusters.FromTopology(frame.Topology!);
        var isP = AtomSelector.Parse("P").Mask(frame);
        var isS = AtomSelector.Parse("S").Mask(frame);
        var isLi = AtomSelector.Parse("Li").Mask(frame);
        // Independent pair search: the Core cell-list neighbour list (full list).
        var nl = new NeighborList(4.0, 0.0, half: false);
        nl.Build(frame.Box, frame.Positions.AsSpan());
        var pairs = new List<(int I, int J, Vec3 D)>();
        for (int i = 0; i < frame.AtomCount; i++)
        {
            for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++) { pairs.Add((i, nl.Neighbors[e], nl.Displacement(frame.Positions.AsSpan(), i, e))); }
        }

        // P-S within 2.6 Å (bin 260 upper edge = 2.61 Å) and Li-S(PS4) within 3.0 Å.
        long ps = pairs.Count(p => isP[p.I] && isS[p.J] && p.D.Norm < 2.61);
        long lis = pairs.Count(p => isLi[p.I] && isS[p.J] && clusters.Kind[p.J] == AnionClusterKind.PS4 && p.D.Norm < 3.0);
        Assert.Equal(ps / (double)isP.Count(x => x), res.Partials[0].Coordination[260], 10);
        Assert.Equal(lis / (double)isLi.Count(x => x), res.Partials[1].Coordination[299], 10);
        // Every P has 4 S within 2.6 Å except P2S6 P (3 S): (1209·4 − 182) / 1209.
        Assert.Equal((1209.0 * 4 - 182) / 1209, res.Partials[0].Coordination[260], 10);
    }

    [Fact]
    public void HistogramsEqualAnIndependentPairCountOnTheGlass()
    {
        // Overlapping groups, '@' classes and type names in one call: every partial's cumulative pair count must equal
        // the count over the Core cell-list neighbour list (full list, both directions of every pair).
        var frame = StructureTestData.ReferenceGlass();
        const double rmax = 7.0;
        const int bins = 70;
        string[] groups = ["Li-Li", "Li-S", "P-S", "*-*", "S@PS4-Li", "P4-S4", "S-S@bridging"];
        var rdf = new RadialDistribution(string.Join(',', groups), new RdfOptions { RMax = rmax, Bins = bins });
        rdf.Add(frame);
        var res = rdf.Result();
        var clusters = AnionClusters.FromFrame(frame, rdf.Options.ClusterCutoff);
        var nl = new NeighborList(rmax, 0.0, half: false);
        nl.Build(frame.Box, frame.Positions.AsSpan());
        for (int m = 0; m < groups.Length; m++)
        {
            var pair = AtomSelector.ParsePairs(groups[m])[0];
            bool[] a = pair.A.Mask(frame, clusters), b = pair.B.Mask(frame, clusters);
            var expected = new long[bins];
            for (int i = 0; i < frame.AtomCount; i++)
            {
                if (!a[i]) { continue; }
                for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
                {
                    if (!b[nl.Neighbors[e]]) { continue; }
                    int bin = (int)(nl.Displacement(frame.Positions.AsSpan(), i, e).Norm * (bins / rmax));
                    if (bin < bins) { expected[bin]++; }
                }
            }

            double na = a.Count(x => x);
            long run = 0;
            for (int k = 0; k < bins; k++)
            {
                run += expected[k];
                Assert.Equal(run, (long)Math.Round(res.Partials[m].Coordination[k] * na));
            }
        }
    }

    [Fact]
    public void EqualsLammpsComputeRdfOnTheGlass()
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        var frame = StructureTestData.ReferenceGlass();
        string dir = References.TempDir("rdf-lmp");
        StructureTestData.WriteAtomicData(Path.Combine(dir, "g.data"), frame);
        int li = frame.TypeNames.IndexOf("Li") + 1, s4 = frame.TypeNames.IndexOf("S4") + 1, p4 = frame.TypeNames.IndexOf("P4") + 1, sc = frame.TypeNames.IndexOf("Sc") + 1;
        string input = string.Join('\n',
            "units real", "atom_style atomic", "boundary p p p", "read_data g.data",
            "pair_style zero 12.0", "pair_coeff * *", "neighbor 1.0 bin",
            FormattableString.Invariant($"compute r all rdf 200 {li} {li} {li} {s4} {p4} {s4} {sc} {li} cutoff 10.0"),
            "compute a all rdf 200 cutoff 10.0",
            "fix f all ave/time 1 1 1 c_r[*] file rdf.out mode vector",
            "fix f2 all ave/time 1 1 1 c_a[*] file all.out mode vector",
            "run 0", "");
        File.WriteAllText(Path.Combine(dir, "in.rdf"), input);
        var (code, _, err) = References.Run(lmp, "-in in.rdf -log none -screen none", dir, 300);
        Assert.True(code == 0, err);
        double[][] Rows(string f) => File.ReadAllLines(Path.Combine(dir, f)).Where(l => !l.StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length > 2).Select(p => p.Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var rows = Rows("rdf.out");
        var all = Rows("all.out");
        var rdf = new RadialDistribution("Li-Li,Li-S4,P4-S4,Sc-Li,*-*", new RdfOptions { RMax = 10, Bins = 200 });
        rdf.Add(frame);
        var res = rdf.Result();
        Assert.Equal(200, rows.Length);
        double maxRel = 0;
        for (int b = 0; b < 200; b++)
        {
            Assert.Equal(rows[b][1], res.R[b], 5);
            for (int m = 0; m < 5; m++)
            {
                var row = m < 4 ? rows[b] : all[b];
                int col = m < 4 ? 2 + 2 * m : 2;
                double g = row[col], cn = row[col + 1];
                Assert.True(Math.Abs(g - res.Partials[m].G[b]) <= 2e-5 * Math.Max(Math.Abs(g), 1e-3), $"pair {m} bin {b}: lammps {g} vitrion {res.Partials[m].G[b]}");
                Assert.True(Math.Abs(cn - res.Partials[m].Coordination[b]) <= 2e-5 * Math.Max(Math.Abs(cn), 1e-3), $"coord pair {m} bin {b}: lammps {cn} vitrion {res.Partials[m].Coordination[b]}");
                if (g > 0) { maxRel = Math.Max(maxRel, Math.Abs(g - res.Partials[m].G[b]) / g); }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant($"max relative g(r) difference vs LAMMPS: {maxRel:E2}"));
    }
}
