using System.CommandLine;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Transport;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze conductivity</c>: Nernst–Einstein conductivity with its uncertainty, against published values.</summary>
public sealed class AnalyzeConductivityCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var diff = new Option<string?>("--diffusion") { Description = "JSON from 'vitrion analyze diffusion' (D, σ(D), carriers and volume taken from it)." };
        var d = new Option<double?>("--d-cm2s") { Description = "D [cm²/s] (instead of --diffusion)." };
        var sd = new Option<double>("--sigma-d-cm2s") { Description = "σ(D) [cm²/s]. Default 0.", DefaultValueFactory = _ => 0.0 };
        var temp = new Option<double>("--temperature") { Description = "Temperature [K] of the run (required).", Required = true };
        var carriers = new Option<int?>("--carriers") { Description = "Number of carriers N (e.g. Li atoms; default from --diffusion)." };
        var volume = new Option<double?>("--volume-a3") { Description = "Volume V [Å³] (default from --diffusion)." };
        var sv = new Option<double>("--sigma-volume-a3") { Description = "σ(V) [Å³]. Default 0.", DefaultValueFactory = _ => 0.0 };
        var charge = new Option<double>("--charge") { Description = "Carrier charge q [e]. Default +1 (formal Li+).", DefaultValueFactory = _ => 1.0 };
        var haven = new Option<double>("--haven") { Description = "Haven ratio H (σ = N q² D/(V kB T H)). Default 1.", DefaultValueFactory = _ => 1.0 };
        var outOpt = new Option<string?>("--out") { Description = "JSON output. Default: stdout." }.Output(OutputKind.File);
        var png = new Option<string?>("--png") { Description = "PNG of log10 σ against 1000/T with the published room-temperature range of 70Li2S–30P2S5 glasses (Fig. 2B)." }.Output(OutputKind.File);
        var cmd = new Command("conductivity", "Nernst–Einstein ionic conductivity σ = N q² D / (V kB T H) in S/cm (q = +1 e, H = 1 by default) with propagated uncertainty, next to published values for 70Li2S–30P2S5 glasses.")
        {
            diff, d, sd, temp, carriers, volume, sv, charge, haven, outOpt, png,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            double dv, sdv;
            int? n = pr.GetValue(carriers);
            double? v = pr.GetValue(volume);
            if (pr.GetValue(diff) is { } path)
            {
                var (dj, sj, nj, vj) = AnalyzeDiffusionCommand.ReadJson(path);
                dv = dj; sdv = sj; n ??= nj; v ??= vj;
            }
            else if (pr.GetValue(d) is double dd)
            {
                dv = dd; sdv = pr.GetValue(sd);
            }
            else
            {
                throw new InputException("give --diffusion FILE or --d-cm2s D");
            }

            if (n is null || v is null) { throw new InputException("the carrier count and volume are needed: --carriers N --volume-a3 V (or a --diffusion JSON from a trajectory)"); }
            double tk = pr.GetValue(temp);
            var c = NernstEinstein.Conductivity(dv, sdv, n.Value, v.Value, tk, pr.GetValue(charge), pr.GetValue(haven), pr.GetValue(sv));
            var pub = NernstEinstein.Published70Li2S30P2S5;
            var node = new JsonObject
            {
                ["conductivity_S_per_cm"] = c.SigmaSPerCm,
                ["sigma_conductivity_S_per_cm"] = c.UncertaintySPerCm,
                ["temperature_K"] = tk,
                ["D_cm2_per_s"] = dv,
                ["sigma_D_cm2_per_s"] = sdv,
                ["carriers"] = n.Value,
                ["volume_A3"] = v.Value,
                ["carrier_density_per_cm3"] = c.CarrierDensityPerCm3,
                ["charge_e"] = c.ChargeE,
                ["haven_ratio"] = c.HavenRatio,
                ["published_room_temperature_glass_range_S_per_cm"] = new JsonArray(pub.GlassLowSPerCm, pub.GlassHighSPerCm),
                ["published_note"] = "glassy electrolytes at room temperature 1e-5–1e-3 S/cm (Hona et al. 2023 review); 1.6e-4 S/cm often quoted for 70Li2S–30P2S5 glass (unverified here); 70:30 glass-ceramic 1.7e-2 S/cm (Seino et al. 2014)",
            };
            if (pr.GetValue(png) is { } p)
            {
                TransportCharts.Conductivity(p, FormattableString.Invariant($"Nernst–Einstein conductivity at {tk} K"),
                    [new ConductivityChartPoint("this run", tk, c.SigmaSPerCm, c.UncertaintySPerCm)], References());
            }

            string text = node.ToJsonString(TransportCli.Json);
            if (pr.GetValue(outOpt) is { } outPath)
            {
                AtomicFile.WriteAllText(outPath, text + "\n");
                Console.WriteLine(FormattableString.Invariant($"σ = {c.SigmaSPerCm:G4} ± {c.UncertaintySPerCm:G2} S/cm at {tk} K; wrote {outPath}"));
            }
            else
            {
                Console.WriteLine(text);
            }

            return 0;
        }));
        return cmd;
    }

    /// <summary>The published references drawn on conductivity charts.</summary>
    internal static ConductivityReference[] References()
    {
        var pub = NernstEinstein.Published70Li2S30P2S5;
        return
        [
            new("glasses at RT, 1e-5–1e-3 S/cm (Hona 2023 review)", pub.GlassLowSPerCm, pub.GlassHighSPerCm),
            new("70Li2S–30P2S5 glass, 1.6e-4 S/cm (often quoted)", pub.GlassTypicalSPerCm, pub.GlassTypicalSPerCm),
            new("70:30 glass-ceramic, 1.7e-2 S/cm (Seino 2014)", pub.GlassCeramicSPerCm, pub.GlassCeramicSPerCm),
        ];
    }
}
