using System.Globalization;

namespace Vitrion.Paths;

/// <summary>Small vector helpers shared by the minimisers.</summary>
internal static class MinimizerMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; }
        return s;
    }

    /// <summary>Sets the gradient of every atom that may not move (<paramref name="mobile"/>[a] false) to zero; null: all move.</summary>
    public static void ZeroFrozen(Span<double> gradient, IReadOnlyList<bool>? mobile)
    {
        if (mobile is null) { return; }
        for (int a = 0; a < mobile.Count; a++)
        {
            if (!mobile[a]) { gradient.Slice(3 * a, 3).Clear(); }
        }
    }

    /// <summary>Largest block norm of <paramref name="v"/> (blocks of <paramref name="block"/> entries).</summary>
    public static double MaxBlockNorm(ReadOnlySpan<double> v, int block)
    {
        double max = 0;
        for (int i = 0; i < v.Length; i += block)
        {
            double s = 0;
            int end = Math.Min(v.Length, i + block);
            for (int k = i; k < end; k++) { s += v[k] * v[k]; }
            max = Math.Max(max, s);
        }

        return Math.Sqrt(max);
    }

    /// <summary>Scales <paramref name="step"/> so that no block moves more than <paramref name="maxStep"/>; returns the scale applied.</summary>
    public static double LimitStep(Span<double> step, int block, double maxStep)
    {
        double m = MaxBlockNorm(step, block);
        if (m > maxStep && m > 0)
        {
            double s = maxStep / m;
            for (int i = 0; i < step.Length; i++) { step[i] *= s; }
            return s;
        }

        return 1.0;
    }

    public static int Block(IOptimizable t) => Math.Max(1, t.BlockSize);

    public static void Validate(IOptimizable target, ReadOnlySpan<double> x, MinimizerOptions o)
    {
        if (x.Length != target.Dimension)
        {
            throw new ArgumentException($"x has {x.Length} entries but the optimisable has dimension {target.Dimension}.");
        }

        if (!(o.ForceTolerance >= 0) || o.MaxSteps < 0 || !(o.MaxStep > 0))
        {
            throw new ArgumentException("force tolerance must be ≥ 0, max steps ≥ 0 and max step > 0.");
        }
    }

    public static bool EnergyConverged(IOptimizable t, MinimizerOptions o, double eOld, double eNew) =>
        t.EnergyIsConsistent && o.EnergyTolerance > 0 &&
        Math.Abs(eNew - eOld) <= o.EnergyTolerance * 0.5 * (Math.Abs(eOld) + Math.Abs(eNew)) + double.Epsilon;

    public static string Report(string name, bool converged, bool energyCriterion, int steps, double e, double fmax, MinimizerOptions o, string? stopReason = null) =>
        converged
            ? string.Create(CultureInfo.InvariantCulture, $"{name}: converged in {steps} steps ({(energyCriterion ? $"energy tolerance {o.EnergyTolerance:G3}" : $"max force {fmax:G4} ≤ {o.ForceTolerance:G4} kcal/mol/Å")}), E = {e:F6} kcal/mol")
            : string.Create(CultureInfo.InvariantCulture, $"{name}: NOT converged after {steps} steps ({stopReason ?? "step limit reached"}): max force {fmax:G4} > tolerance {o.ForceTolerance:G4} kcal/mol/Å, E = {e:F6} kcal/mol");
}
