using Vitrion.Core;

namespace Vitrion.Analysis.Structure;

/// <summary>
/// A convex polyhedron around the origin stored as a vertex array and oriented face loops (counter-clockwise seen
/// from outside), cut by half-spaces n·x ≤ h as voro++ does with its cells. Reused between atoms (no allocation
/// per cut once the buffers have grown). Not thread-safe: one per worker.
/// </summary>
internal sealed class ConvexCell
{
    private Vec3[] _v = new Vec3[64];
    private int _nv;
    private int[] _f = new int[256];
    private int[] _fs = new int[64];
    private int[] _ftag = new int[64];
    private int _nf;

    private Vec3[] _v2 = new Vec3[64];
    private int[] _f2 = new int[256];
    private int[] _fs2 = new int[64];
    private int[] _ftag2 = new int[64];
    private double[] _s = new double[64];
    private int[] _map = new int[64];
    private int[] _crossA = new int[32], _crossB = new int[32], _crossX = new int[32];
    private int _ncross;
    private int[] _capNext = new int[64];
    private int _capCount;

    private Vec3[] _candD = new Vec3[256];
    private int[] _candJ = new int[256];
    private double[] _candR2 = new double[256];

    public double MaxRadiusSquared { get; private set; }

    /// <summary>True when a cut removed the whole cell (radical tessellation only).</summary>
    public bool IsEmpty { get; private set; }

    /// <summary>Buffers a neighbour candidate (displacement [Å] and atom index).</summary>
    public void AddCandidate(ref int count, Vec3 d, int j)
    {
        if (count == _candD.Length)
        {
            Array.Resize(ref _candD, count * 2);
            Array.Resize(ref _candJ, count * 2);
            Array.Resize(ref _candR2, count * 2);
        }

        _candD[count] = d;
        _candJ[count] = j;
        _candR2[count] = d.NormSquared;
        count++;
    }

    /// <summary>Sorts the buffered candidates by distance.</summary>
    public void SortCandidates(int count)
    {
        var idx = _candJ.AsSpan(0, count);
        var keys = _candR2.AsSpan(0, count);
        var ds = _candD.AsSpan(0, count);
        // Sort the three arrays together by distance (insertion sort is fast for ~100 items).
        for (int a = 1; a < count; a++)
        {
            double k = keys[a]; int j = idx[a]; Vec3 d = ds[a];
            int b = a - 1;
            while (b >= 0 && keys[b] > k) { keys[b + 1] = keys[b]; idx[b + 1] = idx[b]; ds[b + 1] = ds[b]; b--; }
            keys[b + 1] = k; idx[b + 1] = j; ds[b + 1] = d;
        }
    }

    /// <summary>A buffered candidate.</summary>
    public (Vec3 D, int J) Candidate(int q) => (_candD[q], _candJ[q]);

    public int FaceCount => _nf;

    public int Tag(int face) => _ftag[face];

    /// <summary>Resets to the cube [−w, w]³ (faces tagged −1).</summary>
    public void InitCube(double w)
    {
        _nv = 8;
        IsEmpty = false;
        for (int k = 0; k < 8; k++)
        {
            _v[k] = new Vec3((k & 1) != 0 ? w : -w, (k & 2) != 0 ? w : -w, (k & 4) != 0 ? w : -w);
        }

        int[][] loops = [[0, 4, 6, 2], [1, 3, 7, 5], [0, 1, 5, 4], [2, 6, 7, 3], [0, 2, 3, 1], [4, 5, 7, 6]];
        _nf = 6;
        int p = 0;
        for (int f = 0; f < 6; f++)
        {
            _fs[f] = p;
            _ftag[f] = -1;
            foreach (int v in loops[f]) { _f[p++] = v; }
        }

        _fs[6] = p;
        MaxRadiusSquared = 3 * w * w;
    }

    /// <summary>
    /// Cuts with the half-space n·x ≤ h (n a unit vector). Returns false when the plane misses the cell.
    /// Vertices within <paramref name="eps"/> of the plane count as inside.
    /// </summary>
    public bool Cut(Vec3 n, double h, int tag, double eps)
    {
        if (h * h > MaxRadiusSquared && h > 0) { return false; }
        if (_s.Length < _nv) { _s = new double[_nv * 2]; _map = new int[_nv * 2]; }
        bool any = false;
        bool allOut = true;
        for (int k = 0; k < _nv; k++)
        {
            Vec3 v = _v[k];
            double s = n.X * v.X + n.Y * v.Y + n.Z * v.Z - h;
            _s[k] = s;
            if (s > eps) { any = true; } else { allOut = false; }
        }

        if (!any) { return false; }
        if (allOut)
        {
            // Possible in radical tessellations: a small atom next to a large one has an empty cell.
            _nv = 0;
            _nf = 0;
            _fs[0] = 0;
            MaxRadiusSquared = 0;
            IsEmpty = true;
            return true;
        }

        // Kept vertices.
        int nv2 = 0;
        EnsureV2(_nv * 2 + 8);
        for (int k = 0; k < _nv; k++)
        {
            if (_s[k] <= eps) { _map[k] = nv2; _v2[nv2++] = _v[k]; }
            else { _map[k] = -1; }
        }

        _ncross = 0;
        _capCount = 0;
        int firstNew = nv2;
        int nf2 = 0, p2 = 0;
        for (int f = 0; f < _nf; f++)
        {
            int start = _fs[f], end = _fs[f + 1], len = end - start;
            int faceStart = p2;
            int entry = -1, exit = -1;
            for (int q = 0; q < len; q++)
            {
                int a = _f[start + q], b = _f[start + (q + 1 == len ? 0 : q + 1)];
                bool ain = _map[a] >= 0, bin = _map[b] >= 0;
                EnsureF2(p2 + 3);
                if (ain) { _f2[p2++] = _map[a]; }
                if (ain != bin)
                {
                    int x = -1;
                    for (int e = 0; e < _ncross; e++)
                    {
                        if (_crossA[e] == b && _crossB[e] == a) { x = _crossX[e]; break; }
                    }

                    if (x < 0)
                    {
                        double sa = _s[a], sb = _s[b];
                        double t = sa / (sa - sb);
                        Vec3 va = _v[a], vb = _v[b];
                        EnsureV2(nv2 + 1);
                        x = nv2;
                        _v2[nv2++] = new Vec3(va.X + t * (vb.X - va.X), va.Y + t * (vb.Y - va.Y), va.Z + t * (vb.Z - va.Z));
                        if (_ncross == _crossA.Length)
                        {
                            Array.Resize(ref _crossA, _ncross * 2);
                            Array.Resize(ref _crossB, _ncross * 2);
                            Array.Resize(ref _crossX, _ncross * 2);
                        }

                        _crossA[_ncross] = a;
                        _crossB[_ncross] = b;
                        _crossX[_ncross++] = x;
                    }

                    _f2[p2++] = x;
                    if (ain) { exit = x; } else { entry = x; }
                }
            }

            if (p2 - faceStart >= 3)
            {
                EnsureFaces(nf2 + 2);
                _fs2[nf2] = faceStart;
                _ftag2[nf2] = _ftag[f];
                nf2++;
            }
            else
            {
                p2 = faceStart;
            }

            if (entry >= 0 && exit >= 0)
            {
                int slot = entry - firstNew;
                if (_capNext.Length <= slot) { Array.Resize(ref _capNext, Math.Max(slot + 1, _capNext.Length * 2)); }
                for (int z = _capCount; z <= slot; z++) { _capNext[z] = -1; }
                if (slot >= _capCount) { _capCount = slot + 1; }
                if (_capNext[slot] >= 0) { throw new InvalidOperationException("degenerate Voronoi cut (non-convex face)"); }
                _capNext[slot] = exit;
            }
            else if (entry >= 0 || exit >= 0)
            {
                throw new InvalidOperationException("degenerate Voronoi cut (unpaired crossing)");
            }
        }

        // The new face on the cutting plane: follow entry → exit links.
        int links = 0;
        for (int z = 0; z < _capCount; z++) { if (_capNext[z] >= 0) { links++; } }
        if (links >= 3)
        {
            int first = -1;
            for (int z = 0; z < _capCount && first < 0; z++) { if (_capNext[z] >= 0) { first = z + firstNew; } }
            int cur = first, steps = 0;
            int capStart = p2;
            do
            {
                EnsureF2(p2 + 1);
                _f2[p2++] = cur;
                int slot = cur - firstNew;
                cur = slot >= 0 && slot < _capCount ? _capNext[slot] : -1;
                if (cur < 0) { throw new InvalidOperationException("degenerate Voronoi cut (open cap)"); }
                if (++steps > links) { throw new InvalidOperationException("degenerate Voronoi cut (cap loop)"); }
            }
            while (cur != first);
            if (steps != links) { throw new InvalidOperationException("degenerate Voronoi cut (split cap)"); }
            EnsureFaces(nf2 + 2);
            _fs2[nf2] = capStart;
            _ftag2[nf2] = tag;
            nf2++;
        }

        _fs2[nf2] = p2;

        // Swap buffers.
        (_v, _v2) = (_v2, _v);
        (_f, _f2) = (_f2, _f);
        (_fs, _fs2) = (_fs2, _fs);
        (_ftag, _ftag2) = (_ftag2, _ftag);
        _nv = nv2;
        _nf = nf2;
        double m = 0;
        for (int k = 0; k < _nv; k++)
        {
            double r2 = _v[k].NormSquared;
            if (r2 > m) { m = r2; }
        }

        MaxRadiusSquared = m;
        return true;
    }

    /// <summary>Volume [Å³] (sum of signed tetrahedra from the origin).</summary>
    public double Volume()
    {
        double vol = 0;
        for (int f = 0; f < _nf; f++)
        {
            int start = _fs[f], end = _fs[f + 1];
            Vec3 a = _v[_f[start]];
            for (int q = start + 1; q < end - 1; q++)
            {
                Vec3 b = _v[_f[q]], c = _v[_f[q + 1]];
                vol += Vec3.Dot(a, Vec3.Cross(b, c));
            }
        }

        return vol / 6.0;
    }

    /// <summary>Area [Å²] of a face.</summary>
    public double FaceArea(int face)
    {
        int start = _fs[face], end = _fs[face + 1];
        Vec3 a = _v[_f[start]];
        Vec3 sum = Vec3.Zero;
        for (int q = start + 1; q < end - 1; q++)
        {
            sum += Vec3.Cross(_v[_f[q]] - a, _v[_f[q + 1]] - a);
        }

        return 0.5 * sum.Norm;
    }

    private void EnsureV2(int n)
    {
        if (_v2.Length < n) { Array.Resize(ref _v2, Math.Max(n, _v2.Length * 2)); }
    }

    private void EnsureF2(int n)
    {
        if (_f2.Length < n) { Array.Resize(ref _f2, Math.Max(n, _f2.Length * 2)); }
    }

    private void EnsureFaces(int n)
    {
        if (_fs2.Length < n + 1)
        {
            Array.Resize(ref _fs2, Math.Max(n + 1, _fs2.Length * 2));
            Array.Resize(ref _ftag2, Math.Max(n + 1, _ftag2.Length * 2));
        }
    }
}
