using System.Globalization;
using Vitrion.Core;

namespace Vitrion.Paths.Hops;

/// <summary>Softness class of a Li: soft (S &gt; threshold) or hard.</summary>
public enum SoftnessClass
{
    /// <summary>S ≤ threshold.</summary>
    Hard,

    /// <summary>S &gt; threshold.</summary>
    Soft,
}

/// <summary>A sampled hop: initial and target Li ids, their softness and classes, and their distance [Å].</summary>
/// <param name="InitialId">moving Li.</param>
/// <param name="TargetId">Li whose site is the target.</param>
/// <param name="InitialSoftness">softness of the initial Li.</param>
/// <param name="TargetSoftness">softness of the target Li.</param>
/// <param name="Distance">minimum-image distance [Å].</param>
/// <param name="Threshold">softness threshold between hard and soft.</param>
public sealed record HopPair(int InitialId, int TargetId, double InitialSoftness, double TargetSoftness, double Distance, double Threshold = 0)
{
    /// <summary>Class of the initial Li.</summary>
    public SoftnessClass InitialClass => InitialSoftness > Threshold ? SoftnessClass.Soft : SoftnessClass.Hard;

    /// <summary>Class of the target Li.</summary>
    public SoftnessClass TargetClass => TargetSoftness > Threshold ? SoftnessClass.Soft : SoftnessClass.Hard;

    /// <summary>"soft→hard" etc.</summary>
    public string ClassLabel => $"{(InitialClass == SoftnessClass.Soft ? "soft" : "hard")}→{(TargetClass == SoftnessClass.Soft ? "soft" : "hard")}";
}

/// <summary>
/// Samples Li hops for barrier statistics: pairs of Li sites <see cref="MinDistance"/>–<see cref="MaxDistance"/> Å
/// apart (minimum image), stratified over the four classes soft→hard, hard→soft, soft→soft, hard→hard (in
/// turn, so the classes get equal shares as far as candidates exist), with an explicit seed.
/// </summary>
public sealed class HopSampler
{
    /// <summary>Creates a sampler.</summary>
    /// <param name="minDistance">smallest initial–target distance [Å] (default 5).</param>
    /// <param name="maxDistance">largest initial–target distance [Å] (default 10).</param>
    /// <param name="threshold">softness threshold between hard and soft (default 0, as the paper).</param>
    public HopSampler(double minDistance = 5, double maxDistance = 10, double threshold = 0)
    {
        if (!(minDistance >= 0 && maxDistance > minDistance)) { throw new ArgumentException("need 0 ≤ min distance < max distance."); }
        MinDistance = minDistance; MaxDistance = maxDistance; Threshold = threshold;
    }

    /// <summary>Smallest distance [Å].</summary>
    public double MinDistance { get; }

    /// <summary>Largest distance [Å].</summary>
    public double MaxDistance { get; }

    /// <summary>Softness threshold.</summary>
    public double Threshold { get; }

    /// <summary>Indices of Li atoms (element from the type name, or the mass).</summary>
    public static int[] LithiumAtoms(Topology topology) =>
        Enumerable.Range(0, topology.AtomCount)
            .Where(i => (AtomTypes.ElementOf(topology.TypeNames[topology.Types[i]]) ?? AtomTypes.ElementOfMass(topology.Masses[i])) == "Li")
            .ToArray();

    /// <summary>Samples up to <paramref name="count"/> distinct pairs.</summary>
    /// <param name="topology">topology (Li found by element).</param>
    /// <param name="box">box.</param>
    /// <param name="positions">positions [Å].</param>
    /// <param name="softness">softness per atom id (Li without a value are skipped).</param>
    /// <param name="count">number of pairs.</param>
    /// <param name="seed">random seed.</param>
    public IReadOnlyList<HopPair> Sample(Topology topology, Box box, IReadOnlyList<Vec3> positions, IReadOnlyDictionary<int, double> softness, int count, int seed)
    {
        var li = LithiumAtoms(topology).Where(i => softness.ContainsKey(topology.Ids[i])).ToArray();
        var rng = new Random(seed);
        var byClass = new Dictionary<(SoftnessClass, SoftnessClass), List<HopPair>>();
        foreach (var a in li)
        {
            foreach (var b in li)
            {
                if (a == b) { continue; }
                double d = box.MinimumImage(positions[b] - positions[a]).Norm;
                if (d < MinDistance || d > MaxDistance) { continue; }
                var p = new HopPair(topology.Ids[a], topology.Ids[b], softness[topology.Ids[a]], softness[topology.Ids[b]], d, Threshold);
                var key = (p.InitialClass, p.TargetClass);
                if (!byClass.TryGetValue(key, out var list)) { byClass[key] = list = []; }
                list.Add(p);
            }
        }

        (SoftnessClass, SoftnessClass)[] order =
        [
            (SoftnessClass.Soft, SoftnessClass.Hard), (SoftnessClass.Hard, SoftnessClass.Soft),
            (SoftnessClass.Soft, SoftnessClass.Soft), (SoftnessClass.Hard, SoftnessClass.Hard),
        ];
        var pools = order.Select(k => byClass.TryGetValue(k, out var l) ? l : []).ToArray();
        var result = new List<HopPair>();
        int c = 0;
        while (result.Count < count && pools.Any(p => p.Count > 0))
        {
            var pool = pools[c++ % pools.Length];
            if (pool.Count == 0) { continue; }
            int k = rng.Next(pool.Count);
            result.Add(pool[k]);
            pool[k] = pool[^1];
            pool.RemoveAt(pool.Count - 1);
        }

        return result;
    }

    /// <summary>
    /// Reads a softness CSV with a header containing the columns <c>id</c> and <c>softness</c> (other columns
    /// ignored), as written by <c>vitrion softness apply</c>. An id on several rows (one per frame) keeps its last
    /// value, or the mean over its rows when <paramref name="meanOverRows"/> is set.
    /// </summary>
    /// <exception cref="InputException">naming the file and line for a missing column or an unparsable number.</exception>
    public static Dictionary<int, double> ReadSoftnessCsv(string path, bool meanOverRows = false)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "softness file not found; create it with `vitrion softness apply`"); }
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) { throw new InputException(path, 1, "empty file; expected a header with columns id,softness"); }
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        int ci = header.IndexOf("id"), cs = header.IndexOf("softness");
        if (ci < 0 || cs < 0) { throw new InputException(path, 1, "the header needs the columns 'id' and 'softness'"); }
        var map = new Dictionary<int, double>();
        var rows = new Dictionary<int, int>();
        for (int l = 1; l < lines.Length; l++)
        {
            if (string.IsNullOrWhiteSpace(lines[l]) || lines[l].TrimStart().StartsWith('#')) { continue; }
            var f = lines[l].Split(',');
            if (f.Length <= Math.Max(ci, cs)
                || !int.TryParse(f[ci].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int id)
                || !double.TryParse(f[cs].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
            {
                throw new InputException(path, l + 1, "expected an integer id and a number softness");
            }

            if (meanOverRows && map.TryGetValue(id, out double sum))
            {
                map[id] = sum + s;
                rows[id]++;
            }
            else
            {
                map[id] = s;
                rows[id] = 1;
            }
        }

        if (meanOverRows)
        {
            foreach (var (id, n) in rows) { map[id] /= n; }
        }

        return map;
    }
}
