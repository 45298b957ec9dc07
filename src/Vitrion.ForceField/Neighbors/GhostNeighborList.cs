using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vitrion.Core;

namespace Vitrion.ForceField.Neighbors;

/// <summary>
/// A LAMMPS-style neighbour structure for the force terms: the atoms in spatially sorted order ("local" copies,
/// wrapped into the box) followed by periodic "ghost" images within the list cutoff of the box, each extended atom
/// stored as one 32-byte record (x, y, z, type) [Å]. Every extended atom is its owner's current position plus a
/// fixed lattice translation, so positions are refreshed each step without rebuilding. Built lists (valid until an
/// atom moves more than skin/2 or the box changes, the LAMMPS "check yes" rule):
/// a half pair list over local atoms holding each non-special pair once; a separate list of special (1-2, 1-3,
/// 1-4) pairs with their LJ and Coulomb factors; and a full list of three-body neighbours around centre atoms.
/// </summary>
public sealed class GhostNeighborList
{
    private Vec3[] _reference = [];
    private Box? _box;

    /// <summary>Creates an empty list.</summary>
    /// <param name="cutoff">pair cutoff [Å].</param>
    /// <param name="skin">skin [Å].</param>
    public GhostNeighborList(double cutoff, double skin)
    {
        Cutoff = cutoff;
        Skin = skin;
    }

    /// <summary>Pair cutoff [Å].</summary>
    public double Cutoff { get; }

    /// <summary>Search candidate pairs eight at a time where AVX-512 is available (default true); false = the scalar search. Both build the same lists.</summary>
    public bool VectorSearch { get; init; } = true;

    /// <summary>Skin [Å].</summary>
    public double Skin { get; }

    /// <summary>The box of the last build (null before the first).</summary>
    public Box? BuildBox => _box;

    /// <summary>The positions of the last build [Å], against which displacements trigger a rebuild (for exact restarts).</summary>
    public ReadOnlySpan<Vec3> ReferencePositions => _reference;

    /// <summary>Number of builds so far.</summary>
    public int BuildCount { get; private set; }

    /// <summary>Number of local atoms (= atoms of the system).</summary>
    public int LocalCount { get; private set; }

    /// <summary>Number of extended atoms (local + ghosts).</summary>
    public int Count { get; private set; }

    /// <summary>Owner atom index (topology order) of each extended atom.</summary>
    public int[] Owner { get; private set; } = [];

    /// <summary>Lattice translation [Å] added to the owner's current position, per extended atom.</summary>
    public Vec3[] Translation { get; private set; } = [];

    /// <summary>Extended records x, y, z [Å] and type (4 doubles each; the type slot holds the 64-bit integer's bit pattern, read it with BitConverter.DoubleToInt64Bits).</summary>
    public double[] Records { get; private set; } = [];

    /// <summary>Atom type per extended atom.</summary>
    public int[] Types { get; private set; } = [];

    /// <summary>Half-list CSR offsets over local extended atoms (length LocalCount+1).</summary>
    public int[] Offsets { get; private set; } = [0];

    /// <summary>Half-list neighbours (extended indices).</summary>
    public int[] Neighbors { get; private set; } = [];

    /// <summary>Number of entries in the half list.</summary>
    public int PairCount => Offsets[LocalCount];

    /// <summary>Special pairs: first atom (local extended index).</summary>
    public int[] SpecialI { get; private set; } = [];

    /// <summary>Special pairs: second atom (extended index).</summary>
    public int[] SpecialJ { get; private set; } = [];

    /// <summary>Special pairs: order 1, 2 or 3 (1-2, 1-3, 1-4).</summary>
    public byte[] SpecialOrder { get; private set; } = [];

    /// <summary>Number of special pairs.</summary>
    public int SpecialCount { get; private set; }

    /// <summary>Three-body CSR offsets over local extended atoms.</summary>
    public int[] ThreeBodyOffsets { get; private set; } = [0];

    /// <summary>Three-body neighbours (extended indices) of centre atoms.</summary>
    public int[] ThreeBodyNeighbors { get; private set; } = [];

    /// <summary>Local-atom chunk boundaries balanced by pair count (for threads).</summary>
    public int[] ChunkStarts { get; private set; } = [0, 0];

    /// <summary>
    /// True when the list must be rebuilt for these positions and box. As LAMMPS does for changing boxes (NPT), a box
    /// change alone does not force a rebuild: the periodic translations of the ghosts are re-evaluated in the new box
    /// (<see cref="UpdatePositions(Box, ReadOnlySpan{Vec3})"/>), and the displacement allowed before a rebuild shrinks by
    /// how far the cell vectors moved: a pair can only cross the skin when 2·max|Δx| + max|s|·(|Δa|+|Δb|+|Δc|) &gt; skin.
    /// </summary>
    public bool NeedsRebuild(Box box, ReadOnlySpan<Vec3> positions)
    {
        if (_box is null || positions.Length != _reference.Length) { return true; }
        double allowed = 0.5 * Skin;
        if (!_box.Equals(box))
        {
            if (box.Periodic != _box.Periodic) { return true; }
            double cellShift = (box.A - _box.A).Norm + (box.B - _box.B).Norm + (box.C - _box.C).Norm;
            allowed = 0.5 * (Skin - _maxShift * cellShift);
            if (allowed <= 0) { return true; }
        }

        double limit = allowed * allowed;
        for (int i = 0; i < positions.Length; i++)
        {
            if ((positions[i] - _reference[i]).NormSquared > limit) { return true; }
        }

        return false;
    }

    /// <summary>Refreshes extended positions from the owners' current positions, re-evaluating the periodic translations when the box differs from the one of the last update.</summary>
    public void UpdatePositions(Box box, ReadOnlySpan<Vec3> positions)
    {
        if (!ReferenceEquals(box, _translationBox) && !box.Equals(_translationBox))
        {
            var tr = Translation;
            var sh = _entryShift;
            for (int e = 0; e < Count; e++) { tr[e] = box.Translation(sh[e]); }
            _translationBox = box;
        }

        UpdatePositions(positions);
    }

    /// <summary>Refreshes extended positions from the owners' current positions.</summary>
    public void UpdatePositions(ReadOnlySpan<Vec3> positions)
    {
        var rec = Records;
        var owner = Owner;
        var tr = Translation;
        for (int e = 0; e < Count; e++)
        {
            Vec3 p = positions[owner[e]] + tr[e];
            rec[4 * e] = p.X;
            rec[4 * e + 1] = p.Y;
            rec[4 * e + 2] = p.Z;
        }
    }

    // Reused build storage (grown, never shrunk): no allocation per rebuild once the sizes have settled.
    private Vec3[] _frac = [];
    private int[] _own = [];
    private Int3[] _img = [];
    private Int3[] _wrapShift = [];
    private int[] _binOf = [];
    private int[] _binCount = [];
    private int[] _binAtoms = [];
    private int[] _order = [];
    private int[] _rankOfAtom = [];
    private Int3[] _image = [];
    private Int3[] _entryShift = [];
    private int _maxShift;
    private Box? _translationBox;
    private Worker[] _workers = [];

    /// <summary>Per-range output of the threaded search.</summary>
    private sealed class Worker
    {
        public int[] Nbrs = new int[1024];
        public int NCount;
        public int[] Tb = new int[256];
        public int TCount;
        public int[] SpI = new int[64], SpJ = new int[64];
        public byte[] SpO = new byte[64];
        public int SCount;
        public byte[] Mark = [];

        /// <summary>Appends the special pair (a, e) of order sp to the three special lists.</summary>
        public void PushSpecial(int a, int e, byte sp)
        {
            int sc = SCount;
            Push(ref SpI, ref sc, a);
            sc = SCount;
            Push(ref SpJ, ref sc, e);
            sc = SCount;
            Push(ref SpO, ref sc, sp);
            SCount = sc;
        }

        public static void Push<TV>(ref TV[] a, ref int n, TV v)
        {
            if (n == a.Length) { Array.Resize(ref a, 2 * a.Length); }
            a[n++] = v;
        }
    }

    private static void Grow<TV>(ref TV[] a, int n)
    {
        if (a.Length < n) { a = new TV[Math.Max(n, a.Length + a.Length / 2)]; }
    }

    /// <summary>Builds everything for the current positions (the pair search runs on <paramref name="chunks"/>-derived threads).</summary>
    /// <param name="topology">the topology (types and special neighbours).</param>
    /// <param name="box">the box.</param>
    /// <param name="positions">positions [Å] (wrapped or not).</param>
    /// <param name="keepSpecial">keep special pairs whose LJ and Coulomb factors are both zero (true with long-range Coulomb, as LAMMPS).</param>
    /// <param name="specialLj">LJ factors 1-2, 1-3, 1-4.</param>
    /// <param name="specialCoul">Coulomb factors.</param>
    /// <param name="threeBodyCentre">per type: is a three-body centre.</param>
    /// <param name="threeBodyNeighbor">per type: can be a three-body neighbour.</param>
    /// <param name="threeBodyCutoff">three-body cutoff [Å] (the list uses cutoff + skin).</param>
    /// <param name="chunks">number of chunks for threads.</param>
    public void Build(Topology topology, Box box, ReadOnlySpan<Vec3> positions, bool keepSpecial,
        IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul,
        bool[] threeBodyCentre, bool[] threeBodyNeighbor, double threeBodyCutoff, int chunks) =>
        Build(topology, box, positions, keepSpecial, specialLj, specialCoul, threeBodyCentre, threeBodyNeighbor, threeBodyCutoff, chunks,
            chunks > 1 ? Math.Max(1, chunks / 16) : 1);

    /// <summary>Builds everything for the current positions, searching pairs on <paramref name="threads"/> threads.</summary>
    /// <param name="topology">the topology (types and special neighbours).</param>
    /// <param name="box">the box.</param>
    /// <param name="positions">positions [Å] (wrapped or not).</param>
    /// <param name="keepSpecial">keep special pairs whose LJ and Coulomb factors are both zero (true with long-range Coulomb, as LAMMPS).</param>
    /// <param name="specialLj">LJ factors 1-2, 1-3, 1-4.</param>
    /// <param name="specialCoul">Coulomb factors.</param>
    /// <param name="threeBodyCentre">per type: is a three-body centre.</param>
    /// <param name="threeBodyNeighbor">per type: can be a three-body neighbour.</param>
    /// <param name="threeBodyCutoff">three-body cutoff [Å] (the list uses cutoff + skin).</param>
    /// <param name="chunks">number of chunks for threads.</param>
    /// <param name="threads">threads for the pair search (the result does not depend on it).</param>
    public void Build(Topology topology, Box box, ReadOnlySpan<Vec3> positions, bool keepSpecial,
        IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul,
        bool[] threeBodyCentre, bool[] threeBodyNeighbor, double threeBodyCutoff, int chunks, int threads)
    {
        int n = positions.Length;
        double rlist = Cutoff + Skin;
        double rlist2 = rlist * rlist;
        double r3 = threeBodyCutoff + Skin;
        double r3sq = threeBodyCutoff > 0 ? r3 * r3 : -1;
        _box = box;
        if (_reference.Length != n) { _reference = new Vec3[n]; }
        positions.CopyTo(_reference);
        BuildCount++;
        LocalCount = n;

        Vec3 widths = box.PerpendicularWidths;
        double dx = rlist / widths.X, dy = rlist / widths.Y, dz = rlist / widths.Z; // ghost shell thickness (fractional)
        int mx = (int)Math.Ceiling(dx), my = (int)Math.Ceiling(dy), mz = (int)Math.Ceiling(dz);

        // Local copies (wrapped) and ghosts: fractional coordinates, owner, image.
        Grow(ref _frac, 4 * n); Grow(ref _own, 4 * n); Grow(ref _img, 4 * n); Grow(ref _wrapShift, n);
        var wrapShift = _wrapShift;
        int total = 0;
        for (int i = 0; i < n; i++)
        {
            Vec3 f = box.ToFractional(positions[i]);
            var w = new Int3((int)Math.Floor(f.X), (int)Math.Floor(f.Y), (int)Math.Floor(f.Z));
            f = new Vec3(f.X - w.X, f.Y - w.Y, f.Z - w.Z);
            wrapShift[i] = w;
            _frac[total] = f; _own[total] = i; _img[total] = default; total++;
        }

        for (int i = 0; i < n; i++)
        {
            Vec3 f = _frac[i];
            for (int a = -mx; a <= mx; a++)
            {
                double fx = f.X + a;
                if (fx < -dx || fx >= 1 + dx) { continue; }
                for (int b = -my; b <= my; b++)
                {
                    double fy = f.Y + b;
                    if (fy < -dy || fy >= 1 + dy) { continue; }
                    for (int c = -mz; c <= mz; c++)
                    {
                        if (a == 0 && b == 0 && c == 0) { continue; }
                        double fz = f.Z + c;
                        if (fz < -dz || fz >= 1 + dz) { continue; }
                        if (total == _frac.Length)
                        {
                            Array.Resize(ref _frac, 2 * total); Array.Resize(ref _own, 2 * total); Array.Resize(ref _img, 2 * total);
                        }

                        _frac[total] = new Vec3(fx, fy, fz); _own[total] = i; _img[total] = new Int3(a, b, c); total++;
                    }
                }
            }
        }

        var frac = _frac;
        var own = _own;
        var img = _img;

        // Bins over the extended fractional region, at least rlist/3 thick; the search visits only the bins of a stencil
        // that can hold a partner within rlist (for orthogonal boxes the corner bins farther than rlist are left out).
        int Bins(double width, double span) => Math.Max(1, (int)Math.Floor(width * span / (rlist / 3.0)));
        int nbx = Bins(widths.X, 1 + 2 * dx), nby = Bins(widths.Y, 1 + 2 * dy), nbz = Bins(widths.Z, 1 + 2 * dz);
        double bwx = (1 + 2 * dx) / nbx, bwy = (1 + 2 * dy) / nby, bwz = (1 + 2 * dz) / nbz;
        int sx = (int)Math.Ceiling(dx / bwx), sy = (int)Math.Ceiling(dy / bwy), sz = (int)Math.Ceiling(dz / bwz);
        int nbins = nbx * nby * nbz;
        _stencil.Clear();
        {
            double wx = bwx * widths.X, wy = bwy * widths.Y, wz = bwz * widths.Z; // bin widths [Å] (orthogonal boxes)
            for (int oz = -sz; oz <= sz; oz++)
            {
                for (int oy = -sy; oy <= sy; oy++)
                {
                    for (int ox = -sx; ox <= sx; ox++)
                    {
                        if (!box.IsTriclinic)
                        {
                            double gx = Math.Max(0, Math.Abs(ox) - 1) * wx, gy = Math.Max(0, Math.Abs(oy) - 1) * wy, gz = Math.Max(0, Math.Abs(oz) - 1) * wz;
                            if (gx * gx + gy * gy + gz * gz > rlist2) { continue; }
                        }

                        _stencil.Add(new Int3(ox, oy, oz));
                    }
                }
            }
        }

        // The stencil as rows along x: the bins of one row are consecutive, so their atoms form one contiguous range.
        var stencilRows = new List<(int Oy, int Oz, int OxMin, int OxMax)>();
        foreach (var o in _stencil)
        {
            if (stencilRows.Count > 0 && stencilRows[^1].Oy == o.Y && stencilRows[^1].Oz == o.Z && stencilRows[^1].OxMax == o.X - 1)
            {
                stencilRows[^1] = stencilRows[^1] with { OxMax = o.X };
            }
            else
            {
                stencilRows.Add((o.Y, o.Z, o.X, o.X));
            }
        }

        var rows = stencilRows.ToArray();
        Grow(ref _binOf, total);
        var binOf = _binOf;
        for (int e = 0; e < total; e++)
        {
            Vec3 f = frac[e];
            int bx = Math.Clamp((int)((f.X + dx) / bwx), 0, nbx - 1);
            int by = Math.Clamp((int)((f.Y + dy) / bwy), 0, nby - 1);
            int bz = Math.Clamp((int)((f.Z + dz) / bwz), 0, nbz - 1);
            binOf[e] = (bz * nby + by) * nbx + bx;
        }

        // Order: locals sorted by bin, then ghosts sorted by bin (stable counting sort: within a bin, by creation order).
        Grow(ref _order, total);
        var order = _order;
        if (_binCount.Length < 2 * nbins + 1) { _binCount = new int[2 * nbins + 1]; }
        var key = _binCount;
        Array.Clear(key, 0, 2 * nbins + 1);
        for (int e = 0; e < total; e++) { key[(e < n ? 0 : nbins) + binOf[e] + 1]++; }
        for (int b = 0; b < 2 * nbins; b++) { key[b + 1] += key[b]; }
        for (int e = 0; e < total; e++) { order[key[(e < n ? 0 : nbins) + binOf[e]]++] = e; }

        Count = total;
        if (Owner.Length < total)
        {
            int cap = total + total / 8;
            Owner = new int[cap]; Translation = new Vec3[cap]; Types = new int[cap]; Records = new double[4 * cap]; _image = new Int3[cap];
            _entryShift = new Int3[cap];
        }

        int maxShift = 0;

        Grow(ref _rankOfAtom, n);
        var image = _image;
        var rankOfAtom = _rankOfAtom; // ext index of each atom's local copy
        var ownerArr = Owner; var transArr = Translation; var typesArr = Types; var recArr = Records;
        var topoTypes = topology.Types;
        for (int e = 0; e < total; e++)
        {
            int o = order[e];
            int owner = own[o];
            ownerArr[e] = owner;
            image[e] = img[o];
            Int3 shift = img[o] - wrapShift[owner];
            _entryShift[e] = shift;
            maxShift = Math.Max(maxShift, Math.Max(Math.Abs(shift.X), Math.Max(Math.Abs(shift.Y), Math.Abs(shift.Z))));
            transArr[e] = box.Translation(shift);
            typesArr[e] = topoTypes[owner];
            recArr[4 * e + 3] = BitConverter.Int64BitsToDouble(typesArr[e]); // type as integer bits: a vector load gives the permute index directly
            if (o < n) { rankOfAtom[owner] = e; }
        }

        _maxShift = maxShift;

        _translationBox = box;
        UpdatePositions(positions);
        Grow(ref _rankExt, total);
        var rankExt = _rankExt; // local rank of each extended atom's owner (the half-list criterion)
        for (int e = 0; e < total; e++) { rankExt[e] = rankOfAtom[ownerArr[e]]; }
        ulong tbTypeBits = 0;
        for (int t = 0; t < threeBodyNeighbor.Length && t < 64; t++) { if (threeBodyNeighbor[t]) { tbTypeBits |= 1UL << t; } }
        bool vectorSearch = Avx512F.VL.IsSupported && Avx2.IsSupported && threeBodyNeighbor.Length <= 32 && VectorSearch;

        // Bin contents by extended index.
        var binCount = _binCount;
        Array.Clear(binCount, 0, nbins + 1);
        for (int e = 0; e < total; e++) { binCount[binOf[order[e]] + 1]++; }
        for (int b = 0; b < nbins; b++) { binCount[b + 1] += binCount[b]; }
        Grow(ref _binAtoms, total + 8);
        var binAtoms = _binAtoms;
        Grow(ref _fillScratch, nbins);
        var fill = _fillScratch;
        Array.Copy(binCount, fill, nbins);
        for (int e = 0; e < total; e++) { binAtoms[fill[binOf[order[e]]]++] = e; }

        // The candidates in bin order as structure of arrays (x, y, z [Å], owner rank, type), so the vector search reads
        // eight consecutive candidates with one load per quantity; padded with 8 entries for its masked last step.
        bool vectorSearchSoa = Avx512F.VL.IsSupported && Avx2.IsSupported && threeBodyNeighbor.Length <= 32 && VectorSearch;
        if (vectorSearchSoa)
        {
            Grow(ref _sx, total + 8); Grow(ref _sy, total + 8); Grow(ref _sz, total + 8); Grow(ref _srank, total + 8); Grow(ref _stype, total + 8);
            var recS = Records;
            for (int k = 0; k < total; k++)
            {
                int e = binAtoms[k];
                _sx[k] = recS[4 * e]; _sy[k] = recS[4 * e + 1]; _sz[k] = recS[4 * e + 2];
                _srank[k] = rankExt[e]; _stype[k] = Types[e];
            }

            for (int k = total; k < total + 8; k++) { _sx[k] = _sy[k] = _sz[k] = double.MaxValue; _srank[k] = -1; _stype[k] = 0; }
        }

        // Pair search, threaded over contiguous ranges of local atoms; each range fills its own worker.
        threads = Math.Max(1, Math.Min(threads, n));
        int ranges = threads == 1 ? 1 : 4 * threads;
        if (_workers.Length < ranges)
        {
            var w = new Worker[ranges];
            for (int r = 0; r < ranges; r++) { w[r] = r < _workers.Length ? _workers[r] : new Worker(); }
            _workers = w;
        }

        var workers = _workers;
        double hx = 0.5 * box.Lx, hy = 0.5 * box.Ly, hz = 0.5 * box.Lz;
        var rec = Records;
        var ownerA_ = Owner; var typesA_ = Types;
        Grow(ref _offsetsScratch, n + 1);
        Grow(ref _tbScratch, n + 1);
        var offScratch = _offsetsScratch;
        var tbScratch = _tbScratch;
        void Search(int r)
        {
            var wk = workers[r];
            int a0 = (int)((long)n * r / ranges), a1 = (int)((long)n * (r + 1) / ranges);
            wk.NCount = 0; wk.TCount = 0; wk.SCount = 0;
            if (wk.Mark.Length < n) { wk.Mark = new byte[n]; }
            var specialMark = wk.Mark;
            for (int a = a0; a < a1; a++)
            {
                offScratch[a] = wk.NCount;
                tbScratch[a] = wk.TCount;
                int ownerA = ownerA_[a];
                var specials = topology.SpecialNeighbors(ownerA);
                foreach (var s in specials) { specialMark[s.Atom] = (byte)s.Order; }
                bool centre = threeBodyCentre.Length > 0 && threeBodyCentre[typesA_[a]];
                double xa = rec[4 * a], ya = rec[4 * a + 1], za = rec[4 * a + 2];
                int ba = binOf[order[a]];
                int bx0 = ba % nbx, by0 = ba / nbx % nby, bz0 = ba / (nbx * nby);
                Int3 imgA = image[a];
                int nStart = wk.NCount;
                if (vectorSearch)
                {
                    SearchVector(wk, a, centre, xa, ya, za, rows, binCount, bx0, by0, bz0, nbx, nby, nbz, binAtoms, _sx, _sy, _sz, _srank, _stype,
                        image, imgA, tbTypeBits, rlist2, r3sq);
                }

                foreach (var row in vectorSearch ? [] : rows)
                {
                    int cz = bz0 + row.Oz, cy = by0 + row.Oy;
                    if ((uint)cz >= (uint)nbz || (uint)cy >= (uint)nby) { continue; }
                    int cx0 = Math.Max(0, bx0 + row.OxMin), cx1 = Math.Min(nbx - 1, bx0 + row.OxMax);
                    if (cx0 > cx1) { continue; }
                    {
                        {
                            int rowBase = (cz * nby + cy) * nbx;
                            int kStart = binCount[rowBase + cx0], kEnd = binCount[rowBase + cx1 + 1];
                            for (int k = kStart; k < kEnd; k++)
                            {
                                int e = binAtoms[k];
                                if (e == a) { continue; }
                                // The half list keeps a pair from the atom of lower rank (or the positive image): decide that
                                // before the distance unless a three-body centre needs the whole neighbourhood.
                                int ownerE = ownerA_[e];
                                int rankE = rankOfAtom[ownerE];
                                bool otherHalf = rankE < a || (rankE == a && !IsPositive(image[e] - imgA));
                                bool tbCandidate = centre && threeBodyNeighbor[typesA_[e]];
                                if (otherHalf && !tbCandidate) { continue; }
                                double ddx = rec[4 * e] - xa, ddy = rec[4 * e + 1] - ya, ddz = rec[4 * e + 2] - za;
                                double r2 = ddx * ddx + ddy * ddy + ddz * ddz;
                                if (r2 > rlist2) { continue; }
                                if (tbCandidate && r2 <= r3sq) { Worker.Push(ref wk.Tb, ref wk.TCount, e); }
                                if (otherHalf) { continue; }
                                // With the vector search the specials are sorted out per atom afterwards, in list order.
                                byte sp = ownerE == ownerA || vectorSearch ? (byte)0 : specialMark[ownerE];
                                if (sp != 0 && (Math.Abs(ddx) > hx || Math.Abs(ddy) > hy || Math.Abs(ddz) > hz)) { sp = 0; }
                                if (sp == 0)
                                {
                                    Worker.Push(ref wk.Nbrs, ref wk.NCount, e);
                                }
                                else if (keepSpecial || specialLj[sp - 1] != 0 || specialCoul[sp - 1] != 0)
                                {
                                    wk.PushSpecial(a, e, sp);
                                }
                            }
                        }
                    }
                }

                if (vectorSearch && specials.Length > 0)
                {
                    // The vector search kept every pair of the half list; move the special ones (1-2, 1-3, 1-4 within half
                    // a box) to the special list, keeping the order of the rest.
                    int w = nStart;
                    for (int q = nStart; q < wk.NCount; q++)
                    {
                        int e = wk.Nbrs[q];
                        int ownerE = ownerA_[e];
                        byte sp = ownerE == ownerA ? (byte)0 : specialMark[ownerE];
                        if (sp != 0)
                        {
                            double ddx = rec[4 * e] - xa, ddy = rec[4 * e + 1] - ya, ddz = rec[4 * e + 2] - za;
                            if (Math.Abs(ddx) > hx || Math.Abs(ddy) > hy || Math.Abs(ddz) > hz) { sp = 0; }
                        }

                        if (sp == 0) { wk.Nbrs[w++] = e; continue; }
                        if (keepSpecial || specialLj[sp - 1] != 0 || specialCoul[sp - 1] != 0)
                        {
                            wk.PushSpecial(a, e, sp);
                        }
                    }

                    wk.NCount = w;
                }

                foreach (var s in specials) { specialMark[s.Atom] = 0; }
            }
        }

        if (ranges == 1) { Search(0); }
        else { Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = threads }, Search); }

        // Concatenate the ranges (same order as a serial search).
        int nTotal = 0, tTotal = 0, sTotal = 0;
        for (int r = 0; r < ranges; r++) { nTotal += workers[r].NCount; tTotal += workers[r].TCount; sTotal += workers[r].SCount; }
        if (Offsets.Length != n + 1) { Offsets = new int[n + 1]; ThreeBodyOffsets = new int[n + 1]; }
        if (Neighbors.Length < nTotal + 8) { Neighbors = new int[nTotal + nTotal / 8 + 8]; }
        if (ThreeBodyNeighbors.Length < tTotal) { ThreeBodyNeighbors = new int[tTotal + tTotal / 8]; }
        if (SpecialI.Length < sTotal) { int c = sTotal + sTotal / 8 + 16; SpecialI = new int[c]; SpecialJ = new int[c]; SpecialOrder = new byte[c]; }
        var offsets = Offsets;
        var tbOff = ThreeBodyOffsets;
        int nb0 = 0, tb0 = 0, sp0 = 0;
        for (int r = 0; r < ranges; r++)
        {
            var wk = workers[r];
            int a0 = (int)((long)n * r / ranges), a1 = (int)((long)n * (r + 1) / ranges);
            for (int a = a0; a < a1; a++) { offsets[a] = _offsetsScratch[a] + nb0; tbOff[a] = _tbScratch[a] + tb0; }
            Array.Copy(wk.Nbrs, 0, Neighbors, nb0, wk.NCount);
            Array.Copy(wk.Tb, 0, ThreeBodyNeighbors, tb0, wk.TCount);
            Array.Copy(wk.SpI, 0, SpecialI, sp0, wk.SCount);
            Array.Copy(wk.SpJ, 0, SpecialJ, sp0, wk.SCount);
            Array.Copy(wk.SpO, 0, SpecialOrder, sp0, wk.SCount);
            nb0 += wk.NCount; tb0 += wk.TCount; sp0 += wk.SCount;
        }

        offsets[n] = nb0;
        tbOff[n] = tb0;
        Array.Clear(Neighbors, nb0, 8); // eight readable entries past the end (index 0): the vector loops read them masked
        SpecialCount = sp0;

        // Chunks balanced by pair count.
        chunks = Math.Max(1, Math.Min(chunks, n));
        if (ChunkStarts.Length != chunks + 1) { ChunkStarts = new int[chunks + 1]; }
        var starts = ChunkStarts;
        long totalPairs = nb0;
        int c0 = 1;
        for (int a = 0; a < n && c0 < chunks; a++)
        {
            if (offsets[a] >= totalPairs * c0 / chunks) { starts[c0++] = a; }
        }

        while (c0 < chunks) { starts[c0++] = n; }
        starts[chunks] = n;
    }

    private int[] _fillScratch = [];
    private int[] _rankExt = [];


    private static readonly Vector512<long> SearchXY = Vector512.Create(0L, 4, 8, 12, 1, 5, 9, 13);
    private static readonly Vector512<long> SearchZT = Vector512.Create(2L, 6, 10, 14, 3, 7, 11, 15);
    private static readonly Vector512<long> SearchLo = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
    private static readonly Vector512<long> SearchHi = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);
    private static readonly Vector256<int> LaneBits = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);

    /// <summary>
    /// Every candidate of atom a's stencil rows, eight at a time (AVX-512), from the bin-ordered structure of arrays:
    /// distances, the half-list criterion from the owners' ranks (lanes holding a itself or an image of a decided by the
    /// sign of the image shift, as the scalar search does), the three-body criterion for centres; kept indices are
    /// compressed straight into the worker's lists in candidate order (special pairs are sorted out per atom afterwards).
    /// The last 1–7 candidates of a row run as one masked step. Builds exactly the scalar search's lists.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SearchVector(Worker wk, int a, bool centre, double xa, double ya, double za, (int Oy, int Oz, int OxMin, int OxMax)[] rows,
        int[] binCount, int bx0, int by0, int bz0, int nbx, int nby, int nbz, int[] binAtoms,
        double[] sx, double[] sy, double[] sz, int[] srank, int[] stype, Int3[] image, Int3 imgA, ulong tbTypeBits, double rlist2, double r3sq)
    {
        ref int ba0 = ref MemoryMarshal.GetArrayDataReference(binAtoms);
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(sx);
        ref double y0 = ref MemoryMarshal.GetArrayDataReference(sy);
        ref double z0 = ref MemoryMarshal.GetArrayDataReference(sz);
        ref int rk0 = ref MemoryMarshal.GetArrayDataReference(srank);
        ref int ty0 = ref MemoryMarshal.GetArrayDataReference(stype);
        var vxa = Vector512.Create(xa); var vya = Vector512.Create(ya); var vza = Vector512.Create(za);
        var vlist = Vector512.Create(rlist2); var v3 = Vector512.Create(r3sq);
        var va = Vector256.Create(a);
        var tbBits = Vector256.Create((int)tbTypeBits);
        foreach (var row in rows)
        {
            int cz = bz0 + row.Oz, cy = by0 + row.Oy;
            if ((uint)cz >= (uint)nbz || (uint)cy >= (uint)nby) { continue; }
            int cx0 = Math.Max(0, bx0 + row.OxMin), cx1 = Math.Min(nbx - 1, bx0 + row.OxMax);
            if (cx0 > cx1) { continue; }
            int rowBase = (cz * nby + cy) * nbx;
            int k1 = binCount[rowBase + cx1 + 1];
            for (int k = binCount[rowBase + cx0]; k < k1; k += 8)
            {
                uint lanes = k1 - k >= 8 ? 0xFFu : (1u << (k1 - k)) - 1;
                var rank = Vector256.LoadUnsafe(ref rk0, (nuint)k);
                var dx = Vector512.LoadUnsafe(ref x0, (nuint)k) - vxa;
                var dy = Vector512.LoadUnsafe(ref y0, (nuint)k) - vya;
                var dz = Vector512.LoadUnsafe(ref z0, (nuint)k) - vza;
                var r2 = dx * dx + dy * dy + dz * dz;
                uint inList = (uint)Vector512.LessThanOrEqual(r2, vlist).ExtractMostSignificantBits() & lanes;
                uint half = Vector256.GreaterThan(rank, va).ExtractMostSignificantBits();
                uint self = Vector256.Equals(rank, va).ExtractMostSignificantBits() & lanes;
                if (self != 0)
                {
                    // a itself never; an image of a when its shift relative to a is positive (rare: small boxes).
                    for (uint m = self; m != 0; m &= m - 1)
                    {
                        int l = BitOperations.TrailingZeroCount(m);
                        int e = Unsafe.Add(ref ba0, k + l);
                        if (e == a) { inList &= ~(1u << l); }
                        else if (IsPositive(image[e] - imgA)) { half |= 1u << l; }
                    }
                }

                uint keep = inList & half;
                if (keep != 0)
                {
                    AppendLanes(ref wk.Nbrs, ref wk.NCount, keep, Vector256.LoadUnsafe(ref ba0, (nuint)k));
                }

                if (centre)
                {
                    var ty = Vector256.LoadUnsafe(ref ty0, (nuint)k);
                    uint tbType = (~Vector256.Equals(Avx2.ShiftRightLogicalVariable(tbBits, ty.AsUInt32()) & Vector256<int>.One, Vector256<int>.Zero)).ExtractMostSignificantBits();
                    uint tb = (uint)Vector512.LessThanOrEqual(r2, v3).ExtractMostSignificantBits() & tbType & inList;
                    if (tb != 0)
                    {
                        AppendLanes(ref wk.Tb, ref wk.TCount, tb, Vector256.LoadUnsafe(ref ba0, (nuint)k));
                    }
                }
            }
        }
    }

    /// <summary>Appends the lanes of <paramref name="values"/> selected by the bits of <paramref name="mask"/>, in lane order, to a growing list.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AppendLanes(ref int[] list, ref int count, uint mask, Vector256<int> values)
    {
        if (count + 8 > list.Length) { Array.Resize(ref list, 2 * list.Length + 8); }
        var lanes = Vector256.Equals(Vector256.Create((int)mask) & LaneBits, LaneBits);
        Avx512F.VL.Compress(Vector256<int>.Zero, lanes, values).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(list), (nuint)count);
        count += BitOperations.PopCount(mask);
    }

    private double[] _sx = [], _sy = [], _sz = [];
    private int[] _srank = [], _stype = [];
    private readonly List<Int3> _stencil = new();
    private int[] _offsetsScratch = [];
    private int[] _tbScratch = [];

    private static bool IsPositive(Int3 s) => Vitrion.Core.Spatial.PeriodicCells.IsPositive(s);
}
