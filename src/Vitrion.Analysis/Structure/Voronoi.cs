using System.Collections.Immutable;
using Vitrion.Core;
using Vitrion.Core.Spatial;

namespace Vitrion.Analysis.Structure;

/// <summary>Options of <see cref="Voronoi"/>.</summary>
public sealed record VoronoiOptions
{
    /// <summary>
    /// Radii [Å] by type name or element for the radical (Laguerre) tessellation; null (default) for the plain
    /// Voronoi tessellation. Every atom's type or element must be present when given. In a radical tessellation a small
    /// atom next to large ones may have an empty cell: its volume is 0.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Radii { get; init; }

    /// <summary>Number of worker threads (0 = all cores).</summary>
    public int Threads { get; init; }
}

/// <summary>Per-type statistics of the cell volumes.</summary>
/// <param name="Type">type name.</param>
/// <param name="Count">number of atoms.</param>
/// <param name="Mean">mean volume [Å³].</param>
/// <param name="StdDev">standard deviation [Å³].</param>
/// <param name="Min">smallest [Å³].</param>
/// <param name="Max">largest [Å³].</param>
public sealed record VolumeStatistics(string Type, int Count, double Mean, double StdDev, double Min, double Max);

/// <summary>Per-atom Voronoi cells of one frame.</summary>
/// <param name="Ids">atom ids.</param>
/// <param name="Types">0-based types.</param>
/// <param name="TypeNames">type names.</param>
/// <param name="Volumes">cell volume per atom [Å³].</param>
/// <param name="FaceCounts">number of faces (Voronoi neighbours, periodic images counted separately) per atom.</param>
/// <param name="BoxVolume">box volume [Å³].</param>
/// <param name="Radical">true for the radical (Laguerre) tessellation.</param>
public sealed record VoronoiResult(ImmutableArray<int> Ids, ImmutableArray<int> Types, ImmutableArray<string> TypeNames,
    ImmutableArray<double> Volumes, ImmutableArray<int> FaceCounts, double BoxVolume, bool Radical)
{
    /// <summary>Σ volumes [Å³]; equals <see cref="BoxVolume"/> to round-off.</summary>
    public double TotalVolume => Volumes.Sum();

    /// <summary>Statistics per type.</summary>
    public IReadOnlyList<VolumeStatistics> ByType()
    {
        var list = new List<VolumeStatistics>();
        for (int t = 0; t < TypeNames.Length; t++)
        {
            var v = Enumerable.Range(0, Volumes.Length).Where(i => Types[i] == t).Select(i => Volumes[i]).ToArray();
            if (v.Length == 0) { continue; }
            double mean = v.Average();
            double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
            list.Add(new VolumeStatistics(TypeNames[t], v.Length, mean, sd, v.Min(), v.Max()));
        }

        return list;
    }
}

/// <summary>
/// Periodic Voronoi (or radical/Laguerre) cells per atom in orthorhombic and triclinic boxes. Each cell starts as a
/// cube around its atom and is cut by the bisecting planes of neighbours taken cell-block by cell-block in order of
/// increasing distance, until no remaining neighbour can reach the cell (the distance bound exceeds twice the
/// largest vertex radius) — the algorithm of voro++. Written here because no maintained .NET library computes
/// periodic 3-D Voronoi cells (MIConvexHull and similar give non-periodic Delaunay/Voronoi without volumes of
/// periodic cells, and wrapping voro++ would add a native dependency). Cells are computed in parallel.
/// </summary>
public sealed class Voronoi
{
    /// <summary>Creates the analysis.</summary>
    public Voronoi(VoronoiOptions? options = null) => Options = options ?? new VoronoiOptions();

    /// <summary>The options.</summary>
    public VoronoiOptions Options { get; }

    /// <summary>Computes the cells of a frame (all axes must be periodic).</summary>
    public VoronoiResult Compute(Frame frame)
    {
        var box = frame.Box;
        if (!box.Periodic.X || !box.Periodic.Y || !box.Periodic.Z)
        {
            throw new InputException("the Voronoi tessellation needs a box periodic along x, y and z");
        }

        int n = frame.AtomCount;
        if (n == 0) { throw new InputException("the frame holds no atoms"); }
        double[]? radius = null;
        double maxR2 = 0;
        if (Options.Radii is { } radii)
        {
            var perType = new double[frame.TypeNames.Length];
            for (int t = 0; t < perType.Length; t++)
            {
                string name = frame.TypeNames[t];
                if (radii.TryGetValue(name, out double r) || (AtomTypes.ElementOf(name) is { } el && radii.TryGetValue(el, out r)))
                {
                    if (!(r >= 0)) { throw new InputException($"radius of '{name}' must be non-negative"); }
                    perType[t] = r;
                }
                else if (frame.Types.Contains(t))
                {
                    throw new InputException($"no radius given for type '{name}'; give one per type or element (e.g. Li=0.76,P=0.38,S=1.84)");
                }
            }

            radius = new double[n];
            for (int i = 0; i < n; i++) { radius[i] = perType[frame.Types[i]]; maxR2 = Math.Max(maxR2, radius[i] * radius[i]); }
        }

        double spacing = Math.Cbrt(box.Volume / n);
        // Blocks of ~2 atoms: the nearest 27 hold ~50 candidates (sorted, cut first); farther blocks are pruned per atom.
        var grid = new PeriodicCells(box, frame.Positions.AsSpan(), 1.3 * spacing);
        double latticeSpan = box.A.Norm + box.B.Norm + box.C.Norm;
        double scale = Math.Max(Math.Max(box.Lx, box.Ly), box.Lz);
        double eps = 1e-11 * scale;
        var plan = new SearchPlan(grid, 6 * spacing + 3 * maxR2 / spacing, latticeSpan * 2 + 2 * Math.Sqrt(maxR2));
        var volumes = new double[n];
        var faces = new int[n];
        var po = new ParallelOptions { MaxDegreeOfParallelism = Options.Threads > 0 ? Options.Threads : -1 };
        try
        {
        Parallel.For(0, n, po, () => new ConvexCell(), (i, _, cell) =>
        {
            ComputeCell(i, grid, plan, cell, latticeSpan, eps, radius, maxR2);
            double v = cell.Volume();
            volumes[i] = v;
            if (cell.TouchesStartingCube()) { throw new InvalidOperationException($"Voronoi cell of atom {frame.Ids[i]} is not closed by neighbours"); }
            faces[i] = cell.FaceCount;
            return cell;
        }, _ => { });
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ae.InnerExceptions[0]).Throw();
        }

        return new VoronoiResult(frame.Ids, frame.Types, frame.TypeNames, [.. volumes], [.. faces], box.Volume, radius is not null);
    }

    private static void ComputeCell(int i, PeriodicCells grid, SearchPlan plan, ConvexCell cell, double span, double eps, double[]? radius, double maxR2)
    {
        cell.InitCube(span);
        int c = grid.CellOf[i];
        var (cx, cy, cz) = grid.CellCoordinates(c);
        Vec3 xi = grid.Wrapped[i];
        Vec3 fi = grid.Frac[i];
        double ri2 = radius is null ? 0 : radius[i] * radius[i];
        double delta = maxR2 - ri2;
        bool ortho = !grid.Box.IsTriclinic;
        double wx = grid.Widths.X / grid.Nx, wy = grid.Widths.Y / grid.Ny, wz = grid.Widths.Z / grid.Nz;
        // Position of the atom inside its grid cell, in cell units.
        double ux = fi.X * grid.Nx - cx, uy = fi.Y * grid.Ny - cy, uz = fi.Z * grid.Nz - cz;
        // Nearest blocks (bound 0) first, their atoms sorted by distance so that few cuts are wasted.
        var first = plan.First.Items;
        int start = 0;
        int nc = 0;
        for (; start < first.Length && first[start].Bound == 0; start++)
        {
            var o = first[start];
            int cc = grid.ImageCell(cx + o.Dx, cy + o.Dy, cz + o.Dz, out Int3 s);
            bool zero = s == default;
            Vec3 t = zero ? Vec3.Zero : grid.Box.Translation(s);
            for (int k = grid.CellStart[cc]; k < grid.CellStart[cc + 1]; k++)
            {
                int j = grid.CellAtoms[k];
                if (j == i && zero) { continue; }
                Vec3 d = grid.Wrapped[j] + t - xi;
                cell.AddCandidate(ref nc, d, j);
            }
        }

        cell.SortCandidates(nc);
        for (int q = 0; q < nc; q++)
        {
            var (d, j) = cell.Candidate(q);
            CutWith(cell, i, j, d, ri2, radius, eps);
        }

        for (int tier = 0; tier < 2; tier++)
        {
            if (tier == 1 && Math.Sqrt(cell.MaxRadiusSquared) + Math.Sqrt(Math.Max(cell.MaxRadiusSquared + delta, 0)) < plan.Near) { return; }
            var items = tier == 0 ? first : plan.Second.Value.Items;
            double lastM2 = -1, reach = 0, reach2 = 0;
            for (int oi = tier == 0 ? start : 0; oi < items.Length; oi++)
            {
                if (cell.IsEmpty) { return; }
                var o = items[oi];
                double m2 = cell.MaxRadiusSquared;
                if (m2 != lastM2)
                {
                    // Largest distance of an atom whose plane can still cut: recomputed only when a cut shrank the cell.
                    lastM2 = m2;
                    reach = Math.Sqrt(m2) + Math.Sqrt(Math.Max(m2 + delta, 0));
                    reach2 = reach * reach;
                }

                if (o.Bound > reach) { return; }
                // Per-atom bound on the distance to the block.
                double gx = o.Dx > 0 ? (o.Dx - ux) * wx : o.Dx < 0 ? (ux - o.Dx - 1) * wx : 0;
                double gy = o.Dy > 0 ? (o.Dy - uy) * wy : o.Dy < 0 ? (uy - o.Dy - 1) * wy : 0;
                double gz = o.Dz > 0 ? (o.Dz - uz) * wz : o.Dz < 0 ? (uz - o.Dz - 1) * wz : 0;
                if (ortho ? gx * gx + gy * gy + gz * gz > reach2 : Math.Max(gx, Math.Max(gy, gz)) > reach) { continue; }
                int cc = grid.ImageCell(cx + o.Dx, cy + o.Dy, cz + o.Dz, out Int3 s);
                bool zero = s == default;
                Vec3 t = zero ? Vec3.Zero : grid.Box.Translation(s);
                var wrapped = grid.Wrapped;
                var atoms = grid.CellAtoms;
                double ox = t.X - xi.X, oy = t.Y - xi.Y, oz = t.Z - xi.Z;
                for (int k = grid.CellStart[cc], kend = grid.CellStart[cc + 1]; k < kend; k++)
                {
                    int j = atoms[k];
                    if (j == i && zero) { continue; }
                    Vec3 pj = wrapped[j];
                    // Cheap rejection (plain tessellation): the bisecting plane at |d|/2 misses the cell when |d|²/4 exceeds
                    // the largest vertex radius squared.
                    double dx = pj.X + ox, dy = pj.Y + oy, dz = pj.Z + oz;
                    if (radius is null && 0.25 * (dx * dx + dy * dy + dz * dz) > cell.MaxRadiusSquared) { continue; }
                    CutWith(cell, i, j, pj + t - xi, ri2, radius, eps);
                }
            }
        }
    }

    private static void CutWith(ConvexCell cell, int i, int j, Vec3 d, double ri2, double[]? radius, double eps)
    {
        double d2 = d.NormSquared;
        double m2 = cell.MaxRadiusSquared;
        if (radius is null)
        {
            // Plain Voronoi: h = |d|/2; the plane misses the cell when h² > max |v|² (no square root needed).
            if (0.25 * d2 > m2 && d2 > 0) { return; }
        }
        else
        {
            double num = d2 + ri2 - radius[j] * radius[j];
            if (num > 0 && num * num > 4 * m2 * d2 && d2 > 0) { return; }
        }

        if (d2 == 0) { throw new InputException($"two atoms (indices {i} and {j}) sit at the same position; the Voronoi tessellation needs distinct positions"); }
        double dist = Math.Sqrt(d2);
        double h = radius is null ? 0.5 * dist : 0.5 * (d2 + ri2 - radius[j] * radius[j]) / dist;
        if (cell.IsEmpty || (h > 0 && h * h > cell.MaxRadiusSquared)) { return; }
        cell.Cut(d / dist, h, eps);
    }

    /// <summary>Neighbour blocks (grid-cell offsets) sorted by a lower bound of their distance from the home cell.</summary>
    private sealed class SearchPlan
    {
        public SearchPlan(PeriodicCells grid, double near, double far)
        {
            var tier1 = Build(grid, near, null);
            var seen = new HashSet<(int, int, int)>(tier1.Select(o => (o.Dx, o.Dy, o.Dz)));
            var tier2 = new Lazy<Offsets>(() => new Offsets(Build(grid, far, seen), near), LazyThreadSafetyMode.ExecutionAndPublication);
            First = new Offsets(tier1, 0);
            Second = tier2;
            Near = near;
        }

        public Offsets First { get; }

        public Lazy<Offsets> Second { get; }

        public double Near { get; }

        private static Offset[] Build(PeriodicCells grid, double reach, HashSet<(int, int, int)>? exclude)
        {
            double wx = grid.Widths.X / grid.Nx, wy = grid.Widths.Y / grid.Ny, wz = grid.Widths.Z / grid.Nz;
            int kx = (int)Math.Ceiling(reach / wx) + 1, ky = (int)Math.Ceiling(reach / wy) + 1, kz = (int)Math.Ceiling(reach / wz) + 1;
            bool ortho = !grid.Box.IsTriclinic;
            var list = new List<Offset>();
            for (int dz = -kz; dz <= kz; dz++)
            {
                for (int dy = -ky; dy <= ky; dy++)
                {
                    for (int dx = -kx; dx <= kx; dx++)
                    {
                        double gx = Math.Max(Math.Abs(dx) - 1, 0) * wx, gy = Math.Max(Math.Abs(dy) - 1, 0) * wy, gz = Math.Max(Math.Abs(dz) - 1, 0) * wz;
                        double b = ortho ? Math.Sqrt(gx * gx + gy * gy + gz * gz) : Math.Max(gx, Math.Max(gy, gz));
                        if (b > reach) { continue; }
                        bool skip = exclude is not null && exclude.Contains((dx, dy, dz));
                        if (skip) { continue; }
                        list.Add(new Offset(dx, dy, dz, b, false));
                    }
                }
            }

            list.Sort((a, b) => a.Bound.CompareTo(b.Bound));
            return [.. list];
        }
    }

    private readonly record struct Offset(int Dx, int Dy, int Dz, double Bound, bool Skip);

    private sealed record Offsets(Offset[] Items, double Start);
}
