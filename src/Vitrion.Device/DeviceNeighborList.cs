using ILGPU;
using ILGPU.Runtime;
using Vitrion.Core;
using Vitrion.Device.Kernels;

namespace Vitrion.Device;

/// <summary>
/// A full Verlet list (each pair in both directions, periodic translations packed per entry, special order per
/// entry) built on the device with a cell list, plus the three-body list of centre atoms (a sub-list of the full
/// list) and its reverse (for each atom, the three-body entries that point at it). The distance search (the
/// O(N·neighbours) part) runs on the device; the bin sort and the prefix sums of the counts run on the host
/// (O(N) integers each way per rebuild). Rebuilt when an atom moved more than skin/2 since the last build or the box
/// changed. Orthorhombic, fully periodic boxes only.
/// </summary>
public sealed class DeviceNeighborList : IDisposable
{
    private readonly Accelerator _acc;
    private readonly int _n;
    private readonly double _cutoff, _skin, _tbCutoff;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _xw, _xref;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _wrap, _bin, _binAtoms, _types, _spOff, _spAtom, _spOrder, _tbCentre, _tbNeighbor, _counts, _offsets, _tbOffsets, _revOffsets, _flag;
    private MemoryBuffer1D<int, Stride1D.Dense> _binStart, _stencil, _nbrJ, _nbrCode, _tbEntry, _rev;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<int>, BuildParams> _wrapK;
    private readonly Action<Index1D, BuildInputs, BuildOutputs, BuildParams> _countK, _fillK;
    private readonly Action<Index1D, BuildInputs, BuildOutputs, ArrayView<int>, ArrayView<int>, ArrayView<int>> _revCountK, _revFillK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, double> _movedK;
    private BuildParams _p;
    private readonly int[] _binHost, _countsHost, _offHost, _tbOffHost, _revOffHost, _flagHost = new int[1];

    /// <summary>Creates the list for a topology (types and special neighbours are uploaded once).</summary>
    /// <param name="device">the accelerator.</param>
    /// <param name="topology">the topology.</param>
    /// <param name="cutoff">pair cutoff [Å].</param>
    /// <param name="skin">skin [Å].</param>
    /// <param name="threeBodyCentre">per type: three-body centre.</param>
    /// <param name="threeBodyNeighbor">per type: possible three-body neighbour.</param>
    /// <param name="threeBodyCutoff">three-body cutoff [Å] (0: no three-body list); the list keeps neighbours within it + skin.</param>
    public DeviceNeighborList(DeviceAccelerator device, Topology topology, double cutoff, double skin, bool[] threeBodyCentre, bool[] threeBodyNeighbor, double threeBodyCutoff)
    {
        _acc = device.Accelerator;
        _n = topology.AtomCount;
        _cutoff = cutoff; _skin = skin; _tbCutoff = threeBodyCutoff;
        int n = _n;
        _xw = _acc.Allocate1D<double>(3 * n); _xref = _acc.Allocate1D<double>(3 * n);
        _wrap = _acc.Allocate1D<int>(3 * n); _bin = _acc.Allocate1D<int>(n); _binAtoms = _acc.Allocate1D<int>(n);
        _types = Upload(topology.Types.ToArray());
        var spOff = new int[n + 1];
        var spAtom = new List<int>();
        var spOrder = new List<int>();
        for (int i = 0; i < n; i++)
        {
            foreach (var s in topology.SpecialNeighbors(i)) { spAtom.Add(s.Atom); spOrder.Add(s.Order); }
            spOff[i + 1] = spAtom.Count;
        }

        _spOff = Upload(spOff);
        _spAtom = Upload(spAtom.Count == 0 ? [0] : spAtom.ToArray());
        _spOrder = Upload(spOrder.Count == 0 ? [0] : spOrder.ToArray());
        int nt = topology.TypeNames.Length;
        _tbCentre = Upload(Enumerable.Range(0, nt).Select(t => t < threeBodyCentre.Length && threeBodyCentre[t] ? 1 : 0).ToArray());
        _tbNeighbor = Upload(Enumerable.Range(0, nt).Select(t => t < threeBodyNeighbor.Length && threeBodyNeighbor[t] ? 1 : 0).ToArray());
        _counts = _acc.Allocate1D<int>(2 * n);
        _offsets = _acc.Allocate1D<int>(n + 1); _tbOffsets = _acc.Allocate1D<int>(n + 1); _revOffsets = _acc.Allocate1D<int>(n + 1);
        _flag = _acc.Allocate1D<int>(1);
        _binStart = _acc.Allocate1D<int>(2); _stencil = _acc.Allocate1D<int>(3);
        _nbrJ = _acc.Allocate1D<int>(1); _nbrCode = _acc.Allocate1D<int>(1); _tbEntry = _acc.Allocate1D<int>(1); _rev = _acc.Allocate1D<int>(1);
        _binHost = new int[n]; _countsHost = new int[2 * n]; _offHost = new int[n + 1]; _tbOffHost = new int[n + 1]; _revOffHost = new int[n + 1];
        _wrapK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<int>, BuildParams>(NeighborKernels.Wrap);
        _countK = _acc.LoadAutoGroupedStreamKernel<Index1D, BuildInputs, BuildOutputs, BuildParams>(NeighborKernels.Count);
        _fillK = _acc.LoadAutoGroupedStreamKernel<Index1D, BuildInputs, BuildOutputs, BuildParams>(NeighborKernels.Fill);
        _revCountK = _acc.LoadAutoGroupedStreamKernel<Index1D, BuildInputs, BuildOutputs, ArrayView<int>, ArrayView<int>, ArrayView<int>>(ReverseKernels.Count);
        _revFillK = _acc.LoadAutoGroupedStreamKernel<Index1D, BuildInputs, BuildOutputs, ArrayView<int>, ArrayView<int>, ArrayView<int>>(ReverseKernels.Fill);
        _movedK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, double>(NeighborKernels.Moved);
    }

    private MemoryBuffer1D<int, Stride1D.Dense> Upload(int[] a)
    {
        var b = _acc.Allocate1D<int>(Math.Max(1, a.Length));
        if (a.Length > 0) { b.View.SubView(0, a.Length).CopyFromCPU(a); }
        return b;
    }

    private void Ensure(ref MemoryBuffer1D<int, Stride1D.Dense> b, int length)
    {
        if (b.Length >= length) { return; }
        b.Dispose();
        b = _acc.Allocate1D<int>(Math.Max(1, length + length / 8));
    }

    /// <summary>Number of builds so far.</summary>
    public int BuildCount { get; private set; }

    /// <summary>Entries of the full list (each pair twice).</summary>
    public int EntryCount { get; private set; }

    /// <summary>Entries of the three-body list.</summary>
    public int ThreeBodyCount { get; private set; }

    /// <summary>The box of the last build.</summary>
    public Box? BuildBox { get; private set; }

    /// <summary>The kernels' box of the last build.</summary>
    internal DeviceBox KernelBox => _p.Box;

    internal ArrayView<int> Offsets => _offsets.View;
    internal ArrayView<int> BinStart => _binStart.View;
    internal ArrayView<int> BinAtoms => _binAtoms.View;

    /// <summary>Bins along x, y, z of the last build.</summary>
    internal (int X, int Y, int Z) Bins => (_p.Nbx, _p.Nby, _p.Nbz);

    /// <summary>Skin [Å].</summary>
    public double Skin => _skin;
    internal ArrayView<int> NbrJ => _nbrJ.View;
    internal ArrayView<int> NbrCode => _nbrCode.View;
    internal ArrayView<int> TbOffsets => _tbOffsets.View;
    internal ArrayView<int> TbEntry => _tbEntry.View;
    internal ArrayView<int> RevOffsets => _revOffsets.View;
    internal ArrayView<int> Rev => _rev.View;

    /// <summary>Throws <see cref="NotSupportedException"/> unless the box is orthorhombic and periodic in x, y and z.</summary>
    public static void CheckBox(Box box)
    {
        if (box.IsTriclinic) { throw new NotSupportedException("the device engine supports orthorhombic boxes only (this box is triclinic); use --device cpu"); }
        if (!(box.Periodic.X && box.Periodic.Y && box.Periodic.Z)) { throw new NotSupportedException("the device engine needs a box periodic in x, y and z; use --device cpu"); }
    }

    /// <summary>True when the list must be rebuilt for positions <paramref name="x"/> (on the device) in <paramref name="box"/>.</summary>
    public bool NeedsRebuild(Box box, ArrayView<double> x)
    {
        if (BuildBox is null || !BuildBox.Equals(box)) { return true; }
        _flag.MemSetToZero();
        double half = 0.5 * _skin;
        _movedK(_n, x, _xref.View, _flag.View, half * half);
        _flag.View.CopyToCPU(_flagHost);
        return _flagHost[0] != 0;
    }

    /// <summary>Builds the lists for positions <paramref name="x"/> (3 per atom, on the device) in <paramref name="box"/>.</summary>
    public void Build(Box box, ArrayView<double> x)
    {
        CheckBox(box);
        int n = _n;
        double rlist = _cutoff + _skin;
        double r3 = _tbCutoff + _skin;
        int Bins(double l) => Math.Max(1, (int)Math.Floor(l / (0.5 * rlist)));
        var p = new BuildParams
        {
            Box = new DeviceBox(box.Lx, box.Ly, box.Lz),
            Nbx = Bins(box.Lx), Nby = Bins(box.Ly), Nbz = Bins(box.Lz),
            Rlist2 = rlist * rlist,
            R3sq = _tbCutoff > 0 ? r3 * r3 : -1,
            Hx = 0.5 * box.Lx, Hy = 0.5 * box.Ly, Hz = 0.5 * box.Lz,
        };
        double bwx = box.Lx / p.Nbx, bwy = box.Ly / p.Nby, bwz = box.Lz / p.Nbz;
        int sx = (int)Math.Ceiling(rlist / bwx), sy = (int)Math.Ceiling(rlist / bwy), sz = (int)Math.Ceiling(rlist / bwz);
        var stencil = new List<int>();
        for (int oz = -sz; oz <= sz; oz++)
        {
            for (int oy = -sy; oy <= sy; oy++)
            {
                for (int ox = -sx; ox <= sx; ox++)
                {
                    double gx = Math.Max(0, Math.Abs(ox) - 1) * bwx, gy = Math.Max(0, Math.Abs(oy) - 1) * bwy, gz = Math.Max(0, Math.Abs(oz) - 1) * bwz;
                    if (gx * gx + gy * gy + gz * gz > p.Rlist2) { continue; }
                    stencil.Add(ox); stencil.Add(oy); stencil.Add(oz);
                }
            }
        }

        p.StencilCount = stencil.Count / 3;
        _p = p;
        Ensure(ref _stencil, stencil.Count);
        _stencil.View.SubView(0, stencil.Count).CopyFromCPU(stencil.ToArray());

        // Bins: wrap on the device, counting sort on the host (ascending atom index within a bin).
        _wrapK(n, x, _xw.View, _wrap.View, _bin.View, p);
        _bin.View.SubView(0, n).CopyToCPU(_binHost);
        int nbins = p.Nbx * p.Nby * p.Nbz;
        var start = new int[nbins + 1];
        for (int i = 0; i < n; i++) { start[_binHost[i] + 1]++; }
        for (int b = 0; b < nbins; b++) { start[b + 1] += start[b]; }
        var fill = (int[])start.Clone();
        var sorted = new int[n];
        for (int i = 0; i < n; i++) { sorted[fill[_binHost[i]]++] = i; }
        Ensure(ref _binStart, nbins + 1);
        _binStart.View.SubView(0, nbins + 1).CopyFromCPU(start);
        _binAtoms.View.SubView(0, n).CopyFromCPU(sorted);

        // Count, prefix sums on the host, fill.
        var inputs = Inputs();
        var outputs = Outputs();
        _countK(n, inputs, outputs, p);
        _counts.View.SubView(0, 2 * n).CopyToCPU(_countsHost);
        for (int i = 0; i < n; i++)
        {
            _offHost[i + 1] = _offHost[i] + _countsHost[2 * i];
            _tbOffHost[i + 1] = _tbOffHost[i] + _countsHost[2 * i + 1];
        }

        EntryCount = _offHost[n];
        ThreeBodyCount = _tbOffHost[n];
        _offsets.View.SubView(0, n + 1).CopyFromCPU(_offHost);
        _tbOffsets.View.SubView(0, n + 1).CopyFromCPU(_tbOffHost);
        Ensure(ref _nbrJ, EntryCount); Ensure(ref _nbrCode, EntryCount); Ensure(ref _tbEntry, ThreeBodyCount);
        outputs = Outputs();
        _fillK(n, inputs, outputs, p);

        if (_tbCutoff > 0)
        {
            _revCountK(n, inputs, outputs, _counts.View, _revOffsets.View, _rev.View);
            _counts.View.SubView(0, 2 * n).CopyToCPU(_countsHost);
            for (int i = 0; i < n; i++) { _revOffHost[i + 1] = _revOffHost[i] + _countsHost[i]; }
            _revOffsets.View.SubView(0, n + 1).CopyFromCPU(_revOffHost);
            Ensure(ref _rev, _revOffHost[n]);
            _revFillK(n, inputs, outputs, _counts.View, _revOffsets.View, _rev.View);
        }
        else
        {
            Array.Clear(_revOffHost);
            _revOffsets.View.SubView(0, n + 1).CopyFromCPU(_revOffHost);
        }

        _xref.View.CopyFrom(x.SubView(0, 3 * n));
        BuildBox = box;
        BuildCount++;
    }

    private BuildInputs Inputs() => new()
    {
        Xw = _xw.View, Wrap = _wrap.View, Bin = _bin.View, BinStart = _binStart.View, BinAtoms = _binAtoms.View, Stencil = _stencil.View,
        Types = _types.View, SpecialOffsets = _spOff.View, SpecialAtoms = _spAtom.View, SpecialOrders = _spOrder.View,
        TbCentre = _tbCentre.View, TbNeighbor = _tbNeighbor.View,
    };

    private BuildOutputs Outputs() => new()
    {
        Counts = _counts.View, Offsets = _offsets.View, TbOffsets = _tbOffsets.View, NbrJ = _nbrJ.View, NbrCode = _nbrCode.View, TbEntry = _tbEntry.View,
    };

    /// <summary>The full list as (i, j, tx, ty, tz, special order) entries, in list order (downloaded; for tests and diagnostics).</summary>
    public IReadOnlyList<(int I, int J, int Tx, int Ty, int Tz, int Order)> Download()
    {
        var j = new int[EntryCount];
        var c = new int[EntryCount];
        if (EntryCount > 0)
        {
            _nbrJ.View.SubView(0, EntryCount).CopyToCPU(j);
            _nbrCode.View.SubView(0, EntryCount).CopyToCPU(c);
        }

        var list = new List<(int, int, int, int, int, int)>(EntryCount);
        for (int i = 0; i < _n; i++)
        {
            for (int e = _offHost[i]; e < _offHost[i + 1]; e++)
            {
                list.Add((i, j[e], DeviceBox.Tx(c[e]), DeviceBox.Ty(c[e]), DeviceBox.Tz(c[e]), DeviceBox.Order(c[e])));
            }
        }

        return list;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in new MemoryBuffer[] { _xw, _xref, _wrap, _bin, _binAtoms, _types, _spOff, _spAtom, _spOrder, _tbCentre, _tbNeighbor, _counts, _offsets, _tbOffsets,
            _revOffsets, _flag, _binStart, _stencil, _nbrJ, _nbrCode, _tbEntry, _rev })
        {
            b.Dispose();
        }
    }
}
