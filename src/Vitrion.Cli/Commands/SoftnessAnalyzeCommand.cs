using System.CommandLine;
using System.Text.Json;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Learning.Features;
using Vitrion.Learning.Softness;
using Vitrion.Reporting;
using Vitrion.Reporting.Learning;

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
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string tpath = pr.GetValue(traj)!;
            var frames = SoftnessCommon.ReadAll(tpath, pr.GetValue(typeNames));
            var table = SoftnessCommon.ReadSoftnessCsv(pr.GetValue(soft)!);
            var fsList = new List<FrameSoftness>();
            var used = new List<Frame>();
            for (int f = 0; f < frames.Count; f++)
            {
                if (!table.TryGetValue(f, out var d)) { continue; }
                var fr = frames[f];
                var atoms = Enumerable.Range(0, fr.AtomCount).Where(i => d.ContainsKey(fr.Ids[i])).ToArray();
                if (atoms.Length != d.Count) { throw new InputException(pr.GetValue(soft), 0, $"frame {f}: {d.Count - atoms.Length} atom ids of the softness file are not in the trajectory"); }
                fsList.Add(new FrameSoftness(f, fr.Step, atoms, atoms.Select(i => fr.Ids[i]).ToArray(), atoms.Select(i => d[fr.Ids[i]]).ToArray()));
                used.Add(fr);
            }

            if (used.Count == 0) { throw new InputException(pr.GetValue(soft), 0, "no frame of the softness file matches the trajectory (frame indices start at 0)"); }
            Dictionary<string, IReadOnlyList<double[]>>? cols = null;
            if (pr.GetValue(columns) is string cs)
            {
                var names = cs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var src = pr.GetValue(perAtom) is string pa ? SoftnessCommon.ReadAll(pa, pr.GetValue(typeNames)) : frames;
                cols = [];
                foreach (var n in names)
                {
                    var list = new List<double[]>();
                    foreach (var fs in fsList)
                    {
                        if (fs.FrameIndex >= src.Count) { throw new InputException($"per-atom source has {src.Count} frames, the softness file needs frame {fs.FrameIndex}"); }
                        var sf = src[fs.FrameIndex];
                        if (!sf.Extra.TryGetValue(n, out var v)) { throw new InputException($"per-atom column '{n}' not found; available: {string.Join(", ", sf.Extra.Keys)}"); }
                        if (!sf.Ids.SequenceEqual(frames[fs.FrameIndex].Ids)) { throw new InputException("per-atom file and trajectory hold different atom ids"); }
                        list.Add(v);
                    }

                    cols[n] = list;
                }
            }

            var result = new SoftnessAnalysis(new SoftnessAnalysisOptions(pr.GetValue(radius))).Analyze(used, fsList, cols);
            string dir = pr.GetValue(outDir)!;
            Directory.CreateDirectory(dir);
            Write(result, dir, used[0], fsList[0], pr.GetValue(compare), pr.GetValue(soft)!);
            return 0;
        }));
        return cmd;
    }

    private static void Write(SoftnessAnalysisResult r, string dir, Frame frame0, FrameSoftness s0, string? compare, string softPath)
    {
        string F(double v) => SoftnessCommon.F(v);
        Console.WriteLine($"Li values: {r.AllSoftness.Length}; mean softness {F(r.AllSoftness.Average())}");
        foreach (var n in r.NearAnion)
        {
            Console.WriteLine($"near {n.Anion,-5}: mean softness {F(n.Mean)} ± {F(n.StdError)} (frame s.e.), fraction soft {F(n.FractionSoft)}, n {n.Values.Length}");
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

        var json = new
        {
            count = r.AllSoftness.Length,
            mean = r.AllSoftness.Average(),
            nearAnion = r.NearAnion.Select(n => new { anion = n.Anion.ToString(), n.Mean, n.StdError, n.FractionSoft, count = n.Values.Length }),
            psMinusP2s6 = new { r.PsMinusP2s6.Mean, r.PsMinusP2s6.StdError },
            fractionCorrelations = r.FractionCorrelations.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            perAtom = r.PerAtom,
            rdfs = r.Rdfs,
        };
        var opts = new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        AtomicFile.WriteAllText(Path.Combine(dir, "analysis.json"), JsonSerializer.Serialize(json, opts));

        var dists = new List<(string, IReadOnlyList<double>)> { (Path.GetFileNameWithoutExtension(softPath), r.AllSoftness) };
        if (compare is not null)
        {
            foreach (var item in compare.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = item.Split('=', 2);
                string label = parts.Length == 2 ? parts[0] : Path.GetFileNameWithoutExtension(item);
                string p = parts.Length == 2 ? parts[1] : item;
                dists.Add((label, SoftnessCommon.ReadSoftnessCsv(p).Values.SelectMany(d => d.Values).ToArray()));
            }
        }

        Charts.Histograms(Path.Combine(dir, "fig3b_softness_distribution.png"), "Li softness distribution", "softness", dists);
        Charts.Histograms(Path.Combine(dir, "fig3e_softness_near_anions.png"), "Softness of Li within the near radius of each anion", "softness",
            r.NearAnion.Select(n => (n.Anion.ToString(), (IReadOnlyList<double>)n.Values)));
        Charts.Lines(Path.Combine(dir, "fig3d_li_s_rdf.png"), "Li–S g(r) by Li softness and anion", "r (Å)", "g(r)",
            r.Rdfs.Select(x => new Series($"{x.LiClass} Li – S({x.Anion})", x.R, x.G)));
        foreach (var (k, c) in r.PerAtom)
        {
            string safe = new string(k.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray());
            Charts.Lines(Path.Combine(dir, $"fig3f_{safe}.png"), $"{k} vs softness (binned means)", "softness", k, [new Series(k, c.BinCentres, c.BinMeans, Markers: true)]);
        }

        Charts.Lines(Path.Combine(dir, "fraction_vs_softness.png"), "Fraction of neighbouring S per anion vs softness (binned)", "softness", "fraction of S",
            r.FractionCorrelations.Select(kv => new Series(kv.Key.ToString(), kv.Value.BinCentres, kv.Value.BinMeans, Markers: true)));
        var wrapped = frame0.WrappedPositions();
        SoftnessCharts.ColouredSnapshot(Path.Combine(dir, "fig3a_li_softness_snapshot.png"), "Li coloured by softness (first frame, x–y projection)",
            s0.Atoms.Select(i => wrapped[i].X).ToArray(), s0.Atoms.Select(i => wrapped[i].Y).ToArray(), s0.Softness);
        var anions = AnionClasses.Of(frame0);
        var elements = AnionClasses.Elements(frame0);
        SoftnessCharts.CategorySnapshot(Path.Combine(dir, "fig3c_anion_clusters.png"), "S atoms by anion cluster (first frame, x–y projection; Li hidden)",
            new[] { AnionKind.PS4, AnionKind.P2S7, AnionKind.P2S6 }.Select(k =>
            {
                var idx = Enumerable.Range(0, frame0.AtomCount).Where(i => elements[i] == "S" && anions[i] == k).ToArray();
                return (k.ToString(), (IReadOnlyList<double>)idx.Select(i => wrapped[i].X).ToArray(), (IReadOnlyList<double>)idx.Select(i => wrapped[i].Y).ToArray());
            }));
        Console.WriteLine($"wrote {dir}/analysis.json and figures");
    }
}
