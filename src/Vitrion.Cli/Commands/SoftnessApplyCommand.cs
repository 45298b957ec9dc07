using System.Collections.Immutable;
using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO.Xyz;
using Vitrion.Learning.Softness;

namespace Vitrion.Cli.Commands;

/// <summary>`vitrion softness apply`: softness of every Li in every frame from a saved model.</summary>
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
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var m = SoftnessModel.Load(pr.GetValue(model)!);
            var applier = new SoftnessApplier(m);
            var frames = SoftnessCommon.ReadAll(pr.GetValue(traj)!, pr.GetValue(typeNames));
            var results = frames.Select((f, i) => applier.Apply(f, i)).ToList();
            SoftnessCommon.WriteSoftnessCsv(pr.GetValue(output)!, results);
            if (pr.GetValue(xyz) is string xp)
            {
                ExtendedXyzWriter.WriteAll(xp, frames.Select((f, i) =>
                {
                    var col = Enumerable.Repeat(double.NaN, f.AtomCount).ToArray();
                    for (int k = 0; k < results[i].Atoms.Length; k++) { col[results[i].Atoms[k]] = results[i].Softness[k]; }
                    return new Frame(f.Box, f.Positions.ToArray(), f.Ids.ToArray(), f.Types.ToArray(), f.TypeNames)
                    {
                        Step = f.Step,
                        Extra = ImmutableDictionary<string, double[]>.Empty.Add("softness", col),
                    };
                }));
            }

            var all = results.SelectMany(r => r.Softness).ToArray();
            Console.WriteLine($"{frames.Count} frames, {all.Length} Li values; mean softness {SoftnessCommon.F(all.Average())}, fraction soft (S > 0) {SoftnessCommon.F(all.Count(s => s > 0) / (double)all.Length)}");
            return 0;
        }));
        return cmd;
    }
}
