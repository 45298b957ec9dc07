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
}
