using System.Runtime.CompilerServices;

namespace Vitrion.Core.Spatial;

/// <summary>Which candidates a stencil walk (<see cref="PeriodicCells.ForEachCandidate{TVisitor}"/>) hands out for atom i.</summary>
public enum CandidateSelection
{
    /// <summary>Every atom j ≠ i in every image, and every image of i itself with a non-zero shift (a full list).</summary>
    Full,

    /// <summary>Each pair once: j &gt; i in every image, and the images of i itself whose shift is positive (<see cref="PeriodicCells.IsPositive"/>).</summary>
    Half,

    /// <summary>
    /// j &gt; i in every image, and every image of i itself with a non-zero shift (both +s and −s): pairs of distinct
    /// atoms once, periodic self-images from both sides.
    /// </summary>
    HalfWithSelfImages,
}

/// <summary>
/// Receives the candidates of a stencil walk, one cell image at a time. Implemented by a struct (or ref struct) so
/// that the walk is specialised for it (no delegate call), with the visitor's own tight loop over the atoms of a cell.
/// </summary>
public interface ICandidateVisitor
{
    /// <summary>
    /// Candidates of home atom <paramref name="i"/> in one image of one cell: every atom j of
    /// <paramref name="candidates"/> (ascending indices, already filtered by the walk's
    /// <see cref="CandidateSelection"/>, never empty) sits at <c>Wrapped[j] + translation</c>, i.e. its displacement
    /// from i is <c>Wrapped[j] + translation − Wrapped[i]</c> [Å]. No distance test has been made.
    /// </summary>
    /// <param name="i">the home atom.</param>
    /// <param name="candidates">the candidate atoms.</param>
    /// <param name="shift">the lattice shift (in box vectors) of the cell image, relative to the wrapped positions.</param>
    /// <param name="translation">the lattice translation [Å] of <paramref name="shift"/> (exactly zero for the zero shift).</param>
    /// <remarks>
    /// Mark implementations <c>[MethodImpl(MethodImplOptions.AggressiveInlining)]</c>: inlined into the walk (compiled
    /// fully optimised at once) they run optimised from the first call, where a separately tiered method would run
    /// unoptimised through much of a single pass.
    /// </remarks>
    void Visit(int i, ReadOnlySpan<int> candidates, Int3 shift, Vec3 translation);
}

/// <summary>
/// A periodic cell list in fractional coordinates, shared by the neighbour list and the structure analyses: atoms
/// wrapped into the box along periodic axes (with the integer wrap per atom), binned by a counting sort into
/// nx × ny × nz cells at least a given size wide along each axis (measured between opposite faces, so correct in
/// triclinic boxes), and the stencil walk over the cells within a radius of an atom with the periodic image shift
/// of each cell. Along a non-periodic axis nothing is wrapped and the cells span the extent of the atoms and the
/// box together. Cutoffs beyond half the box are fine: the stencil then meets several images of one cell.
/// </summary>
public sealed class PeriodicCells
{
    private readonly Vec3[] _frac;
    private readonly Vec3[] _wrapped;
    private readonly Int3[] _wrap;
    private readonly int[] _cellOf;
    private readonly int[] _cellStart;
    private readonly int[] _cellAtoms;

    /// <summary>Wraps and bins <paramref name="positions"/>.</summary>
    /// <param name="box">the box (periodic or not along each axis, orthorhombic or triclinic).</param>
    /// <param name="positions">positions [Å], wrapped or not.</param>
    /// <param name="minCellSize">smallest cell width [Å] (between opposite faces); usually the search radius.</param>
    /// <param name="maxCellsPerAxis">largest number of cells along one axis.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // built once per analysis: its loops run optimised at once
    public PeriodicCells(Box box, ReadOnlySpan<Vec3> positions, double minCellSize, int maxCellsPerAxis = 256)
    {
        ArgumentNullException.ThrowIfNull(box);
        if (!(minCellSize > 0)) { throw new ArgumentOutOfRangeException(nameof(minCellSize), "the cell size must be positive"); }
        if (maxCellsPerAxis < 1) { throw new ArgumentOutOfRangeException(nameof(maxCellsPerAxis), "at least one cell per axis"); }
        Box = box;
        int n = positions.Length;
        var frac = new Vec3[n];
        var wrapped = new Vec3[n];
        var wrap = new Int3[n];
        bool px = box.Periodic.X, py = box.Periodic.Y, pz = box.Periodic.Z;
        for (int i = 0; i < n; i++)
        {
            Vec3 f = box.ToFractional(positions[i]);
            double fx = f.X, fy = f.Y, fz = f.Z;
            int wx = 0, wy = 0, wz = 0;
            // f − ⌊f⌋ of an f just below an integer rounds up to 1: such an atom goes to 0 of the next image.
            if (px) { wx = (int)Math.Floor(fx); fx -= wx; if (fx >= 1.0) { fx = 0; wx++; } }
            if (py) { wy = (int)Math.Floor(fy); fy -= wy; if (fy >= 1.0) { fy = 0; wy++; } }
            if (pz) { wz = (int)Math.Floor(fz); fz -= wz; if (fz >= 1.0) { fz = 0; wz++; } }
            var fw = new Vec3(fx, fy, fz);
            frac[i] = fw;
            wrap[i] = new Int3(wx, wy, wz);
            wrapped[i] = box.FractionalToDisplacement(fw);
        }

        _frac = frac;
        _wrapped = wrapped;
        _wrap = wrap;

        // Non-periodic axes: the cells cover the box and the atoms.
        double minX = 0, maxX = 1, minY = 0, maxY = 1, minZ = 0, maxZ = 1;
        if (!px || !py || !pz)
        {
            for (int i = 0; i < n; i++)
            {
                Vec3 f = frac[i];
                if (!px) { minX = Math.Min(minX, f.X); maxX = Math.Max(maxX, f.X); }
                if (!py) { minY = Math.Min(minY, f.Y); maxY = Math.Max(maxY, f.Y); }
                if (!pz) { minZ = Math.Min(minZ, f.Z); maxZ = Math.Max(maxZ, f.Z); }
            }
        }

        double spanX = maxX - minX, spanY = maxY - minY, spanZ = maxZ - minZ;
        Lower = new Vec3(minX, minY, minZ);
        Extent = new Vec3(spanX, spanY, spanZ);
        Vec3 widths = box.PerpendicularWidths;
        Widths = widths;
        int nx = Math.Clamp((int)Math.Floor(widths.X * spanX / minCellSize), 1, maxCellsPerAxis);
        int ny = Math.Clamp((int)Math.Floor(widths.Y * spanY / minCellSize), 1, maxCellsPerAxis);
        int nz = Math.Clamp((int)Math.Floor(widths.Z * spanZ / minCellSize), 1, maxCellsPerAxis);
        Nx = nx;
        Ny = ny;
        Nz = nz;

        // Counting sort of the atoms by cell. Along an axis covering [0, 1) exactly, (f − 0) / 1 · n is f · n.
        bool unitX = minX == 0 && spanX == 1.0, unitY = minY == 0 && spanY == 1.0, unitZ = minZ == 0 && spanZ == 1.0;
        int ncell = nx * ny * nz;
        var cellOf = new int[n];
        var cellStart = new int[ncell + 1];
        for (int i = 0; i < n; i++)
        {
            Vec3 f = frac[i];
            int cx = Math.Max(Math.Min((int)(unitX ? f.X * nx : (f.X - minX) / spanX * nx), nx - 1), 0);
            int cy = Math.Max(Math.Min((int)(unitY ? f.Y * ny : (f.Y - minY) / spanY * ny), ny - 1), 0);
            int cz = Math.Max(Math.Min((int)(unitZ ? f.Z * nz : (f.Z - minZ) / spanZ * nz), nz - 1), 0);
            int c = (cz * ny + cy) * nx + cx;
            cellOf[i] = c;
            cellStart[c + 1]++;
        }

        for (int c = 0; c < ncell; c++) { cellStart[c + 1] += cellStart[c]; }
        var cellAtoms = new int[n];
        var fill = (int[])cellStart.Clone();
        for (int i = 0; i < n; i++) { cellAtoms[fill[cellOf[i]]++] = i; }
        _cellOf = cellOf;
        _cellStart = cellStart;
        _cellAtoms = cellAtoms;
    }

    /// <summary>The box.</summary>
    public Box Box { get; }

    /// <summary>Number of atoms.</summary>
    public int Count => _frac.Length;

    /// <summary>Number of cells along the first fractional axis (a).</summary>
    public int Nx { get; }

    /// <summary>Number of cells along the second fractional axis (b).</summary>
    public int Ny { get; }

    /// <summary>Number of cells along the third fractional axis (c).</summary>
    public int Nz { get; }

    /// <summary>Total number of cells, <c>Nx·Ny·Nz</c>; cell (x, y, z) has index <c>(z·Ny + y)·Nx + x</c>.</summary>
    public int CellCount => Nx * Ny * Nz;

    /// <summary>Distances between opposite faces of the box [Å] (<see cref="Core.Box.PerpendicularWidths"/>).</summary>
    public Vec3 Widths { get; }

    /// <summary>
    /// Lower end of the fractional range the cells cover, per axis: 0 along periodic axes, at most 0 along
    /// non-periodic ones (dimensionless).
    /// </summary>
    public Vec3 Lower { get; }

    /// <summary>Length of the fractional range the cells cover, per axis: 1 along periodic axes, at least 1 along non-periodic ones (dimensionless).</summary>
    public Vec3 Extent { get; }

    /// <summary>Fractional coordinates per atom, in [0, 1) along periodic axes, unwrapped along non-periodic ones (dimensionless).</summary>
    public ReadOnlySpan<Vec3> Frac => _frac;

    /// <summary>Wrapped positions per atom relative to the box origin [Å]: <c>FractionalToDisplacement(Frac[i])</c>.</summary>
    public ReadOnlySpan<Vec3> Wrapped => _wrapped;

    /// <summary>
    /// Integer wrap per atom (box vectors): the input position is <c>Origin + Wrapped[i] + Translation(Wrap[i])</c>
    /// (zero along non-periodic axes).
    /// </summary>
    public ReadOnlySpan<Int3> Wrap => _wrap;

    /// <summary>Cell index per atom.</summary>
    public ReadOnlySpan<int> CellOf => _cellOf;

    /// <summary>Start of each cell's atoms in <see cref="CellAtoms"/> (length <see cref="CellCount"/> + 1).</summary>
    public ReadOnlySpan<int> CellStart => _cellStart;

    /// <summary>Atom indices sorted by cell (ascending index within a cell).</summary>
    public ReadOnlySpan<int> CellAtoms => _cellAtoms;

    /// <summary>
    /// Search range in cells per axis for a sphere of radius <paramref name="radius"/> [Å]: the cells within
    /// ±range of an atom's cell hold every point within the radius.
    /// </summary>
    public StencilRange Range(double radius) => new(
        (int)Math.Ceiling(radius / Widths.X * Nx / Extent.X),
        (int)Math.Ceiling(radius / Widths.Y * Ny / Extent.Y),
        (int)Math.Ceiling(radius / Widths.Z * Nz / Extent.Z));

    /// <summary>The cell coordinates (x, y, z) of cell index <paramref name="cell"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int X, int Y, int Z) CellCoordinates(int cell) => (cell % Nx, cell / Nx % Ny, cell / (Nx * Ny));

    /// <summary>
    /// The cell at unwrapped cell coordinates (x, y, z) (any integers): its index, or −1 when it lies outside the
    /// cells along a non-periodic axis, and in <paramref name="shift"/> the image shift (box vectors) that brings
    /// the wrapped cell there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ImageCell(int x, int y, int z, out Int3 shift)
    {
        int sx = 0, sy = 0, sz = 0;
        shift = default;
        if (Box.Periodic.X) { sx = FloorDiv(x, Nx); x -= sx * Nx; }
        else if ((uint)x >= (uint)Nx) { return -1; }
        if (Box.Periodic.Y) { sy = FloorDiv(y, Ny); y -= sy * Ny; }
        else if ((uint)y >= (uint)Ny) { return -1; }
        if (Box.Periodic.Z) { sz = FloorDiv(z, Nz); z -= sz * Nz; }
        else if ((uint)z >= (uint)Nz) { return -1; }
        shift = new Int3(sx, sy, sz);
        return (z * Ny + y) * Nx + x;
    }

    /// <summary>
    /// The stencil walk: hands <paramref name="visitor"/> every candidate (j, image shift, translation) in the cells
    /// within <paramref name="range"/> of atom <paramref name="i"/>'s cell, cell images in (z, y, x) order of their
    /// offset and atoms in ascending index within a cell, filtered by <paramref name="selection"/> only (no
    /// distance test: the visitor makes it). A candidate's displacement from i is
    /// <c>Wrapped[j] + translation − Wrapped[i]</c> [Å]; relative to the input positions it is
    /// <c>x[j] − x[i] + Translation(shift − Wrap[j] + Wrap[i])</c>.
    /// </summary>
    /// <remarks>
    /// Compiled fully optimised at once (no tiering): it is called once per atom, so tiered code would run its
    /// loops unoptimised or through on-stack replacement for much of a single build.
    /// </remarks>
    /// <param name="i">the home atom.</param>
    /// <param name="range">cells to search per axis (<see cref="Range"/>).</param>
    /// <param name="selection">which candidates to hand out.</param>
    /// <param name="visitor">receives the candidates.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForEachCandidate<TVisitor>(int i, StencilRange range, CandidateSelection selection, ref TVisitor visitor)
        where TVisitor : ICandidateVisitor, allows ref struct
    {
        int nx = Nx, ny = Ny, nz = Nz;
        int c = _cellOf[i];
        int cx = c % nx, cy = c / nx % ny, cz = c / (nx * ny);
        bool px = Box.Periodic.X, py = Box.Periodic.Y, pz = Box.Periodic.Z;
        bool full = selection == CandidateSelection.Full;
        int[] cellStart = _cellStart;
        ReadOnlySpan<int> cellAtoms = _cellAtoms;
        for (int dz = -range.Z; dz <= range.Z; dz++)
        {
            int z = cz + dz, sz = 0;
            if (pz) { sz = FloorDiv(z, nz); z -= sz * nz; }
            else if (z < 0 || z >= nz) { continue; }
            for (int dy = -range.Y; dy <= range.Y; dy++)
            {
                int y = cy + dy, sy = 0;
                if (py) { sy = FloorDiv(y, ny); y -= sy * ny; }
                else if (y < 0 || y >= ny) { continue; }
                for (int dx = -range.X; dx <= range.X; dx++)
                {
                    int x = cx + dx, sx = 0;
                    if (px) { sx = FloorDiv(x, nx); x -= sx * nx; }
                    else if (x < 0 || x >= nx) { continue; }
                    int cc = (z * ny + y) * nx + x;
                    int start = cellStart[cc], end = cellStart[cc + 1];
                    if (start == end) { continue; }
                    ReadOnlySpan<int> atoms = cellAtoms[start..end];
                    var s = new Int3(sx, sy, sz);
                    bool zero = (sx | sy | sz) == 0;
                    Vec3 t = zero ? Vec3.Zero : Box.Translation(s);
                    // i itself: never in the zero image; in a half list only in the positive images.
                    bool self = !zero && (selection != CandidateSelection.Half || IsPositive(s));
                    // Atoms are ascending within a cell: i (if in it) sits just before those above i. The candidates are
                    // the atoms from `from` on, less i itself at `skip` (−1: none), in one or two runs.
                    int at = cc != c ? -1 : atoms.BinarySearch(i);
                    int from, skip = -1;
                    if (full)
                    {
                        from = 0;
                        if (at >= 0 && !self) { skip = at; }
                    }
                    else
                    {
                        from = at >= 0 ? (self ? at : at + 1) : atoms[^1] < i ? atoms.Length : atoms[0] > i ? 0 : ~atoms.BinarySearch(i);
                    }

                    // One call site, so that the visitor is inlined once.
                    for (int run = 0; run < 2; run++)
                    {
                        int lo = run == 0 ? from : skip + 1, hi = run == 0 && skip >= 0 ? skip : atoms.Length;
                        if (lo < hi) { visitor.Visit(i, atoms[lo..hi], s, t); }
                        if (skip < 0) { break; }
                    }
                }
            }
        }
    }

    /// <summary>True for the shifts that a half list keeps of a self-image pair (±s): z &gt; 0, else y &gt; 0, else x &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPositive(Int3 s) => s.Z > 0 || (s.Z == 0 && (s.Y > 0 || (s.Y == 0 && s.X > 0)));

    /// <summary>⌊a / b⌋ for b &gt; 0 (rounding towards −∞).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// <summary>Search range of a stencil walk: cells within ±X, ±Y, ±Z of the home cell along the three fractional axes.</summary>
/// <param name="X">cells along a.</param>
/// <param name="Y">cells along b.</param>
/// <param name="Z">cells along c.</param>
public readonly record struct StencilRange(int X, int Y, int Z);
