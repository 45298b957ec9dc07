using MathNet.Numerics.LinearAlgebra;
using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Analysis.Tests.Transport;

public class D2MinTests
{
    private static Frame MakeFrame(Box box, Vec3[] p, int[]? types = null, string[]? names = null, double timeFs = 0) =>
        new(box, p, Enumerable.Range(1, p.Length).ToArray(), types ?? new int[p.Length], names ?? ["Li"]) { TimeFs = timeFs };

    [Fact]
    public void ZeroForAffineDeformationOfAPeriodicBox()
    {
        var rng = new Random(5);
        var box0 = new Box(new Vec3(1, -2, 0.5), 22, 20, 21, 1.0, -0.5, 0.8);
        int n = 400;
        var f = Enumerable.Range(0, n).Select(_ => new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble())).ToArray();
        var p0 = f.Select(box0.ToCartesian).ToArray();
        // Upper-triangular deformation F (stretch + shear), applied to the cell: H1 = F H0; the atoms keep their
        // fractional coordinates, then some are moved by whole lattice vectors of the new box (re-wrapping).
        double[,] F = { { 1.04, 0.06, -0.03 }, { 0, 0.97, 0.05 }, { 0, 0, 1.02 } };
        Vec3 Apply(Vec3 v) => new(F[0, 0] * v.X + F[0, 1] * v.Y + F[0, 2] * v.Z, F[1, 1] * v.Y + F[1, 2] * v.Z, F[2, 2] * v.Z);
        Vec3 a1 = Apply(box0.A), b1 = Apply(box0.B), c1 = Apply(box0.C);
        var box1 = Box.FromCellVectors(a1, b1, c1, new Vec3(3, 0, -1));
        var p1 = f.Select((fi, i) => box1.ToCartesian(fi) + box1.Translation(new Int3(rng.Next(-1, 2), rng.Next(-1, 2), rng.Next(-1, 2)))).ToArray();
        var r = new D2Min(new D2MinOptions()).Compute(MakeFrame(box0, p0), MakeFrame(box1, p1, timeFs: 1000));
        Assert.Equal(n, r.ValuesA2.Length);
        Assert.True(r.NeighborCounts.Average() > 10);
        Assert.All(r.ValuesA2.Where(double.IsFinite), v => Assert.True(Math.Abs(v) < 1e-20, $"D²min {v}"));
        Assert.True(r.ValuesA2.Count(double.IsFinite) > 0.95 * n);
        Assert.Equal(1000, r.DtFs);
    }

    [Fact]
    public void ZeroForAGeneralAffineMapIncludingRotationOfACluster()
    {
        var rng = new Random(9);
        var box = Box.Cubic(100);
        var centre = new Vec3(50, 50, 50);
        var p0 = Enumerable.Range(0, 300).Select(_ => centre + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 16).ToArray();
        double th = 0.4;
        // Rotation about z times a general non-symmetric stretch/shear, plus a translation.
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { Math.Cos(th), -Math.Sin(th), 0 }, { Math.Sin(th), Math.Cos(th), 0 }, { 0, 0, 1 } })
              * Matrix<double>.Build.DenseOfArray(new double[,] { { 1.05, 0.1, -0.04 }, { 0.02, 0.95, 0.07 }, { -0.06, 0.03, 1.1 } });
        var p1 = p0.Select(p =>
        {
            var d = p - centre;
            var v = m * Vector<double>.Build.DenseOfArray([d.X, d.Y, d.Z]);
            return centre + new Vec3(v[0] + 0.7, v[1] - 0.3, v[2] + 0.2);
        }).ToArray();
        var r = new D2Min(new D2MinOptions { NormalizeByNeighborCount = false }).Compute(MakeFrame(box, p0), MakeFrame(box, p1));
        Assert.All(r.ValuesA2.Where(double.IsFinite), v => Assert.True(Math.Abs(v) < 1e-18, $"D²min {v}"));
        Assert.True(r.ValuesA2.Count(double.IsFinite) > 250);
    }

    [Fact]
    public void SingleDisplacedAtomMatchesTheHandCalculation()
    {
        // Simple cubic lattice a = 3 Å, rc = 3.5 Å (6 neighbours). Displacing atom j by δ gives, by hand:
        // j itself: every separation changes by −δ, Σ d0 = 0 so J = I and D² = 6|δ|²/6 = |δ|²;
        // each of its 6 neighbours i: J = I + δ êᵀ/(2a), residual δ/2 on the ±a ê pair, so D² = 2 |δ/2|² / 6 = |δ|²/12;
        // every other atom: 0.
        double a = 3;
        int nSide = 8;
        var box = Box.Cubic(a * nSide);
        var p0 = new List<Vec3>();
        for (int x = 0; x < nSide; x++) for (int y = 0; y < nSide; y++) for (int z = 0; z < nSide; z++) { p0.Add(new Vec3(x * a, y * a, z * a)); }
        var p1 = p0.ToArray();
        int j = 3 * 64 + 4 * 8 + 5;
        var delta = new Vec3(0.3, -0.2, 0.1);
        p1[j] += delta;
        var r = new D2Min(new D2MinOptions { CutoffA = 3.5 }).Compute(MakeFrame(box, p0.ToArray()), MakeFrame(box, p1));
        double dd = delta.NormSquared;
        Assert.All(r.NeighborCounts, c => Assert.Equal(6, c));
        for (int i = 0; i < p0.Count; i++)
        {
            double dist = box.MinimumImage(p0[i] - p0[j]).Norm;
            double expect = i == j ? dd : Math.Abs(dist - a) < 1e-9 ? dd / 12 : 0;
            Assert.Equal(expect, r.ValuesA2[i], 1e-14);
        }

        var un = new D2Min(new D2MinOptions { CutoffA = 3.5, NormalizeByNeighborCount = false }).Compute(MakeFrame(box, p0.ToArray()), MakeFrame(box, p1));
        Assert.Equal(6 * dd, un.ValuesA2[j], 1e-14);
        Assert.Equal(dd / 2, un.ValuesA2[j + 1], 1e-14);
    }

    /// <summary>An independent D²min: brute-force neighbours, Cartesian minimum image at both times, MathNet QR least squares.</summary>
    internal static double[] ReferenceD2Min(Frame f0, Frame f1, double rc, IReadOnlyList<int> centres)
    {
        var box0 = f0.Box;
        var box1 = f1.Box;
        var result = new double[centres.Count];
        for (int c = 0; c < centres.Count; c++)
        {
            int i = centres[c];
            var rows0 = new List<double[]>();
            var rows1 = new List<double[]>();
            for (int j = 0; j < f0.AtomCount; j++)
            {
                if (j == i) { continue; }
                var d0 = box0.MinimumImage(f0.Positions[j] - f0.Positions[i]);
                if (d0.Norm >= rc) { continue; }
                var d1 = box1.MinimumImage(f1.Positions[j] - f1.Positions[i]);
                rows0.Add([d0.X, d0.Y, d0.Z]);
                rows1.Add([d1.X, d1.Y, d1.Z]);
            }

            var a = Matrix<double>.Build.DenseOfRowArrays(rows0);
            var b = Matrix<double>.Build.DenseOfRowArrays(rows1);
            var jt = a.QR().Solve(b);
            var res = a * jt - b;
            result[c] = res.FrobeniusNorm() * res.FrobeniusNorm() / rows0.Count;
        }

        return result;
    }

    [Fact]
    public void EqualsAnIndependentQrLeastSquaresOnTheReferenceGlass()
    {
        var f0 = StructureFile.ReadFrame(References.ReferenceGlass);
        var rng = new Random(17);
        var p1 = f0.Positions.Select(p => f0.Box.Wrap(p + 0.25 * new Vec3(Synthetic.Gauss(rng), Synthetic.Gauss(rng), Synthetic.Gauss(rng)))).ToArray();
        var f1 = new Frame(f0.Box, p1, f0.Ids.ToArray(), f0.Types.ToArray(), f0.TypeNames) { Step = 1000 };
        var f0b = new Frame(f0.Box, f0.Positions.ToArray(), f0.Ids.ToArray(), f0.Types.ToArray(), f0.TypeNames); // no images: minimum-image displacements
        var r = new D2Min(new D2MinOptions { CenterSpecies = ["Li"] }).Compute(f0b, f1);
        Assert.Equal(f0.Types.Count(t => f0.TypeNames[t] == "Li"), r.ValuesA2.Length);
        var idx = Enumerable.Range(0, f0.AtomCount).Where(i => f0.TypeNames[f0.Types[i]] == "Li").Take(300).ToArray();
        var reference = ReferenceD2Min(f0b, f1, 5.0, idx);
        double worst = 0;
        for (int c = 0; c < idx.Length; c++)
        {
            Assert.Equal(f0.Ids[idx[c]], r.Ids[c]);
            worst = Math.Max(worst, Math.Abs(r.ValuesA2[c] - reference[c]) / reference[c]);
        }

        Assert.True(worst < 1e-9, $"max relative difference to QR {worst}");
    }

    [Fact]
    public void DcumSumsConsecutiveIntervalsAndStreams()
    {
        var rng = new Random(3);
        var box = Box.Cubic(18);
        int n = 250;
        var frames = new List<Frame>();
        var p = Enumerable.Range(0, n).Select(_ => new Vec3(rng.NextDouble() * 18, rng.NextDouble() * 18, rng.NextDouble() * 18)).ToArray();
        string[] names = ["Li", "S4"];
        var types = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        for (int k = 0; k <= 12; k++)
        {
            if (k > 0) { p = p.Select(r => r + 0.1 * new Vec3(Synthetic.Gauss(rng), Synthetic.Gauss(rng), Synthetic.Gauss(rng))).ToArray(); }
            frames.Add(new Frame(box, p.Select(r => box.Wrap(r)).ToArray(), Enumerable.Range(1, n).ToArray(), types, names) { Step = k * 250 });
        }

        // Frames every 250 steps of 2 fs = 500 fs; Δt = 1000 fs, window 4000 fs starting at 1000 fs → frames 2,4,6,8,10.
        var o = new DcumOptions { D2Min = new D2MinOptions { CenterSpecies = ["Li"], TimestepFs = 2 }, IntervalFs = 1000, WindowFs = 4000, StartFs = 1000 };
        var dcum = Dcum.Compute(frames, o);
        var d2 = new D2Min(o.D2Min);
        var expect = new double[dcum.Ids.Length];
        for (int k = 2; k < 10; k += 2)
        {
            var r = d2.Compute(frames[k], frames[k + 2]);
            for (int i = 0; i < expect.Length; i++) { expect[i] += r.ValuesA2[i]; }
        }

        Assert.Equal(4, dcum.Intervals);
        Assert.Equal(1000, dcum.StartFs);
        Assert.All(dcum.Types, t => Assert.Equal(0, t));
        for (int i = 0; i < expect.Length; i++) { Assert.Equal(expect[i], dcum.ValuesA2[i], 1e-12); }
        var two = Dcum.ComputeWindows(frames, o with { WindowFs = 2000 }, 2);
        Assert.Equal(3000, two[1].StartFs);
        for (int i = 0; i < expect.Length; i++) { Assert.Equal(expect[i], two[0].ValuesA2[i] + two[1].ValuesA2[i], 1e-12); }
        Assert.Throws<InputException>(() => Dcum.Compute(frames, o with { IntervalFs = 700, WindowFs = 1400 }));
        Assert.Throws<InputException>(() => Dcum.Compute(frames, o with { WindowFs = 40000 }));
    }
}
