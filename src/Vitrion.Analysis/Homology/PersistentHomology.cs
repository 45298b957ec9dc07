using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.Analysis.Homology;

/// <summary>One persistence interval [Birth, Death) [Å] in homology dimension <see cref="Dimension"/>; Death = +∞ for essential classes.</summary>
/// <param name="Dimension">0 (components) or 1 (loops).</param>
/// <param name="Birth">filtration value at which the class appears [Å].</param>
/// <param name="Death">filtration value at which it dies [Å], or +∞.</param>
/// <param name="BirthEdge">for H1: the edge (atom indices) whose addition created the loop; (−1, −1) for H0.</param>
public sealed record PersistencePair(int Dimension, double Birth, double Death, (int A, int B) BirthEdge)
{
    /// <summary>Death − Birth [Å].</summary>
    public double Persistence => Death - Birth;

    /// <summary>True for classes that never die below the cutoff.</summary>
    public bool IsEssential => double.IsPositiveInfinity(Death);
}

/// <summary>An undirected weighted graph: the 1-skeleton of a Vietoris–Rips filtration.</summary>
/// <param name="VertexCount">number of points.</param>
/// <param name="Edges">edges (A &lt; B) with their length [Å].</param>
public sealed record DistanceGraph(int VertexCount, ImmutableArray<(int A, int B, double Length)> Edges)
{
    /// <summary>
    /// The periodic distance graph of points in a box: an edge for every pair closer than <paramref name="cutoff"/> [Å]
    /// by the minimum-image distance (each pair once, at its shortest image).
    /// </summary>
    public static DistanceGraph Periodic(Box box, IReadOnlyList<Vec3> points, double cutoff)
    {
        double minWidth = Math.Min(box.PerpendicularWidths.X, Math.Min(box.PerpendicularWidths.Y, box.PerpendicularWidths.Z));
        if (cutoff >= 0.5 * minWidth)
        {
            throw new InputException(FormattableString.Invariant($"homology cutoff {cutoff} Å must be below half the smallest box width ({0.5 * minWidth:F3} Å) so that each pair has one shortest image"));
        }

        var pos = points.ToArray();
        var nl = new NeighborList(cutoff, 0.0, half: true);
        nl.Build(box, pos);
        var best = new Dictionary<long, double>();
        var offsets = nl.Offsets;
        for (int i = 0; i < pos.Length; i++)
        {
            for (int k = offsets[i]; k < offsets[i + 1]; k++)
            {
                int j = nl.Neighbors[k];
                if (j == i) { continue; }
                double r = nl.Displacement(pos, i, k).Norm;
                if (r > cutoff) { continue; }
                long key = (long)Math.Min(i, j) * pos.Length + Math.Max(i, j);
                if (!best.TryGetValue(key, out double old) || r < old) { best[key] = r; }
            }
        }

        var edges = best.Select(kv => ((int)(kv.Key / pos.Length), (int)(kv.Key % pos.Length), kv.Value)).ToImmutableArray();
        return new DistanceGraph(pos.Length, edges);
    }

    /// <summary>The graph of a full (or lower-triangular-filled) distance matrix [Å], keeping pairs at or below <paramref name="cutoff"/>.</summary>
    public static DistanceGraph FromMatrix(double[,] d, double cutoff = double.PositiveInfinity)
    {
        int n = d.GetLength(0);
        var edges = ImmutableArray.CreateBuilder<(int, int, double)>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (d[i, j] <= cutoff) { edges.Add((i, j, d[i, j])); }
            }
        }

        return new DistanceGraph(n, edges.ToImmutable());
    }
}

/// <summary>The persistence diagrams of a Vietoris–Rips filtration, with the settings that made them.</summary>
/// <param name="Pairs">all intervals with positive persistence (H0 and H1), sorted by dimension then birth.</param>
/// <param name="Cutoff">filtration cutoff [Å]; classes alive at the cutoff are reported with Death = +∞.</param>
/// <param name="PointCount">number of points.</param>
/// <param name="EdgeCount">edges of the graph.</param>
/// <param name="TriangleCount">triangles visited by the reduction.</param>
/// <param name="Filtration">a one-line statement of the filtration ("Vietoris–Rips, periodic minimum-image distances, cutoff 4.0 Å").</param>
public sealed record PersistenceDiagram(ImmutableArray<PersistencePair> Pairs, double Cutoff, int PointCount, int EdgeCount, long TriangleCount, string Filtration)
{
    /// <summary>Intervals of one dimension.</summary>
    public IEnumerable<PersistencePair> Dimension(int dim) => Pairs.Where(p => p.Dimension == dim);

    /// <summary>Betti number of dimension <paramref name="dim"/> at filtration value <paramref name="r"/> [Å].</summary>
    public int Betti(int dim, double r) => Pairs.Count(p => p.Dimension == dim && p.Birth <= r && r < p.Death);
}

/// <summary>
/// Persistent homology (H0 and H1) of a Vietoris–Rips filtration on a distance graph. H0 comes from Kruskal's
/// union–find; H1 from the reduction of the coboundary matrix (persistent cohomology, as Ripser does) with
/// clearing (edges that kill an H0 class are paired already and their columns skipped); apparent pairs cost no
/// column addition because their pivot is never owned yet. The diagram
/// does not depend on how ties are broken. Filtration choice and reason: Rips on minimum-image distances up to a
/// cutoff below half the box, because (1) it is exactly comparable with GUDHI and Ripser on an explicit distance
/// matrix, (2) periodicity is handled by the distances alone, while a periodic alpha/Delaunay complex needs a
/// periodic triangulation library that .NET does not have.
/// </summary>
public static class PersistentHomology
{
    /// <summary>Computes H0 and H1 of the Rips filtration of <paramref name="graph"/> up to <paramref name="cutoff"/> [Å].</summary>
    public static PersistenceDiagram Compute(DistanceGraph graph, double cutoff, string filtration = "Vietoris–Rips")
    {
        int n = graph.VertexCount;
        var edges = graph.Edges.Where(e => e.Length <= cutoff).ToArray();
        // Filtration order of edges: by length, ties by (A, B).
        Array.Sort(edges, (x, y) =>
        {
            int c = x.Length.CompareTo(y.Length);
            if (c != 0) { return c; }
            c = x.A.CompareTo(y.A);
            return c != 0 ? c : x.B.CompareTo(y.B);
        });
        int m = edges.Length;
        var rankOf = new Dictionary<long, int>(m);
        for (int r = 0; r < m; r++) { rankOf[Key(edges[r].A, edges[r].B, n)] = r; }

        // Adjacency sorted by neighbour for intersection.
        var adj = new List<(int V, int Rank)>[n];
        for (int v = 0; v < n; v++) { adj[v] = []; }
        for (int r = 0; r < m; r++)
        {
            adj[edges[r].A].Add((edges[r].B, r));
            adj[edges[r].B].Add((edges[r].A, r));
        }

        var adjV = new int[n][];
        var adjR = new int[n][];
        for (int v = 0; v < n; v++)
        {
            adj[v].Sort((x, y) => x.V.CompareTo(y.V));
            adjV[v] = adj[v].Select(x => x.V).ToArray();
            adjR[v] = adj[v].Select(x => x.Rank).ToArray();
        }

        var pairs = new List<PersistencePair>();

        // H0 by union-find.
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x)
        {
            while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
            return x;
        }

        var killsComponent = new bool[m];
        for (int r = 0; r < m; r++)
        {
            int a = Find(edges[r].A), b = Find(edges[r].B);
            if (a == b) { continue; }
            parent[Math.Max(a, b)] = Math.Min(a, b);
            killsComponent[r] = true;
            if (edges[r].Length > 0) { pairs.Add(new PersistencePair(0, 0.0, edges[r].Length, (-1, -1))); }
        }

        int components = Enumerable.Range(0, n).Count(v => Find(v) == v);
        for (int c = 0; c < components; c++) { pairs.Add(new PersistencePair(0, 0.0, double.PositiveInfinity, (-1, -1))); }

        // H1 by persistent cohomology: columns are edges in decreasing filtration order; a column's entries are the
        // cofacet triangles keyed by (rank of their longest edge, third vertex); its pivot is the smallest key.
        var pivotOwner = new Dictionary<long, int>();
        var reduced = new Dictionary<int, long[]>();
        long triangles = 0;
        var work = new List<long>();
        var scratch = new List<long>();
        for (int r = m - 1; r >= 0; r--)
        {
            if (killsComponent[r]) { continue; }
            var (a, b, len) = edges[r];
            // Coboundary of edge r.
            work.Clear();
            int[] va = adjV[a], ra = adjR[a], vb = adjV[b], rb = adjR[b];
            int p = 0, q = 0;
            while (p < va.Length && q < vb.Length)
            {
                if (va[p] < vb[q]) { p++; }
                else if (va[p] > vb[q]) { q++; }
                else
                {
                    int c = va[p];
                    int rac = ra[p], rbc = rb[q];
                    int maxRank = Math.Max(r, Math.Max(rac, rbc));
                    int third = maxRank == r ? c : maxRank == rac ? b : a;
                    work.Add((long)maxRank * n + third);
                    p++; q++;
                }
            }

            triangles += work.Count;
            work.Sort();
            // Reduce.
            while (work.Count > 0)
            {
                long pivot = work[0];
                if (!pivotOwner.TryGetValue(pivot, out int owner))
                {
                    break;
                }

                SymmetricDifference(work, reduced[owner], scratch);
                (work, scratch) = (scratch, work);
            }

            if (work.Count == 0)
            {
                pairs.Add(new PersistencePair(1, len, double.PositiveInfinity, (a, b)));
                continue;
            }

            long piv = work[0];
            pivotOwner[piv] = r;
            reduced[r] = work.ToArray();
            double death = edges[(int)(piv / n)].Length;
            if (death > len) { pairs.Add(new PersistencePair(1, len, death, (a, b))); }
        }

        var sorted = pairs.OrderBy(x => x.Dimension).ThenBy(x => x.Birth).ThenBy(x => x.Death).ToImmutableArray();
        return new PersistenceDiagram(sorted, cutoff, n, m, triangles, filtration);
    }

    /// <summary>Homology of P/S positions of a frame under periodic boundary conditions.</summary>
    public static (PersistenceDiagram Diagram, int[] AtomIndices, DistanceGraph Graph) OfFrame(Frame frame, IReadOnlyCollection<string> elementsOrTypes, double cutoff)
    {
        var idx = Enumerable.Range(0, frame.AtomCount).Where(i =>
        {
            string name = frame.TypeNames[frame.Types[i]];
            return elementsOrTypes.Contains(name) || elementsOrTypes.Contains(AtomTypes.ElementOf(name) ?? string.Empty);
        }).ToArray();
        if (idx.Length == 0)
        {
            throw new InputException($"no atoms of {string.Join(",", elementsOrTypes)} in the frame (types present: {string.Join(",", frame.TypeNames)})");
        }

        var pts = idx.Select(i => frame.Positions[i]).ToArray();
        var graph = DistanceGraph.Periodic(frame.Box, pts, cutoff);
        var diagram = Compute(graph, cutoff, FormattableString.Invariant($"Vietoris–Rips on periodic minimum-image distances of {string.Join(",", elementsOrTypes)} ({idx.Length} points), cutoff {cutoff} Å"));
        return (diagram, idx, graph);
    }

    private static long Key(int a, int b, int n) => (long)Math.Min(a, b) * n + Math.Max(a, b);

    private static void SymmetricDifference(List<long> x, long[] y, List<long> result)
    {
        result.Clear();
        int i = 0, j = 0;
        while (i < x.Count && j < y.Length)
        {
            if (x[i] < y[j]) { result.Add(x[i++]); }
            else if (x[i] > y[j]) { result.Add(y[j++]); }
            else { i++; j++; }
        }

        while (i < x.Count) { result.Add(x[i++]); }
        while (j < y.Length) { result.Add(y[j++]); }
    }
}
