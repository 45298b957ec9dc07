using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Transport;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze arrhenius</c>: Ea ± σ from D(T), and extrapolation to room temperature.</summary>
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
        var outOpt = new Option<string?>("--out") { Description = "JSON output (Ea ± σ in eV and kJ/mol, D0, D and σ at --extrapolate-k, the points). Default: stdout." }.Output(OutputKind.File);
        var png = new Option<string?>("--png") { Description = "PNG of log10 D against 1000/T with the fitted line (Fig. 2A); with --carriers/--volume-a3 also NAME-conductivity.png: σ(T) and its extrapolation against the published room-temperature range (Fig. 2B)." }.Output(OutputKind.File);
        var cmd = new Command("arrhenius", "Arrhenius fit ln D = ln D0 − Ea/(kB T), weighted by σ(D), with Ea ± σ in eV and extrapolation to room temperature.")
        {
            table, msd, at, carriers, volume, outOpt, png,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var points = new List<DiffusionPoint>();
            if (pr.GetValue(table) is { } tablePath) { points.AddRange(ReadTable(tablePath)); }
            foreach (var spec in pr.GetValue(msd) ?? [])
            {
                int eq = spec.IndexOf('=');
                if (eq <= 0 || !double.TryParse(spec[..eq], NumberStyles.Float, CultureInfo.InvariantCulture, out double tk))
                {
                    throw new InputException($"--msd '{spec}': expected T=FILE with T in K (e.g. 600=msd600.csv)");
                }

                string file = spec[(eq + 1)..];
                if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    var (d, s, _, _) = AnalyzeDiffusionCommand.ReadJson(file);
                    points.Add(new DiffusionPoint(tk, d, s));
                }
                else
                {
                    var (time, m) = TransportCli.ReadMsdCsv(file);
                    var fit = DiffusionFit.Fit(time, m);
                    points.Add(new DiffusionPoint(tk, fit.DCm2PerS, fit.SigmaDCm2PerS));
                }
            }

            if (points.Count == 0) { throw new InputException("give --table FILE or at least two --msd T=FILE"); }
            var a = ArrheniusFit.Fit(points);
            double tx = pr.GetValue(at);
            var (dx, sLn) = a.Extrapolate(tx);
            var pts = new JsonArray();
            foreach (var p in points)
            {
                var o = new JsonObject { ["temperature_K"] = p.TemperatureK, ["D_cm2_per_s"] = p.DCm2PerS, ["sigma_D_cm2_per_s"] = p.SigmaDCm2PerS };
                if (pr.GetValue(carriers) is int nc && pr.GetValue(volume) is double v)
                {
                    var c = NernstEinstein.Conductivity(p.DCm2PerS, p.SigmaDCm2PerS, nc, v, p.TemperatureK);
                    o["conductivity_S_per_cm"] = c.SigmaSPerCm;
                    o["sigma_conductivity_S_per_cm"] = c.UncertaintySPerCm;
                }

                pts.Add(o);
            }

            var node = new JsonObject
            {
                ["Ea_eV"] = a.EaEv,
                ["sigma_Ea_eV"] = a.SigmaEaEv,
                ["Ea_kJ_per_mol"] = a.EaKjPerMol,
                ["lnD0"] = a.LnD0,
                ["sigma_lnD0"] = a.SigmaLnD0,
                ["cov_lnD0_Ea"] = a.CovLnD0Ea,
                ["D0_cm2_per_s"] = a.D0Cm2PerS,
                ["weighted"] = a.Weighted,
                ["reduced_chi_square"] = double.IsFinite(a.ReducedChiSquare) ? a.ReducedChiSquare : null,
                ["extrapolation_K"] = tx,
                ["D_at_extrapolation_cm2_per_s"] = dx,
                ["sigma_lnD_at_extrapolation"] = sLn,
                ["D_at_extrapolation_1sigma_range_cm2_per_s"] = new JsonArray(dx * Math.Exp(-sLn), dx * Math.Exp(sLn)),
                ["points"] = pts,
            };
            if (pr.GetValue(carriers) is int n && pr.GetValue(volume) is double vol)
            {
                var c = NernstEinstein.Conductivity(dx, dx * sLn, n, vol, tx);
                node["conductivity_at_extrapolation_S_per_cm"] = c.SigmaSPerCm;
                node["sigma_conductivity_at_extrapolation_S_per_cm"] = c.UncertaintySPerCm;
                if (pr.GetValue(png) is { } cpng)
                {
                    var line = Enumerable.Range(0, 30).Select(i => tx + (points.Max(p => p.TemperatureK) - tx) * i / 29.0)
                        .Select(tt => (tt, NernstEinstein.Conductivity(a.Extrapolate(tt).DCm2PerS, 0, n, vol, tt).SigmaSPerCm)).ToArray();
                    var cp = points.Select(p => NernstEinstein.Conductivity(p.DCm2PerS, p.SigmaDCm2PerS, n, vol, p.TemperatureK))
                        .Select(r => new ConductivityChartPoint("MD (Nernst–Einstein)", r.TemperatureK, r.SigmaSPerCm, r.UncertaintySPerCm))
                        .Append(new ConductivityChartPoint(FormattableString.Invariant($"extrapolated to {tx} K"), tx, c.SigmaSPerCm, c.UncertaintySPerCm)).ToArray();
                    TransportCharts.Conductivity(Path.ChangeExtension(cpng, null) + "-conductivity.png", "Nernst–Einstein conductivity vs published 70Li2S–30P2S5", cp, AnalyzeConductivityCommand.References(), line);
                    node["conductivity_png"] = Path.ChangeExtension(cpng, null) + "-conductivity.png";
                }
            }

            if (pr.GetValue(png) is { } p2)
            {
                TransportCharts.Arrhenius(p2, FormattableString.Invariant($"Arrhenius: Ea = {a.EaEv:0.000} ± {a.SigmaEaEv:0.000} eV"),
                    points.Select(p => new ArrheniusChartPoint("MD", p.TemperatureK, p.DCm2PerS, p.SigmaDCm2PerS)).ToArray(),
                    [new ArrheniusChartLine(FormattableString.Invariant($"fit, Ea = {a.EaEv:0.000} ± {a.SigmaEaEv:0.000} eV"), a.LnD0, a.EaEv, Math.Min(tx, points.Min(p => p.TemperatureK)), points.Max(p => p.TemperatureK))]);
            }

            string text = node.ToJsonString(TransportCli.Json);
            if (pr.GetValue(outOpt) is { } outPath)
            {
                AtomicFile.WriteAllText(outPath, text + "\n");
                Console.WriteLine(FormattableString.Invariant($"Ea = {a.EaEv:0.0000} ± {a.SigmaEaEv:0.0000} eV; D({tx} K) = {dx:G3} cm²/s (×/÷ {Math.Exp(sLn):0.00}); wrote {outPath}"));
            }
            else
            {
                Console.WriteLine(text);
            }

            return 0;
        }));
        return cmd;
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
