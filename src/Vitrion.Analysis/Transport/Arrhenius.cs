using Vitrion.Core;

namespace Vitrion.Analysis.Transport;

/// <summary>One diffusion coefficient at one temperature.</summary>
/// <param name="TemperatureK">temperature [K].</param>
/// <param name="DCm2PerS">D [cm²/s].</param>
/// <param name="SigmaDCm2PerS">standard uncertainty of D [cm²/s] (NaN or 0 when unknown).</param>
public sealed record DiffusionPoint(double TemperatureK, double DCm2PerS, double SigmaDCm2PerS);

/// <summary>
/// An Arrhenius fit ln D = ln D0 − Ea/(kB T).
/// </summary>
/// <param name="EaEv">activation energy [eV].</param>
/// <param name="SigmaEaEv">its standard uncertainty [eV].</param>
/// <param name="LnD0">ln(D0 / (cm²/s)).</param>
/// <param name="SigmaLnD0">its standard uncertainty.</param>
/// <param name="CovLnD0Ea">covariance of ln D0 and Ea [eV].</param>
/// <param name="ReducedChiSquare">χ²/(n − 2) of the weighted fit (NaN without uncertainties or with two points).</param>
/// <param name="Weighted">true when the points' uncertainties weighted the fit.</param>
/// <param name="Points">the input points.</param>
public sealed record ArrheniusResult(double EaEv, double SigmaEaEv, double LnD0, double SigmaLnD0, double CovLnD0Ea, double ReducedChiSquare, bool Weighted, IReadOnlyList<DiffusionPoint> Points)
{
    /// <summary>D0 [cm²/s].</summary>
    public double D0Cm2PerS => Math.Exp(LnD0);

    /// <summary>Ea [kJ/mol].</summary>
    public double EaKjPerMol => EaEv * 96.48533212;

    /// <summary>D [cm²/s] at temperature <paramref name="temperatureK"/> from the fit, with the standard uncertainty of ln D.</summary>
    public (double DCm2PerS, double SigmaLnD) Extrapolate(double temperatureK)
    {
        double x = 1.0 / (Units.BoltzmannEv * temperatureK);
        double lnD = LnD0 - EaEv * x;
        double var = SigmaLnD0 * SigmaLnD0 + x * x * SigmaEaEv * SigmaEaEv - 2 * x * CovLnD0Ea;
        return (Math.Exp(lnD), Math.Sqrt(Math.Max(0, var)));
    }
}

/// <summary>
/// Weighted least squares of ln D against 1/(kB T) (weights 1/σ²(ln D), σ(ln D) = σ(D)/D). With uncertainties the
/// parameter covariance is (XᵀWX)⁻¹, inflated by the reduced χ² when that exceeds 1 (the scatter is larger than the
/// stated errors); without uncertainties it is the ordinary least-squares covariance from the residuals (needs ≥ 3
/// points).
/// </summary>
public static class ArrheniusFit
{
    /// <summary>Fits the points (at least two temperatures).</summary>
    public static ArrheniusResult Fit(IReadOnlyList<DiffusionPoint> points)
    {
        if (points.Count < 2) { throw new InputException($"an Arrhenius fit needs at least 2 temperatures (got {points.Count})"); }
        foreach (var p in points)
        {
            if (!(p.TemperatureK > 0) || !(p.DCm2PerS > 0))
            {
                throw new InputException(FormattableString.Invariant($"Arrhenius point T = {p.TemperatureK} K, D = {p.DCm2PerS} cm²/s: T and D must be positive (a non-diffusive run gives no D)"));
            }
        }

        if (points.Select(p => p.TemperatureK).Distinct().Count() < 2) { throw new InputException("the Arrhenius points need at least 2 different temperatures"); }
        bool weighted = points.All(p => p.SigmaDCm2PerS > 0 && double.IsFinite(p.SigmaDCm2PerS));
        int n = points.Count;
        double sw = 0, swx = 0, swy = 0, swxx = 0, swxy = 0;
        var x = new double[n];
        var y = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = 1.0 / (Units.BoltzmannEv * points[i].TemperatureK);
            y[i] = Math.Log(points[i].DCm2PerS);
            double s = weighted ? points[i].SigmaDCm2PerS / points[i].DCm2PerS : 1.0;
            w[i] = 1.0 / (s * s);
            sw += w[i]; swx += w[i] * x[i]; swy += w[i] * y[i]; swxx += w[i] * x[i] * x[i]; swxy += w[i] * x[i] * y[i];
        }

        double det = sw * swxx - swx * swx;
        double slope = (sw * swxy - swx * swy) / det;
        double intercept = (swxx * swy - swx * swxy) / det;
        double chi2 = 0;
        for (int i = 0; i < n; i++) { double r = y[i] - intercept - slope * x[i]; chi2 += w[i] * r * r; }
        double red = n > 2 ? chi2 / (n - 2) : double.NaN;
        double scale;
        if (weighted) { scale = n > 2 ? Math.Max(1.0, red) : 1.0; }
        else
        {
            if (n < 3) { throw new InputException("without uncertainties on D an Arrhenius fit needs at least 3 temperatures to estimate σ(Ea); give σ(D) or more points"); }
            scale = red;
        }

        double varSlope = sw / det * scale, varIntercept = swxx / det * scale, cov = -swx / det * scale;
        // Ea = −slope, so cov(lnD0, Ea) = −cov(intercept, slope).
        return new ArrheniusResult(-slope, Math.Sqrt(varSlope), intercept, Math.Sqrt(varIntercept), -cov, weighted ? red : double.NaN, weighted, points.ToArray());
    }
}

/// <summary>A Nernst–Einstein conductivity with its propagated uncertainty.</summary>
/// <param name="SigmaSPerCm">conductivity [S/cm].</param>
/// <param name="UncertaintySPerCm">standard uncertainty [S/cm].</param>
/// <param name="TemperatureK">temperature [K].</param>
/// <param name="DCm2PerS">D [cm²/s].</param>
/// <param name="CarrierDensityPerCm3">N/V [cm⁻³].</param>
/// <param name="ChargeE">carrier charge [e].</param>
/// <param name="HavenRatio">Haven ratio used.</param>
public sealed record ConductivityResult(double SigmaSPerCm, double UncertaintySPerCm, double TemperatureK, double DCm2PerS, double CarrierDensityPerCm3, double ChargeE, double HavenRatio);

/// <summary>
/// Nernst–Einstein conductivity σ = N q² D / (V kB T H) (tracer D, Haven ratio H, default H = 1 and q = +1 e for
/// Li⁺). The relative uncertainty is the quadrature sum of those of D, V and T.
/// </summary>
public static class NernstEinstein
{
    /// <summary>
    /// A reference range of room-temperature ionic conductivities, for plots. Sources: Hona et al., J. Mater. Sci.
    /// Chem. Eng. 11 (2023) 31–72 (review: room-temperature conductivities of glassy electrolytes are 1e-5 to
    /// 1e-3 S/cm); the value 1.6e-4 S/cm is the one usually quoted for 70Li2S–30P2S5 glass (taken from the project
    /// brief, not checked against a primary source here); Seino et al., Energy Environ. Sci. 7 (2014) 627
    /// (heat-treated 70Li2S–30P2S5 glass-ceramic, 1.7e-2 S/cm, the paper's ref. 11). The paper's own Fig. 2B
    /// compares with refs 19–22 (Mizuno 2005, Dietrich 2017, Ohara 2016, Uchida 2021) whose numbers are not in the
    /// text available to this project.
    /// </summary>
    public static PublishedConductivity Published70Li2S30P2S5 { get; } = new(1e-5, 1e-3, 1.6e-4, 1.7e-2, 298.15);

    /// <summary>σ [S/cm] from D [cm²/s], the number of carriers, the volume [Å³] and T [K].</summary>
    /// <param name="dCm2PerS">D [cm²/s].</param>
    /// <param name="sigmaDCm2PerS">σ(D) [cm²/s] (0 or NaN when unknown).</param>
    /// <param name="carriers">number of carriers (e.g. Li atoms).</param>
    /// <param name="volumeA3">volume [Å³].</param>
    /// <param name="temperatureK">temperature [K].</param>
    /// <param name="chargeE">carrier charge [e] (default +1).</param>
    /// <param name="havenRatio">Haven ratio (default 1).</param>
    /// <param name="sigmaVolumeA3">σ(V) [Å³] (default 0).</param>
    /// <param name="sigmaTemperatureK">σ(T) [K] (default 0).</param>
    public static ConductivityResult Conductivity(double dCm2PerS, double sigmaDCm2PerS, int carriers, double volumeA3, double temperatureK,
        double chargeE = 1.0, double havenRatio = 1.0, double sigmaVolumeA3 = 0, double sigmaTemperatureK = 0)
    {
        if (!(volumeA3 > 0)) { throw new InputException("the volume must be positive (--volume-a3)"); }
        if (!(temperatureK > 0)) { throw new InputException("the temperature must be positive (--temperature)"); }
        if (carriers <= 0) { throw new InputException("the number of carriers must be positive (--carriers)"); }
        if (!(havenRatio > 0)) { throw new InputException("the Haven ratio must be positive"); }
        double n = carriers / (volumeA3 * 1e-24); // cm⁻³
        double q = chargeE * Units.ElementaryCharge;
        double sigma = n * q * q * dCm2PerS / (Units.BoltzmannSi * temperatureK * havenRatio); // C²·cm⁻¹·s⁻¹/J = S/cm
        double rel2 = 0;
        if (sigmaDCm2PerS > 0 && dCm2PerS != 0) { rel2 += Math.Pow(sigmaDCm2PerS / dCm2PerS, 2); }
        if (sigmaVolumeA3 > 0) { rel2 += Math.Pow(sigmaVolumeA3 / volumeA3, 2); }
        if (sigmaTemperatureK > 0) { rel2 += Math.Pow(sigmaTemperatureK / temperatureK, 2); }
        return new ConductivityResult(sigma, Math.Abs(sigma) * Math.Sqrt(rel2), temperatureK, dCm2PerS, n, chargeE, havenRatio);
    }
}

/// <summary>A published conductivity range for comparison plots [S/cm].</summary>
/// <param name="GlassLowSPerCm">lower end of the room-temperature glass range [S/cm].</param>
/// <param name="GlassHighSPerCm">upper end [S/cm].</param>
/// <param name="GlassTypicalSPerCm">typical quoted glass value [S/cm].</param>
/// <param name="GlassCeramicSPerCm">glass-ceramic value [S/cm].</param>
/// <param name="TemperatureK">temperature of these values [K].</param>
public sealed record PublishedConductivity(double GlassLowSPerCm, double GlassHighSPerCm, double GlassTypicalSPerCm, double GlassCeramicSPerCm, double TemperatureK);
