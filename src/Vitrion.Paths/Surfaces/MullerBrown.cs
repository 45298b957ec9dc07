namespace Vitrion.Paths.Surfaces;

/// <summary>
/// The Müller–Brown surface (Müller &amp; Brown, Theor. Chim. Acta 53, 75 (1979)), a 2-D test potential:
/// V(x, y) = Σ_k A_k exp(a_k (x−x0_k)² + b_k (x−x0_k)(y−y0_k) + c_k (y−y0_k)²) with
/// A = (−200, −100, −170, 15), a = (−1, −1, −6.5, 0.7), b = (0, 0, 11, 0.6), c = (−10, −10, −6.5, 0.7),
/// x0 = (1, 0, −0.5, −1), y0 = (0, 0.5, 1.5, 1). Energies in the surface's own units (treated as kcal/mol),
/// coordinates as Å. Minima near (−0.558, 1.442), (0.623, 0.028), (−0.050, 0.467); saddles near
/// (−0.822, 0.624) and (0.212, 0.293). <see cref="IOptimizable.BlockSize"/> is 2 (one 2-D "atom").
/// </summary>
public sealed class MullerBrown : IOptimizable
{
    private static readonly double[] A = [-200, -100, -170, 15];
    private static readonly double[] Ca = [-1, -1, -6.5, 0.7];
    private static readonly double[] Cb = [0, 0, 11, 0.6];
    private static readonly double[] Cc = [-10, -10, -6.5, 0.7];
    private static readonly double[] X0 = [1, 0, -0.5, -1];
    private static readonly double[] Y0 = [0, 0.5, 1.5, 1];

    /// <inheritdoc/>
    public int Dimension => 2;

    /// <inheritdoc/>
    public int BlockSize => 2;

    /// <summary>The energy at (x, y).</summary>
    public static double Energy(double x, double y)
    {
        double v = 0;
        for (int k = 0; k < 4; k++)
        {
            double dx = x - X0[k], dy = y - Y0[k];
            v += A[k] * Math.Exp(Ca[k] * dx * dx + Cb[k] * dx * dy + Cc[k] * dy * dy);
        }

        return v;
    }

    /// <summary>Energy, gradient and Hessian at (x, y) (Hessian as hxx, hxy, hyy).</summary>
    public static (double E, double Gx, double Gy, double Hxx, double Hxy, double Hyy) Derivatives(double x, double y)
    {
        double v = 0, gx = 0, gy = 0, hxx = 0, hxy = 0, hyy = 0;
        for (int k = 0; k < 4; k++)
        {
            double dx = x - X0[k], dy = y - Y0[k];
            double t = A[k] * Math.Exp(Ca[k] * dx * dx + Cb[k] * dx * dy + Cc[k] * dy * dy);
            double px = 2 * Ca[k] * dx + Cb[k] * dy;
            double py = Cb[k] * dx + 2 * Cc[k] * dy;
            v += t;
            gx += t * px;
            gy += t * py;
            hxx += t * (px * px + 2 * Ca[k]);
            hxy += t * (px * py + Cb[k]);
            hyy += t * (py * py + 2 * Cc[k]);
        }

        return (v, gx, gy, hxx, hxy, hyy);
    }

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var d = Derivatives(x[0], x[1]);
        gradient[0] = d.Gx;
        gradient[1] = d.Gy;
        return d.E;
    }
}

/// <summary>The Rosenbrock function f = (a − x)² + b (y − x²)² with a = 1, b = 100; minimum 0 at (1, 1).</summary>
public sealed class Rosenbrock : IOptimizable
{
    /// <inheritdoc/>
    public int Dimension => 2;

    /// <inheritdoc/>
    public int BlockSize => 2;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double a = 1 - x[0], b = x[1] - x[0] * x[0];
        gradient[0] = -2 * a - 400 * x[0] * b;
        gradient[1] = 200 * b;
        return a * a + 100 * b * b;
    }
}

/// <summary>
/// A symmetric 2-D double well with a curved valley: V = h ((x/a)² − 1)² + ½ k (y − c (1 − (x/a)²))², minima
/// at (±a, 0), saddle (0, c) with barrier height h. Symmetric under x → −x, so a band between the minima must
/// be mirror-symmetric; with c ≠ 0 the minimum-energy path is curved, so a straight initial band must bend.
/// </summary>
/// <param name="height">barrier height h.</param>
/// <param name="halfWidth">position a of the minima.</param>
/// <param name="transverse">transverse stiffness k.</param>
/// <param name="bend">height c of the valley at x = 0.</param>
public sealed class DoubleWell(double height = 10, double halfWidth = 1, double transverse = 20, double bend = 0.5) : IOptimizable
{
    /// <inheritdoc/>
    public int Dimension => 2;

    /// <inheritdoc/>
    public int BlockSize => 2;

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double u = x[0] / halfWidth, q = u * u - 1;
        double w = x[1] - bend * (1 - u * u);
        gradient[0] = height * 2 * q * 2 * u / halfWidth + transverse * w * (bend * 2 * u / halfWidth);
        gradient[1] = transverse * w;
        return height * q * q + 0.5 * transverse * w * w;
    }
}
