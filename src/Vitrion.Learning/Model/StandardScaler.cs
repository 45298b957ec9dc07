namespace Vitrion.Learning.Model;

/// <summary>
/// Standardisation z = (x − mean)/scale per feature, as scikit-learn's StandardScaler (population standard
/// deviation; a feature with zero spread gets scale 1 so it maps to 0).
/// </summary>
/// <param name="Mean">feature means.</param>
/// <param name="Scale">feature scales (standard deviations, or 1 for constant features).</param>
public sealed record StandardScaler(double[] Mean, double[] Scale)
{
    /// <summary>Fits the scaler on rows <paramref name="x"/>.</summary>
    public static StandardScaler Fit(IReadOnlyList<double[]> x)
    {
        if (x.Count == 0) { throw new ArgumentException("no samples to fit the scaler on", nameof(x)); }
        int d = x[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        foreach (var row in x) { for (int f = 0; f < d; f++) { mean[f] += row[f]; } }
        for (int f = 0; f < d; f++) { mean[f] /= x.Count; }
        foreach (var row in x) { for (int f = 0; f < d; f++) { double t = row[f] - mean[f]; scale[f] += t * t; } }
        for (int f = 0; f < d; f++)
        {
            double s = Math.Sqrt(scale[f] / x.Count);
            scale[f] = s > 1e-12 * Math.Max(1.0, Math.Abs(mean[f])) ? s : 1.0;
        }

        return new StandardScaler(mean, scale);
    }

    /// <summary>The standardised copy of one row.</summary>
    public double[] Transform(double[] row)
    {
        if (row.Length != Mean.Length) { throw new ArgumentException($"row has {row.Length} features, the scaler {Mean.Length}"); }
        var z = new double[row.Length];
        for (int f = 0; f < z.Length; f++) { z[f] = (row[f] - Mean[f]) / Scale[f]; }
        return z;
    }

    /// <summary>Standardised copies of all rows.</summary>
    public double[][] Transform(IReadOnlyList<double[]> rows) => rows.Select(Transform).ToArray();
}
