using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.Reporting.Transport;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="ConductivityTask"/> (<c>vitrion analyze conductivity</c>).</summary>
public sealed record ConductivityTaskOptions
{
    /// <summary>A <see cref="DiffusionRecord"/> JSON (D, σ(D), carriers and volume taken from it), or null.</summary>
    public string? Diffusion { get; init; }

    /// <summary>D [cm²/s] (instead of <see cref="Diffusion"/>).</summary>
    public double? DCm2PerS { get; init; }

    /// <summary>σ(D) [cm²/s] with <see cref="DCm2PerS"/>.</summary>
    public double SigmaDCm2PerS { get; init; }

    /// <summary>Temperature [K].</summary>
    public required double TemperatureK { get; init; }

    /// <summary>Number of carriers (default: from the diffusion record).</summary>
    public int? Carriers { get; init; }

    /// <summary>Volume [Å³] (default: from the diffusion record).</summary>
    public double? VolumeA3 { get; init; }

    /// <summary>σ(V) [Å³].</summary>
    public double SigmaVolumeA3 { get; init; }

    /// <summary>Carrier charge [e].</summary>
    public double ChargeE { get; init; } = 1.0;

    /// <summary>Haven ratio.</summary>
    public double HavenRatio { get; init; } = 1.0;

    /// <summary>JSON output, or null.</summary>
    public string? Output { get; init; }

    /// <summary>PNG of log10 σ against 1000/T with the published range, or null.</summary>
    public string? Png { get; init; }
}

/// <summary>Nernst–Einstein conductivity with its uncertainty, next to published values for 70Li2S–30P2S5 glasses.</summary>
/// <param name="ConductivitySPerCm">σ [S/cm].</param>
/// <param name="SigmaConductivitySPerCm">its uncertainty [S/cm].</param>
/// <param name="TemperatureK">temperature [K].</param>
/// <param name="DCm2PerS">D [cm²/s].</param>
/// <param name="SigmaDCm2PerS">σ(D) [cm²/s].</param>
/// <param name="Carriers">carriers.</param>
/// <param name="VolumeA3">volume [Å³].</param>
/// <param name="CarrierDensityPerCm3">carrier density [1/cm³].</param>
/// <param name="ChargeE">carrier charge [e].</param>
/// <param name="HavenRatio">Haven ratio.</param>
/// <param name="PublishedRoomTemperatureGlassRangeSPerCm">published room-temperature range of glasses [S/cm] (low, high).</param>
/// <param name="PublishedNote">where the published values come from.</param>
public sealed record ConductivityRecord(double ConductivitySPerCm, double SigmaConductivitySPerCm, double TemperatureK, double DCm2PerS, double SigmaDCm2PerS,
    int Carriers, double VolumeA3, double CarrierDensityPerCm3, double ChargeE, double HavenRatio, IReadOnlyList<double> PublishedRoomTemperatureGlassRangeSPerCm,
    string PublishedNote)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static ConductivityRecord Read(string path) => ResultJson.Read<ConductivityRecord>(path);
}

/// <summary>σ = N q² D / (V kB T H) with propagated uncertainty.</summary>
public static class ConductivityTask
{
    /// <summary>Computes σ and writes the outputs the options name.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    /// <exception cref="InputException">when D, the carriers or the volume are missing.</exception>
    public static ConductivityRecord Run(ConductivityTaskOptions o)
    {
        double d, sd;
        int? n = o.Carriers;
        double? v = o.VolumeA3;
        if (o.Diffusion is { } path)
        {
            var r = DiffusionRecord.Read(path);
            d = r.DCm2PerS;
            sd = r.SigmaDCm2PerS;
            n ??= r.Carriers;
            v ??= r.VolumeA3;
        }
        else if (o.DCm2PerS is double dd)
        {
            d = dd;
            sd = o.SigmaDCm2PerS;
        }
        else
        {
            throw new InputException("give --diffusion FILE or --d-cm2s D");
        }

        if (n is null || v is null) { throw new InputException("the carrier count and volume are needed: --carriers N --volume-a3 V (or a --diffusion JSON from a trajectory)"); }
        var c = NernstEinstein.Conductivity(d, sd, n.Value, v.Value, o.TemperatureK, o.ChargeE, o.HavenRatio, o.SigmaVolumeA3);
        var pub = NernstEinstein.Published70Li2S30P2S5;
        var rec = new ConductivityRecord(c.SigmaSPerCm, c.UncertaintySPerCm, o.TemperatureK, d, sd, n.Value, v.Value, c.CarrierDensityPerCm3, c.ChargeE, c.HavenRatio,
            [pub.GlassLowSPerCm, pub.GlassHighSPerCm],
            "glassy electrolytes at room temperature 1e-5–1e-3 S/cm (Hona et al. 2023 review); 1.6e-4 S/cm often quoted for 70Li2S–30P2S5 glass (unverified here); 70:30 glass-ceramic 1.7e-2 S/cm (Seino et al. 2014)");
        if (o.Png is { } p)
        {
            TransportCharts.Conductivity(p, FormattableString.Invariant($"Nernst–Einstein conductivity at {o.TemperatureK} K"),
                [new ConductivityChartPoint("this run", o.TemperatureK, c.SigmaSPerCm, c.UncertaintySPerCm)], ArrheniusTask.References());
        }

        if (o.Output is { } outPath) { rec.Write(outPath); }
        return rec;
    }
}
