using System.CommandLine;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze diffusion</c>: D from the diffusive regime of the MSD, with an uncertainty (<see cref="DiffusionTask"/>).</summary>
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
        var outOpt = OutputCliOptions.Out("JSON output file: the DiffusionRecord (d_a2_per_fs, d_cm2_per_s, σ, fit window, log–log slope, method, carriers, volume_a3; conductivity_s_per_cm with --temperature). Default: print it to stdout.");
        var png = new Option<string?>("--png") { Description = "PNG of the MSD with the fitted line over the fit window." }.Output(OutputKind.File);
        var cmd = new Command("diffusion", "Diffusion coefficient D from MSD = 6 D t + c over an automatically chosen diffusive window (local log–log slope within tolerance of 1; window reported), with σ(D) from a bootstrap over atoms.");
        t.AddTo(cmd);
        foreach (Option o in new Option[] { mode, tol, minLag, maxFrac, fitStart, fitEnd, boot, seed, temp, outOpt, png }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string path = pr.GetValue(t.Input)!;
            bool csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            var d = DiffusionTask.Run(new DiffusionTaskOptions(path, pr.GetValue(outOpt), pr.GetValue(png), pr.GetValue(temp))
            {
                Msd = csv ? new MsdOptions() : t.MsdOptions(pr, TransportCli.ParseMode(pr.GetValue(mode)!)),
                Selection = t.Selection(pr),
                Fit = new DiffusionOptions
                {
                    SlopeTolerance = pr.GetValue(tol), MinLagFs = pr.GetValue(minLag), MaxLagFraction = pr.GetValue(maxFrac),
                    FitStartFs = pr.GetValue(fitStart), FitEndFs = pr.GetValue(fitEnd), BootstrapSamples = pr.GetValue(boot), Seed = pr.GetValue(seed),
                },
            });
            Console.WriteLine(pr.GetValue(outOpt) is { } outPath
                ? FormattableString.Invariant($"D = {d.DCm2PerS:G4} ± {d.SigmaDCm2PerS:G2} cm²/s (fit {d.FitStartFs:G6}–{d.FitEndFs:G6} fs, log–log slope {d.LoglogSlopeInWindow:0.000}{(d.Diffusive ? "" : ", NOT diffusive")}); wrote {outPath}")
                : ResultJson.Serialize(d));
            return 0;
        }));
        return cmd;
    }
}
