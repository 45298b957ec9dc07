using System.Globalization;
using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.Reporting.Transport;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="ArrheniusTask"/>.</summary>
/// <param name="Points">D(T) points.</param>
/// <param name="ExtrapolateK">temperature [K] to extrapolate D (and σ) to.</param>
/// <param name="Carriers">number of Li for the Nernst–Einstein conductivity, or null.</param>
/// <param name="VolumeA3">volume [Å³] for the conductivity, or null.</param>
/// <param name="Output">JSON output, or null.</param>
/// <param name="Png">Arrhenius plot (and NAME-conductivity.png with carriers and volume), or null.</param>
public sealed record ArrheniusTaskOptions(IReadOnlyList<DiffusionPoint> Points, double ExtrapolateK = 300, int? Carriers = null, double? VolumeA3 = null, string? Output = null, string? Png = null);

/// <summary>One point of an Arrhenius fit.</summary>
/// <param name="TemperatureK">temperature [K].</param>
/// <param name="DCm2PerS">D [cm²/s].</param>
/// <param name="SigmaDCm2PerS">σ(D) [cm²/s].</param>
/// <param name="ConductivitySPerCm">Nernst–Einstein σ [S/cm], or null without carriers/volume.</param>
/// <param name="SigmaConductivitySPerCm">its uncertainty [S/cm], or null.</param>
public sealed record ArrheniusPointRecord(double TemperatureK, double DCm2PerS, double SigmaDCm2PerS, double? ConductivitySPerCm, double? SigmaConductivitySPerCm);

/// <summary>Weighted Arrhenius fit ln D = ln D0 − Ea/(kB T) and its extrapolation.</summary>
/// <param name="EaEv">activation energy [eV].</param>
/// <param name="SigmaEaEv">σ(Ea) [eV].</param>
/// <param name="EaKjPerMol">activation energy [kJ/mol].</param>
/// <param name="LnD0">ln(D0 / (cm²/s)).</param>
/// <param name="SigmaLnD0">σ(ln D0).</param>
/// <param name="CovLnD0Ea">covariance of ln D0 and Ea [eV].</param>
/// <param name="D0Cm2PerS">D0 [cm²/s].</param>
/// <param name="Weighted">whether the fit was weighted by σ(D).</param>
/// <param name="ReducedChiSquare">reduced χ² (null when undefined).</param>
/// <param name="ExtrapolationK">extrapolation temperature [K].</param>
/// <param name="DAtExtrapolationCm2PerS">D there [cm²/s].</param>
/// <param name="SigmaLnDAtExtrapolation">σ(ln D) there.</param>
/// <param name="ConductivityAtExtrapolationSPerCm">Nernst–Einstein σ there [S/cm], or null.</param>
/// <param name="SigmaConductivityAtExtrapolationSPerCm">its uncertainty [S/cm], or null.</param>
/// <param name="Points">the points, in input order.</param>
public sealed record ArrheniusRecord(double EaEv, double SigmaEaEv, double EaKjPerMol, double LnD0, double SigmaLnD0, double CovLnD0Ea, double D0Cm2PerS,
    bool Weighted, double? ReducedChiSquare, double ExtrapolationK, double DAtExtrapolationCm2PerS, double SigmaLnDAtExtrapolation,
    double? ConductivityAtExtrapolationSPerCm, double? SigmaConductivityAtExtrapolationSPerCm, IReadOnlyList<ArrheniusPointRecord> Points)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static ArrheniusRecord Read(string path) => ResultJson.Read<ArrheniusRecord>(path);
}

/// <summary>Ea ± σ from D(T) and extrapolation to room temperature (<c>vitrion analyze arrhenius</c>).</summary>
public static class ArrheniusTask
{
    /// <summary>Fits, writes the outputs the options name.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    public static ArrheniusRecord Run(ArrheniusTaskOptions o)
    {
        var points = o.Points;
        var a = ArrheniusFit.Fit(points);
        double tx = o.ExtrapolateK;
        var (dx, sLn) = a.Extrapolate(tx);
        bool ne = o.Carriers is not null && o.VolumeA3 is not null;
        var pts = points.Select(p =>
        {
            var c = ne ? NernstEinstein.Conductivity(p.DCm2PerS, p.SigmaDCm2PerS, o.Carriers!.Value, o.VolumeA3!.Value, p.TemperatureK) : null;
            return new ArrheniusPointRecord(p.TemperatureK, p.DCm2PerS, p.SigmaDCm2PerS, c?.SigmaSPerCm, c?.UncertaintySPerCm);
        }).ToList();
        ConductivityResult? cx = ne ? NernstEinstein.Conductivity(dx, dx * sLn, o.Carriers!.Value, o.VolumeA3!.Value, tx) : null;
        var rec = new ArrheniusRecord(a.EaEv, a.SigmaEaEv, a.EaKjPerMol, a.LnD0, a.SigmaLnD0, a.CovLnD0Ea, a.D0Cm2PerS, a.Weighted,
            double.IsFinite(a.ReducedChiSquare) ? a.ReducedChiSquare : null, tx, dx, sLn, cx?.SigmaSPerCm, cx?.UncertaintySPerCm, pts);
        if (o.Png is { } png)
        {
            if (cx is not null)
            {
                int n = o.Carriers!.Value;
                double vol = o.VolumeA3!.Value;
                var line = Enumerable.Range(0, 30).Select(i => tx + (points.Max(p => p.TemperatureK) - tx) * i / 29.0)
                    .Select(tt => (tt, NernstEinstein.Conductivity(a.Extrapolate(tt).DCm2PerS, 0, n, vol, tt).SigmaSPerCm)).ToArray();
                var cp = points.Select(p => NernstEinstein.Conductivity(p.DCm2PerS, p.SigmaDCm2PerS, n, vol, p.TemperatureK))
                    .Select(r => new ConductivityChartPoint("MD (Nernst–Einstein)", r.TemperatureK, r.SigmaSPerCm, r.UncertaintySPerCm))
                    .Append(new ConductivityChartPoint(FormattableString.Invariant($"extrapolated to {tx} K"), tx, cx.SigmaSPerCm, cx.UncertaintySPerCm)).ToArray();
                TransportCharts.Conductivity(Path.ChangeExtension(png, null) + "-conductivity.png", "Nernst–Einstein conductivity vs published 70Li2S–30P2S5", cp, References(), line);
            }

            TransportCharts.Arrhenius(png, FormattableString.Invariant($"Arrhenius: Ea = {a.EaEv:0.000} ± {a.SigmaEaEv:0.000} eV"),
                points.Select(p => new ArrheniusChartPoint("MD", p.TemperatureK, p.DCm2PerS, p.SigmaDCm2PerS)).ToArray(),
                [new ArrheniusChartLine(FormattableString.Invariant($"fit, Ea = {a.EaEv:0.000} ± {a.SigmaEaEv:0.000} eV"), a.LnD0, a.EaEv, Math.Min(tx, points.Min(p => p.TemperatureK)), points.Max(p => p.TemperatureK))]);
        }

        if (o.Output is { } path) { rec.Write(path); }
        return rec;
    }

    /// <summary>The published references drawn on conductivity charts.</summary>
    /// <returns>the reference bands.</returns>
    public static ConductivityReference[] References()
    {
        var pub = NernstEinstein.Published70Li2S30P2S5;
        return
        [
            new("glasses at RT, 1e-5–1e-3 S/cm (Hona 2023 review)", pub.GlassLowSPerCm, pub.GlassHighSPerCm),
            new("70Li2S–30P2S5 glass, 1.6e-4 S/cm (often quoted)", pub.GlassTypicalSPerCm, pub.GlassTypicalSPerCm),
            new("70:30 glass-ceramic, 1.7e-2 S/cm (Seino 2014)", pub.GlassCeramicSPerCm, pub.GlassCeramicSPerCm),
        ];
    }

    /// <summary>
    /// D(T) points from a table and from per-temperature files (what <c>vitrion analyze arrhenius</c> reads): a CSV with
    /// the header temperature_K,D_cm2_per_s[,sigma_D_cm2_per_s], and T=FILE items where FILE is a <see cref="DiffusionRecord"/>
    /// JSON (its bootstrap σ kept) or an MSD CSV (D fitted automatically, σ = slope standard error).
    /// </summary>
    /// <param name="table">the CSV table, or null.</param>
    /// <param name="files">T=FILE items (T in K).</param>
    /// <returns>the points, table first.</returns>
    /// <exception cref="InputException">naming the file and line, or the item.</exception>
    public static List<DiffusionPoint> ReadPoints(string? table, IEnumerable<string> files)
    {
        var points = new List<DiffusionPoint>();
        if (table is not null) { points.AddRange(ReadTable(table)); }
        foreach (var spec in files)
        {
            int eq = spec.IndexOf('=');
            if (eq <= 0 || !double.TryParse(spec[..eq], NumberStyles.Float, CultureInfo.InvariantCulture, out double tk))
            {
                throw new InputException($"--msd '{spec}': expected T=FILE with T in K (e.g. 600=msd600.csv)");
            }

            string file = spec[(eq + 1)..];
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                var d = DiffusionRecord.Read(file);
                points.Add(new DiffusionPoint(tk, d.DCm2PerS, d.SigmaDCm2PerS));
            }
            else
            {
                var (time, m) = DiffusionTask.ReadMsdCsv(file);
                var fit = DiffusionFit.Fit(time, m);
                points.Add(new DiffusionPoint(tk, fit.DCm2PerS, fit.SigmaDCm2PerS));
            }
        }

        if (points.Count == 0) { throw new InputException("give --table FILE or at least two --msd T=FILE"); }
        return points;
    }

    private static List<DiffusionPoint> ReadTable(string path)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "file not found"); }
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2) { throw new InputException(path, 0, "expected a header (temperature_K,D_cm2_per_s[,sigma_D_cm2_per_s]) and rows"); }
        var head = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int it = head.IndexOf("temperature_K"), id = head.IndexOf("D_cm2_per_s"), isg = head.IndexOf("sigma_D_cm2_per_s");
        if (it < 0 || id < 0) { throw new InputException(path, 1, "the header must name temperature_K and D_cm2_per_s (and optionally sigma_D_cm2_per_s)"); }
        var list = new List<DiffusionPoint>();
        for (int l = 1; l < lines.Length; l++)
        {
            if (string.IsNullOrWhiteSpace(lines[l])) { continue; }
            var p = lines[l].Split(',');
            double Get(int c) => c < p.Length && double.TryParse(p[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : throw new InputException(path, l + 1, $"expected a number in column '{head[c]}'");
            list.Add(new DiffusionPoint(Get(it), Get(id), isg >= 0 ? Get(isg) : 0));
        }

        return list;
    }
}
