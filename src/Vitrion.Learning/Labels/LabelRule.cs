using System.Globalization;
using Vitrion.Core;

namespace Vitrion.Learning.Labels;

/// <summary>
/// How Dcum becomes labels: by fractions (top <see cref="SoftFraction"/> of Dcum soft = 1, bottom
/// <see cref="HardFraction"/> hard = 0, per time origin) or by absolute thresholds [Å²]
/// (Dcum ≥ <see cref="SoftAbove"/> soft, Dcum ≤ <see cref="HardBelow"/> hard). Atoms in between are unlabelled.
/// </summary>
/// <param name="SoftFraction">top fraction labelled soft (default 0.2).</param>
/// <param name="HardFraction">bottom fraction labelled hard (default 0.2).</param>
/// <param name="SoftAbove">absolute soft threshold [Å²]; when set together with <paramref name="HardBelow"/>, fractions are ignored.</param>
/// <param name="HardBelow">absolute hard threshold [Å²].</param>
public sealed record LabelRule(double SoftFraction = 0.2, double HardFraction = 0.2, double? SoftAbove = null, double? HardBelow = null)
{
    /// <summary>True when absolute thresholds are used.</summary>
    public bool IsAbsolute => SoftAbove.HasValue && HardBelow.HasValue;

    /// <summary>Checks the values; throws <see cref="InputException"/>.</summary>
    public void Validate()
    {
        if (SoftAbove.HasValue != HardBelow.HasValue) { throw new InputException("give both absolute thresholds (--soft-above and --hard-below, Å²) or neither"); }
        if (IsAbsolute && !(SoftAbove > HardBelow)) { throw new InputException("the soft threshold must exceed the hard threshold [Å²]"); }
        if (!IsAbsolute && (!(SoftFraction > 0) || !(HardFraction > 0) || SoftFraction + HardFraction > 1))
        {
            throw new InputException(FormattableString.Invariant($"label fractions must be positive and sum to at most 1 (got soft {SoftFraction}, hard {HardFraction})"));
        }
    }

    /// <summary>Labels (1 soft, 0 hard, −1 unlabelled) for Dcum values [Å²] of one time origin (NaN = unlabelled).</summary>
    public int[] Apply(IReadOnlyList<double> dcum)
    {
        Validate();
        var labels = Enumerable.Repeat(-1, dcum.Count).ToArray();
        if (IsAbsolute)
        {
            for (int i = 0; i < dcum.Count; i++)
            {
                if (double.IsNaN(dcum[i])) { continue; }
                if (dcum[i] >= SoftAbove!.Value) { labels[i] = 1; }
                else if (dcum[i] <= HardBelow!.Value) { labels[i] = 0; }
            }

            return labels;
        }

        var order = Enumerable.Range(0, dcum.Count).Where(i => !double.IsNaN(dcum[i])).OrderBy(i => dcum[i]).ThenBy(i => i).ToArray();
        int nHard = (int)Math.Round(HardFraction * order.Length);
        int nSoft = (int)Math.Round(SoftFraction * order.Length);
        for (int k = 0; k < nHard; k++) { labels[order[k]] = 0; }
        for (int k = 0; k < nSoft; k++) { labels[order[order.Length - 1 - k]] = 1; }
        return labels;
    }

    /// <summary>A one-line description.</summary>
    public override string ToString() => IsAbsolute
        ? string.Create(CultureInfo.InvariantCulture, $"Dcum >= {SoftAbove} A^2 soft, Dcum <= {HardBelow} A^2 hard")
        : string.Create(CultureInfo.InvariantCulture, $"top {SoftFraction:P0} of Dcum soft, bottom {HardFraction:P0} hard (per origin)");
}
