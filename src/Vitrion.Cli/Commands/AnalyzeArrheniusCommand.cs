using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze arrhenius</c>: Ea ± σ from D(T), and extrapolation to room temperature (<see cref="ArrheniusTask"/>).</summary>
public sealed class AnalyzeArrheniusCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var table = new Option<string?>("--table") { Description = "CSV with a header: temperature_K,D_cm2_per_s[,sigma_D_cm2_per_s] (one row per temperature)." };
        var msd = new Option<string[]>("--msd") { Description = "T=FILE (repeatable): an MSD CSV from 'vitrion analyze msd' at temperature T [K]; D is fitted automatically (σ = slope standard error), or a diffusion JSON from 'vitrion analyze diffusion' (bootstrap σ kept).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var at = new Option<double>("--extrapolate-k") { Description = "Temperature [K] to extrapolate D (and σ with --carriers/--volume-a3) to. Default 300.", DefaultValueFactory = _ => 300.0 };
        var carriers = new Option<int?>("--carriers") { Description = "Number of Li (carriers) for the Nernst–Einstein conductivity at each temperature and at the extrapolation temperature." };
        var volume = new Option<double?>("--volume-a3") { Description = "Volume [Å³] for the conductivity." };
        var outOpt = OutputCliOptions.Out("JSON output: the ArrheniusRecord (ea_ev ± sigma_ea_ev, ea_kj_per_mol, ln_d0, d0_cm2_per_s, d_at_extrapolation_cm2_per_s and its sigma_ln_d_at_extrapolation, conductivities, the points). Default: stdout.");
        var png = new Option<string?>("--png") { Description = "PNG of log10 D against 1000/T with the fitted line (Fig. 2A); with --carriers/--volume-a3 also NAME-conductivity.png: σ(T) and its extrapolation against the published room-temperature range (Fig. 2B)." }.Output(OutputKind.File);
        var cmd = new Command("arrhenius", "Arrhenius fit ln D = ln D0 − Ea/(kB T), weighted by σ(D), with Ea ± σ in eV and extrapolation to room temperature.")
        {
            table, msd, at, carriers, volume, outOpt, png,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var points = ArrheniusTask.ReadPoints(pr.GetValue(table), pr.GetValue(msd) ?? []);
            var a = ArrheniusTask.Run(new ArrheniusTaskOptions(points, pr.GetValue(at), pr.GetValue(carriers), pr.GetValue(volume), pr.GetValue(outOpt), pr.GetValue(png)));
            Console.WriteLine(pr.GetValue(outOpt) is { } outPath
                ? FormattableString.Invariant($"Ea = {a.EaEv:0.0000} ± {a.SigmaEaEv:0.0000} eV; D({a.ExtrapolationK} K) = {a.DAtExtrapolationCm2PerS:G3} cm²/s (×/÷ {Math.Exp(a.SigmaLnDAtExtrapolation):0.00}); wrote {outPath}")
                : ResultJson.Serialize(a));
            return 0;
        }));
        return cmd;
    }
}
