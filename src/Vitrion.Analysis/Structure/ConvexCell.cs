using System.Runtime.CompilerServices;
using Vitrion.Core;

namespace Vitrion.Analysis.Structure;

/// <summary>
/// A convex polyhedron around the origin, cut by half-spaces n·x ≤ h as voro++ does with its cells, and edited in
/// place. Every vertex has exactly three edges (a cut only ever adds vertices on existing edges, each joined to the
/// kept end and to its two neighbours on the new face), stored as neighbour indices in counter-clockwise order seen
/// from outside, each with the slot of the back edge at the neighbour; a face is walked by leaving each vertex
/// through the slot two after the one it was entered by. A cut classifies the vertices, adds one vertex per crossed
/// edge, links the new vertices around the new face by walking the cut faces through removed vertices, and moves the
/// last vertices into the holes of the removed ones: work proportional to the vertices, not to a rebuilt copy of the
/// polyhedron. Coincident vertices (planes through a vertex) are kept as zero-length edges. Reused between atoms (no
/// allocation once the buffers have grown). Not thread-safe: one per worker.
/// </summary>
internal sealed class ConvexCell
{
    private Vec3[] _p = new Vec3[64];
    private int[] _nb = new int[192];
    private int[] _back = new int[192];
    private double[] _s = new double[64];
    private double[] _r2 = new double[64];
    private int[] _cross = new int[192];
    private int[] _newU = new int[64];
    private int[] _newSlot = new int[64];
    private int[] _del = new int[64];
    private bool[] _seen = new bool[192];
    private int _nv;
    private double _w;

    private Vec3[] _candD = new Vec3[256];
    private int[] _candJ = new int[256];
    private double[] _candR2 = new double[256];
    private int[] _candOrder = new int[256];
    private readonly int[] _bucketStart = new int[33];

    public double MaxRadiusSquared { get; private set; }

    /// <summary>True when a cut removed the whole cell (radical tessellation only).</summary>
    public bool IsEmpty { get; private set; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => _nv;

    /// <summary>Buffers a neighbour candidate (displacement [Å] and atom index).</summary>
    public void AddCandidate(ref int count, Vec3 d, int j)
    {
        if (count == _candD.Length)
        {
            Array.Resize(ref _candD, count * 2);
            Array.Resize(ref _candJ, count * 2);
            Array.Resize(ref _candR2, count * 2);
            Array.Resize(ref _candOrder, count * 2);
        }

        _candD[count] = d;
        _candJ[count] = j;
        _candR2[count] = d.NormSquared;
        count++;
    }

    /// <summary>
    /// Orders the buffered candidates by distance, coarsely: a counting sort of r² into 32 equal-width buckets between 0
    /// and the largest r² (stable: within a bucket, the order they were added in). Only the rough order matters (near
    /// planes first, so that farther ones mostly miss the shrunken cell), and it costs O(n) where an exact sort of the
    /// ~50 candidates of the nearest blocks took a tenth of the whole tessellation.
    /// </summary>
    public void SortCandidates(int count)
    {
        const int buckets = 32;
        double[] keys = _candR2;
        double max = 0;
        for (int a = 0; a < count; a++) { if (keys[a] > max) { max = keys[a]; } }
        double inv = max > 0 ? (buckets - 0.5) / max : 0;
        int[] start = _bucketStart;
        Array.Clear(start);
        for (int a = 0; a < count; a++) { start[(int)(keys[a] * inv) + 1]++; }
        for (int b = 0; b < buckets; b++) { start[b + 1] += start[b]; }
        int[] order = _candOrder;
        for (int a = 0; a < count; a++) { order[start[(int)(keys[a] * inv)]++] = a; }
    }

    /// <summary>The <paramref name="q"/>-th nearest buffered candidate (in the order of <see cref="SortCandidates"/>).</summary>
    public (Vec3 D, int J) Candidate(int q)
    {
        int k = _candOrder[q];
        return (_candD[k], _candJ[k]);
    }

    /// <summary>Number of faces (Euler: F = V/2 + 2 for three edges per vertex; 0 for an empty cell).</summary>
    public int FaceCount => _nv == 0 ? 0 : _nv / 2 + 2;

    /// <summary>
    /// True when part of the starting cube's surface survives, i.e. the cell is not closed by neighbours. Vertices on a
    /// cube face keep its coordinate ±w exactly (a crossing on an edge of that face interpolates between two equal
    /// values), so an exact comparison is the test.
    /// </summary>
    public bool TouchesStartingCube()
    {
        double w = _w;
        Vec3[] p = _p;
        for (int k = 0; k < _nv; k++)
        {
            Vec3 v = p[k];
            if (Math.Abs(v.X) == w || Math.Abs(v.Y) == w || Math.Abs(v.Z) == w) { return true; }
        }

        return false;
    }

    /// <summary>Resets to the cube [−w, w]³.</summary>
    public void InitCube(double w)
    {
        _nv = 8;
        _w = w;
        IsEmpty = false;
        for (int k = 0; k < 8; k++)
        {
            int sx = (k & 1) != 0 ? 1 : -1, sy = (k & 2) != 0 ? 1 : -1, sz = (k & 4) != 0 ? 1 : -1;
            _p[k] = new Vec3(sx * w, sy * w, sz * w);
            _r2[k] = 3 * w * w;
            // Edges along −sx x̂, −sy ŷ, −sz ẑ: counter-clockwise about the outward direction (sx, sy, sz) in the
            // order x, y, z when sx·sy·sz > 0, else x, z, y.
            bool even = sx * sy * sz > 0;
            _nb[3 * k] = k ^ 1;
            _nb[3 * k + 1] = even ? k ^ 2 : k ^ 4;
            _nb[3 * k + 2] = even ? k ^ 4 : k ^ 2;
        }

        for (int k = 0; k < 8; k++)
        {
            for (int e = 0; e < 3; e++)
            {
                int q = _nb[3 * k + e];
                _back[3 * k + e] = _nb[3 * q] == k ? 0 : _nb[3 * q + 1] == k ? 1 : 2;
            }
        }

        MaxRadiusSquared = 3 * w * w;
    }

    /// <summary>
    /// Cuts with the half-space n·x ≤ h (n a unit vector). Returns false when the plane misses the cell.
    /// Vertices within <paramref name="eps"/> of the plane count as inside.
    /// </summary>
    public bool Cut(Vec3 n, double h, double eps)
    {
        if (h * h > MaxRadiusSquared && h > 0) { return false; }
        int nv = _nv;
        // A cut at most adds three vertices per removed one.
        EnsureCapacity(4 * nv + 8);
        Vec3[] p = _p;
        double[] side = _s, rr = _r2;
        int nOut = 0;
        int[] del = _del;
        double m = 0; // largest r² of the kept vertices
        for (int k = 0; k < nv; k++)
        {
            Vec3 v = p[k];
            double s = n.X * v.X + n.Y * v.Y + n.Z * v.Z - h;
            side[k] = s;
            if (s > eps) { del[nOut++] = k; }
            else if (rr[k] > m) { m = rr[k]; }
        }

        if (nOut == 0) { return false; }
        if (nOut == nv)
        {
            // Possible in radical tessellations: a small atom next to a large one has an empty cell.
            _nv = 0;
            MaxRadiusSquared = 0;
            IsEmpty = true;
            return true;
        }

        int[] nb = _nb, back = _back, cross = _cross, newU = _newU, newSlot = _newSlot;
        // One new vertex on every edge from a removed vertex u to a kept vertex w; slot 0 of the new vertex is w.
        int nNew = 0;
        for (int d = 0; d < nOut; d++)
        {
            int u = del[d];
            for (int e = 0; e < 3; e++)
            {
                int w = nb[3 * u + e];
                double sw = side[w];
                if (sw > eps) { continue; }
                int x = nv + nNew;
                double su = side[u];
                double t = sw / (sw - su);
                Vec3 pw = p[w], pu = p[u];
                var px = new Vec3(pw.X + t * (pu.X - pw.X), pw.Y + t * (pu.Y - pw.Y), pw.Z + t * (pu.Z - pw.Z));
                p[x] = px;
                double r2 = px.X * px.X + px.Y * px.Y + px.Z * px.Z;
                rr[x] = r2;
                if (r2 > m) { m = r2; }
                int bw = back[3 * u + e];
                nb[3 * w + bw] = x;
                back[3 * w + bw] = 0;
                nb[3 * x] = w;
                back[3 * x] = bw;
                cross[3 * u + e] = x;
                newU[nNew] = u;
                newSlot[nNew] = e;
                nNew++;
            }
        }

        // Link the new vertices around the new face: from the new vertex on w → u, walk the face that runs w → u → …
        // through removed vertices to its exit edge u' → w'; the new vertex there follows (slot 2 here, slot 1 there).
        for (int q = 0; q < nNew; q++)
        {
            int x = nv + q;
            int cur = newU[q], inSlot = newSlot[q];
            int x2 = -1;
            for (int steps = 0; steps <= nv; steps++)
            {
                int ns = inSlot == 0 ? 2 : inSlot - 1;
                int nxt = nb[3 * cur + ns];
                if (side[nxt] <= eps) { x2 = cross[3 * cur + ns]; break; }
                inSlot = back[3 * cur + ns];
                cur = nxt;
            }

            if (x2 < 0) { throw new InvalidOperationException("degenerate Voronoi cut (open face walk)"); }
            nb[3 * x + 2] = x2;
            back[3 * x + 2] = 1;
            nb[3 * x2 + 1] = x;
            back[3 * x2 + 1] = 2;
        }

        // Fill the holes of the removed vertices (ascending in del) with the last vertices, largest hole first.
        int top = nv + nNew;
        for (int d = nOut - 1; d >= 0; d--)
        {
            int hole = del[d];
            top--;
            if (hole == top) { continue; }
            p[hole] = p[top];
            rr[hole] = rr[top];
            for (int e = 0; e < 3; e++)
            {
                int q = nb[3 * top + e], bq = back[3 * top + e];
                nb[3 * hole + e] = q;
                back[3 * hole + e] = bq;
                nb[3 * q + bq] = hole;
            }
        }

        _nv = top;
        MaxRadiusSquared = m;
        return true;
    }

    /// <summary>Volume [Å³] (sum of signed tetrahedra from the origin over fans of the faces).</summary>
    public double Volume()
    {
        int nv = _nv;
        bool[] seen = _seen;
        int[] nb = _nb, back = _back;
        Vec3[] p = _p;
        Array.Clear(seen, 0, 3 * nv);
        double vol = 0;
        for (int v = 0; v < nv; v++)
        {
            for (int e = 0; e < 3; e++)
            {
                if (seen[3 * v + e]) { continue; }
                seen[3 * v + e] = true;
                Vec3 a = p[v];
                int b = nb[3 * v + e], slot = back[3 * v + e];
                int steps = 0;
                while (true)
                {
                    int ns = slot == 0 ? 2 : slot - 1;
                    int c = nb[3 * b + ns];
                    seen[3 * b + ns] = true;
                    if (c == v) { break; }
                    if (++steps > nv) { throw new InvalidOperationException("degenerate Voronoi cell (open face)"); }
                    vol += Vec3.Dot(a, Vec3.Cross(p[b], p[c]));
                    slot = back[3 * b + ns];
                    b = c;
                }
            }
        }

        return vol / 6.0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int n)
    {
        n = Math.Max(n, 2 * _p.Length);
        Array.Resize(ref _p, n);
        Array.Resize(ref _nb, 3 * n);
        Array.Resize(ref _back, 3 * n);
        Array.Resize(ref _s, n);
        Array.Resize(ref _r2, n);
        Array.Resize(ref _cross, 3 * n);
        Array.Resize(ref _newU, n);
        Array.Resize(ref _newSlot, n);
        Array.Resize(ref _del, n);
        Array.Resize(ref _seen, 3 * n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureCapacity(int n)
    {
        if (_p.Length < n) { Grow(n); }
    }
}
