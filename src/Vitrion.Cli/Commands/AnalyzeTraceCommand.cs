using System.CommandLine;
using Vitrion.Analysis.Transport;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

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
        var outOpt = OutputCliOptions.Out("CSV output (columns id,anion,time_fs,x_A,y_A,z_A: unwrapped, drift-corrected); the projected PNG goes beside it. Required. The TraceRecord (traces, frames, by_anion) is printed as JSON.");
        outOpt.Required = true;
        var cmd = new Command("trace", "Trajectory traces of Li over a time window, each coloured by the anion class of the S nearest to it at the window start, as data and as a projected picture (paper Fig. 4D).");
        t.AddTo(cmd);
        foreach (Option o in new Option[] { start, window, axis, slab, centre, perClass, seed, classes, outOpt }) { cmd.Options.Add(o); }
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            int ax = pr.GetValue(axis)!.ToLowerInvariant() switch { "x" => 0, "y" => 1, "z" => 2, var s => throw new InputException($"--axis '{s}': expected x, y or z") };
            var r = TraceTask.Run(new TraceTaskOptions(pr.GetValue(t.Input)!, pr.GetValue(outOpt)!)
            {
                Selection = t.Selection(pr),
                AnionClasses = pr.GetValue(classes)!,
                Trace = new TraceOptions
                {
                    Species = t.SpeciesList(pr), StartFs = pr.GetValue(start), WindowFs = pr.GetValue(window), Axis = ax, SlabThicknessA = pr.GetValue(slab),
                    SlabCentreFraction = pr.GetValue(centre), MaxPerClass = pr.GetValue(perClass), Seed = pr.GetValue(seed),
                    Com = TransportCli.ParseCom(pr.GetValue(t.Com)!), TimestepFs = pr.GetValue(t.DtFs),
                },
            });
            Console.WriteLine(ResultJson.Serialize(r));
            return 0;
        }));
        return cmd;
    }
}
