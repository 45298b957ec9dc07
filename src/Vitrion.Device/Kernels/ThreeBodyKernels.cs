using ILGPU;

namespace Vitrion.Device.Kernels;

/// <summary>Scalar settings of the Stillinger–Weber kernels.</summary>
public struct SwParams
{
    /// <summary>The box.</summary>
    public DeviceBox Box;

    /// <summary>Number of atom types.</summary>
    public int Nt;

    /// <summary>Cutoff aσ [Å] and its square [Å²].</summary>
    public double Cut, CutSq;

    /// <summary>σ [Å] and ε [kcal/mol].</summary>
    public double Sigma, Epsilon;
}

/// <summary>
/// The Li-centred Stillinger–Weber three-body term without atomics: one thread per centre computes its triplets (pairs
/// of list slots a &lt; b, the operations of the CPU reference), the energy, the force on the centre and, per slot, the
/// force on that neighbour (written into the slot); a second kernel lets every atom gather the slot forces that point
/// at it through the reverse three-body list, in a fixed order.
/// </summary>
public static class ThreeBodyKernels
{
    /// <summary>Per centre i: energy, centre force and virial into the accumulator, neighbour forces and energy shares into the slots (4 doubles each).</summary>
    public static void Centre(Index1D i, ArrayView<double> x, ArrayView<int> types, ArrayView<int> nbrJ, ArrayView<int> nbrCode,
        ArrayView<int> tbOffsets, ArrayView<int> tbEntry, ArrayView<double> gamma, ArrayView<double> lambda, ArrayView<double> cos0,
        ArrayView<double> slots, ArrayView<double> acc, SwParams p)
    {
        int t0 = tbOffsets[i], t1 = tbOffsets[i + 1];
        if (t1 == t0) { return; }
        double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
        double fcx = 0, fcy = 0, fcz = 0, energy = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        for (int a = t0; a < t1; a++)
        {
            int ea = tbEntry[a];
            int ja = nbrJ[ea], ca = nbrCode[ea];
            double d1x = x[3 * ja] + DeviceBox.Tx(ca) * p.Box.Lx - xi;
            double d1y = x[3 * ja + 1] + DeviceBox.Ty(ca) * p.Box.Ly - yi;
            double d1z = x[3 * ja + 2] + DeviceBox.Tz(ca) * p.Box.Lz - zi;
            double rsq1 = d1x * d1x + d1y * d1y + d1z * d1z;
            double sfx = 0, sfy = 0, sfz = 0, se = 0;
            if (rsq1 < p.CutSq)
            {
                int ta = types[ja];
                Leg(rsq1, gamma[ta], p, out double r1, out double rinvsq1, out double gs1, out double ex1);
                for (int b = t0; b < t1; b++)
                {
                    if (b == a) { continue; }
                    int eb = tbEntry[b];
                    int jb = nbrJ[eb], cb = nbrCode[eb];
                    double d2x = x[3 * jb] + DeviceBox.Tx(cb) * p.Box.Lx - xi;
                    double d2y = x[3 * jb + 1] + DeviceBox.Ty(cb) * p.Box.Ly - yi;
                    double d2z = x[3 * jb + 2] + DeviceBox.Tz(cb) * p.Box.Lz - zi;
                    double rsq2 = d2x * d2x + d2y * d2y + d2z * d2z;
                    if (rsq2 >= p.CutSq) { continue; }
                    int tb = types[jb];
                    Leg(rsq2, gamma[tb], p, out double r2, out double rinvsq2, out double gs2, out double ex2);
                    double e, fax, fay, faz;
                    if (a < b)
                    {
                        // a is the first leg (j) of the CPU triplet.
                        Triplet(d1x, d1y, d1z, r1, rinvsq1, gs1, ex1, d2x, d2y, d2z, r2, rinvsq2, gs2, ex2, lambda[ta * p.Nt + tb], cos0[ta * p.Nt + tb], p.Epsilon,
                            out e, out fax, out fay, out faz, out _, out _, out _);
                        energy += e;
                    }
                    else
                    {
                        // a is the second leg (k).
                        Triplet(d2x, d2y, d2z, r2, rinvsq2, gs2, ex2, d1x, d1y, d1z, r1, rinvsq1, gs1, ex1, lambda[tb * p.Nt + ta], cos0[tb * p.Nt + ta], p.Epsilon,
                            out e, out _, out _, out _, out fax, out fay, out faz);
                    }

                    sfx += fax; sfy += fay; sfz += faz; se += e;
                }
            }

            slots[4 * a] = sfx; slots[4 * a + 1] = sfy; slots[4 * a + 2] = sfz; slots[4 * a + 3] = se / 3.0;
            fcx -= sfx; fcy -= sfy; fcz -= sfz;
            v0 += d1x * sfx; v1 += d1y * sfy; v2 += d1z * sfz; v3 += d1x * sfy; v4 += d1x * sfz; v5 += d1y * sfz;
        }

        int o = Acc.Stride * i;
        acc[o] += fcx; acc[o + 1] += fcy; acc[o + 2] += fcz;
        acc[o + Acc.E3] += energy;
        acc[o + Acc.EAtom] += energy / 3.0;
        acc[o + Acc.V] += v0; acc[o + Acc.V + 1] += v1; acc[o + Acc.V + 2] += v2;
        acc[o + Acc.V + 3] += v3; acc[o + Acc.V + 4] += v4; acc[o + Acc.V + 5] += v5;
    }

    /// <summary>Per atom j: adds the slot forces and energy shares of the three-body entries that point at j.</summary>
    public static void Gather(Index1D j, ArrayView<int> revOffsets, ArrayView<int> rev, ArrayView<double> slots, ArrayView<double> acc)
    {
        double fx = 0, fy = 0, fz = 0, e = 0;
        for (int r = revOffsets[j]; r < revOffsets[j + 1]; r++)
        {
            int s = rev[r];
            fx += slots[4 * s]; fy += slots[4 * s + 1]; fz += slots[4 * s + 2]; e += slots[4 * s + 3];
        }

        int o = Acc.Stride * j;
        acc[o] += fx; acc[o + 1] += fy; acc[o + 2] += fz; acc[o + Acc.EAtom] += e;
    }

    private static void Leg(double rsq, double gamma, SwParams p, out double r, out double rinvsq, out double gsrainvsq, out double expgsrainv)
    {
        r = Math.Sqrt(rsq);
        double rainv = 1.0 / (r - p.Cut);
        double gsrainv = gamma * p.Sigma * rainv;
        rinvsq = 1.0 / rsq;
        gsrainvsq = gsrainv * rainv / r;
        expgsrainv = Math.Exp(gsrainv);
    }

    private static void Triplet(double d1x, double d1y, double d1z, double r1, double rinvsq1, double gsrainvsq1, double expgsrainv1,
        double d2x, double d2y, double d2z, double r2, double rinvsq2, double gsrainvsq2, double expgsrainv2, double lambda, double cos0, double eps,
        out double facrad, out double fjx, out double fjy, out double fjz, out double fkx, out double fky, out double fkz)
    {
        double rinv12 = 1.0 / (r1 * r2);
        double cs = (d1x * d2x + d1y * d2y + d1z * d2z) * rinv12;
        double delcs = cs - cos0;
        double facexp = expgsrainv1 * expgsrainv2;
        double le = lambda * eps;
        facrad = le * facexp * delcs * delcs;
        double frad1 = facrad * gsrainvsq1;
        double frad2 = facrad * gsrainvsq2;
        double facang = 2.0 * le * facexp * delcs;
        double facang12 = rinv12 * facang;
        double csfacang = cs * facang;
        double csfac1 = rinvsq1 * csfacang;
        fjx = d1x * (frad1 + csfac1) - d2x * facang12;
        fjy = d1y * (frad1 + csfac1) - d2y * facang12;
        fjz = d1z * (frad1 + csfac1) - d2z * facang12;
        double csfac2 = rinvsq2 * csfacang;
        fkx = d2x * (frad2 + csfac2) - d1x * facang12;
        fky = d2y * (frad2 + csfac2) - d1y * facang12;
        fkz = d2z * (frad2 + csfac2) - d1z * facang12;
    }
}
