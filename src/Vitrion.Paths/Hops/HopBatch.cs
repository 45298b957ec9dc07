using System.Text;
using Vitrion.IO;

namespace Vitrion.Paths.Hops;

/// <summary>One row of a barrier batch.</summary>
/// <param name="Pair">the sampled pair.</param>
/// <param name="ForwardBarrier">forward barrier [kcal/mol] (NaN when the hop failed).</param>
/// <param name="BackwardBarrier">backward barrier [kcal/mol].</param>
/// <param name="Converged">whether relaxations and NEB converged.</param>
/// <param name="Images">images including the ends.</param>
/// <param name="Steps">NEB steps.</param>
/// <param name="MaxForce">final largest atomic NEB force [kcal/mol/Å].</param>
/// <param name="WallSeconds">wall time of the hop [s].</param>
/// <param name="Error">error message when the hop failed, else empty.</param>
/// <param name="InteriorDip">how far the lowest interior image lies below the lower end state [kcal/mol] (see <see cref="Neb.NebResult.InteriorDip"/>; NaN when the hop failed).</param>
public sealed record BarrierRow(HopPair Pair, double ForwardBarrier, double BackwardBarrier, bool Converged, int Images, int Steps, double MaxForce, double WallSeconds, string Error = "", double InteriorDip = double.NaN);

/// <summary>Median of a sample with a bootstrap standard error.</summary>
/// <param name="Label">the sample's name.</param>
/// <param name="Count">sample size.</param>
/// <param name="Median">median.</param>
/// <param name="StandardError">bootstrap standard error of the median (1000 resamples, fixed seed).</param>
public sealed record MedianEstimate(string Label, int Count, double Median, double StandardError);

/// <summary>Batch helpers: run many hops, write the CSV, summarise by class.</summary>
public static class HopBatch
{
    /// <summary>CSV header of <see cref="WriteCsv"/>.</summary>
    public const string Header = "initial_id,target_id,initial_softness,target_softness,class,distance_A,barrier_forward_kcal,barrier_backward_kcal,converged,images,neb_steps,max_force_kcal_A,wall_s,interior_dip_kcal,error";

    /// <summary>Runs every pair (sequentially; each hop's images run in parallel); failures become rows with an error.</summary>
    /// <param name="runner">the hop runner.</param>
    /// <param name="pairs">the pairs.</param>
    /// <param name="progress">called with (done, total, last row) after each hop (may be null).</param>
    public static IReadOnlyList<BarrierRow> Run(LiHopRunner runner, IReadOnlyList<HopPair> pairs, Action<int, int, BarrierRow>? progress = null)
    {
        var rows = new List<BarrierRow>();
        foreach (var p in pairs)
        {
            BarrierRow row;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var r = runner.Run(p.InitialId, p.TargetId);
                row = new BarrierRow(p, r.ForwardBarrier, r.BackwardBarrier, r.Converged, r.Neb.Images.Count, r.Neb.Steps, r.Neb.MaxForce, r.WallSeconds, "", r.Neb.InteriorDip);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or Vitrion.Core.InputException or ArithmeticException)
            {
                row = new BarrierRow(p, double.NaN, double.NaN, false, runner.Options.Images, 0, double.NaN, clock.Elapsed.TotalSeconds, e.Message);
            }

            rows.Add(row);
            progress?.Invoke(rows.Count, pairs.Count, row);
        }

        return rows;
    }

    /// <summary>Writes the rows as CSV (atomically).</summary>
    public static void WriteCsv(string path, IEnumerable<BarrierRow> rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            var p = r.Pair;
            sb.Append(FormattableString.Invariant($"{p.InitialId},{p.TargetId},{p.InitialSoftness:R},{p.TargetSoftness:R},{p.ClassLabel},{p.Distance:F4},{r.ForwardBarrier:F6},{r.BackwardBarrier:F6},{(r.Converged ? 1 : 0)},{r.Images},{r.Steps},{r.MaxForce:G6},{r.WallSeconds:F3},{r.InteriorDip:F6},"));
            sb.Append(r.Error.Replace(',', ';').Replace('\n', ' ')).Append('\n');
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Median with a bootstrap standard error (seeded, 1000 resamples).</summary>
    public static MedianEstimate Median(string label, IReadOnlyList<double> values, int seed = 12345)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) { return new MedianEstimate(label, 0, double.NaN, double.NaN); }
        double med = MedianOf(v);
        var rng = new Random(seed);
        var boot = new double[1000];
        var tmp = new double[v.Length];
        for (int b = 0; b < boot.Length; b++)
        {
            for (int k = 0; k < v.Length; k++) { tmp[k] = v[rng.Next(v.Length)]; }
            boot[b] = MedianOf(tmp);
        }

        double mean = boot.Average();
        double se = Math.Sqrt(boot.Sum(x => (x - mean) * (x - mean)) / (boot.Length - 1));
        return new MedianEstimate(label, v.Length, med, se);
    }

    /// <summary>Forward barriers grouped by the initial Li's class ("soft", "hard") and by hop class ("soft→hard", …); failed hops excluded.</summary>
    public static IReadOnlyDictionary<string, List<double>> Groups(IEnumerable<BarrierRow> rows, bool convergedOnly = false)
    {
        var g = new Dictionary<string, List<double>>();
        foreach (var r in rows)
        {
            if (!double.IsFinite(r.ForwardBarrier) || (convergedOnly && !r.Converged)) { continue; }
            string init = r.Pair.InitialClass == SoftnessClass.Soft ? "soft initial" : "hard initial";
            foreach (var key in new[] { init, r.Pair.ClassLabel })
            {
                if (!g.TryGetValue(key, out var l)) { g[key] = l = []; }
                l.Add(r.ForwardBarrier);
            }
        }

        return g;
    }

    private static double MedianOf(double[] a)
    {
        var s = (double[])a.Clone();
        Array.Sort(s);
        int n = s.Length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
