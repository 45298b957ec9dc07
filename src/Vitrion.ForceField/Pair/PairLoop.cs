using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vitrion.ForceField.Neighbors;

namespace Vitrion.ForceField.Pair;

/// <summary>A compile-time switch for the kernels: whether this evaluation computes energies (JIT-specialised per struct).</summary>
public interface IEnergyFlag
{
    /// <summary>True when energies are computed.</summary>
    static abstract bool On { get; }
}

/// <summary>Energies computed.</summary>
public readonly struct EnergyOn : IEnergyFlag
{
    /// <inheritdoc />
    public static bool On => true;
}

/// <summary>Energies left out (forces only).</summary>
public readonly struct EnergyOff : IEnergyFlag
{
    /// <inheritdoc />
    public static bool On => false;
}

/// <summary>Energy and virial sums of a pair loop (kcal/mol; virial xx, yy, zz, xy, xz, yz).</summary>
public struct PairSums
{
    /// <summary>van der Waals energy [kcal/mol].</summary>
    public double Evdwl;

    /// <summary>Coulomb energy [kcal/mol].</summary>
    public double Ecoul;

    /// <summary>Virial xx [kcal/mol].</summary>
    public double Vxx;

    /// <summary>Virial yy.</summary>
    public double Vyy;

    /// <summary>Virial zz.</summary>
    public double Vzz;

    /// <summary>Virial xy.</summary>
    public double Vxy;

    /// <summary>Virial xz.</summary>
    public double Vxz;

    /// <summary>Virial yz.</summary>
    public double Vyz;
}

/// <summary>
/// The one generic pair loop over a <see cref="GhostNeighborList"/>: a scalar reference path for any
/// <see cref="IPairFunction"/>, a 256-bit vector path for <see cref="IPairFunctionVector"/> (pack pairs inside the
/// cutoff, evaluate packed pairs four at a time, then accumulate and scatter), and the special-pair loop. Forces
/// and per-atom energies go to per-thread buffers indexed by extended atom, 4 doubles per atom
/// (fx, fy, fz [kcal/mol/Å], per-atom energy [kcal/mol]; the energy slot is written only when requested).
/// </summary>
public static class PairLoop
{
    /// <summary>Scalar reference loop over local atoms [i0, i1).</summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="nl">the neighbour structure.</param>
    /// <param name="i0">first local atom.</param>
    /// <param name="i1">end of the local atom range.</param>
    /// <param name="f">force/energy buffer, 4 doubles per extended atom.</param>
    /// <param name="perAtom">accumulate per-atom energies in slot 3.</param>
    /// <param name="sums">energy and virial sums (added to).</param>
    public static void RunScalar<T>(in T pair, GhostNeighborList nl, int i0, int i1, double[] f, bool perAtom, ref PairSums sums)
        where T : struct, IPairFunction
    {
        double[] rec = nl.Records;
        int[] off = nl.Offsets, nb = nl.Neighbors, types = nl.Types;
        double cutsq = pair.CutoffSquared;
        double ev = 0, ec = 0, vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0;
        for (int i = i0; i < i1; i++)
        {
            double xi = rec[4 * i], yi = rec[4 * i + 1], zi = rec[4 * i + 2];
            int ti = types[i];
            double fxi = 0, fyi = 0, fzi = 0, ei = 0;
            for (int k = off[i]; k < off[i + 1]; k++)
            {
                int j = nb[k];
                double dx = rec[4 * j] - xi, dy = rec[4 * j + 1] - yi, dz = rec[4 * j + 2] - zi;
                double rsq = dx * dx + dy * dy + dz * dz;
                if (rsq >= cutsq) { continue; }
                pair.Evaluate(rsq, ti, types[j], i, j, 1.0, 1.0, out double fpair, out double evdwl, out double ecoul);
                double fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
                fxi -= fx; fyi -= fy; fzi -= fz;
                f[4 * j] += fx; f[4 * j + 1] += fy; f[4 * j + 2] += fz;
                ev += evdwl; ec += ecoul;
                vxx += dx * fx; vyy += dy * fy; vzz += dz * fz; vxy += dx * fy; vxz += dx * fz; vyz += dy * fz;
                if (perAtom)
                {
                    double e = 0.5 * (evdwl + ecoul);
                    ei += e;
                    f[4 * j + 3] += e;
                }
            }

            f[4 * i] += fxi; f[4 * i + 1] += fyi; f[4 * i + 2] += fzi;
            if (perAtom) { f[4 * i + 3] += ei; }
        }

        sums.Evdwl += ev; sums.Ecoul += ec;
        sums.Vxx += vxx; sums.Vyy += vyy; sums.Vzz += vzz; sums.Vxy += vxy; sums.Vxz += vxz; sums.Vyz += vyz;
    }

    /// <summary>Special pairs (1-2, 1-3, 1-4) with their factors, scalar; buffer layout as <see cref="RunScalar{T}"/>.</summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="nl">the neighbour structure.</param>
    /// <param name="specialLj">LJ factors 1-2, 1-3, 1-4.</param>
    /// <param name="specialCoul">Coulomb factors.</param>
    /// <param name="f">force/energy buffer, 4 doubles per extended atom.</param>
    /// <param name="perAtom">accumulate per-atom energies in slot 3.</param>
    /// <param name="sums">energy and virial sums (added to).</param>
    public static void RunSpecial<T>(in T pair, GhostNeighborList nl, IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul,
        double[] f, bool perAtom, ref PairSums sums) where T : struct, IPairFunction =>
        RunSpecial(pair, nl, specialLj, specialCoul, f, perAtom, ref sums, 0, nl.SpecialCount, true);

    /// <summary>
    /// Special pairs [<paramref name="s0"/>, <paramref name="s1"/>) of the list; with <paramref name="virial"/> false their
    /// virial is left to <see cref="AddVirialFdotR"/> on the buffer (their forces act between extended atoms, so the O(N)
    /// pass counts them exactly).
    /// </summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="nl">the neighbour structure.</param>
    /// <param name="specialLj">LJ factors 1-2, 1-3, 1-4.</param>
    /// <param name="specialCoul">Coulomb factors.</param>
    /// <param name="f">force/energy buffer, 4 doubles per extended atom.</param>
    /// <param name="perAtom">accumulate per-atom energies in slot 3.</param>
    /// <param name="sums">energy (and virial) sums (added to).</param>
    /// <param name="s0">first special pair.</param>
    /// <param name="s1">end of the range.</param>
    /// <param name="virial">add the pairs' virial to <paramref name="sums"/>.</param>
    public static void RunSpecial<T>(in T pair, GhostNeighborList nl, IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul,
        double[] f, bool perAtom, ref PairSums sums, int s0, int s1, bool virial) where T : struct, IPairFunction
    {
        double[] rec = nl.Records;
        int[] types = nl.Types;
        double cutsq = pair.CutoffSquared;
        for (int s = s0; s < s1; s++)
        {
            int i = nl.SpecialI[s], j = nl.SpecialJ[s];
            int order = nl.SpecialOrder[s];
            double dx = rec[4 * j] - rec[4 * i], dy = rec[4 * j + 1] - rec[4 * i + 1], dz = rec[4 * j + 2] - rec[4 * i + 2];
            double rsq = dx * dx + dy * dy + dz * dz;
            if (rsq >= cutsq) { continue; }
            pair.Evaluate(rsq, types[i], types[j], i, j, specialLj[order - 1], specialCoul[order - 1], out double fpair, out double evdwl, out double ecoul);
            double fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
            f[4 * i] -= fx; f[4 * i + 1] -= fy; f[4 * i + 2] -= fz;
            f[4 * j] += fx; f[4 * j + 1] += fy; f[4 * j + 2] += fz;
            sums.Evdwl += evdwl; sums.Ecoul += ecoul;
            if (virial)
            {
                sums.Vxx += dx * fx; sums.Vyy += dy * fy; sums.Vzz += dz * fz; sums.Vxy += dx * fy; sums.Vxz += dx * fz; sums.Vyz += dy * fz;
            }
            if (perAtom)
            {
                double e = 0.5 * (evdwl + ecoul);
                f[4 * i + 3] += e;
                f[4 * j + 3] += e;
            }
        }
    }

    /// <summary>
    /// Special pairs [<paramref name="s0"/>, <paramref name="s1"/>) eight at a time (AVX-512): both records transposed in
    /// registers, coefficients gathered by type pair, factors permuted by order; forces added lane by lane (a block often
    /// holds one atom several times). Adds no virial (see <see cref="AddVirialFdotR"/>); equal to
    /// <see cref="RunSpecial{T}(in T, GhostNeighborList, IReadOnlyList{double}, IReadOnlyList{double}, double[], bool, ref PairSums, int, int, bool)"/> to round-off.
    /// </summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="nl">the neighbour structure.</param>
    /// <param name="specialLj">LJ factors 1-2, 1-3, 1-4.</param>
    /// <param name="specialCoul">Coulomb factors.</param>
    /// <param name="f">force/energy buffer, 4 doubles per extended atom.</param>
    /// <param name="perAtom">accumulate per-atom energies in slot 3.</param>
    /// <param name="sums">energy sums (added to).</param>
    /// <param name="s0">first special pair.</param>
    /// <param name="s1">end of the range.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunSpecial512<T>(in T pair, GhostNeighborList nl, IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul,
        double[] f, bool perAtom, ref PairSums sums, int s0, int s1) where T : struct, IPairFunctionRow512
    {
        if (s1 <= s0) { return; }
        double[] rec = nl.Records;
        int[] si = nl.SpecialI, sjA = nl.SpecialJ;
        byte[] so = nl.SpecialOrder;
        var facLj = Vector512.Create(specialLj[0], specialLj[1], specialLj[2], 1, 1, 1, 1, 1);
        var facCoul = Vector512.Create(specialCoul[0], specialCoul[1], specialCoul[2], 1, 1, 1, 1, 1);
        var vcut = Vector512.Create(pair.CutoffSquared);
        var far = Vector512.Create(2 * pair.CutoffSquared + 1);
        var laneIndex = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var evAcc = Vector512<double>.Zero;
        var ecAcc = Vector512<double>.Zero;
        Span<int> ii = stackalloc int[8], jj = stackalloc int[8], oo = stackalloc int[8];
        Span<double> fxs = stackalloc double[8], fys = stackalloc double[8], fzs = stackalloc double[8], es = stackalloc double[8];
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(rec);
        for (int s = s0; s < s1; s += 8)
        {
            int m = Math.Min(8, s1 - s);
            for (int l = 0; l < 8; l++)
            {
                int q = l < m ? s + l : s; // lanes past the end repeat the first pair (masked below)
                ii[l] = si[q]; jj[l] = sjA[q]; oo[l] = so[q] - 1;
            }

            static void Transpose(ref double r0, Span<int> idx, out Vector512<double> x, out Vector512<double> y, out Vector512<double> z, out Vector512<long> t)
            {
                var p0 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[0])), Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[1])));
                var p1 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[2])), Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[3])));
                var p2 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[4])), Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[5])));
                var p3 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[6])), Vector256.LoadUnsafe(ref r0, (nuint)(4 * idx[7])));
                var q0 = Avx512F.PermuteVar8x64x2(p0, TrXY0, p1);
                var q1 = Avx512F.PermuteVar8x64x2(p0, TrZT0, p1);
                var q2 = Avx512F.PermuteVar8x64x2(p2, TrXY0, p3);
                var q3 = Avx512F.PermuteVar8x64x2(p2, TrZT0, p3);
                x = Avx512F.PermuteVar8x64x2(q0, TrLo, q2);
                y = Avx512F.PermuteVar8x64x2(q0, TrHi, q2);
                z = Avx512F.PermuteVar8x64x2(q1, TrLo, q3);
                t = Avx512F.PermuteVar8x64x2(q1, TrHi, q3).AsInt64();
            }

            Transpose(ref r0, ii, out var xi, out var yi, out var zi, out var ti);
            Transpose(ref r0, jj, out var xj, out var yj, out var zj, out var tj);
            var dx = xj - xi; var dy = yj - yi; var dz = zj - zi;
            var rsq = Vector512.FusedMultiplyAdd(dx, dx, Vector512.FusedMultiplyAdd(dy, dy, dz * dz));
            var valid = Avx512F.ConvertToVector512Int64(Vector256.LessThan(laneIndex, Vector256.Create(m))).AsDouble();
            rsq = Vector512.ConditionalSelect(valid & Vector512.LessThan(rsq, vcut), rsq, far);
            var order = Avx512F.ConvertToVector512Int64(Vector256.Create<int>(oo));
            var fl = Avx512F.PermuteVar8x64(facLj, order);
            var fc = Avx512F.PermuteVar8x64(facCoul, order);
            pair.EvaluateSpecial512(rsq, ti, tj, fl, fc, out var fpair, out var evdwl, out var ecoul);
            evAcc += evdwl; ecAcc += ecoul;
            (dx * fpair).CopyTo(fxs); (dy * fpair).CopyTo(fys); (dz * fpair).CopyTo(fzs);
            (Vector512.Create(0.5) * (evdwl + ecoul)).CopyTo(es);
            for (int l = 0; l < m; l++)
            {
                int i4 = 4 * ii[l], j4 = 4 * jj[l];
                f[i4] -= fxs[l]; f[i4 + 1] -= fys[l]; f[i4 + 2] -= fzs[l];
                f[j4] += fxs[l]; f[j4 + 1] += fys[l]; f[j4 + 2] += fzs[l];
                if (perAtom) { f[i4 + 3] += es[l]; f[j4 + 3] += es[l]; }
            }
        }

        sums.Evdwl += Vector512.Sum(evAcc); sums.Ecoul += Vector512.Sum(ecAcc);
    }

    /// <summary>Scratch space of the vector loop (one per thread; grows, never shrinks).</summary>
    public sealed class Scratch
    {
        internal double[] Dx = new double[64], Dy = new double[64], Dz = new double[64], Rsq = new double[64];
        internal long[] Tj = new long[64];
        internal int[] J = new int[64];
        internal long[] JL = new long[64];

        internal void Ensure(int n)
        {
            if (Dx.Length >= n) { return; }
            int m = Math.Max(n, 2 * Dx.Length);
            Dx = new double[m]; Dy = new double[m]; Dz = new double[m]; Rsq = new double[m]; Tj = new long[m]; J = new int[m]; JL = new long[m];
        }
    }

    // Compaction controls: for a 4-bit lane mask, the vpermps controls that move the selected double lanes (pairs of
    // 32-bit words) / int lanes to the front, in order.
    private static readonly int[] CompactDouble = MakeCompact(true);
    private static readonly int[] CompactInt = MakeCompact(false);

    private static int[] MakeCompact(bool dbl)
    {
        var t = new int[16 * 8];
        for (int m = 0; m < 16; m++)
        {
            int s = 0;
            for (int l = 0; l < 4; l++)
            {
                if ((m & (1 << l)) == 0) { continue; }
                if (dbl) { t[8 * m + 2 * s] = 2 * l; t[8 * m + 2 * s + 1] = 2 * l + 1; }
                else { t[8 * m + s] = l; }
                s++;
            }
        }

        return t;
    }

    /// <summary>
    /// Vector loop (256-bit) over local atoms [i0, i1); equal to <see cref="RunScalar{T}"/> to round-off, except that it
    /// adds no virial (call <see cref="AddVirialFdotR"/> on the buffer once all pairs are in). Pass 1 keeps the
    /// pairs inside the cutoff (4 records loaded and transposed in registers, branch-free compaction); pass 2 evaluates
    /// packed pairs four at a time with coefficients permuted in registers from the i-type's row (or gathered when
    /// the function has no row form); the forces (and per-atom energies) are transposed and added to j as one 32-byte
    /// record each.
    /// </summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="nl">the neighbour structure.</param>
    /// <param name="i0">first local atom.</param>
    /// <param name="i1">end of the local atom range.</param>
    /// <param name="f">force/energy buffer, 4 doubles per extended atom.</param>
    /// <param name="perAtom">accumulate per-atom energies in slot 3.</param>
    /// <param name="sums">energy and virial sums (added to).</param>
    /// <param name="scratch">this thread's scratch space.</param>
    public static void RunVector<T>(in T pair, GhostNeighborList nl, int i0, int i1, double[] f, bool perAtom, ref PairSums sums, Scratch scratch)
        where T : struct, IPairFunctionRow
    {
        if (pair.RowSupported) { RunVectorCore(pair, nl, i0, i1, f, perAtom, ref sums, scratch, true); }
        else { RunVectorCore(pair, nl, i0, i1, f, perAtom, ref sums, scratch, false); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunVectorCore<T>(T pair, GhostNeighborList nl, int i0, int i1, double[] f, bool perAtom, ref PairSums sums,
        Scratch scratch, bool rows)
        where T : struct, IPairFunctionRow
    {
        double[] rec = nl.Records;
        int[] off = nl.Offsets, nb = nl.Neighbors, types = nl.Types;
        double cutsq = pair.CutoffSquared;
        var vcut = Vector256.Create(cutsq);
        var evAcc = Vector256<double>.Zero;
        var ecAcc = Vector256<double>.Zero;
        var half = Vector256.Create(0.5);
        var eMask = perAtom ? Vector256<double>.AllBitsSet : Vector256<double>.Zero;
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(rec);
        ref double f0 = ref MemoryMarshal.GetArrayDataReference(f);
        ref int nb0 = ref MemoryMarshal.GetArrayDataReference(nb);
        ref int cd0 = ref MemoryMarshal.GetArrayDataReference(CompactDouble);
        ref int ci0 = ref MemoryMarshal.GetArrayDataReference(CompactInt);
        PairRow row = default;
        int rowType = -1;
        for (int i = i0; i < i1; i++)
        {
            int k0 = off[i], k1 = off[i + 1];
            int count = k1 - k0;
            if (count == 0) { continue; }
            scratch.Ensure(count + 8);
            ref double sdx = ref MemoryMarshal.GetArrayDataReference(scratch.Dx);
            ref double sdy = ref MemoryMarshal.GetArrayDataReference(scratch.Dy);
            ref double sdz = ref MemoryMarshal.GetArrayDataReference(scratch.Dz);
            ref double srsq = ref MemoryMarshal.GetArrayDataReference(scratch.Rsq);
            ref long stj = ref MemoryMarshal.GetArrayDataReference(scratch.Tj);
            ref int sj = ref MemoryMarshal.GetArrayDataReference(scratch.J);
            double xi = rec[4 * i], yi = rec[4 * i + 1], zi = rec[4 * i + 2];
            var vxi = Vector256.Create(xi); var vyi = Vector256.Create(yi); var vzi = Vector256.Create(zi);
            int ti = types[i];

            // Pass 1: distances, keep pairs inside the cutoff (packed, structure of arrays), branch-free.
            int np = 0;
            int k = k0;
            for (; k + 4 <= k1; k += 4)
            {
                var jv = Vector128.LoadUnsafe(ref nb0, (nuint)k);
                // Scalar loads for the addresses (cheaper than extracting lanes of jv), jv for the compaction.
                int j0 = Unsafe.Add(ref nb0, k), j1 = Unsafe.Add(ref nb0, k + 1), j2 = Unsafe.Add(ref nb0, k + 2), j3 = Unsafe.Add(ref nb0, k + 3);
                var a0 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j0));
                var a1 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j1));
                var a2 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j2));
                var a3 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j3));
                var t0 = Avx.UnpackLow(a0, a1);   // x0 x1 z0 z1
                var t1 = Avx.UnpackHigh(a0, a1);  // y0 y1 t0 t1
                var t2 = Avx.UnpackLow(a2, a3);   // x2 x3 z2 z3
                var t3 = Avx.UnpackHigh(a2, a3);  // y2 y3 t2 t3
                var dx = Avx.Permute2x128(t0, t2, 0x20) - vxi;
                var dy = Avx.Permute2x128(t1, t3, 0x20) - vyi;
                var dz = Avx.Permute2x128(t0, t2, 0x31) - vzi;
                var vt = Avx.Permute2x128(t1, t3, 0x31);
                var rsq = dx * dx + dy * dy + dz * dz;
                uint mask = Vector256.LessThan(rsq, vcut).ExtractMostSignificantBits();
                if (mask == 0) { continue; }
                var tl = vt.AsInt64();
                var ctl = Vector256.LoadUnsafe(ref cd0, (nuint)(8 * mask));
                var ctlj = Vector128.LoadUnsafe(ref ci0, (nuint)(8 * mask));
                Avx2.PermuteVar8x32(dx.AsSingle(), ctl).AsDouble().StoreUnsafe(ref sdx, (nuint)np);
                Avx2.PermuteVar8x32(dy.AsSingle(), ctl).AsDouble().StoreUnsafe(ref sdy, (nuint)np);
                Avx2.PermuteVar8x32(dz.AsSingle(), ctl).AsDouble().StoreUnsafe(ref sdz, (nuint)np);
                Avx2.PermuteVar8x32(rsq.AsSingle(), ctl).AsDouble().StoreUnsafe(ref srsq, (nuint)np);
                Avx2.PermuteVar8x32(tl.AsSingle(), ctl).AsInt64().StoreUnsafe(ref stj, (nuint)np);
                Avx.PermuteVar(jv.AsSingle(), ctlj).AsInt32().StoreUnsafe(ref sj, (nuint)np);
                np += System.Numerics.BitOperations.PopCount(mask);
            }

            for (; k < k1; k++)
            {
                int j = nb[k];
                double dx = rec[4 * j] - xi, dy = rec[4 * j + 1] - yi, dz = rec[4 * j + 2] - zi;
                double rsq = dx * dx + dy * dy + dz * dz;
                if (rsq >= cutsq) { continue; }
                Unsafe.Add(ref sdx, np) = dx; Unsafe.Add(ref sdy, np) = dy; Unsafe.Add(ref sdz, np) = dz;
                Unsafe.Add(ref srsq, np) = rsq; Unsafe.Add(ref stj, np) = types[j]; Unsafe.Add(ref sj, np) = j;
                np++;
            }

            if (np == 0) { continue; }
            // Pad to a multiple of 4 with harmless lanes (beyond the cutoff, zero displacement, j = i).
            int npad = (np + 3) & ~3;
            for (int p = np; p < npad; p++)
            {
                Unsafe.Add(ref sdx, p) = 0; Unsafe.Add(ref sdy, p) = 0; Unsafe.Add(ref sdz, p) = 0;
                Unsafe.Add(ref srsq, p) = 2 * cutsq + 1; Unsafe.Add(ref stj, p) = ti; Unsafe.Add(ref sj, p) = i;
            }

            if (rows && ti != rowType) { pair.LoadRow(ti, out row); rowType = ti; }

            // Pass 2: maths on packed pairs; pass 3: accumulate, transpose and add to j's 32-byte record.
            var vti = Vector256.Create((long)ti);
            var fxi = Vector256<double>.Zero; var fyi = Vector256<double>.Zero; var fzi = Vector256<double>.Zero;
            var eiAcc = Vector256<double>.Zero;
            for (int p = 0; p < npad; p += 4)
            {
                var dx = Vector256.LoadUnsafe(ref sdx, (nuint)p);
                var dy = Vector256.LoadUnsafe(ref sdy, (nuint)p);
                var dz = Vector256.LoadUnsafe(ref sdz, (nuint)p);
                var rsq = Vector256.LoadUnsafe(ref srsq, (nuint)p);
                var tj = Vector256.LoadUnsafe(ref stj, (nuint)p);
                Vector256<double> fpair, evdwl, ecoul;
                if (rows) { pair.EvaluateRow(rsq, tj, in row, out fpair, out evdwl, out ecoul); }
                else { pair.Evaluate(rsq, vti, tj, out fpair, out evdwl, out ecoul); }
                var fx = dx * fpair; var fy = dy * fpair; var fz = dz * fpair;
                fxi -= fx; fyi -= fy; fzi -= fz;
                evAcc += evdwl; ecAcc += ecoul;
                var e = Vector256.BitwiseAnd(half * (evdwl + ecoul), eMask);
                eiAcc += e;
                var u0 = Avx.UnpackLow(fx, fy);   // fx0 fy0 fx2 fy2
                var u1 = Avx.UnpackHigh(fx, fy);  // fx1 fy1 fx3 fy3
                var u2 = Avx.UnpackLow(fz, e);    // fz0 e0 fz2 e2
                var u3 = Avx.UnpackHigh(fz, e);   // fz1 e1 fz3 e3
                var w0 = Avx.Permute2x128(u0, u2, 0x20);
                var w1 = Avx.Permute2x128(u1, u3, 0x20);
                var w2 = Avx.Permute2x128(u0, u2, 0x31);
                var w3 = Avx.Permute2x128(u1, u3, 0x31);
                nuint q0 = (nuint)(4 * Unsafe.Add(ref sj, p)), q1 = (nuint)(4 * Unsafe.Add(ref sj, p + 1));
                nuint q2 = (nuint)(4 * Unsafe.Add(ref sj, p + 2)), q3 = (nuint)(4 * Unsafe.Add(ref sj, p + 3));
                (Vector256.LoadUnsafe(ref f0, q0) + w0).StoreUnsafe(ref f0, q0);
                (Vector256.LoadUnsafe(ref f0, q1) + w1).StoreUnsafe(ref f0, q1);
                (Vector256.LoadUnsafe(ref f0, q2) + w2).StoreUnsafe(ref f0, q2);
                (Vector256.LoadUnsafe(ref f0, q3) + w3).StoreUnsafe(ref f0, q3);
            }

            nuint qi = (nuint)(4 * i);
            var own = Vector256.Create(Vector256.Sum(fxi), Vector256.Sum(fyi), Vector256.Sum(fzi), Vector256.Sum(eiAcc));
            (Vector256.LoadUnsafe(ref f0, qi) + own).StoreUnsafe(ref f0, qi);
        }

        sums.Evdwl += Vector256.Sum(evAcc); sums.Ecoul += Vector256.Sum(ecAcc);
    }

    // Lane selections of vpermt2pd for the 8×4 ↔ 4×8 transposes of the 512-bit loop (indices 8–15 pick the second operand).
    internal static readonly Vector512<long> TrXY0 = Vector512.Create(0L, 4, 8, 12, 1, 5, 9, 13);
    internal static readonly Vector512<long> TrZT0 = Vector512.Create(2L, 6, 10, 14, 3, 7, 11, 15);
    internal static readonly Vector512<long> TrLo = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
    internal static readonly Vector512<long> TrHi = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);
    internal static readonly Vector512<long> TrPairLo = Vector512.Create(0L, 8, 1, 9, 2, 10, 3, 11);
    internal static readonly Vector512<long> TrPairHi = Vector512.Create(4L, 12, 5, 13, 6, 14, 7, 15);
    internal static readonly Vector512<long> TrRec01 = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11);
    internal static readonly Vector512<long> TrRec23 = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);

    /// <summary>
    /// The 512-bit twin of <see cref="RunVector{T}"/> (AVX-512F: eight listed pairs per step in pass 1, compacted with
    /// vcompress; eight packed pairs per step in pass 2 with one-register coefficient permutes; forces transposed back to
    /// eight 32-byte records). Adds no virial (see <see cref="AddVirialFdotR"/>); equal to the scalar loop to round-off.
    /// </summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="nl">the neighbour structure.</param>
    /// <param name="i0">first local atom.</param>
    /// <param name="i1">end of the local atom range.</param>
    /// <param name="f">force/energy buffer, 4 doubles per extended atom.</param>
    /// <param name="perAtom">accumulate per-atom energies in slot 3.</param>
    /// <param name="sums">energy sums (added to).</param>
    /// <param name="scratch">this thread's scratch space.</param>
    public static void RunVector512<T>(in T pair, GhostNeighborList nl, int i0, int i1, double[] f, bool perAtom, ref PairSums sums, Scratch scratch)
        where T : struct, IPairFunctionRow512 => RunVector512Core<T, EnergyOn>(pair, nl, i0, i1, f, perAtom, ref sums, scratch);

    /// <summary>
    /// <see cref="RunVector512{T}(in T, GhostNeighborList, int, int, double[], bool, ref PairSums, Scratch)"/>, with the
    /// energies left out when <paramref name="energy"/> is false (forces equal to the last bit; per-atom energies need
    /// <paramref name="energy"/>).
    /// </summary>
    /// <param name="pair">the pair function.</param>
    /// <param name="nl">the neighbour structure.</param>
    /// <param name="i0">first local atom.</param>
    /// <param name="i1">end of the local atom range.</param>
    /// <param name="f">force/energy buffer, 4 doubles per extended atom.</param>
    /// <param name="perAtom">accumulate per-atom energies in slot 3.</param>
    /// <param name="sums">energy sums (added to).</param>
    /// <param name="scratch">this thread's scratch space.</param>
    /// <param name="energy">compute the energies.</param>
    public static void RunVector512<T>(in T pair, GhostNeighborList nl, int i0, int i1, double[] f, bool perAtom, ref PairSums sums, Scratch scratch, bool energy)
        where T : struct, IPairFunctionRow512
    {
        if (energy || perAtom) { RunVector512Core<T, EnergyOn>(pair, nl, i0, i1, f, perAtom, ref sums, scratch); }
        else { RunVector512Core<T, EnergyOff>(pair, nl, i0, i1, f, false, ref sums, scratch); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunVector512Core<T, TE>(in T pair, GhostNeighborList nl, int i0, int i1, double[] f, bool perAtom, ref PairSums sums, Scratch scratch)
        where T : struct, IPairFunctionRow512
        where TE : struct, IEnergyFlag
    {
        double[] rec = nl.Records;
        int[] off = nl.Offsets, nb = nl.Neighbors, types = nl.Types;
        double cutsq = pair.CutoffSquared;
        var vcut = Vector512.Create(cutsq);
        var evAcc = Vector512<double>.Zero;
        var ecAcc = Vector512<double>.Zero;
        var half = Vector512.Create(0.5);
        var eMask = perAtom ? Vector512<double>.AllBitsSet : Vector512<double>.Zero;
        var trXY0 = TrXY0; var trZT0 = TrZT0; var trLo = TrLo; var trHi = TrHi;
        var trPairLo = TrPairLo; var trPairHi = TrPairHi; var trRec01 = TrRec01; var trRec23 = TrRec23;
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(rec);
        ref double f0 = ref MemoryMarshal.GetArrayDataReference(f);
        ref int nb0 = ref MemoryMarshal.GetArrayDataReference(nb);
        PairRow512 row = default;
        int rowType = -1;
        var laneIndex = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
        var padRsq = Vector512.Create(2 * cutsq + 1);
        for (int i = i0; i < i1; i++)
        {
            int k0 = off[i], k1 = off[i + 1];
            int count = k1 - k0;
            if (count == 0) { continue; }
            scratch.Ensure(count + 16);
            ref double sdx = ref MemoryMarshal.GetArrayDataReference(scratch.Dx);
            ref double sdy = ref MemoryMarshal.GetArrayDataReference(scratch.Dy);
            ref double sdz = ref MemoryMarshal.GetArrayDataReference(scratch.Dz);
            ref double srsq = ref MemoryMarshal.GetArrayDataReference(scratch.Rsq);
            ref long stj = ref MemoryMarshal.GetArrayDataReference(scratch.Tj);
            ref long sj = ref MemoryMarshal.GetArrayDataReference(scratch.JL);
            double xi = rec[4 * i], yi = rec[4 * i + 1], zi = rec[4 * i + 2];
            var vxi = Vector512.Create(xi); var vyi = Vector512.Create(yi); var vzi = Vector512.Create(zi);
            int ti = types[i];

            // Pass 1: eight listed pairs per step, records transposed in registers, pairs inside the cutoff compacted.
            int np = 0;
            int k = k0;
            // Eight listed pairs per step; the last 1–7 as a masked step (the list holds at least 8 readable entries past its
            // end: GhostNeighborList pads it).
            for (; k < k1; k += 8)
            {
                var p0 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k))), Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k + 1))));
                var p1 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k + 2))), Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k + 3))));
                var p2 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k + 4))), Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k + 5))));
                var p3 = Vector512.Create(Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k + 6))), Vector256.LoadUnsafe(ref r0, (nuint)(4 * Unsafe.Add(ref nb0, k + 7))));
                var q0 = Avx512F.PermuteVar8x64x2(p0, trXY0, p1);   // x0..x3 y0..y3
                var q1 = Avx512F.PermuteVar8x64x2(p0, trZT0, p1);   // z0..z3 t0..t3
                var q2 = Avx512F.PermuteVar8x64x2(p2, trXY0, p3);   // x4..x7 y4..y7
                var q3 = Avx512F.PermuteVar8x64x2(p2, trZT0, p3);   // z4..z7 t4..t7
                var dx = Avx512F.PermuteVar8x64x2(q0, trLo, q2) - vxi;
                var dy = Avx512F.PermuteVar8x64x2(q0, trHi, q2) - vyi;
                var dz = Avx512F.PermuteVar8x64x2(q1, trLo, q3) - vzi;
                var rsq = Vector512.FusedMultiplyAdd(dx, dx, Vector512.FusedMultiplyAdd(dy, dy, dz * dz));
                var inside = Vector512.LessThan(rsq, vcut) & Vector512.LessThan(laneIndex, Vector512.Create((long)(k1 - k))).AsDouble();
                uint mask = (uint)inside.ExtractMostSignificantBits();
                if (mask == 0) { continue; }
                var vt = Avx512F.PermuteVar8x64x2(q1, trHi, q3).AsInt64();
                var jv = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref nb0, (nuint)k));
                var zero = Vector512<double>.Zero;
                Avx512F.Compress(zero, inside, dx).StoreUnsafe(ref sdx, (nuint)np);
                Avx512F.Compress(zero, inside, dy).StoreUnsafe(ref sdy, (nuint)np);
                Avx512F.Compress(zero, inside, dz).StoreUnsafe(ref sdz, (nuint)np);
                Avx512F.Compress(zero, inside, rsq).StoreUnsafe(ref srsq, (nuint)np);
                Avx512F.Compress(Vector512<long>.Zero, inside.AsInt64(), vt).StoreUnsafe(ref stj, (nuint)np);
                Avx512F.Compress(Vector512<long>.Zero, inside.AsInt64(), jv).StoreUnsafe(ref sj, (nuint)np);
                np += System.Numerics.BitOperations.PopCount(mask);
            }

            if (np == 0) { continue; }
            // Pad to a multiple of 8 with harmless lanes (beyond the cutoff, zero displacement, j = i): one vector per array.
            int npad = (np + 7) & ~7;
            Vector512<double>.Zero.StoreUnsafe(ref sdx, (nuint)np);
            Vector512<double>.Zero.StoreUnsafe(ref sdy, (nuint)np);
            Vector512<double>.Zero.StoreUnsafe(ref sdz, (nuint)np);
            padRsq.StoreUnsafe(ref srsq, (nuint)np);
            Vector512.Create((long)ti).StoreUnsafe(ref stj, (nuint)np);
            Vector512.Create((long)i).StoreUnsafe(ref sj, (nuint)np);

            if (ti != rowType) { pair.LoadRow512(ti, out row); rowType = ti; }

            // Pass 2: maths on packed pairs; pass 3: accumulate, transpose and add to j's 32-byte record.
            var fxi = Vector512<double>.Zero; var fyi = Vector512<double>.Zero; var fzi = Vector512<double>.Zero;
            var eiAcc = Vector512<double>.Zero;
            for (int p = 0; p < npad; p += 8)
            {
                var dx = Vector512.LoadUnsafe(ref sdx, (nuint)p);
                var dy = Vector512.LoadUnsafe(ref sdy, (nuint)p);
                var dz = Vector512.LoadUnsafe(ref sdz, (nuint)p);
                var rsq = Vector512.LoadUnsafe(ref srsq, (nuint)p);
                var tj = Vector512.LoadUnsafe(ref stj, (nuint)p);
                pair.EvaluateRow512(rsq, tj, in row, out var fpair, out var evdwl, out var ecoul);
                var fx = dx * fpair; var fy = dy * fpair; var fz = dz * fpair;
                fxi -= fx; fyi -= fy; fzi -= fz;
                var e = Vector512<double>.Zero;
                if (TE.On)
                {
                    evAcc += evdwl; ecAcc += ecoul;
                    e = Vector512.BitwiseAnd(half * (evdwl + ecoul), eMask);
                    eiAcc += e;
                }

                var a0 = Avx512F.PermuteVar8x64x2(fx, trPairLo, fy);  // fx0 fy0 fx1 fy1 fx2 fy2 fx3 fy3
                var a1 = Avx512F.PermuteVar8x64x2(fx, trPairHi, fy);  // fx4 fy4 … fx7 fy7
                var b0 = Avx512F.PermuteVar8x64x2(fz, trPairLo, e);   // fz0 e0 … fz3 e3
                var b1 = Avx512F.PermuteVar8x64x2(fz, trPairHi, e);
                var w01 = Avx512F.PermuteVar8x64x2(a0, trRec01, b0);  // record 0 | record 1
                var w23 = Avx512F.PermuteVar8x64x2(a0, trRec23, b0);
                var w45 = Avx512F.PermuteVar8x64x2(a1, trRec01, b1);
                var w67 = Avx512F.PermuteVar8x64x2(a1, trRec23, b1);
                nuint q0 = (nuint)(4 * Unsafe.Add(ref sj, p)), q1 = (nuint)(4 * Unsafe.Add(ref sj, p + 1));
                nuint q2 = (nuint)(4 * Unsafe.Add(ref sj, p + 2)), q3 = (nuint)(4 * Unsafe.Add(ref sj, p + 3));
                nuint q4 = (nuint)(4 * Unsafe.Add(ref sj, p + 4)), q5 = (nuint)(4 * Unsafe.Add(ref sj, p + 5));
                nuint q6 = (nuint)(4 * Unsafe.Add(ref sj, p + 6)), q7 = (nuint)(4 * Unsafe.Add(ref sj, p + 7));
                (Vector256.LoadUnsafe(ref f0, q0) + w01.GetLower()).StoreUnsafe(ref f0, q0);
                (Vector256.LoadUnsafe(ref f0, q1) + w01.GetUpper()).StoreUnsafe(ref f0, q1);
                (Vector256.LoadUnsafe(ref f0, q2) + w23.GetLower()).StoreUnsafe(ref f0, q2);
                (Vector256.LoadUnsafe(ref f0, q3) + w23.GetUpper()).StoreUnsafe(ref f0, q3);
                (Vector256.LoadUnsafe(ref f0, q4) + w45.GetLower()).StoreUnsafe(ref f0, q4);
                (Vector256.LoadUnsafe(ref f0, q5) + w45.GetUpper()).StoreUnsafe(ref f0, q5);
                (Vector256.LoadUnsafe(ref f0, q6) + w67.GetLower()).StoreUnsafe(ref f0, q6);
                (Vector256.LoadUnsafe(ref f0, q7) + w67.GetUpper()).StoreUnsafe(ref f0, q7);
            }

            nuint qi = (nuint)(4 * i);
            var own = Vector256.Create(Vector512.Sum(fxi), Vector512.Sum(fyi), Vector512.Sum(fzi), Vector512.Sum(eiAcc));
            (Vector256.LoadUnsafe(ref f0, qi) + own).StoreUnsafe(ref f0, qi);
        }

        sums.Evdwl += Vector512.Sum(evAcc); sums.Ecoul += Vector512.Sum(ecAcc);
    }

    /// <summary>
    /// The virial of the forces in a buffer of extended atoms, Σ_e x_e ⊗ f_e over local atoms and ghost images (LAMMPS'
    /// "fdotr" virial): for forces that come in equal and opposite pairs it equals Σ_pairs (x_j − x_i) ⊗ f_j, at O(N)
    /// cost instead of six products per pair. Added to <paramref name="sums"/>.
    /// </summary>
    /// <param name="nl">the neighbour structure (extended positions).</param>
    /// <param name="f">force buffer, 4 doubles per extended atom.</param>
    /// <param name="sums">virial sums (added to).</param>
    public static void AddVirialFdotR(GhostNeighborList nl, double[] f, ref PairSums sums)
    {
        double[] rec = nl.Records;
        int count = nl.Count;
        var d = Vector256<double>.Zero; // xx yy zz .
        var c = Vector256<double>.Zero; // xy xz yz .
        for (int e = 0; e < count; e++)
        {
            var x = Vector256.Create(rec[4 * e], rec[4 * e + 1], rec[4 * e + 2], 0.0);
            var fe = Vector256.Create(f[4 * e], f[4 * e + 1], f[4 * e + 2], 0.0);
            d += x * fe;
            c += Vector256.Create(rec[4 * e], rec[4 * e], rec[4 * e + 1], 0.0) * Vector256.Create(f[4 * e + 1], f[4 * e + 2], f[4 * e + 2], 0.0);
        }

        sums.Vxx += d[0]; sums.Vyy += d[1]; sums.Vzz += d[2];
        sums.Vxy += c[0]; sums.Vxz += c[1]; sums.Vyz += c[2];
    }
}
