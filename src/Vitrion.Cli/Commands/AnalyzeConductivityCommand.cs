using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze conductivity</c>: Nernst–Einstein conductivity with its uncertainty, against published values (<see cref="ConductivityTask"/>).</summary>
public sealed class AnalyzeConductivityCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var diff = new Option<string?>("--diffusion") { Description = "JSON from 'vitrion analyze diffusion' (a DiffusionRecord: D, σ(D), carriers and volume taken from it)." };
        var d = new Option<double?>("--d-cm2s") { Description = "D [cm²/s] (instead of --diffusion)." };
        var sd = new Option<double>("--sigma-d-cm2s") { Description = "σ(D) [cm²/s]. Default 0.", DefaultValueFactory = _ => 0.0 };
        var temp = new Option<double>("--temperature") { Description = "Temperature [K] of the run (required).", Required = true };
        var carriers = new Option<int?>("--carriers") { Description = "Number of carriers N (e.g. Li atoms; default from --diffusion)." };
        var volume = new Option<double?>("--volume-a3") { Description = "Volume V [Å³] (default from --diffusion)." };
        var sv = new Option<double>("--sigma-volume-a3") { Description = "σ(V) [Å³]. Default 0.", DefaultValueFactory = _ => 0.0 };
        var charge = new Option<double>("--charge") { Description = "Carrier charge q [e]. Default +1 (formal Li+).", DefaultValueFactory = _ => 1.0 };
        var haven = new Option<double>("--haven") { Description = "Haven ratio H (σ = N q² D/(V kB T H)). Default 1.", DefaultValueFactory = _ => 1.0 };
        var outOpt = OutputCliOptions.Out("JSON output: the ConductivityRecord (conductivity_s_per_cm, sigma_conductivity_s_per_cm, d_cm2_per_s, carriers, volume_a3, the published range). Default: stdout.");
        var png = new Option<string?>("--png") { Description = "PNG of log10 σ against 1000/T with the published room-temperature range of 70Li2S–30P2S5 glasses (Fig. 2B)." }.Output(OutputKind.File);
        var cmd = new Command("conductivity", "Nernst–Einstein ionic conductivity σ = N q² D / (V kB T H) in S/cm (q = +1 e, H = 1 by default) with propagated uncertainty, next to published values for 70Li2S–30P2S5 glasses.")
        {
            diff, d, sd, temp, carriers, volume, sv, charge, haven, outOpt, png,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var c = ConductivityTask.Run(new ConductivityTaskOptions
            {
                Diffusion = pr.GetValue(diff), DCm2PerS = pr.GetValue(d), SigmaDCm2PerS = pr.GetValue(sd), TemperatureK = pr.GetValue(temp), Carriers = pr.GetValue(carriers),
                VolumeA3 = pr.GetValue(volume), SigmaVolumeA3 = pr.GetValue(sv), ChargeE = pr.GetValue(charge), HavenRatio = pr.GetValue(haven), Output = pr.GetValue(outOpt), Png = pr.GetValue(png),
            });
            Console.WriteLine(pr.GetValue(outOpt) is { } outPath
                ? FormattableString.Invariant($"σ = {c.ConductivitySPerCm:G4} ± {c.SigmaConductivitySPerCm:G2} S/cm at {c.TemperatureK} K; wrote {outPath}")
                : ResultJson.Serialize(c));
            return 0;
        }));
        return cmd;
    }
}
