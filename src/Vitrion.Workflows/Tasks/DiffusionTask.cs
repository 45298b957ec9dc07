using Vitrion.Analysis.Transport;
using Vitrion.Reporting.Transport;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="DiffusionTask"/> (<c>vitrion analyze diffusion TRAJ</c> with its defaults).</summary>
/// <param name="Trajectory">trajectory file (dump/xyz).</param>
/// <param name="Output">JSON output, or null.</param>
/// <param name="Png">MSD plot with the fitted line, or null.</param>
/// <param name="TemperatureK">temperature [K]: adds the Nernst–Einstein conductivity; null: none.</param>
public sealed record DiffusionTaskOptions(string Trajectory, string? Output = null, string? Png = null, double? TemperatureK = null)
{
    /// <summary>MSD settings (species Li, system COM removed, automatic unwrapping, window averaging, 1 fs).</summary>
    public MsdOptions Msd { get; init; } = new() { Mode = MsdMode.Window };

    /// <summary>Fit settings (automatic diffusive window, bootstrap over atoms).</summary>
    public DiffusionOptions Fit { get; init; } = new();
}

/// <summary>D from the diffusive regime of the MSD of a trajectory, with σ(D) from a bootstrap over atoms.</summary>
/// <param name="Input">trajectory analysed.</param>
/// <param name="DA2PerFs">D [Å²/fs].</param>
/// <param name="SigmaDA2PerFs">σ(D) [Å²/fs].</param>
/// <param name="DCm2PerS">D [cm²/s].</param>
/// <param name="SigmaDCm2PerS">σ(D) [cm²/s].</param>
/// <param name="InterceptA2">intercept of MSD = 6 D t + c [Å²].</param>
/// <param name="FitStartFs">fit window start [fs].</param>
/// <param name="FitEndFs">fit window end [fs].</param>
/// <param name="LoglogSlopeInWindow">log–log slope of the MSD in the window (1 = diffusive).</param>
/// <param name="Diffusive">whether the window is diffusive within the tolerance.</param>
/// <param name="AutomaticWindow">whether the window was chosen automatically.</param>
/// <param name="Points">MSD points in the window.</param>
/// <param name="Uncertainty">how σ(D) was obtained.</param>
/// <param name="BootstrapSamples">bootstrap resamples.</param>
/// <param name="Seed">bootstrap seed.</param>
/// <param name="Carriers">atoms of the selected species (carriers for σ).</param>
/// <param name="VolumeA3">mean box volume [Å³].</param>
/// <param name="LastTimeFs">longest lag [fs].</param>
/// <param name="LastMsdA2">MSD at the longest lag [Å²].</param>
/// <param name="TemperatureK">temperature [K] of the conductivity, or null.</param>
/// <param name="ConductivitySPerCm">Nernst–Einstein σ [S/cm] (q = +1 e, Haven ratio 1), or null.</param>
/// <param name="SigmaConductivitySPerCm">its uncertainty [S/cm], or null.</param>
/// <param name="Warning">set when no lag range is diffusive.</param>
public sealed record DiffusionRecord(string Input, double DA2PerFs, double SigmaDA2PerFs, double DCm2PerS, double SigmaDCm2PerS, double InterceptA2,
    double FitStartFs, double FitEndFs, double LoglogSlopeInWindow, bool Diffusive, bool AutomaticWindow, int Points, string Uncertainty, int BootstrapSamples,
    int Seed, int Carriers, double VolumeA3, double LastTimeFs, double LastMsdA2, double? TemperatureK, double? ConductivitySPerCm, double? SigmaConductivitySPerCm,
    string? Warning)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static DiffusionRecord Read(string path) => ResultJson.Read<DiffusionRecord>(path);
}

/// <summary>MSD → diffusive window → D ± σ (and σ_NE at a temperature).</summary>
public static class DiffusionTask
{
    /// <summary>Runs the analysis and writes the JSON/PNG that the options name.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    public static DiffusionRecord Run(DiffusionTaskOptions o)
    {
        var r = MsdAnalysis.Compute(TrajectoryInput.Frames(o.Trajectory), o.Msd);
        var d = DiffusionFit.Fit(r, o.Fit);
        ConductivityResult? c = o.TemperatureK is double tk ? NernstEinstein.Conductivity(d.DCm2PerS, d.SigmaDCm2PerS, r.AtomCount, r.MeanVolumeA3, tk) : null;
        var rec = new DiffusionRecord(o.Trajectory, d.DA2PerFs, d.SigmaDA2PerFs, d.DCm2PerS, d.SigmaDCm2PerS, d.InterceptA2, d.FitStartFs, d.FitEndFs, d.SlopeInWindow,
            d.Diffusive, d.AutomaticWindow, d.Points, d.Uncertainty == DiffusionUncertainty.BootstrapAtoms ? "bootstrap over atoms" : "standard error of the fitted slope",
            d.BootstrapSamples, d.Seed, r.AtomCount, r.MeanVolumeA3, r.TimeFs[^1], r.MsdA2[^1], o.TemperatureK, c?.SigmaSPerCm, c?.UncertaintySPerCm,
            d.Diffusive ? null : "no lag range is diffusive within the tolerance (the MSD is sub-diffusive or too short); D is from the last decade of lags and over-reads the long-time diffusion");
        if (o.Png is { } p)
        {
            TransportCharts.Msd(p, FormattableString.Invariant($"MSD and diffusive fit ({(d.Diffusive ? "diffusive" : "NOT diffusive")}, slope {d.SlopeInWindow:0.00})"), r.TimeFs, r.MsdA2, (d.DA2PerFs, d.InterceptA2, d.FitStartFs, d.FitEndFs));
        }

        if (o.Output is { } path) { rec.Write(path); }
        return rec;
    }
}
