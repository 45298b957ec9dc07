using Vitrion.Core;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;
using Xunit;

namespace Vitrion.Learning.Tests;

public class FeatureTests
{
    private static double[] BruteForce(Frame f, int i, RadialFeatureSpec spec, int[] block)
    {
        var mu = spec.Mu;
        var row = new double[spec.FeatureCount];
        for (int j = 0; j < f.AtomCount; j++)
        {
            if (block[j] < 0) { continue; }
            for (int a = -2; a <= 2; a++)
            {
                for (int b = -2; b <= 2; b++)
                {
                    for (int c = -2; c <= 2; c++)
                    {
                        if (i == j && a == 0 && b == 0 && c == 0) { continue; }
                        var d = f.Positions[j] + f.Box.Translation(new Int3(a, b, c)) - f.Positions[i];
                        double r = d.Norm;
                        if (r > spec.Cutoff) { continue; }
                        for (int m = 0; m < mu.Length; m++)
                        {
                            row[block[j] * mu.Length + m] += Math.Exp(-(r - mu[m]) * (r - mu[m]) / (2 * spec.Width * spec.Width));
                        }
                    }
                }
            }
        }

        return row;
    }

    [Theory]
    [InlineData(FeatureSet.LiPS, false)]
    [InlineData(FeatureSet.Li, false)]
    [InlineData(FeatureSet.LiPSByAnion, true)]
    public void RadialStructureFunctionsEqualDirectSum(FeatureSet set, bool triclinic)
    {
        var box = triclinic ? new Box(Vec3.Zero, 16, 15, 17, 2.0, -1.5, 1.0) : Box.Cubic(16);
        var frame = Synthetic.RandomFrame(box, 120, 7);
        var spec = new RadialFeatureSpec(set);
        var ff = new RadialStructureFunctions(spec).Compute(frame);
        var block = spec.BlockOfAtoms(frame);
        Assert.Equal(60, ff.Centres.Length);
        double maxDiff = 0, maxVal = 0;
        for (int c = 0; c < ff.Centres.Length; c++)
        {
            var reference = BruteForce(frame, ff.Centres[c], spec, block);
            for (int k = 0; k < reference.Length; k++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(reference[k] - ff.Values[c][k]));
                maxVal = Math.Max(maxVal, reference[k]);
            }
        }

        Assert.True(maxVal > 1.0, "features should be non-trivial");
        Assert.True(maxDiff < 1e-10, $"max difference {maxDiff}");
    }

    [Fact]
    public void FeatureNamesFollowTheGrid()
    {
        var spec = new RadialFeatureSpec();
        Assert.Equal(36, spec.Mu.Length);
        Assert.Equal(8.8, spec.Cutoff, 12);
        Assert.Equal(108, spec.FeatureNames().Length);
        Assert.Equal("G_Li_1", spec.FeatureNames()[0]);
        Assert.Equal("G_S_8", spec.FeatureNames()[^1]);
    }

    [Fact]
    public void AnionClassesFromNames()
    {
        var f = Synthetic.RandomFrame(Box.Cubic(15), 10, 1);
        var a = AnionClasses.Of(f);
        for (int i = 0; i < 10; i++)
        {
            var expect = f.TypeNames[f.Types[i]] switch { "S4" or "P4" => AnionKind.PS4, "S2" => AnionKind.P2S6, "S1" => AnionKind.P2S7, _ => AnionKind.None };
            Assert.Equal(expect, a[i]);
        }
    }

    [Fact]
    public void GeometricAnionCensusOfTheReferenceGlassEqualsItsTypeNames()
    {
        // The force-field authors' glass names every anion by its atom types; the geometric census (P–S, P–P within
        // 2.6 Å) must find the same anion for every one of its 8069 atoms.
        var data = Vitrion.IO.Lammps.LammpsDataReader.Read(Vitrion.TestKit.References.ReferenceGlass);
        var t = data.Topology;
        var frame = new Frame(data.Box, data.Positions, t.Ids.ToArray(), t.Types.ToArray(), t.TypeNames);
        var byName = AnionClasses.FromTypeNames(frame);
        Assert.NotNull(byName);
        var geometric = AnionClasses.Geometric(frame);
        Assert.Equal(byName, geometric);
        Assert.Equal(8069 - 2619, geometric.Count(k => k != AnionKind.None));
    }

    [Fact]
    public void D2MinVanishesForAffineMotionAndNotOtherwise()
    {
        var rng = new Random(3);
        var d0 = Enumerable.Range(0, 12).Select(_ => new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 6).ToList();
        Vec3 J(Vec3 v) => new(1.05 * v.X + 0.1 * v.Y, 0.97 * v.Y - 0.05 * v.Z, 0.02 * v.X + 1.01 * v.Z);
        var d1 = d0.Select(J).ToList();
        Assert.True(Vitrion.Analysis.Transport.D2Min.Solve(d0, d1, true) < 1e-20);
        d1[0] += new Vec3(0.3, 0, 0);
        double v = Vitrion.Analysis.Transport.D2Min.Solve(d0, d1, false);
        Assert.InRange(v, 1e-4, 0.09 + 1e-12); // at most the squared displacement: J = affine fit absorbs some of it
    }

    [Fact]
    public void LabelRuleTakesTopAndBottomFractions()
    {
        var dcum = Enumerable.Range(0, 100).Select(i => (double)((i * 37) % 100)).ToArray();
        var labels = new LabelRule().Apply(dcum);
        Assert.Equal(20, labels.Count(l => l == 1));
        Assert.Equal(20, labels.Count(l => l == 0));
        for (int i = 0; i < 100; i++)
        {
            int expect = dcum[i] >= 80 ? 1 : dcum[i] < 20 ? 0 : -1;
            Assert.Equal(expect, labels[i]);
        }

        var abs = new LabelRule(SoftAbove: 50, HardBelow: 10).Apply(dcum);
        Assert.Equal(50, abs.Count(l => l == 1));
        Assert.Equal(11, abs.Count(l => l == 0));
    }
}
