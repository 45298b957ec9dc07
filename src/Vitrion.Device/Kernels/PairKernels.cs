using ILGPU;
using Vitrion.ForceField.Pair;

namespace Vitrion.Device.Kernels;

/// <summary>Layout of the per-atom accumulator (<see cref="Stride"/> doubles per atom) that every term adds to.</summary>
public static class Acc
{
    /// <summary>Doubles per atom.</summary>
    public const int Stride = 16;

    /// <summary>Force x, y, z [kcal/mol/Å] at 0, 1, 2.</summary>
    public const int F = 0;

    /// <summary>Per-atom energy (LAMMPS pe/atom shares) [kcal/mol].</summary>
    public const int EAtom = 3;

    /// <summary>Elj [kcal/mol] (this atom's part of the total).</summary>
    public const int Elj = 4;

    /// <summary>Ecoul.</summary>
    public const int Ecoul = 5;

    /// <summary>E3body.</summary>
    public const int E3 = 6;

    /// <summary>Ebond.</summary>
    public const int Ebond = 7;

    /// <summary>Eangle.</summary>
    public const int Eangle = 8;

    /// <summary>Edihed.</summary>
    public const int Edihed = 9;

    /// <summary>Virial xx, yy, zz, xy, xz, yz at 10..15 [kcal/mol].</summary>
    public const int V = 10;
}

/// <summary>Scalar settings of the pair kernel.</summary>
public struct PairParams
{
    /// <summary>The box.</summary>
    public DeviceBox Box;

    /// <summary>Number of atom types.</summary>
    public int Nt;

    /// <summary>Squared LJ, Coulomb and overall cutoffs [Å²].</summary>
    public double CutLjSq, CutCoulSq, CutSq;

    /// <summary>Ewald splitting parameter [1/Å] (0: plain Coulomb).</summary>
    public double G;

    /// <summary>Coulomb constant [kcal·Å/(mol·e²)].</summary>
    public double Qqrd2e;

    /// <summary>1: LAMMPS' 5-term erfc polynomial.</summary>
    public int LammpsErfc;

    /// <summary>LJ factors of 1-2, 1-3, 1-4 pairs.</summary>
    public double Lj1, Lj2, Lj3;

    /// <summary>Coulomb factors of 1-2, 1-3, 1-4 pairs.</summary>
    public double Coul1, Coul2, Coul3;

    /// <summary>Bit k-1 set: special pairs of order k are left out entirely (both factors zero, no k-space).</summary>
    public int DropMask;
}

/// <summary>
/// The lj/class2/coul/long pair term over the full list, one thread per atom gathering its own force (no atomics, a
/// fixed order), evaluating each pair with the CPU engine's own formula (<see cref="LjClass2CoulLong.Pair"/>), each
/// pair seen from both atoms, half of its energy and virial to each.
/// </summary>
public static class PairKernels
{
    /// <summary>Adds pair forces, energies, per-atom energies and virial of atom i to the accumulator.</summary>
    public static void Pair(Index1D i, ArrayView<double> x, ArrayView<double> q, ArrayView<int> types, ArrayView<double> lj,
        ArrayView<int> offsets, ArrayView<int> nbrJ, ArrayView<int> nbrCode, ArrayView<double> acc, PairParams p)
    {
        double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
        int ti = types[i];
        double qi = p.Qqrd2e * q[i];
        int m = p.Nt * p.Nt;
        double fx = 0, fy = 0, fz = 0, ev = 0, ec = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        for (int e = offsets[i]; e < offsets[i + 1]; e++)
        {
            int j = nbrJ[e];
            int code = nbrCode[e];
            double dx = x[3 * j] + DeviceBox.Tx(code) * p.Box.Lx - xi;
            double dy = x[3 * j + 1] + DeviceBox.Ty(code) * p.Box.Ly - yi;
            double dz = x[3 * j + 2] + DeviceBox.Tz(code) * p.Box.Lz - zi;
            double rsq = dx * dx + dy * dy + dz * dz;
            if (rsq >= p.CutSq) { continue; }
            int order = DeviceBox.Order(code);
            double factorLj = 1.0, factorCoul = 1.0;
            if (order != 0)
            {
                if ((p.DropMask & (1 << (order - 1))) != 0) { continue; }
                factorLj = order == 1 ? p.Lj1 : order == 2 ? p.Lj2 : p.Lj3;
                factorCoul = order == 1 ? p.Coul1 : order == 2 ? p.Coul2 : p.Coul3;
            }

            int k = ti * p.Nt + types[j];
            double qq = rsq < p.CutCoulSq ? qi * q[j] : 0.0;
            LjClass2CoulLong.Pair(rsq, qq, lj[k], lj[m + k], lj[2 * m + k], lj[3 * m + k], factorLj, factorCoul, p.CutCoulSq, p.CutLjSq, p.G, p.LammpsErfc != 0,
                out double fpair, out double evdwl, out double ecoul);
            double gx = dx * fpair, gy = dy * fpair, gz = dz * fpair; // force on j; −g on i
            fx -= gx; fy -= gy; fz -= gz;
            ev += evdwl; ec += ecoul;
            v0 += dx * gx; v1 += dy * gy; v2 += dz * gz; v3 += dx * gy; v4 += dx * gz; v5 += dy * gz;
        }

        int b = Acc.Stride * i;
        acc[b] += fx; acc[b + 1] += fy; acc[b + 2] += fz;
        acc[b + Acc.EAtom] += 0.5 * (ev + ec);
        acc[b + Acc.Elj] += 0.5 * ev;
        acc[b + Acc.Ecoul] += 0.5 * ec;
        acc[b + Acc.V] += 0.5 * v0; acc[b + Acc.V + 1] += 0.5 * v1; acc[b + Acc.V + 2] += 0.5 * v2;
        acc[b + Acc.V + 3] += 0.5 * v3; acc[b + Acc.V + 4] += 0.5 * v4; acc[b + Acc.V + 5] += 0.5 * v5;
    }
}
