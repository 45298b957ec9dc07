using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vitrion.Analysis.Structure;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Transport;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion analyze trace</c>: Li trajectory traces coloured by the nearest anion (Fig. 4D).</summary>
public sealed class AnalyzeTraceCommand : ICliCommand
{
    /// <inheritdoc />
    public string? Group => "analyze";

    /// <inheritdoc />
    public Command Create()
    {
        var t = new TrajectoryCliOptions();
        var start = new Option<double?>("--start-fs") { Description = "Window start [fs] (default: the first frame)." };
        var window = new Option<double>("--window-fs") { Description = "Window length [fs]. Default 10000 (10 ps, as Fig. 4D).", DefaultValueFactory = _ => 10000.0 };
        var axis = new Option<string>("--axis") { Description = "Projection axis x|y|z: the picture shows the other two. Default z.", DefaultValueFactory = _ => "z" };
        var slab = new Option<double>("--slab-a") { Description = "Thickness [Å] of the slab (perpendicular to --axis, at the window start) whose atoms are traced; 0 = all. Default 6.", DefaultValueFactory = _ => 6.0 };
        var centre = new Option<double>("--slab-centre") { Description = "Slab centre as a fraction of the box along --axis. Default 0.5.", DefaultValueFactory = _ => 0.5 };
        var perClass = new Option<int>("--per-class") { Description = "At most this many traces per anion class, picked at random (--seed); 0 = all. Default 0.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the --per-class pick. Default 7.", DefaultValueFactory = _ => 7 };
        var classes = new Option<string>("--anion-classes") { Description = "How the S atoms get their anion class: 'names' (Ariga type names S4→PS4, S1/Sc→P2S7, S2→P2S6, S0→S2-; default) or 'census' (anion-cluster census of the first frame from bonds or geometry).", DefaultValueFactory = _ => "names" };
        var outOpt = new Option<string?>("--out") { Description = "CSV output (columns id,anion,time_fs,x_A,y_A,z_A: unwrapped, drift-corrected); the projected PNG goes beside it. Required.", Required = true }.Output(OutputKind.File);
        var cmd = new Command("trace", "Trajectory traces of Li over a time window, each coloured by the anion class of the S nearest to it at the window start, as data and as a projected picture (paper Fig. 4D).");
        t.AddTo(cmd);
        foreach (Option o in new Option[] { start, window, axis, slab, centre, perClass, seed, classes, outOpt }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            int ax = pr.GetValue(axis)!.ToLowerInvariant() switch { "x" => 0, "y" => 1, "z" => 2, var s => throw new InputException($"--axis '{s}': expected x, y or z") };
            if (!(pr.GetValue(window) > 0)) { throw new InputException("--window-fs must be positive"); }
            var frames = t.Frames(pr);
            IReadOnlyDictionary<int, string>? classMap = null;
            string how = pr.GetValue(classes)!.ToLowerInvariant();
            if (how == "census")
            {
                var list = frames.ToList();
                if (list.Count == 0) { throw new InputException("the trajectory holds no frame"); }
                var f0 = list[0];
                var census = AnionClusters.FromFrame(f0);
                var map = new Dictionary<int, string>();
                for (int i = 0; i < f0.AtomCount; i++)
                {
                    if (AtomTypes.ElementOf(f0.TypeNames[f0.Types[i]]) != "S") { continue; }
                    string? c = census.Kind[i] switch
                    {
                        AnionClusterKind.PS4 => AnionClass.PS4,
                        AnionClusterKind.P2S7 => AnionClass.P2S7,
                        AnionClusterKind.P2S6 => AnionClass.P2S6,
                        AnionClusterKind.S => AnionClass.S2Minus,
                        AnionClusterKind.Other => "other",
                        _ => null,
                    };
                    if (c is not null) { map[f0.Ids[i]] = c; }
                }

                classMap = map;
                frames = list;
            }
            else if (how != "names")
            {
                throw new InputException($"--anion-classes '{how}': expected names or census");
            }

            var o = new TraceOptions
            {
                Species = t.SpeciesList(pr), StartFs = pr.GetValue(start), WindowFs = pr.GetValue(window), Axis = ax, SlabThicknessA = pr.GetValue(slab),
                SlabCentreFraction = pr.GetValue(centre), MaxPerClass = pr.GetValue(perClass), Seed = pr.GetValue(seed),
                Com = TransportCli.ParseCom(pr.GetValue(t.Com)!), TimestepFs = pr.GetValue(t.DtFs), AnionClassById = classMap,
            };
            var r = TraceAnalysis.Compute(frames, o);
            var sb = new StringBuilder("id,anion,time_fs,x_A,y_A,z_A\n");
            foreach (var tr in r.Traces)
            {
                for (int k = 0; k < r.TimesFs.Length; k++)
                {
                    var p = tr.PositionsA[k];
                    sb.Append(CultureInfo.InvariantCulture, $"{tr.Id},{tr.AnionClass},{r.TimesFs[k]:R},{p.X:R},{p.Y:R},{p.Z:R}\n");
                }
            }

            string outPath = pr.GetValue(outOpt)!;
            AtomicFile.WriteAllText(outPath, sb.ToString());
            int a1 = ax == 0 ? 1 : 0, a2 = ax == 2 ? 1 : 2;
            string[] axn = ["x", "y", "z"];
            TransportCharts.Traces(Path.ChangeExtension(outPath, ".png"),
                FormattableString.Invariant($"{string.Join(",", o.Species!)} traces over {(r.TimesFs.Length > 0 ? (r.TimesFs[^1] - r.TimesFs[0]) / 1000 : 0):0.##} ps ({r.Traces.Count} atoms{(double.IsNaN(r.SlabLowA) ? "" : $", slab {axn[ax]} ∈ [{r.SlabLowA:0.#}, {r.SlabHighA:0.#}] Å")})"),
                $"{axn[a1]} [Å]", $"{axn[a2]} [Å]",
                r.Traces.Select(tr => new TraceLine(tr.AnionClass, tr.PositionsA.Select(p => p[a1]).ToArray(), tr.PositionsA.Select(p => p[a2]).ToArray())).ToArray());
            var counts = new JsonObject();
            foreach (var g in r.Traces.GroupBy(x => x.AnionClass).OrderBy(g => g.Key, StringComparer.Ordinal)) { counts[g.Key] = g.Count(); }
            Console.WriteLine(new JsonObject { ["traces"] = r.Traces.Count, ["frames"] = r.TimesFs.Length, ["by_anion"] = counts, ["csv"] = outPath }.ToJsonString(TransportCli.Json));
            return 0;
        }));
        return cmd;
    }
}
