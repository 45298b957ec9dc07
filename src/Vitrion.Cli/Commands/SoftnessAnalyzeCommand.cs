using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Cli.Commands;

/// <summary>`vitrion softness analyze`: softness vs anions, Li–S g(r), potential energy and Voronoi volume; pictures.</summary>
public sealed class SoftnessAnalyzeCommand : ICliCommand
{
    /// <inheritdoc/>
    public string? Group => "softness";

    /// <inheritdoc/>
    public Command Create()
    {
        var traj = new Argument<string>("trajectory") { Description = "The structure/trajectory the softness was computed on." };
        var soft = new Option<string>("--softness") { Description = "Softness CSV from `vitrion softness apply` (frame,step,id,softness).", Required = true };
        var outDir = new Option<string>("--output", "-o") { Description = "Folder for analysis.json and the PNG figures.", Required = true }.Output(OutputKind.Folder);
        var typeNames = SoftnessCommon.TypeNamesOption();
        var columns = new Option<string?>("--columns") { Description = "Per-atom columns to correlate with softness, comma-separated (e.g. c_pe,c_vor[1] for LAMMPS pe/atom [kcal/mol] and voronoi/atom volume [Å³]); read from --per-atom or else from the trajectory's own extra columns." };
        var perAtom = new Option<string?>("--per-atom") { Description = "File with the per-atom columns (dump/xyz, same frames and atom ids as the trajectory), e.g. from `vitrion energy --per-atom` or `vitrion analyze voronoi`." };
        var radius = new Option<double>("--near-radius") { Description = "Radius for 'Li near an anion' and the fraction of neighbouring S [Å] (default 5.0).", DefaultValueFactory = _ => 5.0 };
        var compare = new Option<string?>("--distributions") { Description = "Other softness CSVs (comma-separated, e.g. one per composition) drawn with this one in the distribution figure (Fig. 3B); label each as path or label=path." };
        var cmd = new Command("analyze", "Relate Li softness to the anions (softness near PS4/P2S7/P2S6 within 5 Å, per-atom and binned Pearson correlations with the fraction of neighbouring S per anion), Li–S g(r) split by soft/hard Li and anion, softness vs per-atom columns (potential energy, Voronoi volume), and draw the figures.");
        cmd.Arguments.Add(traj);
        foreach (var o in new Option[] { soft, outDir, typeNames, columns, perAtom, radius, compare }) { cmd.Options.Add(o); }
        var json = OutputCliOptions.Json("SoftnessAnalysisRecord (also OUTPUT/analysis.json): count, mean, near_anion, ps_minus_p2s6, fraction_correlations, per_atom, rdfs.");
        cmd.Options.Add(json);
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            var dists = (pr.GetValue(compare) ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item =>
            {
                var parts = item.Split('=', 2);
                return parts.Length == 2 ? (parts[0], parts[1]) : (Path.GetFileNameWithoutExtension(item), item);
            }).ToList();
            string dir = pr.GetValue(outDir)!;
            var r = SoftnessAnalyzeTask.Run(new SoftnessAnalyzeOptions(pr.GetValue(traj)!, pr.GetValue(soft)!, dir,
                pr.GetValue(columns)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [], pr.GetValue(radius))
            {
                TypeNames = pr.GetValue(typeNames)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                PerAtom = pr.GetValue(perAtom),
                Distributions = dists,
            });
            if (pr.GetValue(json))
            {
                Console.WriteLine(ResultJson.Serialize(r));
                return 0;
            }

            string F(double v) => SoftnessCommon.F(v);
            Console.WriteLine($"Li values: {r.Count}; mean softness {F(r.Mean)}");
            foreach (var n in r.NearAnion)
            {
                Console.WriteLine($"near {n.Anion,-5}: mean softness {F(n.Mean)} ± {F(n.StdError)} (frame s.e.), fraction soft {F(n.FractionSoft)}, n {n.Count}");
            }

            Console.WriteLine($"mean softness near PS4 − near P2S6: {F(r.PsMinusP2s6.Mean)} ± {F(r.PsMinusP2s6.StdError)}");
            foreach (var (k, c) in r.FractionCorrelations)
            {
                Console.WriteLine($"softness vs fraction of neighbouring S in {k,-5}: per-atom r {F(c.R)} [{F(c.Low)}, {F(c.High)}], per-frame {F(c.FrameMean)} ± {F(c.FrameStdError)}, binned r {F(c.BinnedR)}");
            }

            foreach (var (k, c) in r.PerAtom)
            {
                Console.WriteLine($"softness vs {k}: per-atom r {F(c.R)} [{F(c.Low)}, {F(c.High)}], per-frame {F(c.FrameMean)} ± {F(c.FrameStdError)}, binned r {F(c.BinnedR)}");
            }

            Console.WriteLine($"wrote {dir}/analysis.json and figures");
            return 0;
        }));
        return cmd;
    }
}
