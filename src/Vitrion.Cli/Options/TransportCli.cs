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
}
