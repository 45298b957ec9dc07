namespace Vitrion.Paths;

/// <summary>
/// Limited-memory BFGS (Nocedal, Math. Comp. 35, 773 (1980); Nocedal &amp; Wright, Numerical Optimization,
/// Alg. 7.4): the two-loop recursion with m correction pairs (<see cref="MinimizerOptions.LbfgsMemory"/>),
/// initial inverse Hessian 1/α (<see cref="MinimizerOptions.LbfgsInitialCurvature"/>) rescaled by
/// sᵀy/yᵀy after the first pair, the step scaled so that no atom moves more than
/// <see cref="MinimizerOptions.MaxStep"/> Å, pairs with sᵀy ≤ 0 skipped, and the memory reset whenever the
/// direction is not downhill. For optimisables with consistent energies a backtracking (Armijo) line search
/// halves the step until the energy decreases; for NEB bands (no consistent energy) the step is taken as in
/// ASE's <c>LBFGS</c>, without a line search.
/// </summary>
public sealed class Lbfgs : IMinimizer
{
    /// <inheritdoc/>
    public string Name => "lbfgs";

    /// <inheritdoc/>
    public MinimizationResult Minimize(IOptimizable target, Span<double> x, MinimizerOptions options)
    {
        MinimizerMath.Validate(target, x, options);
        int n = target.Dimension;
        int block = MinimizerMath.Block(target);
        int m = Math.Max(1, options.LbfgsMemory);
        var s = new double[m][];
        var y = new double[m][];
        var rho = new double[m];
        var a = new double[m];
        int count = 0, head = 0; // ring buffer: newest at (head-1)
        var g = new double[n];
        var gNew = new double[n];
        var d = new double[n];
        var xOld = new double[n];
        double h0 = 1.0 / options.LbfgsInitialCurvature;
        bool lineSearch = target.EnergyIsConsistent;

        double e = target.Evaluate(x, g);
        double fmax = MinimizerMath.MaxBlockNorm(g, block);
        options.Observer?.Invoke(new MinimizationProgress(0, e, fmax));
        if (fmax <= options.ForceTolerance)
        {
            return new MinimizationResult(true, 0, e, fmax, MinimizerMath.Report(Name, true, false, 0, e, fmax, options));
        }

        for (int step = 1; step <= options.MaxSteps; step++)
        {
            // Two-loop recursion: d = −H g.
            for (int i = 0; i < n; i++) { d[i] = -g[i]; }
            for (int k = 0; k < count; k++)
            {
                int j = (head - 1 - k + m) % m;
                a[j] = rho[j] * MinimizerMath.Dot(s[j], d);
                for (int i = 0; i < n; i++) { d[i] -= a[j] * y[j][i]; }
            }

            double gamma = h0;
            if (count > 0)
            {
                int newest = (head - 1 + m) % m;
                gamma = MinimizerMath.Dot(s[newest], y[newest]) / MinimizerMath.Dot(y[newest], y[newest]);
            }

            for (int i = 0; i < n; i++) { d[i] *= gamma; }
            for (int k = count - 1; k >= 0; k--)
            {
                int j = (head - 1 - k + m) % m;
                double b = rho[j] * MinimizerMath.Dot(y[j], d);
                for (int i = 0; i < n; i++) { d[i] += (a[j] - b) * s[j][i]; }
            }

            if (MinimizerMath.Dot(d, g) >= 0)
            {
                count = 0;
                for (int i = 0; i < n; i++) { d[i] = -h0 * g[i]; }
            }

            MinimizerMath.LimitStep(d, block, options.MaxStep);
            x.CopyTo(xOld);
            double slope = MinimizerMath.Dot(d, g);
            double t = 1.0, eNew = 0;
            for (int trial = 0; ; trial++)
            {
                for (int i = 0; i < n; i++) { x[i] = xOld[i] + t * d[i]; }
                eNew = target.Evaluate(x, gNew);
                if (!lineSearch || (double.IsFinite(eNew) && eNew <= e + 1e-4 * t * slope) || trial >= 12)
                {
                    break;
                }

                t *= 0.5;
            }

            // Curvature pair.
            double sy = 0, yy = 0;
            var sNew = s[head] ??= new double[n];
            var yNew = y[head] ??= new double[n];
            for (int i = 0; i < n; i++)
            {
                sNew[i] = x[i] - xOld[i];
                yNew[i] = gNew[i] - g[i];
                sy += sNew[i] * yNew[i];
                yy += yNew[i] * yNew[i];
            }

            if (sy > 1e-14 * Math.Max(1.0, yy))
            {
                rho[head] = 1.0 / sy;
                head = (head + 1) % m;
                count = Math.Min(count + 1, m);
            }

            double eOld = e;
            e = eNew;
            Array.Copy(gNew, g, n);
            fmax = MinimizerMath.MaxBlockNorm(g, block);
            options.Observer?.Invoke(new MinimizationProgress(step, e, fmax));
            if (!double.IsFinite(e) || !double.IsFinite(fmax))
            {
                return new MinimizationResult(false, step, e, fmax, MinimizerMath.Report(Name, false, false, step, e, fmax, options, "non-finite energy or force"));
            }

            bool fConv = fmax <= options.ForceTolerance;
            bool eConv = !fConv && MinimizerMath.EnergyConverged(target, options, eOld, e);
            if (fConv || eConv)
            {
                return new MinimizationResult(true, step, e, fmax, MinimizerMath.Report(Name, true, eConv, step, e, fmax, options));
            }
        }

        return new MinimizationResult(false, options.MaxSteps, e, fmax, MinimizerMath.Report(Name, false, false, options.MaxSteps, e, fmax, options));
    }
}
