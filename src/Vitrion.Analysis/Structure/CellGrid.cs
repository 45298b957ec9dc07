using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vitrion.Core;

namespace Vitrion.Analysis.Structure;

/// <summary>
/// A cell grid in fractional coordinates of a periodic (or partly periodic) box: atoms wrapped into the box,
/// binned into nx × ny × nz cells. Used by the pair searches of the structure analyses (threaded, no pair
/// storage) and by the Voronoi tessellation.
/// </summary>
internal sealed class CellGrid
{
    public CellGrid(Box box, IReadOnlyList<Vec3> positions, double cellSize)
    {
        Box = box;
        int n = positions.Count;
        Wrapped = new Vec3[n];
        Frac = new Vec3[n];
        Vec3 w = box.PerpendicularWidths;
        Widths = w;
        Nx = Math.Clamp((int)Math.Floor(w.X / cellSize), 1, 256);
        Ny = Math.Clamp((int)Math.Floor(w.Y / cellSize), 1, 256);
        Nz = Math.Clamp((int)Math.Floor(w.Z / cellSize), 1, 256);
        CellOf = new int[n];
        CellStart = new int[Nx * Ny * Nz + 1];
        for (int i = 0; i < n; i++)
        {
            Vec3 f = box.ToFractional(positions[i]);
            double fx = f.X - Math.Floor(f.X), fy = f.Y - Math.Floor(f.Y), fz = f.Z - Math.Floor(f.Z);
            if (fx >= 1.0) { fx = 0; }
            if (fy >= 1.0) { fy = 0; }
            if (fz >= 1.0) { fz = 0; }
            Frac[i] = new Vec3(fx, fy, fz);
            Wrapped[i] = box.FractionalToDisplacement(Frac[i]);
            int cx = Math.Min((int)(fx * Nx), Nx - 1), cy = Math.Min((int)(fy * Ny), Ny - 1), cz = Math.Min((int)(fz * Nz), Nz - 1);
            int c = (cz * Ny + cy) * Nx + cx;
            CellOf[i] = c;
            CellStart[c + 1]++;
        }

        for (int c = 0; c < Nx * Ny * Nz; c++) { CellStart[c + 1] += CellStart[c]; }
        CellAtoms = new int[n];
        var fill = (int[])CellStart.Clone();
        for (int i = 0; i < n; i++) { CellAtoms[fill[CellOf[i]]++] = i; }
    }

    public Box Box { get; }

    public int Nx { get; }

    public int Ny { get; }

    public int Nz { get; }

    public Vec3 Widths { get; }

    /// <summary>Positions wrapped into the box, relative to the box origin [Å].</summary>
    public Vec3[] Wrapped { get; }

    /// <summary>Wrapped fractional coordinates in [0, 1).</summary>
    public Vec3[] Frac { get; }

    public int[] CellOf { get; }

    public int[] CellStart { get; }

    public int[] CellAtoms { get; }

    /// <summary>Search range in cells per axis for a sphere of radius <paramref name="r"/> [Å].</summary>
    public (int X, int Y, int Z) Range(double r) =>
        ((int)Math.Ceiling(r / Widths.X * Nx), (int)Math.Ceiling(r / Widths.Y * Ny), (int)Math.Ceiling(r / Widths.Z * Nz));

    public static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    /// <summary>
    /// Calls <paramref name="visit"/>(i, j, r²) for every ordered pair with j ≥ i... (see remarks): each unordered
    /// pair of distinct atoms within <paramref name="cutoff"/> once (j &gt; i), and each periodic self-image of an
    /// atom (j == i, non-zero shift) once per image (both ±shift are visited).
    /// Runs atoms in parallel; <paramref name="visit"/> receives the worker's state.
    /// </summary>
    public void ForEachHalfPair<TState>(double cutoff, Func<TState> init, Action<TState, int, int, double> visit, Action<TState> merge)
    {
        double rc2 = cutoff * cutoff;
        var (rx, ry, rz) = Range(cutoff);
        bool px = Box.Periodic.X, py = Box.Periodic.Y, pz = Box.Periodic.Z;
        int n = Wrapped.Length;
        Parallel.For(0, n, new ParallelOptions(), init, (i, _, state) =>
        {
            int c = CellOf[i];
            int cx = c % Nx, cy = c / Nx % Ny, cz = c / (Nx * Ny);
            Vec3 xi = Wrapped[i];
            for (int dz = -rz; dz <= rz; dz++)
            {
                int z = cz + dz, sz = 0;
                if (pz) { sz = FloorDiv(z, Nz); z -= sz * Nz; }
                else if (z < 0 || z >= Nz) { continue; }
                for (int dy = -ry; dy <= ry; dy++)
                {
                    int y = cy + dy, sy = 0;
                    if (py) { sy = FloorDiv(y, Ny); y -= sy * Ny; }
                    else if (y < 0 || y >= Ny) { continue; }
                    for (int dx = -rx; dx <= rx; dx++)
                    {
                        int x = cx + dx, sx = 0;
                        if (px) { sx = FloorDiv(x, Nx); x -= sx * Nx; }
                        else if (x < 0 || x >= Nx) { continue; }
                        bool zero = sx == 0 && sy == 0 && sz == 0;
                        Vec3 t = zero ? Vec3.Zero : Box.Translation(new Int3(sx, sy, sz));
                        double ox = t.X - xi.X, oy = t.Y - xi.Y, oz = t.Z - xi.Z;
                        int cc = (z * Ny + y) * Nx + x;
                        int end = CellStart[cc + 1];
                        for (int k = CellStart[cc]; k < end; k++)
                        {
                            int j = CellAtoms[k];
                            if (j < i || (j == i && zero)) { continue; }
                            Vec3 pj = Wrapped[j];
                            double ddx = pj.X + ox, ddy = pj.Y + oy, ddz = pj.Z + oz;
                            double r2 = ddx * ddx + ddy * ddy + ddz * ddz;
                            if (r2 < rc2) { visit(state, i, j, r2); }
                        }
                    }
                }
            }

            return state;
        }, merge);
    }
    /// <summary>
    /// Histogram of the distances of all pairs within <paramref name="cutoff"/> [Å], by category pair: entry
    /// (c_a·<paramref name="categories"/> + c_b)·<paramref name="bins"/> + bin counts the pairs with one atom of
    /// category c_a and the other of c_b (which of the two comes first is arbitrary, so a caller sums (a, b) and
    /// (b, a)), bin = ⌊r·<paramref name="bins"/>/cutoff⌋. Each unordered pair of distinct atoms is counted once,
    /// and each periodic self-image pair {i, i + T} once per ±T pair (as ordered pairs (i, i+T) and (i, i−T) of a
    /// full list would count twice). Cell pairs are visited over a half stencil (no pair is tested twice), pruned
    /// by the distance bound between cells; atoms are packed in cell order so the inner loop runs over contiguous
    /// arrays. Threaded over home cells.
    /// </summary>
    /// <param name="cutoff">largest distance [Å]; also the histogram range.</param>
    /// <param name="category">category (0 ≤ c &lt; categories) per atom of the grid.</param>
    /// <param name="categories">number of categories.</param>
    /// <param name="bins">number of bins.</param>
    public long[] CategoryHistogram(double cutoff, int[] category, int categories, int bins)
    {
        int n = Wrapped.Length;
        int ncell = Nx * Ny * Nz;
        var xs = new double[n];
        var ys = new double[n];
        var zs = new double[n];
        var row = new int[n];
        var col = new int[n];
        for (int k = 0; k < n; k++)
        {
            int i = CellAtoms[k];
            Vec3 w = Wrapped[i];
            xs[k] = w.X;
            ys[k] = w.Y;
            zs[k] = w.Z;
            row[k] = category[i] * categories * bins;
            col[k] = category[i] * bins;
        }

        double rc2 = cutoff * cutoff;
        double inv = bins / cutoff;
        var (rx, ry, rz) = Range(cutoff);
        var (wrapX, shiftX) = WrapTable(Nx, rx, Box.Periodic.X);
        var (wrapY, shiftY) = WrapTable(Ny, ry, Box.Periodic.Y);
        var (wrapZ, shiftZ) = WrapTable(Nz, rz, Box.Periodic.Z);
        // Half stencil: offsets after (0, 0, 0) in (z, y, x) order whose cells can hold a pair within the cutoff.
        double cwx = Widths.X / Nx, cwy = Widths.Y / Ny, cwz = Widths.Z / Nz;
        bool ortho = !Box.IsTriclinic;
        var stencil = new List<(int Dx, int Dy, int Dz)>();
        for (int dz = 0; dz <= rz; dz++)
        {
            for (int dy = dz == 0 ? 0 : -ry; dy <= ry; dy++)
            {
                for (int dx = dz == 0 && dy == 0 ? 1 : -rx; dx <= rx; dx++)
                {
                    double gx = Math.Max(Math.Abs(dx) - 1, 0) * cwx, gy = Math.Max(Math.Abs(dy) - 1, 0) * cwy, gz = Math.Max(Math.Abs(dz) - 1, 0) * cwz;
                    double b = ortho ? Math.Sqrt(gx * gx + gy * gy + gz * gz) : Math.Max(gx, Math.Max(gy, gz));
                    if (b > cutoff) { continue; }
                    stencil.Add((dx, dy, dz));
                }
            }
        }

        var st = stencil.ToArray();
        Box box = Box;
        int size = categories * categories * bins;
        var total = new long[size];
        Parallel.For(0, ncell, new ParallelOptions(), () => new long[size], (c, _, h) =>
        {
            int s1 = CellStart[c], e1 = CellStart[c + 1];
            if (s1 == e1) { return h; }
            int cx = c % Nx, cy = c / Nx % Ny, cz = c / (Nx * Ny);
            // Pairs inside the home cell.
            HistogramCells(xs, ys, zs, row, col, h, s1, e1, s1, e1, 0, 0, 0, true, rc2, inv, bins);
            foreach (var (dx, dy, dz) in st)
            {
                int x = wrapX[cx + dx + rx], y = wrapY[cy + dy + ry], z = wrapZ[cz + dz + rz];
                if ((x | y | z) < 0) { continue; }
                int cc = (z * Ny + y) * Nx + x;
                int s2 = CellStart[cc], e2 = CellStart[cc + 1];
                if (s2 == e2) { continue; }
                int sx = shiftX[cx + dx + rx], sy = shiftY[cy + dy + ry], sz = shiftZ[cz + dz + rz];
                Vec3 t = (sx | sy | sz) == 0 ? Vec3.Zero : box.Translation(new Int3(sx, sy, sz));
                HistogramCells(xs, ys, zs, row, col, h, s1, e1, s2, e2, t.X, t.Y, t.Z, false, rc2, inv, bins);
            }

            return h;
        }, h =>
        {
            lock (total)
            {
                for (int k = 0; k < total.Length; k++) { total[k] += h[k]; }
            }
        });
        return total;
    }

    /// <summary>Per axis: the wrapped cell index (−1 outside a non-periodic box) and image shift of cell u − r.</summary>
    private static (int[] Cell, int[] Shift) WrapTable(int n, int r, bool periodic)
    {
        var cell = new int[n + 2 * r];
        var shift = new int[n + 2 * r];
        for (int u = 0; u < cell.Length; u++)
        {
            int x = u - r;
            int s = FloorDiv(x, n);
            cell[u] = periodic || s == 0 ? x - s * n : -1;
            shift[u] = periodic ? s : 0;
        }

        return (cell, shift);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HistogramCells(double[] xs, double[] ys, double[] zs, int[] row, int[] col, long[] h,
        int s1, int e1, int s2, int e2, double tx, double ty, double tz, bool same, double rc2, double inv, int bins)
    {
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(xs);
        ref double y0 = ref MemoryMarshal.GetArrayDataReference(ys);
        ref double z0 = ref MemoryMarshal.GetArrayDataReference(zs);
        ref int c0 = ref MemoryMarshal.GetArrayDataReference(col);
        ref long h0 = ref MemoryMarshal.GetArrayDataReference(h);
        for (int a = s1; a < e1; a++)
        {
            // Same arithmetic as ForEachHalfPair: d = x_b + (T − x_a).
            double ox = tx - Unsafe.Add(ref x0, a), oy = ty - Unsafe.Add(ref y0, a), oz = tz - Unsafe.Add(ref z0, a);
            ref long hr = ref Unsafe.Add(ref h0, row[a]);
            for (int b = same ? a + 1 : s2; b < e2; b++)
            {
                double dx = Unsafe.Add(ref x0, b) + ox, dy = Unsafe.Add(ref y0, b) + oy, dz = Unsafe.Add(ref z0, b) + oz;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 < rc2)
                {
                    int bin = (int)(Math.Sqrt(r2) * inv);
                    if (bin < bins) { Unsafe.Add(ref hr, Unsafe.Add(ref c0, b) + bin)++; }
                }
            }
        }
    }
}
