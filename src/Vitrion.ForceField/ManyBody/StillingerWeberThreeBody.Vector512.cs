using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vitrion.ForceField.Pair;

namespace Vitrion.ForceField.ManyBody;

/// <summary>The 512-bit path of the three-body term (AVX-512F).</summary>
public sealed partial class StillingerWeberThreeBody
{
    /// <summary>Most legs of a centre the 512-bit path holds in two registers; centres with more run the scalar reference.</summary>
    private const int MaxLegs512 = 16;

    /// <summary>
    /// Per-thread scratch of the 512-bit path. Leg data as structure of arrays; the "b side" arrays hold leg s at s and
    /// again at s + n (n legs), so that leg (i + d) mod n of lane i is a plain load at i + d.
    /// </summary>
    private sealed class Scratch512
    {
        public readonly double[] Dx = new double[48], Dy = new double[48], Dz = new double[48], Ri = new double[48];
        public readonly double[] Ex = new double[48], Rsq = new double[32], GsSigma = new double[32], ExA = new double[16];
        public readonly long[] Tb = new long[48], Ta = new long[32], K = new long[32];
        public readonly double[] Rec = new double[64];
    }

    [ThreadStatic]
    private static Scratch512? t_scratch512;

    private static readonly Vector512<long> Iota = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
    private static readonly Vector512<long> TrXY0 = Pair.PairLoop.TrXY0;
    private static readonly Vector512<long> TrZT0 = Pair.PairLoop.TrZT0;
    private static readonly Vector512<long> TrLo = Pair.PairLoop.TrLo;
    private static readonly Vector512<long> TrHi = Pair.PairLoop.TrHi;
    private static readonly Vector512<long> TrPairLo = Pair.PairLoop.TrPairLo;
    private static readonly Vector512<long> TrPairHi = Pair.PairLoop.TrPairHi;
    private static readonly Vector512<long> TrRec01 = Pair.PairLoop.TrRec01;
    private static readonly Vector512<long> TrRec23 = Pair.PairLoop.TrRec23;

    /// <summary>λε and cos θ0 of a triplet from its compact type-pair index (0 ≤ idx &lt; 64), permuted from registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lookup64(Vector512<long> idx, bool small, Vector512<double> t0, Vector512<double> t1,
        Vector512<double> t2, Vector512<double> t3, Vector512<double> t4, Vector512<double> t5, Vector512<double> t6, Vector512<double> t7)
    {
        var l0 = Avx512F.PermuteVar8x64x2(t0, idx, t1);
        if (small) { return l0; }
        var l1 = Avx512F.PermuteVar8x64x2(t2, idx, t3);
        var l2 = Avx512F.PermuteVar8x64x2(t4, idx, t5);
        var l3 = Avx512F.PermuteVar8x64x2(t6, idx, t7);
        var b4 = Vector512.Equals(idx & Vector512.Create(16L), Vector512<long>.Zero).AsDouble();
        var lo = Vector512.ConditionalSelect(b4, l0, l1);
        var hi = Vector512.ConditionalSelect(b4, l2, l3);
        return Vector512.ConditionalSelect(Vector512.Equals(idx & Vector512.Create(32L), Vector512<long>.Zero).AsDouble(), lo, hi);
    }

    /// <summary>
    /// Eight triplets (legs a … a+7 against legs b … b+7): the triplet energies facrad [kcal/mol], cos θ · facang and
    /// facang/(r_ij r_ik) (the force on leg j is r_ij (γσ/(r−aσ)²/r · facrad + cos θ · facang / r_ij²) − r_ik facang/(r_ij r_ik));
    /// and the a-side partner sums Σ r_ik facang/(r_ij r_ik) added to <paramref name="gx"/>…<paramref name="gz"/>. Lanes whose a-side
    /// exponential factor is 0 give exact zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Triplets8(ref double dx0, ref double dy0, ref double dz0, ref double ri0, ref double ex0, nuint a, nuint b,
        Vector512<double> exA, Vector512<double> le, Vector512<double> c0,
        out Vector512<double> facrad, out Vector512<double> csfacang, out Vector512<double> facang12,
        ref Vector512<double> gx, ref Vector512<double> gy, ref Vector512<double> gz)
    {
        var d1x = Vector512.LoadUnsafe(ref dx0, a); var d1y = Vector512.LoadUnsafe(ref dy0, a); var d1z = Vector512.LoadUnsafe(ref dz0, a);
        var d2x = Vector512.LoadUnsafe(ref dx0, b); var d2y = Vector512.LoadUnsafe(ref dy0, b); var d2z = Vector512.LoadUnsafe(ref dz0, b);
        var rinv12 = Vector512.LoadUnsafe(ref ri0, a) * Vector512.LoadUnsafe(ref ri0, b);
        var cs = Vector512.FusedMultiplyAdd(d1x, d2x, Vector512.FusedMultiplyAdd(d1y, d2y, d1z * d2z)) * rinv12;
        var delcs = cs - c0;
        var t = le * (exA * Vector512.LoadUnsafe(ref ex0, b)) * delcs;
        facrad = t * delcs;
        var facang = t + t;
        facang12 = rinv12 * facang;
        csfacang = cs * facang;
        gx = Vector512.FusedMultiplyAdd(d2x, facang12, gx);
        gy = Vector512.FusedMultiplyAdd(d2y, facang12, gy);
        gz = Vector512.FusedMultiplyAdd(d2z, facang12, gz);
    }

    /// <summary>
    /// The 512-bit path over centres [i0, i1); equal to <see cref="Range"/> to round-off. The n ≤ 16 legs of a centre
    /// sit in two 8-lane blocks; the n(n−1)/2 triplets are taken as the cyclic shifts d = 1 … ⌊n/2⌋ (lane i pairs leg i
    /// with leg (i + d) mod n; for even n the shift n/2 keeps lanes i &lt; n/2), so that within one step every leg is on
    /// the a side of one lane and on the b side of one lane: the a-side sums add to the per-leg accumulators lane by
    /// lane, the b-side sums after one in-register rotation back (vpermt2pd). No gathers, no per-triplet stores. The
    /// per-leg sums are Σ facrad, Σ cos θ · facang and Σ partner r · facang/(r_ij r_ik); the force on a leg is formed from
    /// them once per centre. λε and cos θ0 are permuted from registers by the compact type-pair index. The legs are
    /// found eight candidates at a time (vcompress); a centre with more than 16 legs runs the scalar loop. The forces are
    /// transposed to 32-byte (fx, fy, fz, e) records and added once per leg; the virial Σ r_ij ⊗ F_j stays in vector sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RangeVector512(int i0, int i1, double[] fb, bool perAtom, ref PairSums sums)
    {
        var sc = t_scratch512 ??= new Scratch512();
        var rec = _nl.Records;
        var owner = _nl.Owner;
        var off = _nl.ThreeBodyOffsets;
        var nb = _nl.ThreeBodyNeighbors;
        int m = _compactCount;
        bool small = m * m <= 16;
        var lt = _leTable; var ct = _cos0Table;
        Vector512<double> l0 = Vector512.Create<double>(lt.AsSpan(0)), l1 = Vector512.Create<double>(lt.AsSpan(8)), l2 = Vector512.Create<double>(lt.AsSpan(16)), l3 = Vector512.Create<double>(lt.AsSpan(24));
        Vector512<double> l4 = Vector512.Create<double>(lt.AsSpan(32)), l5 = Vector512.Create<double>(lt.AsSpan(40)), l6 = Vector512.Create<double>(lt.AsSpan(48)), l7 = Vector512.Create<double>(lt.AsSpan(56));
        Vector512<double> c0 = Vector512.Create<double>(ct.AsSpan(0)), c1 = Vector512.Create<double>(ct.AsSpan(8)), c2 = Vector512.Create<double>(ct.AsSpan(16)), c3 = Vector512.Create<double>(ct.AsSpan(24));
        Vector512<double> c4 = Vector512.Create<double>(ct.AsSpan(32)), c5 = Vector512.Create<double>(ct.AsSpan(40)), c6 = Vector512.Create<double>(ct.AsSpan(48)), c7 = Vector512.Create<double>(ct.AsSpan(56));
        ref double rsq0 = ref MemoryMarshal.GetArrayDataReference(sc.Rsq);
        ref double gss0 = ref MemoryMarshal.GetArrayDataReference(sc.GsSigma);
        ref long kk0 = ref MemoryMarshal.GetArrayDataReference(sc.K);
        ref double rec0 = ref MemoryMarshal.GetArrayDataReference(rec);
        ref int nb0 = ref MemoryMarshal.GetArrayDataReference(nb);
        var trXY0 = TrXY0; var trZT0 = TrZT0; var trLo = TrLo; var trHi = TrHi;
        var vcutsq = Vector512.Create(_cutsq);
        var gsRow = Vector512.Create<double>(_gammaSigma8);
        var compactRow = Vector512.Create<long>(_compact8);
        var compactRowM = compactRow * Vector512.Create((long)m);
        ref double ri0 = ref MemoryMarshal.GetArrayDataReference(sc.Ri);
        ref double ex0 = ref MemoryMarshal.GetArrayDataReference(sc.Ex);
        ref double exa0 = ref MemoryMarshal.GetArrayDataReference(sc.ExA);
        ref double dx0 = ref MemoryMarshal.GetArrayDataReference(sc.Dx);
        ref double dy0 = ref MemoryMarshal.GetArrayDataReference(sc.Dy);
        ref double dz0 = ref MemoryMarshal.GetArrayDataReference(sc.Dz);
        ref long tb0 = ref MemoryMarshal.GetArrayDataReference(sc.Tb);
        ref long ta0 = ref MemoryMarshal.GetArrayDataReference(sc.Ta);
        ref double rc0 = ref MemoryMarshal.GetArrayDataReference(sc.Rec);
        ref double fb0 = ref MemoryMarshal.GetArrayDataReference(fb);
        var iota = Iota;
        var iota8 = iota + Vector512.Create(8L);
        var trPairLo = TrPairLo; var trPairHi = TrPairHi; var trRec01 = TrRec01; var trRec23 = TrRec23;
        var vcut = Vector512.Create(_cut);
        var third = Vector512.Create(1.0 / 3.0);
        var centreScale = Vector256.Create(-1.0, -1.0, -1.0, 0.5);
        var eAcc = Vector512<double>.Zero;
        var v0 = Vector512<double>.Zero; var v1 = Vector512<double>.Zero; var v2 = Vector512<double>.Zero;
        var v3 = Vector512<double>.Zero; var v4 = Vector512<double>.Zero; var v5 = Vector512<double>.Zero;
        for (int i = i0; i < i1; i++)
        {
            int k0 = off[i], k1 = off[i + 1];
            if (k1 - k0 < 2) { continue; }
            // Legs: eight listed candidates per step (records transposed in registers; past the end of the list the last
            // candidate again, masked out), those inside the cutoff compacted with vcompress. More than 16: scalar loop.
            var vxi = Vector512.Create(rec[4 * i]); var vyi = Vector512.Create(rec[4 * i + 1]); var vzi = Vector512.Create(rec[4 * i + 2]);
            int n = 0;
            bool many = false;
            int last = k1 - 1;
            for (int k = k0; k < k1; k += 8)
            {
                int j0, j1, j2, j3, j4, j5, j6, j7;
                if (k + 8 <= k1)
                {
                    ref int nk = ref Unsafe.Add(ref nb0, k);
                    j0 = nk; j1 = Unsafe.Add(ref nk, 1); j2 = Unsafe.Add(ref nk, 2); j3 = Unsafe.Add(ref nk, 3);
                    j4 = Unsafe.Add(ref nk, 4); j5 = Unsafe.Add(ref nk, 5); j6 = Unsafe.Add(ref nk, 6); j7 = Unsafe.Add(ref nk, 7);
                }
                else
                {
                    j0 = nb[k]; j1 = nb[Math.Min(k + 1, last)]; j2 = nb[Math.Min(k + 2, last)]; j3 = nb[Math.Min(k + 3, last)];
                    j4 = nb[Math.Min(k + 4, last)]; j5 = nb[Math.Min(k + 5, last)]; j6 = nb[Math.Min(k + 6, last)]; j7 = nb[Math.Min(k + 7, last)];
                }

                var p0 = Avx512F.InsertVector256(Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j0)).ToVector512Unsafe(), Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j1)), 1);
                var p1 = Avx512F.InsertVector256(Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j2)).ToVector512Unsafe(), Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j3)), 1);
                var p2 = Avx512F.InsertVector256(Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j4)).ToVector512Unsafe(), Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j5)), 1);
                var p3 = Avx512F.InsertVector256(Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j6)).ToVector512Unsafe(), Vector256.LoadUnsafe(ref rec0, (nuint)(4 * j7)), 1);
                var q0 = Avx512F.PermuteVar8x64x2(p0, trXY0, p1);   // x0..x3 y0..y3
                var q1 = Avx512F.PermuteVar8x64x2(p0, trZT0, p1);   // z0..z3 t0..t3
                var q2 = Avx512F.PermuteVar8x64x2(p2, trXY0, p3);
                var q3 = Avx512F.PermuteVar8x64x2(p2, trZT0, p3);
                var dx = Avx512F.PermuteVar8x64x2(q0, trLo, q2) - vxi;
                var dy = Avx512F.PermuteVar8x64x2(q0, trHi, q2) - vyi;
                var dz = Avx512F.PermuteVar8x64x2(q1, trLo, q3) - vzi;
                var rsq = dx * dx + dy * dy + dz * dz;
                var inside = Vector512.LessThan(rsq, vcutsq) & Vector512.LessThan(iota, Vector512.Create((long)(k1 - k))).AsDouble();
                uint mask = (uint)inside.ExtractMostSignificantBits();
                if (mask == 0) { continue; }
                int cnt = System.Numerics.BitOperations.PopCount(mask);
                if (n + cnt > MaxLegs512) { many = true; break; }
                var vt = Avx512F.PermuteVar8x64x2(q1, trHi, q3).AsInt64();
                var mi = inside.AsInt64();
                var zero = Vector512<double>.Zero;
                nuint un0 = (nuint)n;
                Avx512F.Compress(zero, inside, dx).StoreUnsafe(ref dx0, un0);
                Avx512F.Compress(zero, inside, dy).StoreUnsafe(ref dy0, un0);
                Avx512F.Compress(zero, inside, dz).StoreUnsafe(ref dz0, un0);
                Avx512F.Compress(zero, inside, rsq).StoreUnsafe(ref rsq0, un0);
                Avx512F.Compress(zero, inside, Avx512F.PermuteVar8x64(gsRow, vt)).StoreUnsafe(ref gss0, un0);
                Avx512F.Compress(Vector512<long>.Zero, mi, Avx512F.PermuteVar8x64(compactRow, vt)).StoreUnsafe(ref tb0, un0);
                Avx512F.Compress(Vector512<long>.Zero, mi, Avx512F.PermuteVar8x64(compactRowM, vt)).StoreUnsafe(ref ta0, un0);
                Avx512F.Compress(Vector512<long>.Zero, mi, iota + Vector512.Create((long)k)).StoreUnsafe(ref kk0, un0);
                n += cnt;
            }

            if (many)
            {
                Range(i, i + 1, fb, perAtom, ref sums);
                continue;
            }

            if (n < 2) { continue; }
            var vn = Vector512.Create((long)n);

            // Leg factors of both blocks: 1/r, 1/r², γσ/(r−aσ)²/r and exp(γσ/(r−aσ)) (0 on lanes past the last leg), stored
            // at s and s + n; the a-side exponential separately, because s + n overlaps the second block's padding lanes.
            var validLo = Vector512.LessThan(iota, vn).AsDouble();
            var validHi = Vector512.LessThan(iota8, vn).AsDouble();
            LegFactors(Vector512.LoadUnsafe(ref rsq0), Vector512.LoadUnsafe(ref gss0), validLo, vcut,
                out var riLo, out var rqLo, out var gsLo, out var exLo);
            LegFactors(Vector512.LoadUnsafe(ref rsq0, 8), Vector512.LoadUnsafe(ref gss0, 8), validHi, vcut,
                out var riHi, out var rqHi, out var gsHi, out var exHi);
            exLo.StoreUnsafe(ref exa0); exHi.StoreUnsafe(ref exa0, 8);
            riLo.StoreUnsafe(ref ri0); riHi.StoreUnsafe(ref ri0, 8);
            exLo.StoreUnsafe(ref ex0); exHi.StoreUnsafe(ref ex0, 8);
            var dxLo = Vector512.LoadUnsafe(ref dx0); var dxHi = Vector512.LoadUnsafe(ref dx0, 8);
            var dyLo = Vector512.LoadUnsafe(ref dy0); var dyHi = Vector512.LoadUnsafe(ref dy0, 8);
            var dzLo = Vector512.LoadUnsafe(ref dz0); var dzHi = Vector512.LoadUnsafe(ref dz0, 8);
            var tbLo = Vector512.LoadUnsafe(ref tb0); var tbHi = Vector512.LoadUnsafe(ref tb0, 8);
            nuint un = (nuint)n;
            riLo.StoreUnsafe(ref ri0, un); riHi.StoreUnsafe(ref ri0, un + 8);
            exLo.StoreUnsafe(ref ex0, un); exHi.StoreUnsafe(ref ex0, un + 8);
            dxLo.StoreUnsafe(ref dx0, un); dxHi.StoreUnsafe(ref dx0, un + 8);
            dyLo.StoreUnsafe(ref dy0, un); dyHi.StoreUnsafe(ref dy0, un + 8);
            dzLo.StoreUnsafe(ref dz0, un); dzHi.StoreUnsafe(ref dz0, un + 8);
            tbLo.StoreUnsafe(ref tb0, un); tbHi.StoreUnsafe(ref tb0, un + 8);
            var taLo = Vector512.LoadUnsafe(ref ta0); var taHi = Vector512.LoadUnsafe(ref ta0, 8);

            // Per-leg sums over the triplets of the centre: E (Σ facrad), C (Σ cos θ · facang) and G (Σ partner r · facang/(r_ij r_ik)),
            // so that the force on leg s is r_s (γσ/(r−aσ)²/r · E + C / r²) − G and its energy E/3.
            var eLo = Vector512<double>.Zero; var cLo = Vector512<double>.Zero; var gxLo = Vector512<double>.Zero; var gyLo = Vector512<double>.Zero; var gzLo = Vector512<double>.Zero;
            var eHi = Vector512<double>.Zero; var cHi = Vector512<double>.Zero; var gxHi = Vector512<double>.Zero; var gyHi = Vector512<double>.Zero; var gzHi = Vector512<double>.Zero;
            bool two = n > 8;
            int dmax = n / 2;
            for (int d = 1; d <= dmax; d++)
            {
                // Rotation back: slot s (< n) receives lane (s − d) mod n (its partner leg sits at s − d + n in the doubled
                // arrays); slots past the last leg take their own (zero) lane.
                var vd = Vector512.Create((long)d);
                var invLo = iota - vd;
                invLo += Vector512.LessThan(invLo, Vector512<long>.Zero) & vn;
                invLo = Vector512.ConditionalSelect(Vector512.LessThan(iota, vn), invLo, iota);
                var exaLo = Vector512.LoadUnsafe(ref exa0);
                if (d + d == n) { exaLo &= Vector512.LessThan(iota, Vector512.Create((long)dmax)).AsDouble(); }
                var tbd = Vector512.LoadUnsafe(ref tb0, (nuint)d);
                var leL = Lookup64(taLo + tbd, small, l0, l1, l2, l3, l4, l5, l6, l7);
                var coL = Lookup64(taLo + tbd, small, c0, c1, c2, c3, c4, c5, c6, c7);
                Triplets8(ref dx0, ref dy0, ref dz0, ref ri0, ref ex0, 0, (nuint)d, exaLo, leL, coL, out var frL, out var csL, out var f12L, ref gxLo, ref gyLo, ref gzLo);
                eLo += frL; cLo += csL;
                nuint pLo = (nuint)(n - d);
                if (two && d + d != n) // (the half shift d = n/2 ≤ 8 has no lanes in the second block)
                {
                    var invHi = iota8 - vd;
                    invHi = Vector512.ConditionalSelect(Vector512.LessThan(iota8, vn), invHi, iota8);
                    var exaHi = Vector512.LoadUnsafe(ref exa0, 8);
                    var tbdh = Vector512.LoadUnsafe(ref tb0, (nuint)(d + 8));
                    var leH = Lookup64(taHi + tbdh, small, l0, l1, l2, l3, l4, l5, l6, l7);
                    var coH = Lookup64(taHi + tbdh, small, c0, c1, c2, c3, c4, c5, c6, c7);
                    Triplets8(ref dx0, ref dy0, ref dz0, ref ri0, ref ex0, 8, (nuint)(d + 8), exaHi, leH, coH, out var frH, out var csH, out var f12H, ref gxHi, ref gyHi, ref gzHi);
                    eHi += frH; cHi += csH;
                    eAcc += frL + frH;
                    eLo += Avx512F.PermuteVar8x64x2(frL, invLo, frH); eHi += Avx512F.PermuteVar8x64x2(frL, invHi, frH);
                    cLo += Avx512F.PermuteVar8x64x2(csL, invLo, csH); cHi += Avx512F.PermuteVar8x64x2(csL, invHi, csH);
                    var gLo = Avx512F.PermuteVar8x64x2(f12L, invLo, f12H);
                    var gHi = Avx512F.PermuteVar8x64x2(f12L, invHi, f12H);
                    gxLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dx0, pLo), gLo, gxLo);
                    gyLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dy0, pLo), gLo, gyLo);
                    gzLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dz0, pLo), gLo, gzLo);
                    gxHi = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dx0, pLo + 8), gHi, gxHi);
                    gyHi = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dy0, pLo + 8), gHi, gyHi);
                    gzHi = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dz0, pLo + 8), gHi, gzHi);
                }
                else if (two)
                {
                    // Half shift with a second block: lanes 0 … n/2 − 1 of the first block pair with legs n/2 … n − 1.
                    eAcc += frL;
                    var z = Vector512<double>.Zero;
                    eLo += Avx512F.PermuteVar8x64x2(frL, invLo, z); cLo += Avx512F.PermuteVar8x64x2(csL, invLo, z);
                    var invHi = Vector512.ConditionalSelect(Vector512.LessThan(iota8, vn), iota8 - vd, iota8);
                    eHi += Avx512F.PermuteVar8x64x2(frL, invHi, z); cHi += Avx512F.PermuteVar8x64x2(csL, invHi, z);
                    var gLo = Avx512F.PermuteVar8x64x2(f12L, invLo, z);
                    var gHi = Avx512F.PermuteVar8x64x2(f12L, invHi, z);
                    gxLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dx0, pLo), gLo, gxLo);
                    gyLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dy0, pLo), gLo, gyLo);
                    gzLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dz0, pLo), gLo, gzLo);
                    gxHi = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dx0, pLo + 8), gHi, gxHi);
                    gyHi = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dy0, pLo + 8), gHi, gyHi);
                    gzHi = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dz0, pLo + 8), gHi, gzHi);
                }
                else
                {
                    eAcc += frL;
                    eLo += Avx512F.PermuteVar8x64(frL, invLo);
                    cLo += Avx512F.PermuteVar8x64(csL, invLo);
                    var gLo = Avx512F.PermuteVar8x64(f12L, invLo);
                    gxLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dx0, pLo), gLo, gxLo);
                    gyLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dy0, pLo), gLo, gyLo);
                    gzLo = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref dz0, pLo), gLo, gzLo);
                }
            }

            // Forces on the legs (lanes past the last leg: zero) and per-atom energies (a third of each triplet's energy to each leg).
            var sLo = Vector512.FusedMultiplyAdd(gsLo, eLo, rqLo * cLo);
            var sHi = Vector512.FusedMultiplyAdd(gsHi, eHi, rqHi * cHi);
            var fxLo = Avx512F.FusedMultiplySubtract(dxLo, sLo, gxLo); var fxHi = Avx512F.FusedMultiplySubtract(dxHi, sHi, gxHi);
            var fyLo = Avx512F.FusedMultiplySubtract(dyLo, sLo, gyLo); var fyHi = Avx512F.FusedMultiplySubtract(dyHi, sHi, gyHi);
            var fzLo = Avx512F.FusedMultiplySubtract(dzLo, sLo, gzLo); var fzHi = Avx512F.FusedMultiplySubtract(dzHi, sHi, gzHi);
            eLo = perAtom ? eLo * third : Vector512<double>.Zero;
            eHi = perAtom ? eHi * third : Vector512<double>.Zero;

            // Virial Σ r_ij ⊗ F_j (lanes past the last leg hold zero forces), then the per-leg records and the centre's reaction.
            v0 = Vector512.FusedMultiplyAdd(dxLo, fxLo, Vector512.FusedMultiplyAdd(dxHi, fxHi, v0));
            v1 = Vector512.FusedMultiplyAdd(dyLo, fyLo, Vector512.FusedMultiplyAdd(dyHi, fyHi, v1));
            v2 = Vector512.FusedMultiplyAdd(dzLo, fzLo, Vector512.FusedMultiplyAdd(dzHi, fzHi, v2));
            v3 = Vector512.FusedMultiplyAdd(dxLo, fyLo, Vector512.FusedMultiplyAdd(dxHi, fyHi, v3));
            v4 = Vector512.FusedMultiplyAdd(dxLo, fzLo, Vector512.FusedMultiplyAdd(dxHi, fzHi, v4));
            v5 = Vector512.FusedMultiplyAdd(dyLo, fzLo, Vector512.FusedMultiplyAdd(dyHi, fzHi, v5));
            Transpose(fxLo, fyLo, fzLo, eLo, trPairLo, trPairHi, trRec01, trRec23, ref rc0);
            var centre = Vector256<double>.Zero;
            int nLo = Math.Min(n, 8);
            for (int s = 0; s < nLo; s++)
            {
                var r = Vector256.LoadUnsafe(ref rc0, (nuint)(4 * s));
                ref double fo = ref Unsafe.Add(ref fb0, 4 * owner[nb[(int)Unsafe.Add(ref kk0, s)]]);
                (Vector256.LoadUnsafe(ref fo) + r).StoreUnsafe(ref fo);
                centre += r;
            }

            if (two)
            {
                Transpose(fxHi, fyHi, fzHi, eHi, trPairLo, trPairHi, trRec01, trRec23, ref rc0);
                for (int s = 8; s < n; s++)
                {
                    var r = Vector256.LoadUnsafe(ref rc0, (nuint)(4 * (s - 8)));
                    ref double fo = ref Unsafe.Add(ref fb0, 4 * owner[nb[(int)Unsafe.Add(ref kk0, s)]]);
                    (Vector256.LoadUnsafe(ref fo) + r).StoreUnsafe(ref fo);
                    centre += r;
                }
            }

            ref double fc = ref Unsafe.Add(ref fb0, 4 * owner[i]);
            Vector256.FusedMultiplyAdd(centre, centreScale, Vector256.LoadUnsafe(ref fc)).StoreUnsafe(ref fc);
        }

        sums.Evdwl += Vector512.Sum(eAcc);
        sums.Vxx += Vector512.Sum(v0); sums.Vyy += Vector512.Sum(v1); sums.Vzz += Vector512.Sum(v2);
        sums.Vxy += Vector512.Sum(v3); sums.Vxz += Vector512.Sum(v4); sums.Vyz += Vector512.Sum(v5);
    }

    /// <summary>Leg factors of eight legs from r² and γσ; lanes outside <paramref name="valid"/> get finite values and a zero exponential.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LegFactors(Vector512<double> rsq, Vector512<double> gsSigma, Vector512<double> valid, Vector512<double> vcut,
        out Vector512<double> rinv, out Vector512<double> rinvsq, out Vector512<double> gs, out Vector512<double> ex)
    {
        var one = Vector512<double>.One;
        rsq = Vector512.ConditionalSelect(valid, rsq, one);
        gsSigma &= valid;
        var rr = Vector512.Sqrt(rsq);
        rinv = one / rr;
        rinvsq = rinv * rinv;
        var rainv = one / (rr - vcut);
        var gsrainv = gsSigma * rainv;
        gs = gsrainv * rainv * rinv;
        ex = Pair.VectorMath.ExpNonPositive512(gsrainv) & valid;
    }

    /// <summary>Eight legs' (fx, fy, fz, e) as 32-byte records into <paramref name="dst"/> (32 doubles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Vector512<double> fx, Vector512<double> fy, Vector512<double> fz, Vector512<double> e,
        Vector512<long> trPairLo, Vector512<long> trPairHi, Vector512<long> trRec01, Vector512<long> trRec23, ref double dst)
    {
        var xyLo = Avx512F.PermuteVar8x64x2(fx, trPairLo, fy); // x0 y0 x1 y1 x2 y2 x3 y3
        var zeLo = Avx512F.PermuteVar8x64x2(fz, trPairLo, e);
        var xyHi = Avx512F.PermuteVar8x64x2(fx, trPairHi, fy); // x4 y4 … x7 y7
        var zeHi = Avx512F.PermuteVar8x64x2(fz, trPairHi, e);
        Avx512F.PermuteVar8x64x2(xyLo, trRec01, zeLo).StoreUnsafe(ref dst);
        Avx512F.PermuteVar8x64x2(xyLo, trRec23, zeLo).StoreUnsafe(ref dst, 8);
        Avx512F.PermuteVar8x64x2(xyHi, trRec01, zeHi).StoreUnsafe(ref dst, 16);
        Avx512F.PermuteVar8x64x2(xyHi, trRec23, zeHi).StoreUnsafe(ref dst, 24);
    }
}
