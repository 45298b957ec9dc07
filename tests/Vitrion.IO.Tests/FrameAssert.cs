using Vitrion.Core;
using Xunit;

namespace Vitrion.IO.Tests;

/// <summary>Bit-exact comparison of frames.</summary>
internal static class FrameAssert
{
    public static void Exact(Frame expected, Frame actual, int boxUlps = 0, bool compareTime = true)
    {
        Assert.Equal(expected.AtomCount, actual.AtomCount);
        if (boxUlps == 0) { Assert.Equal(expected.Box, actual.Box); }
        else { BoxWithin(expected.Box, actual.Box, boxUlps); }
        Assert.Equal(expected.Step, actual.Step);
        if (compareTime) { Assert.Equal(expected.TimeFs, actual.TimeFs); }
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.Types, actual.Types);
        Assert.Equal(expected.TypeNames, actual.TypeNames);
        Assert.Equal(expected.PositionsAreUnwrapped, actual.PositionsAreUnwrapped);
        Assert.Equal(expected.Positions, actual.Positions);
        Assert.Equal(expected.Images, actual.Images);
        Assert.Equal(expected.Velocities, actual.Velocities);
        Assert.Equal(expected.Forces, actual.Forces);
        Assert.Equal(expected.Extra.Keys.Order(), actual.Extra.Keys.Order());
        foreach (var (k, v) in expected.Extra) { Assert.Equal(v, actual.Extra[k]); }
    }

    /// <summary>
    /// Boxes equal up to <paramref name="ulps"/> units in the last place of the largest bound written (the LAMMPS
    /// bounding box xlo + min(0, xy, xz, xy + xz) …); tilts and periodicity exact.
    /// </summary>
    public static void BoxWithin(Box e, Box a, int ulps)
    {
        double scale = Math.Max(Math.Max(Math.Abs(e.Origin.X), Math.Abs(e.Origin.Y)), Math.Abs(e.Origin.Z))
            + Math.Max(Math.Max(e.Lx, e.Ly), e.Lz) + Math.Abs(e.Xy) + Math.Abs(e.Xz) + Math.Abs(e.Yz);
        double tol = ulps * (Math.BitIncrement(scale) - scale);
        void Near(double x, double y, int u) => Assert.True(Math.Abs(x - y) <= tol, $"{x:R} vs {y:R}");
        Near(e.Origin.X, a.Origin.X, ulps); Near(e.Origin.Y, a.Origin.Y, ulps); Near(e.Origin.Z, a.Origin.Z, ulps);
        Near(e.Lx, a.Lx, ulps); Near(e.Ly, a.Ly, ulps); Near(e.Lz, a.Lz, ulps);
        Assert.Equal(e.Xy, a.Xy); Assert.Equal(e.Xz, a.Xz); Assert.Equal(e.Yz, a.Yz);
        Assert.Equal(e.Periodic, a.Periodic);
    }
}
