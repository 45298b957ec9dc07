using Vitrion.Core;
using Xunit;

namespace Vitrion.Core.Tests;

public class BoxTests
{
    private static Box RandomBox(Random rng, bool triclinic)
    {
        double lx = 5 + 10 * rng.NextDouble(), ly = 5 + 10 * rng.NextDouble(), lz = 5 + 10 * rng.NextDouble();
        var o = new Vec3(rng.NextDouble() * 4 - 2, rng.NextDouble() * 4 - 2, rng.NextDouble() * 4 - 2);
        return triclinic
            ? new Box(o, lx, ly, lz, (rng.NextDouble() - 0.5) * lx, (rng.NextDouble() - 0.5) * lx, (rng.NextDouble() - 0.5) * ly)
            : new Box(o, lx, ly, lz);
    }

    private static Vec3 RandomVec(Random rng, double scale) =>
        new((rng.NextDouble() - 0.5) * scale, (rng.NextDouble() - 0.5) * scale, (rng.NextDouble() - 0.5) * scale);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WrapAndUnwrapWithImages(bool triclinic)
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            var box = RandomBox(rng, triclinic);
            var r = RandomVec(rng, 100);
            var start = new Int3(rng.Next(-2, 3), rng.Next(-2, 3), rng.Next(-2, 3));
            var img = start;
            var w = box.Wrap(r, ref img);
            var f = box.ToFractional(w);
            Assert.InRange(f.X, 0.0, 1.0 - 1e-15);
            Assert.InRange(f.Y, 0.0, 1.0 - 1e-15);
            Assert.InRange(f.Z, 0.0, 1.0 - 1e-15);

            // The unwrapped position is r shifted by the starting images: r + T(start) = w + T(img).
            var expected = box.Unwrap(r, start);
            Assert.Equal(0.0, (box.Unwrap(w, img) - expected).Norm, 1e-10);

            // The image shift is the integer part of r's fractional coordinates (hand definition).
            var fr = box.ToFractional(r);
            Assert.Equal(new Int3((int)Math.Floor(fr.X), (int)Math.Floor(fr.Y), (int)Math.Floor(fr.Z)), img - start);
        }
    }

    [Fact]
    public void FractionalRoundTripAndHandValues()
    {
        var box = new Box(new Vec3(1, 2, 3), 10, 20, 30, 4, 5, 6);
        // Hand calculation: r = origin + f.x a + f.y b + f.z c with a=(10,0,0), b=(4,20,0), c=(5,6,30).
        var r = box.ToCartesian(new Vec3(0.5, 0.25, 0.1));
        Assert.Equal(1 + 5 + 1 + 0.5, r.X, 1e-12);
        Assert.Equal(2 + 5 + 0.6, r.Y, 1e-12);
        Assert.Equal(3 + 3, r.Z, 1e-12);
        Assert.Equal(10 * 20 * 30, box.Volume, 1e-9);
        Assert.Equal(Vec3.Dot(box.A, Vec3.Cross(box.B, box.C)), box.Volume, 1e-9);

        var rng = new Random(5);
        for (int k = 0; k < 500; k++)
        {
            var b = RandomBox(rng, true);
            var p = RandomVec(rng, 60);
            Assert.Equal(0.0, (b.ToCartesian(b.ToFractional(p)) - p).Norm, 1e-11);
            var d = RandomVec(rng, 30);
            Assert.Equal(0.0, (b.FractionalToDisplacement(b.DisplacementToFractional(d)) - d).Norm, 1e-11);
        }
    }

    [Fact]
    public void MinimumImageEqualsBruteForceInOrthorhombicBoxes()
    {
        var rng = new Random(17);
        for (int k = 0; k < 2000; k++)
        {
            var box = RandomBox(rng, false);
            var d = RandomVec(rng, 80);
            var m = box.MinimumImage(d);
            var best = BruteShortest(box, d);
            Assert.Equal(best.Norm, m.Norm, 1e-10);
            // m differs from d by a lattice translation.
            var n = box.DisplacementToFractional(d - m);
            Assert.Equal(Math.Round(n.X), n.X, 1e-9);
            Assert.Equal(Math.Round(n.Y), n.Y, 1e-9);
            Assert.Equal(Math.Round(n.Z), n.Z, 1e-9);
        }
    }

    [Fact]
    public void ShortestImageEqualsBruteForceInTriclinicBoxes()
    {
        var rng = new Random(19);
        for (int k = 0; k < 2000; k++)
        {
            var box = RandomBox(rng, true);
            var d = RandomVec(rng, 80);
            Assert.Equal(BruteShortest(box, d).Norm, box.ShortestImage(d).Norm, 1e-10);
        }
    }

    [Fact]
    public void PerpendicularWidthsAreFaceDistances()
    {
        var rng = new Random(23);
        for (int k = 0; k < 100; k++)
        {
            var b = RandomBox(rng, true);
            // Distance between the faces spanned by b, c: |a · n| with n the unit normal of b × c.
            var n = Vec3.Cross(b.B, b.C);
            Assert.Equal(Math.Abs(Vec3.Dot(b.A, n)) / n.Norm, b.PerpendicularWidths.X, 1e-10);
            var m = Vec3.Cross(b.A, b.B);
            Assert.Equal(Math.Abs(Vec3.Dot(b.C, m)) / m.Norm, b.PerpendicularWidths.Z, 1e-10);
        }
    }

    [Fact]
    public void GeneralCellRotatesIntoLammpsOrientation()
    {
        var rng = new Random(29);
        for (int k = 0; k < 100; k++)
        {
            var a = new Vec3(8 + rng.NextDouble(), rng.NextDouble() * 2, rng.NextDouble() * 2);
            var b = new Vec3(rng.NextDouble() * 2, 9 + rng.NextDouble(), rng.NextDouble() * 2);
            var c = new Vec3(rng.NextDouble() * 2, rng.NextDouble() * 2, 10 + rng.NextDouble());
            var (box, rot) = Box.FromGeneralCell(a, b, c);
            Assert.Equal(Math.Abs(Vec3.Dot(a, Vec3.Cross(b, c))), box.Volume, 1e-9);
            Assert.Equal(0.0, (Box.RotateIntoLammpsFrame(rot, a) - box.A).Norm, 1e-10);
            Assert.Equal(0.0, (Box.RotateIntoLammpsFrame(rot, b) - box.B).Norm, 1e-10);
            Assert.Equal(0.0, (Box.RotateIntoLammpsFrame(rot, c) - box.C).Norm, 1e-10);
        }
    }

    private static Vec3 BruteShortest(Box box, Vec3 d)
    {
        // Fold the fractional components first so that ±3 images surely contain the shortest one.
        var f = box.DisplacementToFractional(d);
        var d0 = box.FractionalToDisplacement(new Vec3(f.X - Math.Round(f.X), f.Y - Math.Round(f.Y), f.Z - Math.Round(f.Z)));
        Vec3 best = d0;
        for (int i = -3; i <= 3; i++)
        {
            for (int j = -3; j <= 3; j++)
            {
                for (int l = -3; l <= 3; l++)
                {
                    var t = d0 + box.Translation(new Int3(i, j, l));
                    if (t.NormSquared < best.NormSquared) { best = t; }
                }
            }
        }

        return best;
    }
}
