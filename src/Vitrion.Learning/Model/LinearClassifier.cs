using MathNet.Numerics.LinearAlgebra;

namespace Vitrion.Learning.Model;

/// <summary>Which linear classifier to train.</summary>
public enum ClassifierKind
{
    /// <summary>L2-regularised logistic regression: minimise C Σ logloss + ½‖w‖² (intercept unpenalised) — scikit-learn LogisticRegression(penalty='l2', C=C, solver='lbfgs').</summary>
    Logistic,

    /// <summary>L2-regularised linear SVM with squared hinge loss: minimise C Σ max(0, 1 − y f)² + ½‖w‖² (intercept unpenalised).</summary>
    LinearSvm,
}

/// <summary>A trained hyperplane f(z) = w·z + b in (standardised) feature space.</summary>
/// <param name="Weights">w.</param>
/// <param name="Bias">b.</param>
/// <param name="Iterations">Newton iterations used.</param>
/// <param name="GradientNorm">final gradient norm of the objective.</param>
public sealed record Hyperplane(double[] Weights, double Bias, int Iterations, double GradientNorm)
{
    /// <summary>Decision value w·z + b.</summary>
    public double Decision(double[] z)
    {
        double s = Bias;
        for (int f = 0; f < z.Length; f++) { s += Weights[f] * z[f]; }
        return s;
    }

    /// <summary>‖w‖.</summary>
    public double WeightNorm => Math.Sqrt(Weights.Sum(v => v * v));

    /// <summary>Predicted class (1 when the decision is positive).</summary>
    public int Predict(double[] z) => Decision(z) > 0 ? 1 : 0;
}

/// <summary>
/// Exact Newton solvers (MathNet.Numerics Cholesky) for the L2-regularised linear classifiers. The optimum is
/// the unique minimiser of a strictly convex objective, so the coefficients agree with scikit-learn's solution
/// of the same objective to its convergence tolerance.
/// </summary>
public static class LinearClassifier
{
    /// <summary>Trains a classifier on rows <paramref name="z"/> (already standardised) with labels 0/1.</summary>
    public static Hyperplane Train(ClassifierKind kind, IReadOnlyList<double[]> z, IReadOnlyList<int> y, double c, int maxIterations = 200, double tolerance = 1e-10)
    {
        if (z.Count == 0 || z.Count != y.Count) { throw new ArgumentException("need as many labels as samples, and at least one"); }
        if (!(c > 0)) { throw new ArgumentOutOfRangeException(nameof(c), "C must be positive"); }
        if (y.Distinct().Count() < 2) { throw new Vitrion.Core.InputException("training needs both soft and hard samples (only one class present)"); }
        return kind == ClassifierKind.Logistic ? Logistic(z, y, c, maxIterations, tolerance) : SquaredHinge(z, y, c, maxIterations, tolerance);
    }

    private static Matrix<double> Augmented(IReadOnlyList<double[]> z)
    {
        int n = z.Count, d = z[0].Length;
        var x = Matrix<double>.Build.Dense(n, d + 1);
        for (int i = 0; i < n; i++)
        {
            for (int f = 0; f < d; f++) { x[i, f] = z[i][f]; }
            x[i, d] = 1.0;
        }

        return x;
    }

    private static double LogisticObjective(Matrix<double> x, Vector<double> yv, Vector<double> theta, double c, int d)
    {
        var m = x * theta;
        double loss = 0;
        for (int i = 0; i < m.Count; i++)
        {
            double s = yv[i] > 0.5 ? m[i] : -m[i];
            loss += s > 0 ? double.LogP1(Math.Exp(-s)) : -s + double.LogP1(Math.Exp(s));
        }

        double reg = 0;
        for (int f = 0; f < d; f++) { reg += theta[f] * theta[f]; }
        return c * loss + 0.5 * reg;
    }

    private static Hyperplane Logistic(IReadOnlyList<double[]> z, IReadOnlyList<int> y, double c, int maxIterations, double tolerance)
    {
        var x = Augmented(z);
        int n = x.RowCount, d = x.ColumnCount - 1;
        var yv = Vector<double>.Build.Dense(n, i => y[i]);
        var theta = Vector<double>.Build.Dense(d + 1);
        double gnorm = double.PositiveInfinity;
        int it = 0;
        for (; it < maxIterations; it++)
        {
            var m = x * theta;
            var p = m.Map(v => v >= 0 ? 1.0 / (1.0 + Math.Exp(-v)) : Math.Exp(v) / (1.0 + Math.Exp(v)));
            var g = c * (x.TransposeThisAndMultiply(p - yv));
            for (int f = 0; f < d; f++) { g[f] += theta[f]; }
            gnorm = g.L2Norm();
            if (gnorm < tolerance * Math.Max(1.0, c * n)) { break; }
            var wdiag = p.PointwiseMultiply(1.0 - p) * c;
            var h = WeightedGram(z, wdiag);
            for (int f = 0; f < d; f++) { h[f, f] += 1.0; }
            h[d, d] += 1e-12 * c * n;
            var step = h.Cholesky().Solve(g);
            double f0 = LogisticObjective(x, yv, theta, c, d);
            double alpha = 1.0;
            var next = theta - step;
            while (LogisticObjective(x, yv, next, c, d) > f0 - 1e-4 * alpha * g.DotProduct(step) && alpha > 1e-8)
            {
                alpha *= 0.5;
                next = theta - alpha * step;
            }

            theta = next;
        }

        return new Hyperplane(theta.SubVector(0, d).ToArray(), theta[d], it, gnorm);
    }

    /// <summary>
    /// Xᵀ diag(w) X of the rows of <paramref name="z"/> augmented with a 1 (the intercept column), accumulated as a sum of
    /// weighted outer products over the upper triangle with SIMD, then mirrored: the Newton Hessian without copying X.
    /// </summary>
    private static Matrix<double> WeightedGram(IReadOnlyList<double[]> z, Vector<double> w)
    {
        int d = z[0].Length, m = d + 1;
        var h = new double[m * m];
        var row = new double[m];
        int lanes = System.Numerics.Vector<double>.Count;
        for (int i = 0; i < z.Count; i++)
        {
            double wi = w[i];
            if (wi == 0) { continue; }
            Array.Copy(z[i], row, d);
            row[d] = 1.0;
            for (int f = 0; f < m; f++)
            {
                double a = wi * row[f];
                var dst = h.AsSpan(f * m, m);
                int g = f;
                var va = new System.Numerics.Vector<double>(a);
                for (; g + lanes <= m; g += lanes)
                {
                    var acc = new System.Numerics.Vector<double>(dst[g..]);
                    (acc + va * new System.Numerics.Vector<double>(row.AsSpan(g))).CopyTo(dst[g..]);
                }

                for (; g < m; g++) { dst[g] += a * row[g]; }
            }
        }

        var mat = Matrix<double>.Build.Dense(m, m);
        for (int f = 0; f < m; f++)
        {
            for (int g = f; g < m; g++) { mat[f, g] = mat[g, f] = h[f * m + g]; }
        }

        return mat;
    }

    private static double HingeObjective(Matrix<double> x, Vector<double> s, Vector<double> theta, double c, int d)
    {
        var m = x * theta;
        double loss = 0;
        for (int i = 0; i < m.Count; i++) { double v = 1 - s[i] * m[i]; if (v > 0) { loss += v * v; } }
        double reg = 0;
        for (int f = 0; f < d; f++) { reg += theta[f] * theta[f]; }
        return c * loss + 0.5 * reg;
    }

    private static Hyperplane SquaredHinge(IReadOnlyList<double[]> z, IReadOnlyList<int> y, double c, int maxIterations, double tolerance)
    {
        var x = Augmented(z);
        int n = x.RowCount, d = x.ColumnCount - 1;
        var s = Vector<double>.Build.Dense(n, i => y[i] == 1 ? 1.0 : -1.0);
        var theta = Vector<double>.Build.Dense(d + 1);
        double gnorm = double.PositiveInfinity;
        int it = 0;
        for (; it < maxIterations; it++)
        {
            var m = x * theta;
            var active = Enumerable.Range(0, n).Where(i => 1 - s[i] * m[i] > 0).ToArray();
            var g = Vector<double>.Build.Dense(d + 1);
            var h = Matrix<double>.Build.Dense(d + 1, d + 1);
            if (active.Length > 0)
            {
                var xa = Matrix<double>.Build.Dense(active.Length, d + 1, (r, col) => x[active[r], col]);
                var ra = Vector<double>.Build.Dense(active.Length, r => -2 * c * s[active[r]] * (1 - s[active[r]] * m[active[r]]));
                g = xa.TransposeThisAndMultiply(ra);
                h = 2 * c * xa.TransposeThisAndMultiply(xa);
            }

            for (int f = 0; f < d; f++) { g[f] += theta[f]; h[f, f] += 1.0; }
            h[d, d] += 1e-10 * Math.Max(1.0, c * n);
            gnorm = g.L2Norm();
            if (gnorm < tolerance * Math.Max(1.0, c * n)) { break; }
            var step = h.Cholesky().Solve(g);
            double f0 = HingeObjective(x, s, theta, c, d);
            double alpha = 1.0;
            var next = theta - step;
            while (HingeObjective(x, s, next, c, d) > f0 && alpha > 1e-10)
            {
                alpha *= 0.5;
                next = theta - alpha * step;
            }

            theta = next;
        }

        return new Hyperplane(theta.SubVector(0, d).ToArray(), theta[d], it, gnorm);
    }
}
