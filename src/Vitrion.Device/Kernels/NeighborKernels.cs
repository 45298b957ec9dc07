using ILGPU;

namespace Vitrion.Device.Kernels;

/// <summary>Scalar settings of a neighbour-list build (one per build).</summary>
public struct BuildParams
{
    /// <summary>The box.</summary>
    public DeviceBox Box;

    /// <summary>Bins along x, y, z.</summary>
    public int Nbx, Nby, Nbz;

    /// <summary>Number of stencil offsets.</summary>
    public int StencilCount;

    /// <summary>Squared list cutoff (cutoff + skin)² [Å²].</summary>
    public double Rlist2;

    /// <summary>Squared three-body list cutoff [Å²] (negative: no three-body list).</summary>
    public double R3sq;

    /// <summary>Half box edges [Å]: a special pair farther apart than this along any axis counts as ordinary (as the CPU list).</summary>
    public double Hx, Hy, Hz;
}

/// <summary>The arrays a neighbour-list build reads.</summary>
public struct BuildInputs
{
    /// <summary>Wrapped positions at the build (x, y, z per atom) [Å].</summary>
    public ArrayView<double> Xw;

    /// <summary>Wrap shifts per atom (3 ints: x_wrapped = x − w·L).</summary>
    public ArrayView<int> Wrap;

    /// <summary>Bin of each atom.</summary>
    public ArrayView<int> Bin;

    /// <summary>CSR starts of the bins (length bins + 1).</summary>
    public ArrayView<int> BinStart;

    /// <summary>Atoms sorted by bin, ascending index within a bin.</summary>
    public ArrayView<int> BinAtoms;

    /// <summary>Stencil offsets (3 ints each).</summary>
    public ArrayView<int> Stencil;

    /// <summary>Atom types.</summary>
    public ArrayView<int> Types;

    /// <summary>CSR offsets of each atom's special neighbours.</summary>
    public ArrayView<int> SpecialOffsets;

    /// <summary>Special neighbour atoms.</summary>
    public ArrayView<int> SpecialAtoms;

    /// <summary>Special orders (1, 2, 3).</summary>
    public ArrayView<int> SpecialOrders;

    /// <summary>Per type: 1 when a three-body centre.</summary>
    public ArrayView<int> TbCentre;

    /// <summary>Per type: 1 when a possible three-body neighbour.</summary>
    public ArrayView<int> TbNeighbor;
}

/// <summary>The lists a build writes.</summary>
public struct BuildOutputs
{
    /// <summary>Per atom: full-list count (slot 2i) and three-body count (slot 2i+1) (count pass).</summary>
    public ArrayView<int> Counts;

    /// <summary>Full-list CSR offsets (length N + 1).</summary>
    public ArrayView<int> Offsets;

    /// <summary>Three-body CSR offsets (length N + 1).</summary>
    public ArrayView<int> TbOffsets;

    /// <summary>Full-list neighbour atoms.</summary>
    public ArrayView<int> NbrJ;

    /// <summary>Full-list packed translation and special order (<see cref="DeviceBox.Pack"/>).</summary>
    public ArrayView<int> NbrCode;

    /// <summary>Three-body entries: index of the entry in the full list.</summary>
    public ArrayView<int> TbEntry;
}

/// <summary>
/// Kernels of the cell-list build of a full (both directions) neighbour list with periodic translations, any box size
/// (a box smaller than the list cutoff gives several images of one pair). The search visits the stencil offsets in a
/// fixed order and each bin's atoms in ascending index, so the list order is deterministic.
/// </summary>
public static class NeighborKernels
{
    /// <summary>Wraps positions into the box, records the wrap shift and the bin of each atom.</summary>
    public static void Wrap(Index1D i, ArrayView<double> x, ArrayView<double> xw, ArrayView<int> wrap, ArrayView<int> bin, BuildParams p)
    {
        double fx = x[3 * i] * p.Box.Ilx, fy = x[3 * i + 1] * p.Box.Ily, fz = x[3 * i + 2] * p.Box.Ilz;
        int wx = (int)Math.Floor(fx), wy = (int)Math.Floor(fy), wz = (int)Math.Floor(fz);
        wrap[3 * i] = wx; wrap[3 * i + 1] = wy; wrap[3 * i + 2] = wz;
        xw[3 * i] = x[3 * i] - wx * p.Box.Lx;
        xw[3 * i + 1] = x[3 * i + 1] - wy * p.Box.Ly;
        xw[3 * i + 2] = x[3 * i + 2] - wz * p.Box.Lz;
        int bx = (int)((fx - wx) * p.Nbx), by = (int)((fy - wy) * p.Nby), bz = (int)((fz - wz) * p.Nbz);
        bx = bx < 0 ? 0 : bx >= p.Nbx ? p.Nbx - 1 : bx;
        by = by < 0 ? 0 : by >= p.Nby ? p.Nby - 1 : by;
        bz = bz < 0 ? 0 : bz >= p.Nbz ? p.Nbz - 1 : bz;
        bin[i] = (bz * p.Nby + by) * p.Nbx + bx;
    }

    /// <summary>Count pass: per atom, the number of full-list and three-body entries.</summary>
    public static void Count(Index1D i, BuildInputs a, BuildOutputs o, BuildParams p) => Search(i, a, o, p, false);

    /// <summary>Fill pass: writes the entries at the offsets of the count pass.</summary>
    public static void Fill(Index1D i, BuildInputs a, BuildOutputs o, BuildParams p) => Search(i, a, o, p, true);

    private static int FloorDiv(int c, int n) => c >= 0 ? c / n : -((-c + n - 1) / n);

    private static void Search(int i, BuildInputs a, BuildOutputs o, BuildParams p, bool fill)
    {
        int b = a.Bin[i];
        int bx = b % p.Nbx, by = b / p.Nbx % p.Nby, bz = b / (p.Nbx * p.Nby);
        double xi = a.Xw[3 * i], yi = a.Xw[3 * i + 1], zi = a.Xw[3 * i + 2];
        int wxi = a.Wrap[3 * i], wyi = a.Wrap[3 * i + 1], wzi = a.Wrap[3 * i + 2];
        bool centre = p.R3sq > 0 && a.TbCentre[a.Types[i]] != 0;
        int s0 = a.SpecialOffsets[i], s1 = a.SpecialOffsets[i + 1];
        int count = 0, tcount = 0;
        int w = fill ? o.Offsets[i] : 0, tw = fill ? o.TbOffsets[i] : 0;
        for (int s = 0; s < p.StencilCount; s++)
        {
            int cx = bx + a.Stencil[3 * s], cy = by + a.Stencil[3 * s + 1], cz = bz + a.Stencil[3 * s + 2];
            int ix = FloorDiv(cx, p.Nbx), iy = FloorDiv(cy, p.Nby), iz = FloorDiv(cz, p.Nbz);
            int nb = ((cz - iz * p.Nbz) * p.Nby + (cy - iy * p.Nby)) * p.Nbx + (cx - ix * p.Nbx);
            double ox = ix * p.Box.Lx, oy = iy * p.Box.Ly, oz = iz * p.Box.Lz;
            for (int k = a.BinStart[nb]; k < a.BinStart[nb + 1]; k++)
            {
                int j = a.BinAtoms[k];
                if (j == i && ix == 0 && iy == 0 && iz == 0) { continue; }
                double dx = a.Xw[3 * j] + ox - xi, dy = a.Xw[3 * j + 1] + oy - yi, dz = a.Xw[3 * j + 2] + oz - zi;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 > p.Rlist2) { continue; }
                int order = 0;
                if (j != i && Math.Abs(dx) <= p.Hx && Math.Abs(dy) <= p.Hy && Math.Abs(dz) <= p.Hz)
                {
                    for (int q = s0; q < s1; q++)
                    {
                        if (a.SpecialAtoms[q] == j) { order = a.SpecialOrders[q]; break; }
                    }
                }

                bool tb = centre && r2 <= p.R3sq && a.TbNeighbor[a.Types[j]] != 0;
                if (fill)
                {
                    int tx = ix - a.Wrap[3 * j] + wxi, ty = iy - a.Wrap[3 * j + 1] + wyi, tz = iz - a.Wrap[3 * j + 2] + wzi;
                    o.NbrJ[w] = j;
                    o.NbrCode[w] = DeviceBox.Pack(tx, ty, tz, order);
                    if (tb) { o.TbEntry[tw++] = w; }
                    w++;
                }
                else
                {
                    count++;
                    if (tb) { tcount++; }
                }
            }
        }

        if (!fill)
        {
            o.Counts[2 * i] = count;
            o.Counts[2 * i + 1] = tcount;
        }
    }

    /// <summary>Sets flag[0] to 1 when atom i moved more than √limit2 from its reference position (atomic max: order-free).</summary>
    public static void Moved(Index1D i, ArrayView<double> x, ArrayView<double> xref, ArrayView<int> flag, double limit2)
    {
        double dx = x[3 * i] - xref[3 * i], dy = x[3 * i + 1] - xref[3 * i + 1], dz = x[3 * i + 2] - xref[3 * i + 2];
        if (dx * dx + dy * dy + dz * dz > limit2) { Atomic.Max(ref flag[0], 1); }
    }
}

/// <summary>Kernels of the reverse three-body list: for each atom, the three-body entries (of its centres) that point at it.</summary>
public static class ReverseKernels
{
    /// <summary>Count pass (slot i of <paramref name="counts"/>).</summary>
    public static void Count(Index1D j, BuildInputs a, BuildOutputs o, ArrayView<int> counts, ArrayView<int> revOffsets, ArrayView<int> rev) =>
        Search(j, a, o, counts, revOffsets, rev, false);

    /// <summary>Fill pass.</summary>
    public static void Fill(Index1D j, BuildInputs a, BuildOutputs o, ArrayView<int> counts, ArrayView<int> revOffsets, ArrayView<int> rev) =>
        Search(j, a, o, counts, revOffsets, rev, true);

    private static void Search(int j, BuildInputs a, BuildOutputs o, ArrayView<int> counts, ArrayView<int> revOffsets, ArrayView<int> rev, bool fill)
    {
        int c = 0;
        int w = fill ? revOffsets[j] : 0;
        if (a.TbNeighbor[a.Types[j]] != 0)
        {
            for (int e = o.Offsets[j]; e < o.Offsets[j + 1]; e++)
            {
                int i = o.NbrJ[e];
                if (a.TbCentre[a.Types[i]] == 0) { continue; }
                int want = DeviceBox.Reverse(o.NbrCode[e]) & 0xFFFFFF;
                for (int t = o.TbOffsets[i]; t < o.TbOffsets[i + 1]; t++)
                {
                    int f = o.TbEntry[t];
                    if (o.NbrJ[f] == j && (o.NbrCode[f] & 0xFFFFFF) == want)
                    {
                        if (fill) { rev[w++] = t; } else { c++; }
                        break;
                    }
                }
            }
        }

        if (!fill) { counts[j] = c; }
    }
}
