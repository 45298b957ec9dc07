using System.CommandLine;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Transport;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze diffusion</c>: D from the diffusive regime of the MSD, with an uncertainty.</summary>
public sealed class AnalyzeDiffusionCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var t = new TrajectoryCliOptions();
        t.Input.Description = "A trajectory (dump/xyz; the uncertainty is then a bootstrap over atoms) or an MSD CSV from 'vitrion analyze msd' (columns time_fs,msd_A2; the uncertainty is then only the slope's standard error).";
        var mode = new Option<string>("--mode") { Description = "MSD averaging for trajectories: window (default) or origin.", DefaultValueFactory = _ => "window" };
        var tol = new Option<double>("--slope-tolerance") { Description = "Largest |β − 1| of the local log–log slope β inside the automatic fit window. Default 0.15.", DefaultValueFactory = _ => 0.15 };
        var minLag = new Option<double>("--min-lag-fs") { Description = "Smallest lag [fs] the automatic window may use. Default 0.", DefaultValueFactory = _ => 0.0 };
        var maxFrac = new Option<double>("--max-lag-fraction") { Description = "Largest lag as a fraction of the longest (windowed MSD gets noisy at long lags). Default 0.5 (1 for origin mode).", DefaultValueFactory = _ => 0.5 };
        var fitStart = new Option<double?>("--fit-start-fs") { Description = "Manual fit window start [fs] (with --fit-end-fs)." };
        var fitEnd = new Option<double?>("--fit-end-fs") { Description = "Manual fit window end [fs]." };
        var boot = new Option<int>("--bootstrap") { Description = "Bootstrap resamples over atoms for σ(D). Default 200.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed. Default 12345.", DefaultValueFactory = _ => 12345 };
        var temp = new Option<double?>("--temperature") { Description = "Temperature [K]: adds the Nernst–Einstein conductivity (q = +1 e, Haven ratio 1, N = selected atoms, V = mean box volume) to the output." };
        var outOpt = new Option<string?>("--out") { Description = "JSON output file (D in Å²/fs and cm²/s, σ, fit window, log–log slope, method). Default: print to stdout." }.Output(OutputKind.File);
        var png = new Option<string?>("--png") { Description = "PNG of the MSD with the fitted line over the fit window." }.Output(OutputKind.File);
        var cmd = new Command("diffusion", "Diffusion coefficient D from MSD = 6 D t + c over an automatically chosen diffusive window (local log–log slope within tolerance of 1; window reported), with σ(D) from a bootstrap over atoms.");
        t.AddTo(cmd);
        foreach (Option o in new Option[] { mode, tol, minLag, maxFrac, fitStart, fitEnd, boot, seed, temp, outOpt, png }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string path = pr.GetValue(t.Input)!;
            if (pr.GetValue(boot) < 10) { throw new InputException("--bootstrap must be at least 10"); }
            var o = new DiffusionOptions
            {
                SlopeTolerance = pr.GetValue(tol), MinLagFs = pr.GetValue(minLag), MaxLagFraction = pr.GetValue(maxFrac),
                FitStartFs = pr.GetValue(fitStart), FitEndFs = pr.GetValue(fitEnd), BootstrapSamples = pr.GetValue(boot), Seed = pr.GetValue(seed),
            };
            if ((o.FitStartFs is null) != (o.FitEndFs is null)) { throw new InputException("give both --fit-start-fs and --fit-end-fs, or neither"); }
            DiffusionResult d;
            double[] time, msd;
            MsdResult? r = null;
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                (time, msd) = TransportCli.ReadMsdCsv(path);
                d = DiffusionFit.Fit(time, msd, o);
            }
            else
            {
                r = MsdAnalysis.Compute(t.Frames(pr), t.MsdOptions(pr, TransportCli.ParseMode(pr.GetValue(mode)!)));
                d = DiffusionFit.Fit(r, o);
                time = r.TimeFs;
                msd = r.MsdA2;
            }

            var node = TransportCli.DiffusionJson(d);
            node["input"] = path;
            if (r is not null)
            {
                node["msd"] = TransportCli.MsdSummary(r);
                node["carriers"] = r.AtomCount;
                node["volume_A3"] = r.MeanVolumeA3;
            }

            if (!d.Diffusive)
            {
                node["warning"] = "no lag range is diffusive within the tolerance (the MSD is sub-diffusive or too short); D is from the last decade of lags and over-reads the long-time diffusion";
            }

            if (pr.GetValue(temp) is double tk)
            {
                if (r is null) { throw new InputException("--temperature needs a trajectory input (the carrier count and volume come from it); use 'vitrion analyze conductivity' for an MSD CSV"); }
                var c = NernstEinstein.Conductivity(d.DCm2PerS, d.SigmaDCm2PerS, r.AtomCount, r.MeanVolumeA3, tk);
                node["temperature_K"] = tk;
                node["conductivity_S_per_cm"] = c.SigmaSPerCm;
                node["sigma_conductivity_S_per_cm"] = c.UncertaintySPerCm;
            }

            if (pr.GetValue(png) is { } p)
            {
                TransportCharts.Msd(p, FormattableString.Invariant($"MSD and diffusive fit ({(d.Diffusive ? "diffusive" : "NOT diffusive")}, slope {d.SlopeInWindow:0.00})"), time, msd, (d.DA2PerFs, d.InterceptA2, d.FitStartFs, d.FitEndFs));
            }

            string text = node.ToJsonString(TransportCli.Json);
            if (pr.GetValue(outOpt) is { } outPath)
            {
                AtomicFile.WriteAllText(outPath, text + "\n");
                Console.WriteLine(FormattableString.Invariant($"D = {d.DCm2PerS:G4} ± {d.SigmaDCm2PerS:G2} cm²/s (fit {d.FitStartFs:G6}–{d.FitEndFs:G6} fs, log–log slope {d.SlopeInWindow:0.000}{(d.Diffusive ? "" : ", NOT diffusive")}); wrote {outPath}"));
            }
            else
            {
                Console.WriteLine(text);
            }

            return 0;
        }));
        return cmd;
    }

    /// <summary>Reads D, σ(D), carriers and volume from a JSON written by this command.</summary>
    internal static (double D, double Sigma, int? Carriers, double? Volume) ReadJson(string path)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "file not found"); }
        JsonNode? n;
        try { n = JsonNode.Parse(File.ReadAllText(path)); }
        catch (System.Text.Json.JsonException e) { throw new InputException(path, 0, "not valid JSON: " + e.Message); }
        double? d = TransportCli.Number(n?["D_cm2_per_s"]);
        if (d is null) { throw new InputException(path, 0, "no D_cm2_per_s (expected the JSON of 'vitrion analyze diffusion')"); }
        double s = TransportCli.Number(n?["sigma_D_cm2_per_s"]) ?? 0;
        double? carriers = TransportCli.Number(n?["carriers"]);
        return (d.Value, s, carriers is null ? null : (int)carriers.Value, TransportCli.Number(n?["volume_A3"]));
    }
}
