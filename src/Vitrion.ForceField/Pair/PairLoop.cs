using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vitrion.ForceField.Neighbors;

namespace Vitrion.ForceField.Pair;

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
/// and per-atom energies go to per-thread buffers indexed by extended atom (3 doubles per atom for forces).
/// </summary>
public static class PairLoop
{
    /// <summary>Scalar reference loop over local atoms [i0, i1).</summary>
    public static void RunScalar<T>(in T pair, GhostNeighborList nl, int i0, int i1, double[] f, double[]? eatom, ref PairSums sums)
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
                f[3 * j] += fx; f[3 * j + 1] += fy; f[3 * j + 2] += fz;
                ev += evdwl; ec += ecoul;
                vxx += dx * fx; vyy += dy * fy; vzz += dz * fz; vxy += dx * fy; vxz += dx * fz; vyz += dy * fz;
                if (eatom is not null)
                {
                    double e = 0.5 * (evdwl + ecoul);
                    ei += e;
                    eatom[j] += e;
                }
            }

            f[3 * i] += fxi; f[3 * i + 1] += fyi; f[3 * i + 2] += fzi;
            if (eatom is not null) { eatom[i] += ei; }
        }

        sums.Evdwl += ev; sums.Ecoul += ec;
        sums.Vxx += vxx; sums.Vyy += vyy; sums.Vzz += vzz; sums.Vxy += vxy; sums.Vxz += vxz; sums.Vyz += vyz;
    }

    /// <summary>Special pairs (1-2, 1-3, 1-4) with their factors, scalar.</summary>
    public static void RunSpecial<T>(in T pair, GhostNeighborList nl, IReadOnlyList<double> specialLj, IReadOnlyList<double> specialCoul,
        double[] f, double[]? eatom, ref PairSums sums) where T : struct, IPairFunction
    {
        double[] rec = nl.Records;
        int[] types = nl.Types;
        double cutsq = pair.CutoffSquared;
        for (int s = 0; s < nl.SpecialCount; s++)
        {
            int i = nl.SpecialI[s], j = nl.SpecialJ[s];
            int order = nl.SpecialOrder[s];
            double dx = rec[4 * j] - rec[4 * i], dy = rec[4 * j + 1] - rec[4 * i + 1], dz = rec[4 * j + 2] - rec[4 * i + 2];
            double rsq = dx * dx + dy * dy + dz * dz;
            if (rsq >= cutsq) { continue; }
            pair.Evaluate(rsq, types[i], types[j], i, j, specialLj[order - 1], specialCoul[order - 1], out double fpair, out double evdwl, out double ecoul);
            double fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
            f[3 * i] -= fx; f[3 * i + 1] -= fy; f[3 * i + 2] -= fz;
            f[3 * j] += fx; f[3 * j + 1] += fy; f[3 * j + 2] += fz;
            sums.Evdwl += evdwl; sums.Ecoul += ecoul;
            sums.Vxx += dx * fx; sums.Vyy += dy * fy; sums.Vzz += dz * fz; sums.Vxy += dx * fy; sums.Vxz += dx * fz; sums.Vyz += dy * fz;
            if (eatom is not null)
            {
                double e = 0.5 * (evdwl + ecoul);
                eatom[i] += e;
                eatom[j] += e;
            }
        }
    }

    /// <summary>Scratch space of the vector loop (one per thread).</summary>
    public sealed class Scratch
    {
        internal double[] Dx = new double[64], Dy = new double[64], Dz = new double[64], Rsq = new double[64];
        internal long[] Tj = new long[64];
        internal int[] J = new int[64];

        internal void Ensure(int n)
        {
            if (Dx.Length >= n) { return; }
            int m = Math.Max(n, 2 * Dx.Length);
            Dx = new double[m]; Dy = new double[m]; Dz = new double[m]; Rsq = new double[m]; Tj = new long[m]; J = new int[m];
        }
    }

    /// <summary>Vector loop (256-bit) over local atoms [i0, i1); equal to <see cref="RunScalar{T}"/> to round-off.</summary>
    public static void RunVector<T>(in T pair, GhostNeighborList nl, int i0, int i1, double[] f, double[]? eatom, ref PairSums sums, Scratch scratch)
        where T : struct, IPairFunctionVector
    {
        double[] rec = nl.Records;
        int[] off = nl.Offsets, nb = nl.Neighbors, types = nl.Types;
        double cutsq = pair.CutoffSquared;
        var vcut = Vector256.Create(cutsq);
        var evAcc = Vector256<double>.Zero;
        var ecAcc = Vector256<double>.Zero;
        var vxxA = Vector256<double>.Zero; var vyyA = Vector256<double>.Zero; var vzzA = Vector256<double>.Zero;
        var vxyA = Vector256<double>.Zero; var vxzA = Vector256<double>.Zero; var vyzA = Vector256<double>.Zero;
        var half = Vector256.Create(0.5);
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(rec);
        for (int i = i0; i < i1; i++)
        {
            int k0 = off[i], k1 = off[i + 1];
            int count = k1 - k0;
            if (count == 0) { continue; }
            scratch.Ensure(count + 4);
            double[] sdx = scratch.Dx, sdy = scratch.Dy, sdz = scratch.Dz, srsq = scratch.Rsq;
            long[] stj = scratch.Tj;
            int[] sj = scratch.J;
            double xi = rec[4 * i], yi = rec[4 * i + 1], zi = rec[4 * i + 2];
            var vxi = Vector256.Create(xi); var vyi = Vector256.Create(yi); var vzi = Vector256.Create(zi);
            int ti = types[i];

            // Pass 1: distances, keep pairs inside the cutoff (packed, structure of arrays).
            int np = 0;
            int k = k0;
            for (; k + 4 <= k1; k += 4)
            {
                int j0 = nb[k], j1 = nb[k + 1], j2 = nb[k + 2], j3 = nb[k + 3];
                var a0 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j0));
                var a1 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j1));
                var a2 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j2));
                var a3 = Vector256.LoadUnsafe(ref r0, (nuint)(4 * j3));
                // Transpose 4x4: rows (x,y,z,t) per atom -> columns.
                var t0 = Avx.UnpackLow(a0, a1);   // x0 x1 z0 z1
                var t1 = Avx.UnpackHigh(a0, a1);  // y0 y1 t0 t1
                var t2 = Avx.UnpackLow(a2, a3);   // x2 x3 z2 z3
                var t3 = Avx.UnpackHigh(a2, a3);  // y2 y3 t2 t3
                var vx = Avx.Permute2x128(t0, t2, 0x20);
                var vy = Avx.Permute2x128(t1, t3, 0x20);
                var vz = Avx.Permute2x128(t0, t2, 0x31);
                var vt = Avx.Permute2x128(t1, t3, 0x31);
                var dx = vx - vxi; var dy = vy - vyi; var dz = vz - vzi;
                var rsq = dx * dx + dy * dy + dz * dz;
                uint mask = Vector256.LessThan(rsq, vcut).ExtractMostSignificantBits();
                if (mask == 0) { continue; }
                var tl = Vector256.ConvertToInt64(vt);
                if (mask == 0xF)
                {
                    dx.CopyTo(sdx, np); dy.CopyTo(sdy, np); dz.CopyTo(sdz, np); rsq.CopyTo(srsq, np); tl.CopyTo(stj, np);
                    sj[np] = j0; sj[np + 1] = j1; sj[np + 2] = j2; sj[np + 3] = j3;
                    np += 4;
                    continue;
                }

                while (mask != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    sdx[np] = dx.GetElement(lane); sdy[np] = dy.GetElement(lane); sdz[np] = dz.GetElement(lane);
                    srsq[np] = rsq.GetElement(lane); stj[np] = tl.GetElement(lane);
                    sj[np] = lane switch { 0 => j0, 1 => j1, 2 => j2, _ => j3 };
                    np++;
                }
            }

            for (; k < k1; k++)
            {
                int j = nb[k];
                double dx = rec[4 * j] - xi, dy = rec[4 * j + 1] - yi, dz = rec[4 * j + 2] - zi;
                double rsq = dx * dx + dy * dy + dz * dz;
                if (rsq >= cutsq) { continue; }
                sdx[np] = dx; sdy[np] = dy; sdz[np] = dz; srsq[np] = rsq; stj[np] = types[j]; sj[np] = j; np++;
            }

            if (np == 0) { continue; }
            // Pad to a multiple of 4 with harmless lanes (beyond the cutoff, j = i).
            int npad = (np + 3) & ~3;
            for (int p = np; p < npad; p++)
            {
                sdx[p] = 0; sdy[p] = 0; sdz[p] = 0; srsq[p] = 2 * cutsq + 1; stj[p] = ti; sj[p] = i;
            }

            // Pass 2 + 3: maths on packed pairs, then accumulate and scatter.
            var vti = Vector256.Create((long)ti);
            var fxi = Vector256<double>.Zero; var fyi = Vector256<double>.Zero; var fzi = Vector256<double>.Zero;
            var eiAcc = Vector256<double>.Zero;
            for (int p = 0; p < npad; p += 4)
            {
                var dx = Vector256.LoadUnsafe(ref sdx[p]);
                var dy = Vector256.LoadUnsafe(ref sdy[p]);
                var dz = Vector256.LoadUnsafe(ref sdz[p]);
                var rsq = Vector256.LoadUnsafe(ref srsq[p]);
                var tj = Vector256.LoadUnsafe(ref stj[p]);
                pair.Evaluate(rsq, vti, tj, out var fpair, out var evdwl, out var ecoul);
                var fx = dx * fpair; var fy = dy * fpair; var fz = dz * fpair;
                fxi -= fx; fyi -= fy; fzi -= fz;
                evAcc += evdwl; ecAcc += ecoul;
                vxxA += dx * fx; vyyA += dy * fy; vzzA += dz * fz; vxyA += dx * fy; vxzA += dx * fz; vyzA += dy * fz;
                for (int l = 0; l < 4; l++)
                {
                    int j = sj[p + l];
                    f[3 * j] += fx.GetElement(l); f[3 * j + 1] += fy.GetElement(l); f[3 * j + 2] += fz.GetElement(l);
                }

                if (eatom is not null)
                {
                    var e = half * (evdwl + ecoul);
                    eiAcc += e;
                    for (int l = 0; l < 4; l++) { eatom[sj[p + l]] += e.GetElement(l); }
                }
            }

            f[3 * i] += Vector256.Sum(fxi); f[3 * i + 1] += Vector256.Sum(fyi); f[3 * i + 2] += Vector256.Sum(fzi);
            if (eatom is not null) { eatom[i] += Vector256.Sum(eiAcc); }
        }

        sums.Evdwl += Vector256.Sum(evAcc); sums.Ecoul += Vector256.Sum(ecAcc);
        sums.Vxx += Vector256.Sum(vxxA); sums.Vyy += Vector256.Sum(vyyA); sums.Vzz += Vector256.Sum(vzzA);
        sums.Vxy += Vector256.Sum(vxyA); sums.Vxz += Vector256.Sum(vxzA); sums.Vyz += Vector256.Sum(vyzA);
    }
}
