using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vitrion.Core;
using Vitrion.Core.Spatial;

namespace Vitrion.Analysis.Structure;

/// <summary>
/// The pair searches of the structure analyses (threaded, no pair storage) on the shared cell list of
/// <see cref="PeriodicCells"/> (atoms wrapped into the box and binned; also used directly by the Voronoi
/// tessellation).
/// </summary>
internal sealed class CellGrid
{
    public CellGrid(Box box, ReadOnlySpan<Vec3> positions, double cellSize) => Cells = new PeriodicCells(box, positions, cellSize);

    /// <summary>The cell list.</summary>
    public PeriodicCells Cells { get; }

    /// <summary>
    /// Hands each unordered pair of distinct atoms within <paramref name="cutoff"/> [Å] once (j &gt; i), and each
    /// periodic self-image of an atom (j == i, non-zero shift) once per image (both ±shift), with its squared
    /// distance, to a worker's <see cref="IHalfPairWorker.Pair"/>. Runs atoms in parallel: each thread gets a worker
    /// from <paramref name="init"/> and hands it to <paramref name="merge"/> at the end. The worker is a struct, so
    /// the walk is specialised for it (no delegate call per pair).
    /// </summary>
    public void ForEachHalfPair<TWorker>(double cutoff, Func<TWorker> init, Action<TWorker> merge)
        where TWorker : struct, IHalfPairWorker
    {
        double rc2 = cutoff * cutoff;
        PeriodicCells cells = Cells;
        StencilRange range = cells.Range(cutoff);
        Parallel.For(0, cells.Count, new ParallelOptions(), init, (i, _, worker) =>
        {
            var visitor = new PairVisitor<TWorker>(cells.Wrapped, cells.Wrapped[i], rc2, worker);
            cells.ForEachCandidate(i, range, CandidateSelection.HalfWithSelfImages, ref visitor);
            return visitor.Worker;
        }, merge);
    }

    /// <summary>Passes the candidates within the cutoff to the worker.</summary>
    private ref struct PairVisitor<TWorker>(ReadOnlySpan<Vec3> wrapped, Vec3 xi, double rc2, TWorker worker) : ICandidateVisitor
        where TWorker : struct, IHalfPairWorker
    {
        private readonly ReadOnlySpan<Vec3> _wrapped = wrapped;
        private readonly Vec3 _xi = xi;
        private readonly double _rc2 = rc2;

        public TWorker Worker = worker;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int i, ReadOnlySpan<int> candidates, Int3 shift, Vec3 translation)
        {
            ReadOnlySpan<Vec3> wrapped = _wrapped;
            double ox = translation.X - _xi.X, oy = translation.Y - _xi.Y, oz = translation.Z - _xi.Z;
            double rc2 = _rc2;
            foreach (int j in candidates)
            {
                Vec3 pj = wrapped[j];
                double ddx = pj.X + ox, ddy = pj.Y + oy, ddz = pj.Z + oz;
                double r2 = ddx * ddx + ddy * ddy + ddz * ddz;
                if (r2 < rc2) { Worker.Pair(i, j, r2); }
            }
        }
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
        PeriodicCells cells = Cells;
        int nx = cells.Nx, ny = cells.Ny, nz = cells.Nz;
        ReadOnlySpan<Vec3> wrapped = cells.Wrapped;
        ReadOnlySpan<int> cellAtoms = cells.CellAtoms;
        int n = wrapped.Length;
        int ncell = cells.CellCount;
        var xs = new double[n];
        var ys = new double[n];
        var zs = new double[n];
        var row = new int[n];
        var col = new int[n];
        for (int k = 0; k < n; k++)
        {
            int i = cellAtoms[k];
            Vec3 w = wrapped[i];
            xs[k] = w.X;
            ys[k] = w.Y;
            zs[k] = w.Z;
            row[k] = category[i] * categories * bins;
            col[k] = category[i] * bins;
        }

        double rc2 = cutoff * cutoff;
        double inv = bins / cutoff;
        var (rx, ry, rz) = cells.Range(cutoff);
        var (wrapX, shiftX) = WrapTable(nx, rx, cells.Box.Periodic.X);
        var (wrapY, shiftY) = WrapTable(ny, ry, cells.Box.Periodic.Y);
        var (wrapZ, shiftZ) = WrapTable(nz, rz, cells.Box.Periodic.Z);
        // Half stencil: offsets after (0, 0, 0) in (z, y, x) order whose cells can hold a pair within the cutoff.
        double cwx = cells.Widths.X / nx, cwy = cells.Widths.Y / ny, cwz = cells.Widths.Z / nz;
        bool ortho = !cells.Box.IsTriclinic;
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
        Box box = cells.Box;
        int size = categories * categories * bins;
        var total = new long[size];
        Parallel.For(0, ncell, new ParallelOptions(), () => new long[size], (c, _, h) =>
        {
            ReadOnlySpan<int> cellStart = cells.CellStart;
            int s1 = cellStart[c], e1 = cellStart[c + 1];
            if (s1 == e1) { return h; }
            int cx = c % nx, cy = c / nx % ny, cz = c / (nx * ny);
            // Pairs inside the home cell.
            HistogramCells(xs, ys, zs, row, col, h, s1, e1, s1, e1, 0, 0, 0, true, rc2, inv, bins);
            foreach (var (dx, dy, dz) in st)
            {
                int x = wrapX[cx + dx + rx], y = wrapY[cy + dy + ry], z = wrapZ[cz + dz + rz];
                if ((x | y | z) < 0) { continue; }
                int cc = (z * ny + y) * nx + x;
                int s2 = cellStart[cc], e2 = cellStart[cc + 1];
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
            int s = PeriodicCells.FloorDiv(x, n);
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

/// <summary>Receives the pairs of <see cref="CellGrid.ForEachHalfPair{TWorker}"/> (one worker per thread).</summary>
internal interface IHalfPairWorker
{
    /// <summary>A pair (i, j) at squared distance <paramref name="r2"/> [Å²].</summary>
    void Pair(int i, int j, double r2);
}
