using System.Globalization;
using System.Text;
using Vitrion.Analysis.Structure;
using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Transport;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="TraceTask"/> (<c>vitrion analyze trace</c> with the 'names' anion classes).</summary>
/// <param name="Trajectory">trajectory.</param>
/// <param name="Csv">CSV output (id,anion,time_fs,x_A,y_A,z_A); the projected PNG goes beside it.</param>
public sealed record TraceTaskOptions(string Trajectory, string Csv)
{
    /// <summary>Trace settings (Li in a 6 Å slab across the middle of the box along z, first 10 ps).</summary>
    public TraceOptions Trace { get; init; } = new();

    /// <summary>Format, type names, topology and frame slice of the trajectory (default: all frames, format from the extension).</summary>
    public TrajectorySelection Selection { get; init; } = new();

    /// <summary>
    /// How the S atoms get their anion class: "names" (Ariga type names S4→PS4, S1/Sc→P2S7, S2→P2S6, S0→S2-) or
    /// "census" (anion-cluster census of the first frame from bonds or geometry).
    /// </summary>
    public string AnionClasses { get; init; } = "names";
}

/// <summary>What the trace picture holds.</summary>
/// <param name="Traces">traced atoms.</param>
/// <param name="Frames">frames in the window.</param>
/// <param name="ByAnion">traced atoms per anion class of the nearest S.</param>
public sealed record TraceRecord(int Traces, int Frames, IReadOnlyDictionary<string, int> ByAnion)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static TraceRecord Read(string path) => ResultJson.Read<TraceRecord>(path);
}

/// <summary>Li trajectory traces coloured by the nearest anion (Fig. 4D).</summary>
public static class TraceTask
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    /// <exception cref="InputException">for bad settings (naming the option) or inputs.</exception>
    public static TraceRecord Run(TraceTaskOptions o)
    {
        var t = o.Trace;
        if (t.Axis is < 0 or > 2) { throw new InputException($"--axis {t.Axis}: expected x, y or z"); }
        if (!(t.WindowFs > 0)) { throw new InputException("--window-fs must be positive"); }
        var frames = TrajectoryInput.Frames(o.Trajectory, o.Selection);
        string how = o.AnionClasses.ToLowerInvariant();
        if (how == "census")
        {
            var list = frames.ToList();
            if (list.Count == 0) { throw new InputException("the trajectory holds no frame"); }
            t = t with { AnionClassById = CensusClasses(list[0]) };
            frames = list;
        }
        else if (how != "names")
        {
            throw new InputException($"--anion-classes '{how}': expected names or census");
        }

        var r = TraceAnalysis.Compute(frames, t);
        var sb = new StringBuilder("id,anion,time_fs,x_A,y_A,z_A\n");
        foreach (var tr in r.Traces)
        {
            for (int k = 0; k < r.TimesFs.Length; k++)
            {
                var p = tr.PositionsA[k];
                sb.Append(CultureInfo.InvariantCulture, $"{tr.Id},{tr.AnionClass},{r.TimesFs[k]:R},{p.X:R},{p.Y:R},{p.Z:R}\n");
            }
        }

        AtomicFile.WriteAllText(o.Csv, sb.ToString());
        int ax = t.Axis, a1 = ax == 0 ? 1 : 0, a2 = ax == 2 ? 1 : 2;
        string[] axn = ["x", "y", "z"];
        TransportCharts.Traces(Path.ChangeExtension(o.Csv, ".png"),
            FormattableString.Invariant($"{string.Join(",", t.Species!)} traces over {(r.TimesFs.Length > 0 ? (r.TimesFs[^1] - r.TimesFs[0]) / 1000 : 0):0.##} ps ({r.Traces.Count} atoms{(double.IsNaN(r.SlabLowA) ? "" : $", slab {axn[ax]} ∈ [{r.SlabLowA:0.#}, {r.SlabHighA:0.#}] Å")})"),
            $"{axn[a1]} [Å]", $"{axn[a2]} [Å]",
            r.Traces.Select(tr => new TraceLine(tr.AnionClass, tr.PositionsA.Select(p => p[a1]).ToArray(), tr.PositionsA.Select(p => p[a2]).ToArray())).ToArray());
        return new TraceRecord(r.Traces.Count, r.TimesFs.Length,
            r.Traces.GroupBy(x => x.AnionClass).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
    }

    /// <summary>The anion class of every S of a frame from the anion-cluster census (bonds of the frame, else geometry).</summary>
    /// <param name="f0">the frame.</param>
    /// <returns>class by atom id.</returns>
    public static IReadOnlyDictionary<int, string> CensusClasses(Frame f0)
    {
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

        return map;
    }
}
