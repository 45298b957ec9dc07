using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.Analysis.Homology;

/// <summary>A ring of the P–S network: a representative cycle of one finite H1 class.</summary>
/// <param name="Atoms">frame atom indices along the cycle.</param>
/// <param name="Birth">birth of the class [Å].</param>
/// <param name="Death">death of the class [Å].</param>
/// <param name="Extent">largest distance between two ring atoms (unwrapped along the ring) [Å].</param>
/// <param name="Centroid">centroid of the unwrapped ring, wrapped into the box [Å].</param>
/// <param name="Clusters">ids of the anion clusters the ring passes through (molecule ids when a topology is known, otherwise empty).</param>
public sealed record Ring(ImmutableArray<int> Atoms, double Birth, double Death, double Extent, Vec3 Centroid, ImmutableArray<int> Clusters)
{
    /// <summary>Number of atoms in the ring.</summary>
    public int Size => Atoms.Length;
}

/// <summary>Per ring size: count, mean extent [Å] and the matching wave number 2π/extent [1/Å].</summary>
public sealed record RingSizeStatistics(int Size, int Count, double MeanExtent, double CharacteristicQ, double MeanSoftness, double SoftnessStdError, int LiCount);

/// <summary>
/// Rings from persistent homology: for each finite H1 class born by edge (a, b), the representative cycle is the
/// edge plus the shortest path (fewest atoms) from a to b through edges no longer than the birth edge — the
/// smallest loop that exists when the class is born. Ring size = number of atoms. The characteristic length of a
/// ring is its extent D (largest atom–atom distance); rings whose 2π/D falls near the first sharp diffraction
/// peak (1.1–1.3 Å⁻¹, i.e. D ≈ 5–6 Å) are the ones the paper links to the FSDP.
/// </summary>
public static class Rings
{
    /// <summary>Representative rings of the finite H1 classes of <paramref name="diagram"/>.</summary>
    /// <param name="frame">the frame the points came from.</param>
    /// <param name="atomIndices">frame indices of the graph's vertices.</param>
    /// <param name="graph">the distance graph.</param>
    /// <param name="diagram">its persistence diagram.</param>
    /// <param name="minPersistence">ignore classes shorter-lived than this [Å].</param>
    public static ImmutableArray<Ring> Find(Frame frame, int[] atomIndices, DistanceGraph graph, PersistenceDiagram diagram, double minPersistence = 0.0)
    {
        int n = graph.VertexCount;
        var adj = new List<(int V, double L)>[n];
        for (int v = 0; v < n; v++) { adj[v] = []; }
        foreach (var (a, b, l) in graph.Edges)
        {
            adj[a].Add((b, l));
            adj[b].Add((a, l));
        }

        var frameToVertex = new Dictionary<int, int>();
        for (int v = 0; v < n; v++) { frameToVertex[atomIndices[v]] = v; }
        var mol = frame.Topology?.MoleculeIds;
        var rings = ImmutableArray.CreateBuilder<Ring>();
        var prev = new int[n];
        var seen = new int[n];
        int stamp = 0;
        var queue = new Queue<int>();
        foreach (var pair in diagram.Dimension(1))
        {
            if (pair.IsEssential || pair.Persistence < minPersistence) { continue; }
            var (a, b) = pair.BirthEdge;
            double limit = pair.Birth;
            // BFS from a to b avoiding the edge (a, b) itself, using edges no longer than the birth edge.
            stamp++;
            queue.Clear();
            queue.Enqueue(a);
            seen[a] = stamp;
            prev[a] = -1;
            bool found = false;
            while (queue.Count > 0 && !found)
            {
                int u = queue.Dequeue();
                foreach (var (w, l) in adj[u])
                {
                    if (l > limit || seen[w] == stamp) { continue; }
                    if (u == a && w == b) { continue; }
                    seen[w] = stamp;
                    prev[w] = u;
                    if (w == b) { found = true; break; }
                    queue.Enqueue(w);
                }
            }

            if (!found) { continue; }
            var path = new List<int>();
            for (int v = b; v != -1; v = prev[v]) { path.Add(v); }
            path.Reverse();
            var atoms = path.Select(v => atomIndices[v]).ToImmutableArray();
            // Unwrap along the ring.
            var pos = new Vec3[atoms.Length];
            pos[0] = frame.Positions[atoms[0]];
            for (int k = 1; k < atoms.Length; k++)
            {
                pos[k] = pos[k - 1] + frame.Box.MinimumImage(frame.Positions[atoms[k]] - frame.Positions[atoms[k - 1]]);
            }

            double extent = 0;
            for (int x = 0; x < pos.Length; x++)
            {
                for (int y = x + 1; y < pos.Length; y++) { extent = Math.Max(extent, (pos[x] - pos[y]).Norm); }
            }

            Vec3 centroid = frame.Box.Wrap(pos.Aggregate(Vec3.Zero, (s, v) => s + v) / pos.Length);
            var clusters = mol is null ? ImmutableArray<int>.Empty : atoms.Select(i => mol.Value[i]).Distinct().Order().ToImmutableArray();
            rings.Add(new Ring(atoms, pair.Birth, pair.Death, extent, centroid, clusters));
        }

        return rings.ToImmutable();
    }

    /// <summary>
    /// Statistics per ring size, with the mean softness of the Li near each ring (Li within <paramref name="liCutoff"/> [Å]
    /// of any ring atom; each Li counted once per ring). <paramref name="softnessById"/> may be null.
    /// </summary>
    public static ImmutableArray<RingSizeStatistics> BySize(Frame frame, IReadOnlyList<Ring> rings, IReadOnlyDictionary<int, double>? softnessById, double liCutoff = 3.0)
    {
        var li = Enumerable.Range(0, frame.AtomCount).Where(i => AtomTypes.ElementOf(frame.TypeNames[frame.Types[i]]) == "Li").ToArray();
        var result = ImmutableArray.CreateBuilder<RingSizeStatistics>();
        foreach (var g in rings.GroupBy(r => r.Size).OrderBy(g => g.Key))
        {
            var soft = new List<double>();
            if (softnessById is not null)
            {
                foreach (var ring in g)
                {
                    foreach (int l in li)
                    {
                        if (!softnessById.TryGetValue(frame.Ids[l], out double s)) { continue; }
                        foreach (int a in ring.Atoms)
                        {
                            if (frame.Box.MinimumImage(frame.Positions[l] - frame.Positions[a]).Norm <= liCutoff)
                            {
                                soft.Add(s);
                                break;
                            }
                        }
                    }
                }
            }

            double meanExtent = g.Average(r => r.Extent);
            double mean = soft.Count > 0 ? soft.Average() : double.NaN;
            double se = soft.Count > 1 ? Math.Sqrt(soft.Sum(v => (v - mean) * (v - mean)) / (soft.Count - 1) / soft.Count) : double.NaN;
            result.Add(new RingSizeStatistics(g.Key, g.Count(), meanExtent, 2 * Math.PI / meanExtent, mean, se, soft.Count));
        }

        return result.ToImmutable();
    }
}
