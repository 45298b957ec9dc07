using Vitrion.Core;

namespace Vitrion.Analysis.Transport;

/// <summary>Options of <see cref="TraceAnalysis"/> (Fig. 4D: Li traces over 10 ps).</summary>
public sealed record TraceOptions
{
    /// <summary>Species traced (default Li).</summary>
    public IReadOnlyList<string>? Species { get; init; } = ["Li"];

    /// <summary>Window start [fs] (default the first frame).</summary>
    public double? StartFs { get; init; }

    /// <summary>Window length [fs] (default 10 000).</summary>
    public double WindowFs { get; init; } = 10000;

    /// <summary>Projection axis 0 = x, 1 = y, 2 = z (default 2: the picture shows x–y).</summary>
    public int Axis { get; init; } = 2;

    /// <summary>Slab centre along the axis, as a fraction of the box (default 0.5).</summary>
    public double SlabCentreFraction { get; init; } = 0.5;

    /// <summary>Slab thickness [Å] at the window start (default 6; 0 or less = every atom).</summary>
    public double SlabThicknessA { get; init; } = 6;

    /// <summary>At most this many traces per anion class, picked at random with <see cref="Seed"/> (0 = all; default 0).</summary>
    public int MaxPerClass { get; init; }

    /// <summary>Seed of the random pick (default 7).</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Drift removal (default system).</summary>
    public ComReference Com { get; init; } = ComReference.System;

    /// <summary>MD timestep [fs] for frames without time (default 1).</summary>
    public double TimestepFs { get; init; } = 1.0;

    /// <summary>
    /// Anion class of each atom by id, e.g. from a geometric cluster census (helper "structure"'s AnionClusters);
    /// null = from the S type names of the Ariga force field (<see cref="AnionClass.OfTypeName"/>).
    /// </summary>
    public IReadOnlyDictionary<int, string>? AnionClassById { get; init; }
}

/// <summary>Anion classes of S atoms.</summary>
public static class AnionClass
{
    /// <summary>PS4³⁻.</summary>
    public const string PS4 = "PS4";

    /// <summary>P2S7⁴⁻.</summary>
    public const string P2S7 = "P2S7";

    /// <summary>P2S6⁴⁻.</summary>
    public const string P2S6 = "P2S6";

    /// <summary>Free S²⁻.</summary>
    public const string S2Minus = "S2-";

    /// <summary>The class of an S type of the Ariga force field: S4 → PS4, S1/Sc → P2S7, S2 → P2S6, S0 → S2−; null for other types.</summary>
    public static string? OfTypeName(string typeName) => typeName switch
    {
        "S4" => PS4,
        "S1" or "Sc" => P2S7,
        "S2" => P2S6,
        "S0" => S2Minus,
        _ => null,
    };
}

/// <summary>One atom's trace.</summary>
/// <param name="Id">atom id.</param>
/// <param name="AnionClass">class of the nearest anion S at the window start.</param>
/// <param name="NearestAnionId">id of that S.</param>
/// <param name="NearestDistanceA">distance to it [Å].</param>
/// <param name="PositionsA">unwrapped, drift-corrected positions [Å] over the window.</param>
public sealed record AtomTrace(int Id, string AnionClass, int NearestAnionId, double NearestDistanceA, Vec3[] PositionsA);

/// <summary>Traces over a window.</summary>
/// <param name="TimesFs">times of the frames [fs].</param>
/// <param name="Traces">the traces.</param>
/// <param name="Axis">projection axis.</param>
/// <param name="Box">box at the window start.</param>
/// <param name="SlabLowA">slab lower bound along the axis [Å] (NaN = no slab).</param>
/// <param name="SlabHighA">slab upper bound [Å].</param>
public sealed record TraceResult(double[] TimesFs, IReadOnlyList<AtomTrace> Traces, int Axis, Box Box, double SlabLowA, double SlabHighA);

/// <summary>
/// Trajectory traces of Li (or another species) over a window, each labelled with the anion class of the S atom
/// nearest to it at the window start (minimum image), as in Fig. 4D of the paper.
/// </summary>
public static class TraceAnalysis
{
    /// <summary>Computes the traces from streamed frames (only frames inside the window are kept, and only the traced atoms).</summary>
    public static TraceResult Compute(IEnumerable<Frame> frames, TraceOptions options)
    {
        if (options.Axis is < 0 or > 2) { throw new InputException("the projection axis must be x, y or z"); }
        TrajectoryCollector? collector = null;
        Frame? first = null;
        double start = double.NaN;
        var times = new List<double>();
        var pos = new List<Vec3[]>();
        int[] sel = [];
        foreach (var f in frames)
        {
            double t = TrajectoryCollector.TimeOf(f, options.TimestepFs);
            if (double.IsNaN(start)) { start = options.StartFs ?? t; }
            if (t < start - 1e-6) { continue; }
            if (t > start + options.WindowFs + 1e-6) { break; }
            if (collector is null)
            {
                first = f;
                collector = new TrajectoryCollector(new CollectorOptions { Species = options.Species, Com = options.Com, TimestepFs = options.TimestepFs, Store = false });
            }

            var d = collector.Add(f);
            if (sel.Length == 0) { sel = collector.Selection.ToArray(); }
            times.Add(t);
            var p = new Vec3[d.Length];
            for (int k = 0; k < d.Length; k++) { p[k] = first!.Positions[sel[k]] + d[k]; }
            pos.Add(p);
        }

        if (first is null) { throw new InputException(FormattableString.Invariant($"no frame in the trace window starting at {start} fs")); }
        var box = first.Box;
        // Anion S atoms.
        var sIdx = new List<int>();
        var sClass = new List<string>();
        for (int i = 0; i < first.AtomCount; i++)
        {
            string? cls = options.AnionClassById is { } m ? (m.TryGetValue(first.Ids[i], out var c) ? c : null) : AnionClass.OfTypeName(first.TypeNames[first.Types[i]]);
            if (cls is not null) { sIdx.Add(i); sClass.Add(cls); }
        }

        if (sIdx.Count == 0)
        {
            throw new InputException($"no anion S atom found to classify the traces (types {string.Join(", ", first.TypeNames)}); the classes come from the Ariga type names S4/S1/Sc/S2/S0 or from a cluster census");
        }

        double lo = double.NaN, hi = double.NaN;
        if (options.SlabThicknessA > 0)
        {
            double centre = options.Axis switch { 0 => box.Origin.X + options.SlabCentreFraction * box.Lx, 1 => box.Origin.Y + options.SlabCentreFraction * box.Ly, _ => box.Origin.Z + options.SlabCentreFraction * box.Lz };
            lo = centre - options.SlabThicknessA / 2;
            hi = centre + options.SlabThicknessA / 2;
        }

        var traces = new List<AtomTrace>();
        for (int k = 0; k < sel.Length; k++)
        {
            int i = sel[k];
            Vec3 r0 = box.Wrap(first.Positions[i]);
            if (!double.IsNaN(lo))
            {
                double a = r0[options.Axis];
                if (a < lo || a > hi) { continue; }
            }

            double best = double.PositiveInfinity;
            int bestS = -1;
            for (int s = 0; s < sIdx.Count; s++)
            {
                double d2 = box.ShortestImage(first.Positions[sIdx[s]] - first.Positions[i]).NormSquared;
                if (d2 < best) { best = d2; bestS = s; }
            }

            traces.Add(new AtomTrace(first.Ids[i], sClass[bestS], first.Ids[sIdx[bestS]], Math.Sqrt(best), pos.Select(p => p[k]).ToArray()));
        }

        if (options.MaxPerClass > 0)
        {
            var rng = new Random(options.Seed);
            traces = traces.GroupBy(t => t.AnionClass, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => g.OrderBy(_ => rng.Next()).Take(options.MaxPerClass).OrderBy(t => t.Id)).ToList();
        }

        return new TraceResult(times.ToArray(), traces, options.Axis, box, lo, hi);
    }
}
