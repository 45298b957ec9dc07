namespace Vitrion.Core;

/// <summary>
/// A Verlet neighbour list built with a cell list in fractional coordinates, correct in triclinic boxes and
/// for cutoffs up to and beyond half the box (several periodic images of one atom may be listed, each with its
/// own lattice shift, as LAMMPS ghost atoms would be). Pairs are stored in CSR form: the entries of atom i are
/// <c>Offsets[i] .. Offsets[i+1]</c>; entry k holds neighbour <c>Neighbors[k]</c> and a lattice translation
/// <c>ShiftVectors[ShiftIds[k]]</c> so that the displacement i→j is <c>x[j] − x[i] + shift</c> for the positions
/// the list was built from. Half lists hold each pair once (i &lt; j, or the "positive" image of i itself);
/// full lists hold it from both sides.
/// </summary>
public sealed class NeighborList
{
    private int[] _neighbors = [];
    private ushort[] _shiftIds = [];
    private int[] _offsets = [0];
    private Vec3[] _shiftVectors = [];
    private Vec3[] _reference = [];
    private Box? _box;

    /// <summary>Creates an empty list.</summary>
    /// <param name="cutoff">interaction cutoff [Å].</param>
    /// <param name="skin">extra distance [Å] so the list stays valid until an atom moves more than skin/2.</param>
    /// <param name="half">true for a half list (each pair once), false for a full list.</param>
    public NeighborList(double cutoff, double skin = 0.0, bool half = true)
    {
        if (!(cutoff > 0)) { throw new ArgumentOutOfRangeException(nameof(cutoff), "cutoff must be positive"); }
        if (!(skin >= 0)) { throw new ArgumentOutOfRangeException(nameof(skin), "skin must be non-negative"); }
        Cutoff = cutoff;
        Skin = skin;
        Half = half;
    }

    /// <summary>Interaction cutoff [Å].</summary>
    public double Cutoff { get; }

    /// <summary>Skin [Å].</summary>
    public double Skin { get; }

    /// <summary>True for a half list.</summary>
    public bool Half { get; }

    /// <summary>How many times the list has been built.</summary>
    public int BuildCount { get; private set; }

    /// <summary>CSR offsets (length N+1).</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>Neighbour atom indices.</summary>
    public ReadOnlySpan<int> Neighbors => _neighbors;

    /// <summary>Index into <see cref="ShiftVectors"/> for each entry.</summary>
    public ReadOnlySpan<ushort> ShiftIds => _shiftIds;

    /// <summary>Distinct lattice translations [Å] used by the entries.</summary>
    public ReadOnlySpan<Vec3> ShiftVectors => _shiftVectors;

    /// <summary>Total number of entries.</summary>
    public int Count => _offsets[^1];

    /// <summary>The box the list was built in.</summary>
    public Box? Box => _box;

    /// <summary>Neighbours of atom <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> NeighborsOf(int i) => _neighbors.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]);

    /// <summary>Displacement [Å] from atom i to the neighbour stored at entry <paramref name="entry"/>, for current positions.</summary>
    public Vec3 Displacement(ReadOnlySpan<Vec3> positions, int i, int entry) =>
        positions[_neighbors[entry]] - positions[i] + _shiftVectors[_shiftIds[entry]];

    /// <summary>
    /// True when some atom moved more than half the skin since the last build, or the box changed
    /// (the LAMMPS "check yes" criterion).
    /// </summary>
    public bool NeedsRebuild(Box box, ReadOnlySpan<Vec3> positions)
    {
        if (_box is null || !_box.Equals(box) || positions.Length != _reference.Length) { return true; }
        double limit = 0.25 * Skin * Skin;
        for (int i = 0; i < positions.Length; i++)
        {
            if ((positions[i] - _reference[i]).NormSquared > limit) { return true; }
        }

        return false;
    }

    /// <summary>Rebuilds the list when <see cref="NeedsRebuild"/> says so; returns true when it rebuilt.</summary>
    public bool Update(Box box, ReadOnlySpan<Vec3> positions)
    {
        if (!NeedsRebuild(box, positions)) { return false; }
        Build(box, positions);
        return true;
    }

    /// <summary>Builds the list for <paramref name="positions"/> [Å] (wrapped or not) in <paramref name="box"/>.</summary>
    public void Build(Box box, ReadOnlySpan<Vec3> positions)
    {
        int n = positions.Length;
        double rlist = Cutoff + Skin;
        double rlist2 = rlist * rlist;
        _box = box;
        _reference = positions.ToArray();
        BuildCount++;

        // Fractional coordinates, wrapped, with the integer wrap w_i.
        var frac = new Vec3[n];
        var wrap = new Int3[n];
        var wrapped = new Vec3[n];
        bool px = box.Periodic.X, py = box.Periodic.Y, pz = box.Periodic.Z;
        for (int i = 0; i < n; i++)
        {
            Vec3 f = box.ToFractional(positions[i]);
            int wx = px ? (int)Math.Floor(f.X) : 0, wy = py ? (int)Math.Floor(f.Y) : 0, wz = pz ? (int)Math.Floor(f.Z) : 0;
            f = new Vec3(f.X - wx, f.Y - wy, f.Z - wz);
            frac[i] = f;
            wrap[i] = new Int3(wx, wy, wz);
            wrapped[i] = box.FractionalToDisplacement(f);
        }

        // Non-periodic axes: use the extent of the atoms.
        double minX = 0, maxX = 1, minY = 0, maxY = 1, minZ = 0, maxZ = 1;
        if (!px || !py || !pz)
        {
            for (int i = 0; i < n; i++)
            {
                if (!px) { minX = Math.Min(minX, frac[i].X); maxX = Math.Max(maxX, frac[i].X); }
                if (!py) { minY = Math.Min(minY, frac[i].Y); maxY = Math.Max(maxY, frac[i].Y); }
                if (!pz) { minZ = Math.Min(minZ, frac[i].Z); maxZ = Math.Max(maxZ, frac[i].Z); }
            }
        }

        Vec3 widths = box.PerpendicularWidths;
        int Cells(double width, double span) => Math.Clamp((int)Math.Floor(width * span / rlist), 1, 128);
        int nx = Cells(widths.X, maxX - minX), ny = Cells(widths.Y, maxY - minY), nz = Cells(widths.Z, maxZ - minZ);
        // Search range in cells along each fractional axis: a sphere of radius r spans r/width in fraction.
        int rx = (int)Math.Ceiling(rlist / widths.X * nx / (maxX - minX));
        int ry = (int)Math.Ceiling(rlist / widths.Y * ny / (maxY - minY));
        int rz = (int)Math.Ceiling(rlist / widths.Z * nz / (maxZ - minZ));

        int ncell = nx * ny * nz;
        var cellStart = new int[ncell + 1];
        var cellOf = new int[n];
        for (int i = 0; i < n; i++)
        {
            int cx = Math.Min((int)((frac[i].X - minX) / (maxX - minX) * nx), nx - 1);
            int cy = Math.Min((int)((frac[i].Y - minY) / (maxY - minY) * ny), ny - 1);
            int cz = Math.Min((int)((frac[i].Z - minZ) / (maxZ - minZ) * nz), nz - 1);
            cx = Math.Max(cx, 0); cy = Math.Max(cy, 0); cz = Math.Max(cz, 0);
            int c = (cz * ny + cy) * nx + cx;
            cellOf[i] = c;
            cellStart[c + 1]++;
        }

        for (int c = 0; c < ncell; c++) { cellStart[c + 1] += cellStart[c]; }
        var cellAtoms = new int[n];
        var fill = (int[])cellStart.Clone();
        for (int i = 0; i < n; i++) { cellAtoms[fill[cellOf[i]]++] = i; }

        var shiftIndex = new Dictionary<Int3, ushort>();
        var shiftList = new List<Vec3>();
        ushort ShiftId(Int3 s)
        {
            if (!shiftIndex.TryGetValue(s, out ushort id))
            {
                if (shiftList.Count >= ushort.MaxValue) { throw new InvalidOperationException("too many distinct periodic shifts in neighbour list"); }
                id = (ushort)shiftList.Count;
                shiftIndex[s] = id;
                shiftList.Add(box.Translation(s));
            }

            return id;
        }

        var neighbors = new List<int>(n * 64);
        var shifts = new List<ushort>(n * 64);
        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            offsets[i] = neighbors.Count;
            int c = cellOf[i];
            int cx = c % nx, cy = c / nx % ny, cz = c / (nx * ny);
            Vec3 xi = wrapped[i];
            for (int dz = -rz; dz <= rz; dz++)
            {
                int z = cz + dz, sz = 0;
                if (pz) { sz = FloorDiv(z, nz); z -= sz * nz; }
                else if (z < 0 || z >= nz) { continue; }
                for (int dy = -ry; dy <= ry; dy++)
                {
                    int y = cy + dy, sy = 0;
                    if (py) { sy = FloorDiv(y, ny); y -= sy * ny; }
                    else if (y < 0 || y >= ny) { continue; }
                    for (int dx = -rx; dx <= rx; dx++)
                    {
                        int x = cx + dx, sx = 0;
                        if (px) { sx = FloorDiv(x, nx); x -= sx * nx; }
                        else if (x < 0 || x >= nx) { continue; }
                        var s = new Int3(sx, sy, sz);
                        Vec3 t = box.Translation(s);
                        int cc = (z * ny + y) * nx + x;
                        for (int k = cellStart[cc]; k < cellStart[cc + 1]; k++)
                        {
                            int j = cellAtoms[k];
                            bool zero = sx == 0 && sy == 0 && sz == 0;
                            if (j == i && zero) { continue; }
                            if (Half)
                            {
                                if (j < i) { continue; }
                                if (j == i && !IsPositive(s)) { continue; }
                            }

                            Vec3 d = wrapped[j] + t - xi;
                            if (d.NormSquared > rlist2) { continue; }
                            // Translation relative to the input positions: x_j - x_i + T(s - w_j + w_i).
                            neighbors.Add(j);
                            shifts.Add(ShiftId(s - wrap[j] + wrap[i]));
                        }
                    }
                }
            }
        }

        offsets[n] = neighbors.Count;
        _neighbors = neighbors.ToArray();
        _shiftIds = shifts.ToArray();
        _offsets = offsets;
        _shiftVectors = shiftList.ToArray();
    }

    /// <summary>
    /// All pairs within <paramref name="cutoff"/> by an O(N²) search over images (the ground truth in tests):
    /// (i, j, displacement i→j) with each unordered pair/image once when <paramref name="half"/>.
    /// </summary>
    public static List<(int I, int J, Vec3 D)> BruteForce(Box box, ReadOnlySpan<Vec3> positions, double cutoff, bool half = true)
    {
        var result = new List<(int, int, Vec3)>();
        Vec3 w = box.PerpendicularWidths;
        int mx = box.Periodic.X ? (int)Math.Ceiling(cutoff / w.X) + 1 : 0;
        int my = box.Periodic.Y ? (int)Math.Ceiling(cutoff / w.Y) + 1 : 0;
        int mz = box.Periodic.Z ? (int)Math.Ceiling(cutoff / w.Z) + 1 : 0;
        double c2 = cutoff * cutoff;
        int n = positions.Length;
        for (int i = 0; i < n; i++)
        {
            for (int j = half ? i : 0; j < n; j++)
            {
                Vec3 d0 = box.MinimumImage(positions[j] - positions[i]);
                for (int a = -mx; a <= mx; a++)
                {
                    for (int b = -my; b <= my; b++)
                    {
                        for (int c = -mz; c <= mz; c++)
                        {
                            var s = new Int3(a, b, c);
                            if (j == i && (s == default || (half && !IsPositive(s)))) { continue; }
                            Vec3 d = d0 + box.Translation(s);
                            if (d.NormSquared <= c2) { result.Add((i, j, d)); }
                        }
                    }
                }
            }
        }

        return result;
    }

    private static bool IsPositive(Int3 s) => s.Z > 0 || (s.Z == 0 && (s.Y > 0 || (s.Y == 0 && s.X > 0)));

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
