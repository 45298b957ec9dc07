using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
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
        var outOpt = OutputCliOptions.Out("CSV output (columns time_fs,msd_A2,msd_x_A2,msd_y_A2,msd_z_A2); the PNG (log–log MSD) goes beside it unless --png is given. Without it the table goes to stdout.");
        var png = new Option<string?>("--png") { Description = "PNG path of the MSD chart (default: the CSV path with .png)." }.Output(OutputKind.File);
        var perAtom = new Option<string?>("--per-atom") { Description = "CSV of per-atom MSD (columns id,type,lag_fs,msd_A2) at the lag given by --per-atom-lag-fs." }.Output(OutputKind.File);
        var perAtomLag = new Option<double?>("--per-atom-lag-fs") { Description = "Lag [fs] of the per-atom MSD (nearest kept lag; default the last frame in origin mode, half the trajectory in window mode)." };
        var ngp = new Option<string?>("--ngp") { Description = "CSV of the non-Gaussian parameter α2 = 3<r⁴>/(5<r²>²) − 1 (columns time_fs,alpha2) at log-spaced lags." }.Output(OutputKind.File);
        var vh = new Option<string?>("--van-hove") { Description = "CSV of the self van Hove function 4πr²Gs(r,t) [1/Å] (columns r_A, then one per lag) at the lags of --van-hove-lags-fs (window mode only)." }.Output(OutputKind.File);
        var vhLags = new Option<string>("--van-hove-lags-fs") { Description = "Comma-separated lags [fs] for --van-hove (default: 1/10 and 1/2 of the trajectory).", DefaultValueFactory = _ => "" };
        var json = OutputCliOptions.JsonSummary("Print a JSON summary (species, atoms, points, mode, com, unwrap, last_time_fs, last_msd_A2, mean_volume_A3, peak_trajectory_bytes, csv).");
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
