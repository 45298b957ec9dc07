namespace Vitrion.Reporting.Paths;

/// <summary>Charts of migration barriers: an energy profile along the band (Fig. 4B) and barrier distributions (Fig. 4C, S3).</summary>
public static class NebCharts
{
    /// <summary>
    /// Energy profile: image energies relative to the initial state [kcal/mol] against the path coordinate [Å],
    /// as markers, with the cubic spline through energies and tangential forces as a line.
    /// </summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">title.</param>
    /// <param name="pathCoordinates">path coordinate of every image [Å].</param>
    /// <param name="energies">image energies [kcal/mol] (absolute; shifted so the first is 0).</param>
    /// <param name="tangentialForces">F·τ per image [kcal/mol/Å] (for the spline; null = markers only).</param>
    public static void EnergyProfile(string path, string title, IReadOnlyList<double> pathCoordinates, IReadOnlyList<double> energies, IReadOnlyList<double>? tangentialForces = null)
    {
        double e0 = energies[0];
        var rel = energies.Select(e => e - e0).ToArray();
        var series = new List<Series> { new("images", pathCoordinates, rel, Markers: true) };
        if (tangentialForces is not null)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i + 1 < rel.Length; i++)
            {
                double h = pathCoordinates[i + 1] - pathCoordinates[i];
                double d0 = -tangentialForces[i] * h, d1 = -tangentialForces[i + 1] * h;
                for (int k = 0; k < 30; k++)
                {
                    double t = k / 30.0, t2 = t * t, t3 = t2 * t;
                    xs.Add(pathCoordinates[i] + t * h);
                    ys.Add((2 * t3 - 3 * t2 + 1) * rel[i] + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * rel[i + 1] + (t3 - t2) * d1);
                }
            }

            xs.Add(pathCoordinates[^1]);
            ys.Add(rel[^1]);
            series.Add(new Series("cubic spline (energies + tangential forces)", xs, ys));
        }

        Charts.Lines(path, title, "reaction coordinate [Å]", "E − E(initial) [kcal/mol]", series);
    }

    /// <summary>Histograms of barriers [kcal/mol] by class (e.g. soft initial vs hard initial, or soft→hard vs hard→soft).</summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">title.</param>
    /// <param name="groups">label and barriers [kcal/mol] per class.</param>
    /// <param name="bins">number of bins (default 20).</param>
    public static void BarrierDistributions(string path, string title, IEnumerable<(string Label, IReadOnlyList<double> Barriers)> groups, int bins = 20) =>
        Charts.Histograms(path, title, "forward barrier [kcal/mol]", groups, bins);
}
