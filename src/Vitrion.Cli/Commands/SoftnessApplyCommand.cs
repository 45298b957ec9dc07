using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary>`vitrion softness apply`: softness of every Li in every frame from a saved model (<see cref="SoftnessApplyTask"/>).</summary>
public sealed class SoftnessApplyCommand : ICliCommand
{
    /// <inheritdoc/>
    public string? Group => "softness";

    /// <inheritdoc/>
    public Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file written by `vitrion softness train`." };
        var traj = new Argument<string>("trajectory") { Description = "Structure or trajectory (LAMMPS data/dump, extended XYZ)." };
        var output = new Option<string>("--output", "-o") { Description = "CSV to write: frame,step,id,softness (softness in units of standardised features; > 0 soft).", Required = true }.Output(OutputKind.File);
        var xyz = new Option<string?>("--xyz") { Description = "Also write extended XYZ with a per-atom 'softness' column (NaN for non-Li) for OVITO." }.Output(OutputKind.File);
        var typeNames = SoftnessCommon.TypeNamesOption();
        var cmd = new Command("apply", "Apply a saved softness model to any structure or trajectory; features are computed with the model's own definition.");
        cmd.Arguments.Add(model);
        cmd.Arguments.Add(traj);
        cmd.Options.Add(output);
        cmd.Options.Add(xyz);
        cmd.Options.Add(typeNames);
        var json = OutputCliOptions.Json("SoftnessApplyRecord: frames, values, mean_softness, fraction_soft.");
        cmd.Options.Add(json);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var r = SoftnessApplyTask.Run(new SoftnessApplyOptions(pr.GetValue(model)!, pr.GetValue(traj)!, pr.GetValue(output)!, pr.GetValue(xyz))
            {
                TypeNames = pr.GetValue(typeNames)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            });
            Console.WriteLine(pr.GetValue(json) ? ResultJson.Serialize(r)
                : $"{r.Frames} frames, {r.Values} Li values; mean softness {SoftnessCommon.F(r.MeanSoftness)}, fraction soft (S > 0) {SoftnessCommon.F(r.FractionSoft)}");
            return 0;
        }));
        return cmd;
    }
}
