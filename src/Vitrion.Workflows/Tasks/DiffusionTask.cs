using System.Globalization;
using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.Reporting.Transport;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="DiffusionTask"/> (<c>vitrion analyze diffusion TRAJ</c> with its defaults).</summary>
/// <param name="Trajectory">trajectory file (dump/xyz), or an MSD CSV (columns time_fs,msd_A2) of <c>vitrion analyze msd</c>.</param>
/// <param name="Output">JSON output, or null.</param>
/// <param name="Png">MSD plot with the fitted line, or null.</param>
/// <param name="TemperatureK">temperature [K]: adds the Nernst–Einstein conductivity; null: none.</param>
public sealed record DiffusionTaskOptions(string Trajectory, string? Output = null, string? Png = null, double? TemperatureK = null)
{
    /// <summary>MSD settings (species Li, system COM removed, automatic unwrapping, window averaging, 1 fs).</summary>
    public MsdOptions Msd { get; init; } = new() { Mode = MsdMode.Window };

    /// <summary>Fit settings (automatic diffusive window, bootstrap over atoms).</summary>
    public DiffusionOptions Fit { get; init; } = new();

    /// <summary>Format, type names, topology and frame slice of the trajectory (default: all frames, format from the extension).</summary>
    public TrajectorySelection Selection { get; init; } = new();
}

/// <summary>D from the diffusive regime of the MSD of a trajectory, with σ(D) from a bootstrap over atoms.</summary>
/// <param name="Input">trajectory (or MSD CSV) analysed.</param>
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
/// <param name="Carriers">atoms of the selected species (carriers for σ); null for an MSD CSV input.</param>
/// <param name="VolumeA3">mean box volume [Å³]; null for an MSD CSV input.</param>
/// <param name="LastTimeFs">longest lag [fs].</param>
/// <param name="LastMsdA2">MSD at the longest lag [Å²].</param>
/// <param name="TemperatureK">temperature [K] of the conductivity, or null.</param>
/// <param name="ConductivitySPerCm">Nernst–Einstein σ [S/cm] (q = +1 e, Haven ratio 1), or null.</param>
/// <param name="SigmaConductivitySPerCm">its uncertainty [S/cm], or null.</param>
/// <param name="Warning">set when no lag range is diffusive.</param>
public sealed record DiffusionRecord(string Input, double DA2PerFs, double SigmaDA2PerFs, double DCm2PerS, double SigmaDCm2PerS, double InterceptA2,
    double FitStartFs, double FitEndFs, double LoglogSlopeInWindow, bool Diffusive, bool AutomaticWindow, int Points, string Uncertainty, int BootstrapSamples,
    int Seed, int? Carriers, double? VolumeA3, double LastTimeFs, double LastMsdA2, double? TemperatureK, double? ConductivitySPerCm, double? SigmaConductivitySPerCm,
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
    /// <exception cref="InputException">for bad settings or inputs, naming the option or file.</exception>
    public static DiffusionRecord Run(DiffusionTaskOptions o)
    {
        if (o.Fit.BootstrapSamples < 10) { throw new InputException("--bootstrap must be at least 10"); }
        if ((o.Fit.FitStartFs is null) != (o.Fit.FitEndFs is null)) { throw new InputException("give both --fit-start-fs and --fit-end-fs, or neither"); }
        DiffusionResult d;
        double[] time, msd;
        MsdResult? r = null;
        if (o.Trajectory.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            if (o.TemperatureK is not null) { throw new InputException("--temperature needs a trajectory input (the carrier count and volume come from it); use 'vitrion analyze conductivity' for an MSD CSV"); }
            (time, msd) = ReadMsdCsv(o.Trajectory);
            d = DiffusionFit.Fit(time, msd, o.Fit);
        }
        else
        {
            r = MsdAnalysis.Compute(TrajectoryInput.Frames(o.Trajectory, o.Selection), o.Msd);
            d = DiffusionFit.Fit(r, o.Fit);
            time = r.TimeFs;
            msd = r.MsdA2;
        }

        ConductivityResult? c = o.TemperatureK is double tk ? NernstEinstein.Conductivity(d.DCm2PerS, d.SigmaDCm2PerS, r!.AtomCount, r.MeanVolumeA3, tk) : null;
        var rec = new DiffusionRecord(o.Trajectory, d.DA2PerFs, d.SigmaDA2PerFs, d.DCm2PerS, d.SigmaDCm2PerS, d.InterceptA2, d.FitStartFs, d.FitEndFs, d.SlopeInWindow,
            d.Diffusive, d.AutomaticWindow, d.Points, d.Uncertainty == DiffusionUncertainty.BootstrapAtoms ? "bootstrap over atoms" : "standard error of the fitted slope",
            d.BootstrapSamples, d.Seed, r?.AtomCount, r?.MeanVolumeA3, time[^1], msd[^1], o.TemperatureK, c?.SigmaSPerCm, c?.UncertaintySPerCm,
            d.Diffusive ? null : "no lag range is diffusive within the tolerance (the MSD is sub-diffusive or too short); D is from the last decade of lags and over-reads the long-time diffusion");
        if (o.Png is { } p)
        {
            TransportCharts.Msd(p, FormattableString.Invariant($"MSD and diffusive fit ({(d.Diffusive ? "diffusive" : "NOT diffusive")}, slope {d.SlopeInWindow:0.00})"), time, msd, (d.DA2PerFs, d.InterceptA2, d.FitStartFs, d.FitEndFs));
        }

        if (o.Output is { } path) { rec.Write(path); }
        return rec;
    }

    /// <summary>Reads an MSD CSV with columns time_fs and msd_A2 (header required; as <c>vitrion analyze msd</c> writes it).</summary>
    /// <param name="path">CSV file.</param>
    /// <returns>lag times [fs] and MSD [Å²].</returns>
    /// <exception cref="InputException">naming the file and line.</exception>
    public static (double[] TimeFs, double[] MsdA2) ReadMsdCsv(string path)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "file not found"); }
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2) { throw new InputException(path, 0, "needs a header and at least one row (columns time_fs,msd_A2)"); }
        var head = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int it = head.IndexOf("time_fs"), im = head.IndexOf("msd_A2");
        if (it < 0 || im < 0) { throw new InputException(path, 1, "expected columns time_fs and msd_A2 (as written by vitrion analyze msd)"); }
        var t = new List<double>();
        var m = new List<double>();
        for (int l = 1; l < lines.Length; l++)
        {
            if (string.IsNullOrWhiteSpace(lines[l])) { continue; }
            var p = lines[l].Split(',');
            if (p.Length <= Math.Max(it, im) || !double.TryParse(p[it], NumberStyles.Float, CultureInfo.InvariantCulture, out double a) || !double.TryParse(p[im], NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
            {
                throw new InputException(path, l + 1, "expected numbers in columns time_fs and msd_A2");
            }

            t.Add(a);
            m.Add(b);
        }

        return (t.ToArray(), m.ToArray());
    }
}
