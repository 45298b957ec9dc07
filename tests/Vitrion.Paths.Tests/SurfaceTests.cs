using Vitrion.Paths.Surfaces;
using Xunit;

namespace Vitrion.Paths.Tests;

public class SurfaceTests
{
    public static TheoryData<string> Surfaces => new() { "mb", "rosen", "dw" };

    private static IOptimizable Create(string n) => n switch { "mb" => new MullerBrown(), "rosen" => new Rosenbrock(), _ => new DoubleWell() };

    [Theory]
    [MemberData(nameof(Surfaces))]
    public void Gradients_match_central_finite_differences(string name)
    {
        var f = Create(name);
        var g = new double[2];
        var tmp = new double[2];
        foreach (var (px, py) in new[] { (-0.3, 0.7), (0.4, 0.2), (0.9, -0.1) })
        {
            f.Evaluate([px, py], g);
            const double h = 1e-6;
            double fdx = (f.Evaluate([px + h, py], tmp) - f.Evaluate([px - h, py], tmp)) / (2 * h);
            double fdy = (f.Evaluate([px, py + h], tmp) - f.Evaluate([px, py - h], tmp)) / (2 * h);
            Assert.Equal(fdx, g[0], 4);
            Assert.Equal(fdy, g[1], 4);
        }
    }

    [Fact]
    public void Muller_Brown_hessian_matches_finite_differences()
    {
        const double h = 1e-6;
        var d = MullerBrown.Derivatives(-0.8, 0.6);
        var p = MullerBrown.Derivatives(-0.8 + h, 0.6);
        var m = MullerBrown.Derivatives(-0.8 - h, 0.6);
        Assert.Equal((p.Gx - m.Gx) / (2 * h), d.Hxx, 3);
        Assert.Equal((p.Gy - m.Gy) / (2 * h), d.Hxy, 3);
        var q = MullerBrown.Derivatives(-0.8, 0.6 + h);
        var r = MullerBrown.Derivatives(-0.8, 0.6 - h);
        Assert.Equal((q.Gy - r.Gy) / (2 * h), d.Hyy, 3);
    }
}
