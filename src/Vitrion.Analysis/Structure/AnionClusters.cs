using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.Analysis.Structure;

/// <summary>The thiophosphate anion class of an atom (or of a cluster).</summary>
public enum AnionClusterKind
{
    /// <summary>Not part of an anion (Li and any element other than P and S).</summary>
    None = 0,

    /// <summary>Ortho-thiophosphate PS4(3-): one P with four S.</summary>
    PS4,

    /// <summary>Pyro-thiophosphate P2S7(4-): two PS4 tetrahedra sharing one bridging S.</summary>
    P2S7,

    /// <summary>Hypo-thiodiphosphate P2S6(4-): two PS3 units joined by a P–P bond.</summary>
    P2S6,

    /// <summary>A free sulfide ion S(2-) (an S bonded to no P).</summary>
    S,

    /// <summary>Any other P/S cluster (chains, rings, S–P–S fragments, polysulfides, ...).</summary>
    Other,
}

/// <summary>One anion cluster: its id, kind and atoms (0-based indices).</summary>
/// <param name="Id">cluster id (0-based, in order of the lowest atom index).</param>
/// <param name="Kind">its class.</param>
/// <param name="PCount">number of P atoms.</param>
/// <param name="SCount">number of S atoms.</param>
/// <param name="Atoms">atom indices (0-based, ascending).</param>
public sealed record AnionCluster(int Id, AnionClusterKind Kind, int PCount, int SCount, ImmutableArray<int> Atoms);

/// <summary>
/// The anion-cluster census of one structure. Per atom: <see cref="ClusterId"/> (−1 for atoms outside anions, i.e.
/// Li) and <see cref="Kind"/> (<see cref="AnionClusterKind.None"/> for them). Counts of clusters by kind, the share
/// of P atoms in each kind (the ternary of the paper's Fig. 1B) and the Qn distribution of P.
/// </summary>
public sealed record AnionClusterResult
{
    /// <summary>"topology" (from the bonds) or "geometry" (from P–S/P–P distances).</summary>
    public required string Method { get; init; }

    /// <summary>The P–S / P–P distance cutoff used by the geometric method [Å] (NaN for the topology).</summary>
    public double Cutoff { get; init; } = double.NaN;

    /// <summary>Per-atom cluster id (index into <see cref="Clusters"/>), −1 for non-anion atoms.</summary>
    public required ImmutableArray<int> ClusterId { get; init; }

    /// <summary>Per-atom anion class (None for non-anion atoms).</summary>
    public required ImmutableArray<AnionClusterKind> Kind { get; init; }

    /// <summary>Per-atom bridging flag: true for an S bonded to two or more P.</summary>
    public required ImmutableArray<bool> Bridging { get; init; }

    /// <summary>The clusters.</summary>
    public required ImmutableArray<AnionCluster> Clusters { get; init; }

    /// <summary>
    /// Qn distribution: entry n = number of P atoms bonded to n bridging S (n = 0..4; P with more are counted in 4).
    /// P–P bonds are not bridging S: the P of P2S6 are Q0 here and counted in <see cref="PWithPPBond"/>.
    /// </summary>
    public required ImmutableArray<int> Qn { get; init; }

    /// <summary>Number of P atoms with a P–P bond.</summary>
    public int PWithPPBond { get; init; }

    /// <summary>Number of clusters of a kind.</summary>
    public int Count(AnionClusterKind kind) => Clusters.Count(c => c.Kind == kind);

    /// <summary>Total number of P atoms in clusters.</summary>
    public int TotalP => Clusters.Sum(c => c.PCount);

    /// <summary>Fraction of P atoms that sit in clusters of a kind (0 when there is no P).</summary>
    public double ShareOfP(AnionClusterKind kind)
    {
        int total = TotalP;
        return total == 0 ? 0 : (double)Clusters.Where(c => c.Kind == kind).Sum(c => c.PCount) / total;
    }

    /// <summary>Counts by kind, keyed "PS4", "P2S7", "P2S6", "S", "other".</summary>
    public IReadOnlyDictionary<string, int> Counts => new Dictionary<string, int>
    {
        ["PS4"] = Count(AnionClusterKind.PS4),
        ["P2S7"] = Count(AnionClusterKind.P2S7),
        ["P2S6"] = Count(AnionClusterKind.P2S6),
        ["S"] = Count(AnionClusterKind.S),
        ["other"] = Count(AnionClusterKind.Other),
    };

    /// <summary>Shares of P by kind, keyed "PS4", "P2S7", "P2S6", "other" (sum 1).</summary>
    public IReadOnlyDictionary<string, double> SharesOfP => new Dictionary<string, double>
    {
        ["PS4"] = ShareOfP(AnionClusterKind.PS4),
        ["P2S7"] = ShareOfP(AnionClusterKind.P2S7),
        ["P2S6"] = ShareOfP(AnionClusterKind.P2S6),
        ["other"] = ShareOfP(AnionClusterKind.Other),
    };

    /// <summary>Number of atoms whose anion class differs between this result and <paramref name="other"/> (same atom order).</summary>
    public int Disagreements(AnionClusterResult other)
    {
        if (other.Kind.Length != Kind.Length) { throw new ArgumentException("the two results describe different numbers of atoms"); }
        int d = 0;
        for (int i = 0; i < Kind.Length; i++)
        {
            if (Kind[i] != other.Kind[i]) { d++; }
        }

        return d;
    }
}

/// <summary>
/// Anion-cluster census of Li2S–P2S5 structures: connected components of the P–S / P–P bond graph, from the bonds
/// of a topology or geometrically (P–S and P–P within a cutoff, 2.6 Å by default; S–S pairs are never bonds).
/// Components are classified by composition and connectivity: PS4 (1 P, 4 S), P2S7 (2 P, 7 S, one S shared, no
/// P–P bond), P2S6 (2 P, 6 S joined by a P–P bond), S (a lone S), Other (anything else).
/// Elements come from the type names (<see cref="AtomTypes.ElementOf"/>; P4, Pa, P2 → P; S4, S1, Sc, S2, S0 → S).
/// </summary>
public static class AnionClusters
{
    /// <summary>Census from the bonds of a topology (every bond between two P/S atoms counts).</summary>
    public static AnionClusterResult FromTopology(Topology topology)
    {
        var elem = Elements(topology.TypeNames, topology.Types);
        var bonds = new List<(int, int)>();
        foreach (var b in topology.Bonds)
        {
            if (elem[b.I] != 0 && elem[b.J] != 0) { bonds.Add((b.I, b.J)); }
        }

        return Build("topology", double.NaN, elem, bonds);
    }

    /// <summary>Census from the topology when the frame has one with bonds, else from geometry.</summary>
    public static AnionClusterResult FromFrame(Frame frame, double cutoff = 2.6) =>
        frame.Topology is { Bonds.IsEmpty: false } t && t.AtomCount == frame.AtomCount ? FromTopology(t) : FromGeometry(frame, cutoff);

    /// <summary>Census from distances: P–S and P–P pairs closer than <paramref name="cutoff"/> [Å] (periodic) are bonds.</summary>
    public static AnionClusterResult FromGeometry(Frame frame, double cutoff = 2.6)
    {
        if (!(cutoff > 0)) { throw new ArgumentOutOfRangeException(nameof(cutoff), "cutoff must be positive"); }
        var elem = Elements(frame.TypeNames, frame.Types);
        var grid = new CellGrid(frame.Box, frame.Positions.AsSpan(), cutoff);
        var all = new List<(int, int)>();
        grid.ForEachHalfPair(cutoff, () => new BondFinder(elem, []), w => { lock (all) { all.AddRange(w.Bonds); } });
        all.Sort();
        return Build("geometry", cutoff, elem, all);
    }

    /// <summary>Element codes: 0 other, 1 P, 2 S.</summary>
    internal static byte[] Elements(IReadOnlyList<string> typeNames, IReadOnlyList<int> types)
    {
        var codes = typeNames.Select(n => AtomTypes.ElementOf(n) switch { "P" => (byte)1, "S" => (byte)2, _ => (byte)0 }).ToArray();
        var e = new byte[types.Count];
        for (int i = 0; i < e.Length; i++) { e[i] = codes[types[i]]; }
        return e;
    }

    private static AnionClusterResult Build(string method, double cutoff, byte[] elem, List<(int I, int J)> bonds)
    {
        int n = elem.Length;
        var parent = new int[n];
        for (int i = 0; i < n; i++) { parent[i] = i; }
        int Find(int x)
        {
            while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
            return x;
        }

        var pNeighborsS = new int[n];
        var sNeighborsP = new int[n];
        var ppBond = new bool[n];
        foreach (var (i, j) in bonds)
        {
            int a = Find(i), b = Find(j);
            if (a != b) { parent[Math.Max(a, b)] = Math.Min(a, b); }
            if (elem[i] == 1 && elem[j] == 2) { pNeighborsS[i]++; sNeighborsP[j]++; }
            else if (elem[i] == 2 && elem[j] == 1) { pNeighborsS[j]++; sNeighborsP[i]++; }
            else if (elem[i] == 1 && elem[j] == 1) { ppBond[i] = true; ppBond[j] = true; }
        }

        var clusterId = new int[n];
        Array.Fill(clusterId, -1);
        var members = new List<List<int>>();
        var rootToId = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            if (elem[i] == 0) { continue; }
            int r = Find(i);
            if (!rootToId.TryGetValue(r, out int id))
            {
                id = members.Count;
                rootToId[r] = id;
                members.Add([]);
            }

            clusterId[i] = id;
            members[id].Add(i);
        }

        var bridging = new bool[n];
        for (int i = 0; i < n; i++) { bridging[i] = elem[i] == 2 && sNeighborsP[i] >= 2; }
        var bridgingOfP = new int[n];
        foreach (var (i, j) in bonds)
        {
            if (elem[i] == 1 && bridging[j]) { bridgingOfP[i]++; }
            if (elem[j] == 1 && bridging[i]) { bridgingOfP[j]++; }
        }

        var clusters = new AnionCluster[members.Count];
        var kinds = new AnionClusterKind[n];
        for (int c = 0; c < members.Count; c++)
        {
            var m = members[c];
            int np = m.Count(a => elem[a] == 1), ns = m.Count - np;
            int nBridge = m.Count(a => bridging[a]);
            bool anyPP = m.Any(a => ppBond[a]);
            int pp = anyPP ? bonds.Count(b => elem[b.I] == 1 && elem[b.J] == 1 && clusterId[b.I] == c) : 0;
            bool allSBonded = m.All(a => elem[a] != 2 || sNeighborsP[a] >= 1);
            var kind = (np, ns) switch
            {
                (0, 1) => AnionClusterKind.S,
                (1, 4) when allSBonded && pNeighborsS[m.First(a => elem[a] == 1)] == 4 => AnionClusterKind.PS4,
                (2, 7) when allSBonded && !anyPP && nBridge == 1 => AnionClusterKind.P2S7,
                (2, 6) when allSBonded && pp == 1 && nBridge == 0 => AnionClusterKind.P2S6,
                _ => AnionClusterKind.Other,
            };
            clusters[c] = new AnionCluster(c, kind, np, ns, [.. m]);
            foreach (int a in m) { kinds[a] = kind; }
        }

        var qn = new int[5];
        int withPP = 0;
        for (int i = 0; i < n; i++)
        {
            if (elem[i] != 1) { continue; }
            qn[Math.Min(bridgingOfP[i], 4)]++;
            if (ppBond[i]) { withPP++; }
        }

        return new AnionClusterResult
        {
            Method = method,
            Cutoff = cutoff,
            ClusterId = [.. clusterId],
            Kind = [.. kinds],
            Bridging = [.. bridging],
            Clusters = [.. clusters],
            Qn = [.. qn],
            PWithPPBond = withPP,
        };
    }

    /// <summary>Per-thread list of the P–S and P–P pairs within the cutoff.</summary>
    private readonly struct BondFinder(byte[] elem, List<(int, int)> bonds) : IHalfPairWorker
    {
        public List<(int, int)> Bonds => bonds;

        public void Pair(int i, int j, double r2)
        {
            if (i == j) { return; }
            int ei = elem[i], ej = elem[j];
            if ((ei == 1 && ej == 2) || (ei == 2 && ej == 1) || (ei == 1 && ej == 1)) { bonds.Add((i, j)); }
        }
    }
}
