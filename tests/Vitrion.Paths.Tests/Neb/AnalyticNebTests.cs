using Vitrion.Paths.Neb;
using Vitrion.Paths.Surfaces;
using Xunit;

namespace Vitrion.Paths.Tests.Neb;

public class AnalyticNebTests
{
    private static double[] Minimum(IOptimizable f, double x, double y)
    {
        var p = new double[] { x, y };
        var r = new Lbfgs().Minimize(f, p, new MinimizerOptions { ForceTolerance = 1e-8, MaxSteps = 5000, MaxStep = 0.05 });
        Assert.True(r.Converged, r.Message);
        return p;
    }

    public static TheoryData<string> Minimizers => new() { "fire", "lbfgs" };

    [Theory]
    [MemberData(nameof(Minimizers))]
    public void Climbing_image_finds_the_Muller_Brown_saddle(string minimizer)
    {
        // Minima A (−0.558, 1.442) and C (−0.050, 0.467); the saddle between them is near (−0.822, 0.624).
        var a = Minimum(new MullerBrown(), -0.55, 1.44);
        var c = Minimum(new MullerBrown(), -0.05, 0.47);
        var saddle = Tests.Analytic.NewtonStationaryPoint(-0.82, 0.62);
        var h = MullerBrown.Derivatives(saddle.X, saddle.Y);
        Assert.True(h.Hxx * h.Hyy - h.Hxy * h.Hxy < 0, "reference must be a first-order saddle");

        const int m = 9;
        var images = Enumerable.Range(0, m).Select(_ => (IOptimizable)new MullerBrown()).ToArray();
        var path = NebPath.Linear(a, c, m);
        var r = NebRunner.Run(images, path, new NebOptions
        {
            SpringConstant = 50, ForceTolerance = 1e-4, ClimbStartTolerance = 5, MaxStep = 0.02, MaxSteps = 20000, Minimizer = minimizer,
        });
        Assert.True(r.Converged, r.Message);
        var ci = r.Images[r.ClimbingImage];
        double dist = Math.Sqrt((ci[0] - saddle.X) * (ci[0] - saddle.X) + (ci[1] - saddle.Y) * (ci[1] - saddle.Y));
        Assert.True(dist < 1e-3, $"climbing image at ({ci[0]}, {ci[1]}), saddle at ({saddle.X}, {saddle.Y}), distance {dist}");
        Assert.Equal(MullerBrown.Energy(saddle.X, saddle.Y), r.Saddle.MaxImageEnergy, 3);
        Assert.Equal(-40.665, r.Saddle.MaxImageEnergy, 2);
        Assert.Equal(r.Energies[0] - r.Energies[^1], r.BackwardBarrier - r.ForwardBarrier, 10);
        Assert.True(r.ClimbingImageForce < 1e-4);
    }

    [Fact]
    public void Band_on_a_symmetric_double_well_is_mirror_symmetric_and_climbs_to_the_saddle()
    {
        var f = new DoubleWell(height: 10, halfWidth: 1, transverse: 20, bend: 0.5);
        const int m = 9;
        var images = Enumerable.Range(0, m).Select(_ => (IOptimizable)new DoubleWell(10, 1, 20, 0.5)).ToArray();
        var r = NebRunner.Run(images, NebPath.Linear([-1.0, 0.0], [1.0, 0.0], m), new NebOptions
        {
            SpringConstant = 20, ForceTolerance = 1e-5, MaxStep = 0.02, MaxSteps = 20000,
        });
        Assert.True(r.Converged, r.Message);
        for (int i = 0; i < m; i++)
        {
            var p = r.Images[i];
            var q = r.Images[m - 1 - i];
            Assert.Equal(-q[0], p[0], 4);
            Assert.Equal(q[1], p[1], 4);
            Assert.Equal(r.Energies[m - 1 - i], r.Energies[i], 4);
        }

        Assert.Equal(4, r.ClimbingImage);
        Assert.Equal(0.0, r.Images[4][0], 5);
        Assert.Equal(0.5, r.Images[4][1], 5);
        Assert.Equal(10.0, r.ForwardBarrier, 5);
        Assert.Equal(10.0, r.BackwardBarrier, 5);
        // The band bent onto the minimum-energy path: compare image 2 with the steepest-descent curve traced
        // from the saddle (0, 0.5) by small normalised gradient steps.
        double x = -1e-4, y = 0.5;
        var g = new double[2];
        double target = r.Images[2][0];
        while (x > target)
        {
            f.Evaluate([x, y], g);
            double n = Math.Sqrt(g[0] * g[0] + g[1] * g[1]);
            x -= 1e-5 * g[0] / n;
            y -= 1e-5 * g[1] / n;
        }

        Assert.True(r.Images[2][1] > 0.2, "the band must bend away from the straight line");
        // (the upwind tangent is first order in the image spacing: 9 images leave ~0.02 of discretisation error)
        Assert.True(Math.Abs(y - r.Images[2][1]) < 0.03, $"image 2 y = {r.Images[2][1]}, steepest-descent path y = {y}");
    }

    [Fact]
    public void Spline_saddle_of_an_exact_cubic_profile_is_exact()
    {
        // E(s) = −(s−1.3)² + 2 sampled at s = 0,1,2,3 with exact slopes: maximum 2 at s = 1.3.
        double[] s = [0, 1, 2, 3];
        var e = s.Select(v => -(v - 1.3) * (v - 1.3) + 2).ToArray();
        var ft = s.Select(v => 2 * (v - 1.3)).ToArray(); // F·τ = −dE/ds
        var est = NebRunner.EstimateSaddle(e, s, ft, 1000);
        Assert.Equal(2.0, est.SplineEnergy, 6);
        Assert.Equal(1.3, est.SplinePathCoordinate, 3);
        Assert.Equal(1, est.MaxImage);
    }

    [Fact]
    public void Idpp_keeps_bond_lengths_where_linear_interpolation_shrinks_them()
    {
        // A 1.5 Å dimer rotated by 90°: the linear midpoint shortens the bond to 1.5/√2 = 1.06 Å; IDPP
        // (target distance 1.5 Å in every image) restores it.
        Vitrion.Core.Vec3[] a = [new(-0.75, 0, 0), new(0.75, 0, 0)];
        Vitrion.Core.Vec3[] b = [new(0, -0.75, 0), new(0, 0.75, 0)];
        var linear = NebPath.Linear(NebPath.Flatten(a), NebPath.Flatten(b), 5);
        var lm = NebPath.Unflatten(linear[2]);
        Assert.Equal(1.5 / Math.Sqrt(2), (lm[1] - lm[0]).Norm, 6);
        var path = NebPath.Idpp(a, b, 5, null, 8.0, 1e-5, 5000);
        Assert.Equal(NebPath.Flatten(a), path[0]);
        Assert.Equal(NebPath.Flatten(b), path[^1]);
        for (int i = 1; i < 4; i++)
        {
            var p = NebPath.Unflatten(path[i]);
            Assert.Equal(1.5, (p[1] - p[0]).Norm, 2);
        }
    }
}
