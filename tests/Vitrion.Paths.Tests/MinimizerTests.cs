using Vitrion.Paths.Surfaces;
using Xunit;

namespace Vitrion.Paths.Tests;

public class MinimizerTests
{
    public static TheoryData<string> Minimizers => new() { "fire", "lbfgs" };

    private static IMinimizer Create(string name) => name == "fire" ? new Fire() : new Lbfgs();

    [Theory]
    [MemberData(nameof(Minimizers))]
    public void Rosenbrock_reaches_the_minimum_at_one_one(string name)
    {
        var x = new double[] { -1.2, 1.0 };
        var r = Create(name).Minimize(new Rosenbrock(), x, new MinimizerOptions { ForceTolerance = 1e-6, MaxSteps = 20000, MaxStep = 0.1 });
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1.0, x[0], 4);
        Assert.Equal(1.0, x[1], 4);
        Assert.True(r.Energy < 1e-8);
    }

    [Theory]
    [MemberData(nameof(Minimizers))]
    public void Muller_Brown_minima_match_Newton_refined_minima(string name)
    {
        // Start points near each of the three minima; the reference is a Newton iteration on the gradient.
        (double X, double Y)[] starts = [(-0.4, 1.3), (0.5, 0.1), (0.1, 0.5)];
        foreach (var (sx, sy) in starts)
        {
            var x = new double[] { sx, sy };
            var r = Create(name).Minimize(new MullerBrown(), x, new MinimizerOptions { ForceTolerance = 1e-6, MaxSteps = 5000, MaxStep = 0.05 });
            Assert.True(r.Converged, r.Message);
            var (nx, ny) = Analytic.NewtonStationaryPoint(x[0] + 0.01, x[1] - 0.01);
            var h = MullerBrown.Derivatives(nx, ny);
            Assert.True(h.Hxx > 0 && h.Hxx * h.Hyy - h.Hxy * h.Hxy > 0, "Newton point must be a minimum");
            Assert.Equal(nx, x[0], 5);
            Assert.Equal(ny, x[1], 5);
            Assert.Equal(MullerBrown.Energy(nx, ny), r.Energy, 8);
        }
    }

    [Fact]
    public void Muller_Brown_global_minimum_is_the_literature_value()
    {
        // Literature: global minimum (−0.558, 1.442), E = −146.70.
        var x = new double[] { -0.5, 1.4 };
        var r = new Fire().Minimize(new MullerBrown(), x, new MinimizerOptions { ForceTolerance = 1e-6, MaxSteps = 5000, MaxStep = 0.05 });
        Assert.True(r.Converged);
        Assert.Equal(-0.558, x[0], 2);
        Assert.Equal(1.442, x[1], 2);
        Assert.Equal(-146.70, r.Energy, 1);
    }

    [Fact]
    public void Non_convergence_is_reported_with_the_reason()
    {
        var x = new double[] { -1.2, 1.0 };
        var r = new Fire().Minimize(new Rosenbrock(), x, new MinimizerOptions { ForceTolerance = 1e-8, MaxSteps = 5 });
        Assert.False(r.Converged);
        Assert.Equal(5, r.Steps);
        Assert.Contains("NOT converged", r.Message);
        Assert.Contains("step limit", r.Message);
    }

    [Theory]
    [MemberData(nameof(Minimizers))]
    public void Max_step_limits_every_block_displacement(string name)
    {
        double maxSeen = 0;
        var x = new double[] { -1.2, 1.0 };
        var prev = (double[])x.Clone();
        var target = new Recording(new Rosenbrock(), p =>
        {
            double d = Math.Sqrt((p[0] - prev[0]) * (p[0] - prev[0]) + (p[1] - prev[1]) * (p[1] - prev[1]));
            maxSeen = Math.Max(maxSeen, d);
            prev[0] = p[0]; prev[1] = p[1];
        });
        Create(name).Minimize(target, x, new MinimizerOptions { ForceTolerance = 1e-6, MaxSteps = 200, MaxStep = 0.03 });
        Assert.True(maxSeen <= 0.03 + 1e-12, $"largest step {maxSeen}");
        Assert.True(maxSeen > 0.029, "the limit should have been active");
    }

    private sealed class Recording(IOptimizable inner, Action<double[]> seen) : IOptimizable
    {
        public int Dimension => inner.Dimension;

        public int BlockSize => inner.BlockSize;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            seen(x.ToArray());
            return inner.Evaluate(x, gradient);
        }
    }
}

/// <summary>Independent references on the analytic surfaces.</summary>
internal static class Analytic
{
    /// <summary>Newton's method on ∇V = 0 with the analytic Hessian: converges to the nearest stationary point.</summary>
    public static (double X, double Y) NewtonStationaryPoint(double x, double y)
    {
        for (int it = 0; it < 100; it++)
        {
            var d = MullerBrown.Derivatives(x, y);
            double det = d.Hxx * d.Hyy - d.Hxy * d.Hxy;
            double dx = (d.Hyy * d.Gx - d.Hxy * d.Gy) / det;
            double dy = (-d.Hxy * d.Gx + d.Hxx * d.Gy) / det;
            x -= dx; y -= dy;
            if (Math.Abs(dx) + Math.Abs(dy) < 1e-14) { break; }
        }

        return (x, y);
    }
}
