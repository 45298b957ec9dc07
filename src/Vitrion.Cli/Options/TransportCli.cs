using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.Reporting.Transport;

namespace Vitrion.Cli.Options;

/// <summary>Parsing and formatting shared by the transport commands.</summary>
internal static class TransportCli
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static MsdMode ParseMode(string s) => s.ToLowerInvariant() switch
    {
        "window" or "windowed" => MsdMode.Window,
        "origin" or "single" => MsdMode.Origin,
        _ => throw new InputException($"--mode '{s}': expected window or origin"),
    };

    public static ComReference ParseCom(string s) => s.ToLowerInvariant() switch
    {
        "system" => ComReference.System,
        "group" => ComReference.Group,
        "none" => ComReference.None,
        _ => throw new InputException($"--com '{s}': expected system, group or none"),
    };

    public static UnwrapMode ParseUnwrap(string s) => s.ToLowerInvariant() switch
    {
        "auto" => UnwrapMode.Auto,
        "images" => UnwrapMode.Images,
        "columns" => UnwrapMode.Columns,
        "continuous" => UnwrapMode.Continuous,
        _ => throw new InputException($"--unwrap '{s}': expected auto, images, columns or continuous"),
    };

    public static double[] ParseList(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v =>
            double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw new InputException($"{option}: '{v}' is not a number")).ToArray();

    public static (int Start, int? Stop, int Step) ParseSlice(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) { return (0, null, 1); }
        var p = text.Split(':');
        if (p.Length > 3) { throw new InputException($"--frames '{text}' must be start:stop:step"); }
        int Parse(string s)
        {
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 0) { throw new InputException($"--frames '{text}': '{s}' is not a non-negative integer"); }
            return v;
        }

        int start = p[0].Trim().Length == 0 ? 0 : Parse(p[0]);
        int? stop = p.Length > 1 ? (p[1].Trim().Length == 0 ? null : Parse(p[1])) : start + 1;
        int step = p.Length > 2 && p[2].Trim().Length > 0 ? Parse(p[2]) : 1;
        if (step < 1) { throw new InputException("--frames step must be at least 1"); }
        return (start, stop, step);
    }

    public static string MsdCsv(MsdResult r)
    {
        var sb = new StringBuilder("time_fs,msd_A2,msd_x_A2,msd_y_A2,msd_z_A2\n");
        for (int k = 0; k < r.TimeFs.Length; k++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.TimeFs[k]:R},{r.MsdA2[k]:R},{r.MsdXA2[k]:R},{r.MsdYA2[k]:R},{r.MsdZA2[k]:R}\n");
        }

        return sb.ToString();
    }

    public static JsonObject MsdSummary(MsdResult r) => new()
    {
        ["species"] = string.Join(",", r.Species),
        ["atoms"] = r.AtomCount,
        ["points"] = r.TimeFs.Length,
        ["mode"] = r.Mode.ToString().ToLowerInvariant(),
        ["com"] = r.Com.ToString().ToLowerInvariant(),
        ["unwrap"] = r.Unwrap.ToString().ToLowerInvariant(),
        ["last_time_fs"] = r.TimeFs[^1],
        ["last_msd_A2"] = r.MsdA2[^1],
        ["mean_volume_A3"] = r.MeanVolumeA3,
        ["peak_trajectory_bytes"] = r.PeakBytes,
    };

    /// <summary>Reads an MSD CSV with columns time_fs and msd_A2 (header required).</summary>
    public static (double[] T, double[] Msd) ReadMsdCsv(string path)
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

            t.Add(a); m.Add(b);
        }

        return (t.ToArray(), m.ToArray());
    }

    public static JsonObject DiffusionJson(DiffusionResult d) => new()
    {
        ["D_A2_per_fs"] = d.DA2PerFs,
        ["sigma_D_A2_per_fs"] = d.SigmaDA2PerFs,
        ["D_cm2_per_s"] = d.DCm2PerS,
        ["sigma_D_cm2_per_s"] = d.SigmaDCm2PerS,
        ["intercept_A2"] = d.InterceptA2,
        ["fit_start_fs"] = d.FitStartFs,
        ["fit_end_fs"] = d.FitEndFs,
        ["loglog_slope_in_window"] = d.SlopeInWindow,
        ["diffusive"] = d.Diffusive,
        ["automatic_window"] = d.AutomaticWindow,
        ["points"] = d.Points,
        ["uncertainty"] = d.Uncertainty == DiffusionUncertainty.BootstrapAtoms ? "bootstrap over atoms" : "standard error of the fitted slope",
        ["bootstrap_samples"] = d.BootstrapSamples,
        ["seed"] = d.Seed,
        ["atoms"] = d.AtomCount,
    };

    public static double? Number(JsonNode? n) => n is JsonValue v && v.TryGetValue(out double d) ? d : null;
}
