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

    /// <summary>Skin [Å].</summary>
    public double Skin { get; }

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

    /// <summary>Extended records x, y, z, type (4 doubles each) [Å].</summary>
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

    /// <summary>True when the list must be rebuilt for these positions and box.</summary>
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

    /// <summary>Builds everything for the current positions.</summary>
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
        bool[] threeBodyCentre, bool[] threeBodyNeighbor, double threeBodyCutoff, int chunks)
    {
        int n = positions.Length;
        double rlist = Cutoff + Skin;
        double rlist2 = rlist * rlist;
        double r3 = threeBodyCutoff + Skin;
        double r3sq = threeBodyCutoff > 0 ? r3 * r3 : -1;
        _box = box;
        _reference = positions.ToArray();
        BuildCount++;
        LocalCount = n;

        Vec3 widths = box.PerpendicularWidths;
        double dx = rlist / widths.X, dy = rlist / widths.Y, dz = rlist / widths.Z; // ghost shell thickness (fractional)
        int mx = (int)Math.Ceiling(dx), my = (int)Math.Ceiling(dy), mz = (int)Math.Ceiling(dz);

        // Local copies (wrapped) and ghosts: fractional coordinates, owner, image.
        var frac = new List<Vec3>(n * 3);
        var own = new List<int>(n * 3);
        var img = new List<Int3>(n * 3);
        var wrapShift = new Int3[n];
        for (int i = 0; i < n; i++)
        {
            Vec3 f = box.ToFractional(positions[i]);
            var w = new Int3((int)Math.Floor(f.X), (int)Math.Floor(f.Y), (int)Math.Floor(f.Z));
            f = new Vec3(f.X - w.X, f.Y - w.Y, f.Z - w.Z);
            wrapShift[i] = w;
            frac.Add(f);
            own.Add(i);
            img.Add(default);
        }

        for (int i = 0; i < n; i++)
        {
            Vec3 f = frac[i];
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
                        frac.Add(new Vec3(fx, fy, fz));
                        own.Add(i);
                        img.Add(new Int3(a, b, c));
                    }
                }
            }
        }

        int total = frac.Count;

        // Bins over the extended fractional region, at least rlist/2 thick.
        int Bins(double width, double span) => Math.Max(1, (int)Math.Floor(width * span / (0.5 * rlist)));
        int nbx = Bins(widths.X, 1 + 2 * dx), nby = Bins(widths.Y, 1 + 2 * dy), nbz = Bins(widths.Z, 1 + 2 * dz);
        double bwx = (1 + 2 * dx) / nbx, bwy = (1 + 2 * dy) / nby, bwz = (1 + 2 * dz) / nbz;
        int sx = (int)Math.Ceiling(dx / bwx), sy = (int)Math.Ceiling(dy / bwy), sz = (int)Math.Ceiling(dz / bwz);
        var binOf = new int[total];
        var binCount = new int[nbx * nby * nbz + 1];
        for (int e = 0; e < total; e++)
        {
            Vec3 f = frac[e];
            int bx = Math.Clamp((int)((f.X + dx) / bwx), 0, nbx - 1);
            int by = Math.Clamp((int)((f.Y + dy) / bwy), 0, nby - 1);
            int bz = Math.Clamp((int)((f.Z + dz) / bwz), 0, nbz - 1);
            binOf[e] = (bz * nby + by) * nbx + bx;
        }

        // Order: locals sorted by bin, then ghosts sorted by bin.
        int[] order;
        {
            var keys = new long[total];
            for (int e = 0; e < total; e++) { keys[e] = ((long)(e < n ? 0 : 1) << 40) | ((long)binOf[e] << 20); }
            var idx = Enumerable.Range(0, total).ToArray();
            Array.Sort(keys, idx);
            order = idx;
        }

        var extOf = new int[total]; // old index -> ext index
        for (int e = 0; e < total; e++) { extOf[order[e]] = e; }
        Count = total;
        Owner = new int[total];
        Translation = new Vec3[total];
        Types = new int[total];
        Records = new double[4 * total];
        var image = new Int3[total];
        var rankOfAtom = new int[n]; // ext index of each atom's local copy
        for (int e = 0; e < total; e++)
        {
            int o = order[e];
            int owner = own[o];
            Owner[e] = owner;
            image[e] = img[o];
            Translation[e] = box.Translation(img[o] - wrapShift[owner]);
            Types[e] = topology.Types[owner];
            Records[4 * e + 3] = Types[e];
            if (o < n) { rankOfAtom[owner] = e; }
        }

        UpdatePositions(positions);

        // Bin contents by extended index.
        for (int e = 0; e < total; e++) { binCount[binOf[order[e]] + 1]++; }
        for (int b = 0; b < binCount.Length - 1; b++) { binCount[b + 1] += binCount[b]; }
        var binAtoms = new int[total];
        var fill = (int[])binCount.Clone();
        for (int e = 0; e < total; e++) { binAtoms[fill[binOf[order[e]]]++] = e; }

        // Special marks.
        var specialMark = new byte[n];
        var nbrs = new List<int>(n * 300);
        var offsets = new int[n + 1];
        var spI = new List<int>();
        var spJ = new List<int>();
        var spO = new List<byte>();
        var tbOff = new int[n + 1];
        var tbN = new List<int>();
        double hx = 0.5 * box.Lx, hy = 0.5 * box.Ly, hz = 0.5 * box.Lz;
        var rec = Records;
        for (int a = 0; a < n; a++)
        {
            offsets[a] = nbrs.Count;
            tbOff[a] = tbN.Count;
            int ownerA = Owner[a];
            var specials = topology.SpecialNeighbors(ownerA);
            foreach (var s in specials) { specialMark[s.Atom] = (byte)s.Order; }
            bool centre = threeBodyCentre.Length > 0 && threeBodyCentre[Types[a]];
            double xa = rec[4 * a], ya = rec[4 * a + 1], za = rec[4 * a + 2];
            int ba = binOf[order[a]];
            int bx0 = ba % nbx, by0 = ba / nbx % nby, bz0 = ba / (nbx * nby);
            Int3 imgA = image[a];
            for (int cz = Math.Max(0, bz0 - sz); cz <= Math.Min(nbz - 1, bz0 + sz); cz++)
            {
                for (int cy = Math.Max(0, by0 - sy); cy <= Math.Min(nby - 1, by0 + sy); cy++)
                {
                    for (int cx = Math.Max(0, bx0 - sx); cx <= Math.Min(nbx - 1, bx0 + sx); cx++)
                    {
                        int bin = (cz * nby + cy) * nbx + cx;
                        for (int k = binCount[bin]; k < binCount[bin + 1]; k++)
                        {
                            int e = binAtoms[k];
                            if (e == a) { continue; }
                            double ddx = rec[4 * e] - xa, ddy = rec[4 * e + 1] - ya, ddz = rec[4 * e + 2] - za;
                            double r2 = ddx * ddx + ddy * ddy + ddz * ddz;
                            if (r2 > rlist2) { continue; }
                            if (centre && r2 <= r3sq && threeBodyNeighbor[Types[e]]) { tbN.Add(e); }
                            int ownerE = Owner[e];
                            int rankE = rankOfAtom[ownerE];
                            if (rankE < a) { continue; }
                            if (rankE == a && !IsPositive(image[e] - imgA)) { continue; }
                            byte sp = ownerE == ownerA ? (byte)0 : specialMark[ownerE];
                            if (sp != 0 && (Math.Abs(ddx) > hx || Math.Abs(ddy) > hy || Math.Abs(ddz) > hz)) { sp = 0; }
                            if (sp == 0)
                            {
                                nbrs.Add(e);
                            }
                            else if (keepSpecial || specialLj[sp - 1] != 0 || specialCoul[sp - 1] != 0)
                            {
                                spI.Add(a);
                                spJ.Add(e);
                                spO.Add(sp);
                            }
                        }
                    }
                }
            }

            foreach (var s in specials) { specialMark[s.Atom] = 0; }
        }

        offsets[n] = nbrs.Count;
        tbOff[n] = tbN.Count;
        Offsets = offsets;
        Neighbors = nbrs.ToArray();
        SpecialI = spI.ToArray();
        SpecialJ = spJ.ToArray();
        SpecialOrder = spO.ToArray();
        SpecialCount = spI.Count;
        ThreeBodyOffsets = tbOff;
        ThreeBodyNeighbors = tbN.ToArray();

        // Chunks balanced by pair count.
        chunks = Math.Max(1, Math.Min(chunks, n));
        var starts = new int[chunks + 1];
        long totalPairs = nbrs.Count;
        int c0 = 1;
        for (int a = 0; a < n && c0 < chunks; a++)
        {
            if (offsets[a] >= totalPairs * c0 / chunks) { starts[c0++] = a; }
        }

        while (c0 < chunks) { starts[c0++] = n; }
        starts[chunks] = n;
        ChunkStarts = starts;
    }

    private static bool IsPositive(Int3 s) => s.Z > 0 || (s.Z == 0 && (s.Y > 0 || (s.Y == 0 && s.X > 0)));
}
