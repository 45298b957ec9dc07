using System.Runtime.CompilerServices;
using Vitrion.Core.Spatial;

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

        // Cells at least rlist wide; the walk hands out every candidate image, the distance test is made here.
        var cells = new PeriodicCells(box, positions, rlist, maxCellsPerAxis: 128);
        StencilRange range = cells.Range(rlist);
        var shiftTable = new ShiftTable(box);
        var neighbors = new List<int>(n * 64);
        var shifts = new List<ushort>(n * 64);
        var offsets = new int[n + 1];
        var collector = new Collector(cells.Wrapped, cells.Wrap, rlist2, neighbors, shifts, shiftTable);
        var selection = Half ? CandidateSelection.Half : CandidateSelection.Full;
        for (int i = 0; i < n; i++)
        {
            offsets[i] = neighbors.Count;
            collector.Home(i);
            cells.ForEachCandidate(i, range, selection, ref collector);
        }

        offsets[n] = neighbors.Count;
        _neighbors = neighbors.ToArray();
        _shiftIds = shifts.ToArray();
        _offsets = offsets;
        _shiftVectors = shiftTable.Vectors.ToArray();
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
                            if (j == i && (s == default || (half && !PeriodicCells.IsPositive(s)))) { continue; }
                            Vec3 d = d0 + box.Translation(s);
                            if (d.NormSquared <= c2) { result.Add((i, j, d)); }
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Distinct lattice translations in order of first use, with their ids.</summary>
    private sealed class ShiftTable(Box box)
    {
        private readonly Dictionary<Int3, ushort> _index = [];

        public List<Vec3> Vectors { get; } = [];

        public ushort Id(Int3 s)
        {
            if (!_index.TryGetValue(s, out ushort id))
            {
                if (Vectors.Count >= ushort.MaxValue) { throw new InvalidOperationException("too many distinct periodic shifts in neighbour list"); }
                id = (ushort)Vectors.Count;
                _index[s] = id;
                Vectors.Add(box.Translation(s));
            }

            return id;
        }
    }

    /// <summary>Keeps the candidates within rlist of the home atom, with their translation relative to the input positions.</summary>
    private ref struct Collector(ReadOnlySpan<Vec3> wrapped, ReadOnlySpan<Int3> wrap, double rlist2, List<int> neighbors, List<ushort> shifts, ShiftTable table)
        : ICandidateVisitor
    {
        private readonly ReadOnlySpan<Vec3> _wrapped = wrapped;
        private readonly ReadOnlySpan<Int3> _wrap = wrap;
        private readonly int[] _hits = new int[wrapped.Length];
        private Vec3 _xi;
        private Int3 _wi;

        public void Home(int i)
        {
            _xi = _wrapped[i];
            _wi = _wrap[i];
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Visit(int i, ReadOnlySpan<int> candidates, Int3 shift, Vec3 translation)
        {
            // The distance test first, in a loop without calls (the values stay in registers), then the stores.
            ReadOnlySpan<Vec3> wrapped = _wrapped;
            Span<int> hits = _hits;
            Vec3 xi = _xi;
            double r2max = rlist2;
            int m = 0;
            foreach (int j in candidates)
            {
                Vec3 d = wrapped[j] + translation - xi;
                if (d.NormSquared <= r2max) { hits[m++] = j; }
            }

            // Translation relative to the input positions: x_j - x_i + T(s - w_j + w_i).
            ReadOnlySpan<Int3> wrap = _wrap;
            int ox = shift.X + _wi.X, oy = shift.Y + _wi.Y, oz = shift.Z + _wi.Z;
            for (int k = 0; k < m; k++)
            {
                int j = hits[k];
                Int3 wj = wrap[j];
                neighbors.Add(j);
                shifts.Add(table.Id(new Int3(ox - wj.X, oy - wj.Y, oz - wj.Z)));
            }
        }
    }
}
