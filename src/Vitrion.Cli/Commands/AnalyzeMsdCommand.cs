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

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze msd</c>: mean-square displacement of a species.</summary>
public sealed class AnalyzeMsdCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var t = new TrajectoryCliOptions();
        var mode = new Option<string>("--mode") { Description = "Time averaging: 'window' = over all time origins (FFT, frames must be equally spaced; default) or 'origin' = from the first frame only, as LAMMPS compute msd.", DefaultValueFactory = _ => "window" };
        var outOpt = new Option<string?>("--out") { Description = "CSV output (columns time_fs,msd_A2,msd_x_A2,msd_y_A2,msd_z_A2); the PNG (log–log MSD) goes beside it unless --png is given. Without it the table goes to stdout." }.Output(OutputKind.File);
        var png = new Option<string?>("--png") { Description = "PNG path of the MSD chart (default: the CSV path with .png)." }.Output(OutputKind.File);
        var perAtom = new Option<string?>("--per-atom") { Description = "CSV of per-atom MSD (columns id,type,lag_fs,msd_A2) at the lag given by --per-atom-lag-fs." }.Output(OutputKind.File);
        var perAtomLag = new Option<double?>("--per-atom-lag-fs") { Description = "Lag [fs] of the per-atom MSD (nearest kept lag; default the last frame in origin mode, half the trajectory in window mode)." };
        var ngp = new Option<string?>("--ngp") { Description = "CSV of the non-Gaussian parameter α2 = 3<r⁴>/(5<r²>²) − 1 (columns time_fs,alpha2) at log-spaced lags." }.Output(OutputKind.File);
        var vh = new Option<string?>("--van-hove") { Description = "CSV of the self van Hove function 4πr²Gs(r,t) [1/Å] (columns r_A, then one per lag) at the lags of --van-hove-lags-fs (window mode only)." }.Output(OutputKind.File);
        var vhLags = new Option<string>("--van-hove-lags-fs") { Description = "Comma-separated lags [fs] for --van-hove (default: 1/10 and 1/2 of the trajectory).", DefaultValueFactory = _ => "" };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary." };
        var cmd = new Command("msd", "Mean-square displacement of a species from unwrapped positions (image flags, unwrapped columns or continuous unwrapping in fractional coordinates, correct under NPT), with centre-of-mass drift removed. Times in fs, MSD in Å².");
        t.AddTo(cmd);
        foreach (Option o in new Option[] { mode, outOpt, png, perAtom, perAtomLag, ngp, vh, vhLags, json }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var m = TransportCli.ParseMode(pr.GetValue(mode)!);
            var options = t.MsdOptions(pr, m);
            var a = new MsdAnalysis(options);
            var collector = new TrajectoryCollector(new CollectorOptions { Species = options.Species, Com = options.Com, Unwrap = options.Unwrap, TimestepFs = options.TimestepFs });
            bool needTraj = pr.GetValue(vh) is not null;
            if (needTraj && m != MsdMode.Window) { throw new InputException("--van-hove needs --mode window"); }
            foreach (var f in t.Frames(pr))
            {
                a.Add(f);
                if (needTraj) { collector.Add(f); }
            }

            var r = a.Result();
            string? csv = pr.GetValue(outOpt);
            string table = TransportCli.MsdCsv(r);
            if (csv is not null)
            {
                AtomicFile.WriteAllText(csv, table);
                string pngPath = pr.GetValue(png) ?? Path.ChangeExtension(csv, ".png");
                TransportCharts.Msd(pngPath, FormattableString.Invariant($"MSD of {string.Join(",", r.Species)} ({r.AtomCount} atoms, {r.Mode.ToString().ToLowerInvariant()}, COM {r.Com.ToString().ToLowerInvariant()})"), r.TimeFs, r.MsdA2);
            }
            else if (!pr.GetValue(json))
            {
                Console.Write(table);
            }

            if (pr.GetValue(perAtom) is { } pa)
            {
                double lagFs = pr.GetValue(perAtomLag) ?? (m == MsdMode.Origin ? r.TimeFs[^1] : r.TimeFs[^1] / 2);
                int s = Enumerable.Range(0, r.SampledLags.Length).MinBy(k => Math.Abs(r.TimeFs[r.SampledLags[k]] - lagFs));
                var sb = new StringBuilder("id,type,lag_fs,msd_A2\n");
                for (int i = 0; i < r.AtomCount; i++)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{r.Ids[i]},{r.TypeNames[r.Types[i]]},{r.TimeFs[r.SampledLags[s]]:R},{r.PerAtomA2[s][i]:R}\n");
                }

                AtomicFile.WriteAllText(pa, sb.ToString());
            }

            if (pr.GetValue(ngp) is { } ng)
            {
                var sb = new StringBuilder("time_fs,alpha2\n");
                for (int s = 1; s < r.SampledLags.Length; s++) { sb.Append(CultureInfo.InvariantCulture, $"{r.TimeFs[r.SampledLags[s]]:R},{r.NonGaussian[s]:R}\n"); }
                AtomicFile.WriteAllText(ng, sb.ToString());
            }

            if (pr.GetValue(vh) is { } vhPath)
            {
                var traj = collector.Build();
                double total = traj.TimesFs[^1];
                var lags = string.IsNullOrWhiteSpace(pr.GetValue(vhLags)) ? [total / 10, total / 2] : TransportCli.ParseList(pr.GetValue(vhLags)!, "--van-hove-lags-fs");
                var curves = VanHove.Compute(traj, lags);
                var sb = new StringBuilder("r_A");
                foreach (var c in curves) { sb.Append(CultureInfo.InvariantCulture, $",gs_{c.LagFs:R}fs"); }
                sb.Append('\n');
                for (int b = 0; b < curves[0].RA.Length; b++)
                {
                    sb.Append(curves[0].RA[b].ToString("R", CultureInfo.InvariantCulture));
                    foreach (var c in curves) { sb.Append(CultureInfo.InvariantCulture, $",{c.FourPiR2Gs[b]:R}"); }
                    sb.Append('\n');
                }

                AtomicFile.WriteAllText(vhPath, sb.ToString());
            }

            if (pr.GetValue(json))
            {
                var node = TransportCli.MsdSummary(r);
                node["csv"] = csv;
                Console.WriteLine(node.ToJsonString(TransportCli.Json));
            }
            else if (csv is not null)
            {
                Console.WriteLine(FormattableString.Invariant($"{r.AtomCount} atoms, {r.TimeFs.Length} points up to {r.TimeFs[^1]} fs; MSD at the end {r.MsdA2[^1]:G6} Å²; wrote {csv}"));
            }

            return 0;
        }));
        return cmd;
    }
}

/// <summary>Options shared by the transport commands that read a trajectory.</summary>
internal sealed class TrajectoryCliOptions
{
    public Argument<string> Input { get; } = new("input") { Description = "Trajectory: LAMMPS dump (.dump/.lammpstrj; columns x y z with ix iy iz, or xu yu zu, sorted by id), extended XYZ (.xyz) or a LAMMPS data file (one frame)." };

    public Option<string> Species { get; } = new("--species") { Description = "Species to analyse: comma-separated type names or elements (e.g. Li, or S4,S2). Default Li.", DefaultValueFactory = _ => "Li" };

    public Option<string> Com { get; } = new("--com") { Description = "Centre-of-mass drift removed: 'system' (all atoms, mass-weighted; default), 'group' (the selected atoms: reproduces LAMMPS compute msd com yes) or 'none'.", DefaultValueFactory = _ => "system" };

    public Option<string> Unwrap { get; } = new("--unwrap") { Description = "Unwrapping: 'auto' (unwrapped columns, else image flags, else continuous; default), 'images', 'columns' or 'continuous' (from wrapped positions, in fractional coordinates; needs atoms to move less than half the box between frames).", DefaultValueFactory = _ => "auto" };

    public Option<double> DtFs { get; } = new("--dt-fs") { Description = "MD timestep [fs]: frame time = step × dt for files without times (LAMMPS dumps). Default 1.", DefaultValueFactory = _ => 1.0 };

    public Option<string?> Format { get; } = new("--format") { Description = "Input format data|dump|xyz (default: from the extension)." };

    public Option<string?> TypeNames { get; } = new("--type-names") { Description = "Comma-separated names of LAMMPS types 1, 2, … (e.g. P2,S2,Pa,S1,Sc,P4,S4,Li for the reference glass) when the dump has only type numbers." };

    public Option<string?> Data { get; } = new("--data") { Description = "LAMMPS data file whose topology (type names from its comments, masses) is attached to the dump frames." };

    public Option<string?> FrameSlice { get; } = new("--frames") { Description = "Frames to use as start:stop:step (0-based, stop exclusive). Default all." };

    public void AddTo(Command cmd)
    {
        cmd.Arguments.Add(Input);
        foreach (Option o in new Option[] { Species, Com, Unwrap, DtFs, Format, TypeNames, Data, FrameSlice }) { cmd.Options.Add(o); }
    }

    public IReadOnlyList<string> SpeciesList(ParseResult pr)
    {
        var list = pr.GetValue(Species)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0) { throw new InputException("--species names no species; give type names or elements, e.g. --species Li"); }
        return list;
    }

    public MsdOptions MsdOptions(ParseResult pr, MsdMode mode)
    {
        double dt = pr.GetValue(DtFs);
        if (!(dt > 0)) { throw new InputException("--dt-fs must be positive"); }
        return new MsdOptions
        {
            Species = SpeciesList(pr),
            Mode = mode,
            Com = TransportCli.ParseCom(pr.GetValue(Com)!),
            Unwrap = TransportCli.ParseUnwrap(pr.GetValue(Unwrap)!),
            TimestepFs = dt,
        };
    }

    public IEnumerable<Frame> Frames(ParseResult pr)
    {
        string path = pr.GetValue(Input)!;
        Topology? topology = null;
        if (pr.GetValue(Data) is { } data) { topology = LammpsDataReader.Read(data).Topology; }
        var names = pr.GetValue(TypeNames)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (start, stop, step) = TransportCli.ParseSlice(pr.GetValue(FrameSlice));
        int k = 0;
        foreach (var f in StructureFile.ReadFrames(path, new StructureReadOptions { Format = pr.GetValue(Format), TypeNames = names, Topology = topology }))
        {
            if (stop is int s && k >= s) { yield break; }
            if (k >= start && (k - start) % step == 0) { yield return f; }
            k++;
        }
    }
}

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
