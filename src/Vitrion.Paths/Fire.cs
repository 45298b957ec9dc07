namespace Vitrion.Paths;

/// <summary>
/// FIRE, the fast inertial relaxation engine (Bitzek et al., PRL 97, 170201 (2006)), in the form of ASE's
/// <c>ase.optimize.FIRE</c> and LAMMPS <c>min_style fire</c> (Guénolé et al. 2020 semi-implicit Euler): with
/// forces F = −∇E and unit masses, each step
/// <list type="number">
/// <item>P = F·v; if P &gt; 0: v ← (1−α) v + α |v| F/|F|, and after more than N_min such steps in a row
/// dt ← min(dt·f_inc, dt_max), α ← α·f_α; if P ≤ 0: v ← 0, α ← α_start, dt ← dt·f_dec;</item>
/// <item>v ← v + dt F; Δx = dt v, scaled down so that no atom moves more than <see cref="MinimizerOptions.MaxStep"/> Å
/// (LAMMPS dmax semantics, per atom; ASE limits the norm of the whole step instead);</item>
/// <item>x ← x + Δx.</item>
/// </list>
/// Parameters in <see cref="FireParameters"/> (dt = 0.1, dt_max = 1.0, N_min = 5, f_inc = 1.1, f_dec = 0.5,
/// α_start = 0.1, f_α = 0.99, max step 0.2 Å by default). It needs only forces, so it drives NEB bands.
/// </summary>
public sealed class Fire : IMinimizer
{
    /// <inheritdoc/>
    public string Name => "fire";

    /// <inheritdoc/>
    public MinimizationResult Minimize(IOptimizable target, Span<double> x, MinimizerOptions options)
    {
        MinimizerMath.Validate(target, x, options);
        var p = options.Fire;
        int n = target.Dimension;
        int block = MinimizerMath.Block(target);
        var g = new double[n];
        var v = new double[n];
        var dx = new double[n];
        double dt = p.Dt, alpha = p.AlphaStart;
        int positiveSteps = 0;

        double e = target.Evaluate(x, g);
        double fmax = MinimizerMath.MaxBlockNorm(g, block);
        options.Observer?.Invoke(new MinimizationProgress(0, e, fmax));
        if (fmax <= options.ForceTolerance)
        {
            return new MinimizationResult(true, 0, e, fmax, MinimizerMath.Report(Name, true, false, 0, e, fmax, options));
        }

        for (int step = 1; step <= options.MaxSteps; step++)
        {
            // F = −g.
            double power = 0, vNorm2 = 0, fNorm2 = 0;
            for (int i = 0; i < n; i++)
            {
                power -= g[i] * v[i];
                vNorm2 += v[i] * v[i];
                fNorm2 += g[i] * g[i];
            }

            if (power > 0)
            {
                double mix = fNorm2 > 0 ? alpha * Math.Sqrt(vNorm2 / fNorm2) : 0;
                for (int i = 0; i < n; i++) { v[i] = (1 - alpha) * v[i] - mix * g[i]; }
                positiveSteps++;
                if (positiveSteps > p.NMin)
                {
                    dt = Math.Min(dt * p.FInc, p.DtMax);
                    alpha *= p.FAlpha;
                }
            }
            else
            {
                Array.Clear(v);
                alpha = p.AlphaStart;
                dt *= p.FDec;
                positiveSteps = 0;
            }

            for (int i = 0; i < n; i++)
            {
                v[i] -= dt * g[i];
                dx[i] = dt * v[i];
            }

            MinimizerMath.LimitStep(dx, block, options.MaxStep);
            for (int i = 0; i < n; i++) { x[i] += dx[i]; }

            double eOld = e;
            e = target.Evaluate(x, g);
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
