using ILGPU;
using Vitrion.Core;

namespace Vitrion.Device.Kernels;

/// <summary>
/// class2 bonds, angles and dihedrals without atomics: one thread per interaction writes its forces, energy and virial
/// into its own record (the operations of the CPU <c>Class2Bonds</c>/<c>Class2Angles</c>/<c>Class2Dihedrals</c>, vectors by
/// the minimum image), then one thread per atom gathers the records that involve it through a fixed reverse index
/// (the topology does not change, so the index is built once on the host). An interaction's energy and virial go to
/// its first atom; per-atom energy is shared equally (1/2, 1/3, 1/4) as LAMMPS.
/// </summary>
public static class BondedKernels
{
    /// <summary>Doubles per bond record: f_I (3), e, virial (6).</summary>
    public const int BondRecord = 10;

    /// <summary>Doubles per angle record: f_I (3), f_K (3), e, virial (6).</summary>
    public const int AngleRecord = 13;

    /// <summary>Doubles per dihedral record: f_i, f_j, f_k, f_l (12; GROMACS signs, see the CPU code), e, virial (6).</summary>
    public const int DihedralRecord = 19;

    private static Vec3 Mi(Vec3 d, DeviceBox b) =>
        new(DeviceBox.MinImage(d.X, b.Lx, b.Ilx), DeviceBox.MinImage(d.Y, b.Ly, b.Ily), DeviceBox.MinImage(d.Z, b.Lz, b.Ilz));

    private static Vec3 P(ArrayView<double> x, int i) => new(x[3 * i], x[3 * i + 1], x[3 * i + 2]);

    private static void Virial(ArrayView<double> r, int o, double v0, double v1, double v2, double v3, double v4, double v5)
    {
        r[o] = v0; r[o + 1] = v1; r[o + 2] = v2; r[o + 3] = v3; r[o + 4] = v4; r[o + 5] = v5;
    }

    /// <summary>Bond n: atoms (2n, 2n+1), type; parameters R0, K2, K3, K4 per type.</summary>
    public static void Bond(Index1D n, ArrayView<double> x, ArrayView<int> atoms, ArrayView<int> type, ArrayView<double> prm, ArrayView<double> rec, DeviceBox box)
    {
        int o = 4 * type[n];
        double r0 = prm[o], k2 = prm[o + 1], k3 = prm[o + 2], k4 = prm[o + 3];
        Vec3 d = Mi(P(x, atoms[2 * n]) - P(x, atoms[2 * n + 1]), box);
        double r = Math.Sqrt(d.X * d.X + d.Y * d.Y + d.Z * d.Z);
        double dr = r - r0, dr2 = dr * dr, dr3 = dr2 * dr, dr4 = dr3 * dr;
        double de = 2.0 * k2 * dr + 3.0 * k3 * dr2 + 4.0 * k4 * dr3;
        double fbond = r > 0 ? -de / r : 0;
        double e = k2 * dr2 + k3 * dr3 + k4 * dr4;
        Vec3 fi = fbond * d;
        int w = BondRecord * n;
        rec[w] = fi.X; rec[w + 1] = fi.Y; rec[w + 2] = fi.Z; rec[w + 3] = e;
        Virial(rec, w + 4, d.X * fi.X, d.Y * fi.Y, d.Z * fi.Z, d.X * fi.Y, d.X * fi.Z, d.Y * fi.Z);
    }

    /// <summary>Angle n: atoms (3n..3n+2 = I, J, K), type; 11 parameters per type (K2, K3, K4, θ0 [rad], M, r1b, r2b, N1, N2, r1a, r2a).</summary>
    public static void Angle(Index1D n, ArrayView<double> x, ArrayView<int> atoms, ArrayView<int> type, ArrayView<double> prm, ArrayView<double> rec, DeviceBox box)
    {
        int o = 11 * type[n];
        Vec3 xj = P(x, atoms[3 * n + 1]);
        Vec3 d1 = Mi(P(x, atoms[3 * n]) - xj, box);
        Vec3 d2 = Mi(P(x, atoms[3 * n + 2]) - xj, box);
        double r1 = Math.Sqrt(d1.X * d1.X + d1.Y * d1.Y + d1.Z * d1.Z), r2 = Math.Sqrt(d2.X * d2.X + d2.Y * d2.Y + d2.Z * d2.Z);
        double c = (d1.X * d2.X + d1.Y * d2.Y + d1.Z * d2.Z) / (r1 * r2);
        c = c < -1.0 ? -1.0 : c > 1.0 ? 1.0 : c;
        double s = Math.Sqrt(1.0 - c * c);
        if (s < 0.001) { s = 0.001; }
        double theta = Math.Acos(c);
        double dt = theta - prm[o + 3];
        double dt2 = dt * dt, dt3 = dt2 * dt, dt4 = dt3 * dt;
        double k2 = prm[o], k3 = prm[o + 1], k4 = prm[o + 2], bbm = prm[o + 4], n1 = prm[o + 7], n2 = prm[o + 8];
        double db1 = r1 - prm[o + 5], db2 = r2 - prm[o + 6], da1 = r1 - prm[o + 9], da2 = r2 - prm[o + 10];
        double e = k2 * dt2 + k3 * dt3 + k4 * dt4 + bbm * db1 * db2 + n1 * da1 * dt + n2 * da2 * dt;
        double dEdTheta = 2.0 * k2 * dt + 3.0 * k3 * dt2 + 4.0 * k4 * dt3 + n1 * da1 + n2 * da2;
        double dEdR1 = bbm * db2 + n1 * dt;
        double dEdR2 = bbm * db1 + n2 * dt;
        double inv = 1.0 / (r1 * r2);
        Vec3 dcdd1 = inv * d2 - (c / (r1 * r1)) * d1;
        Vec3 dcdd2 = inv * d1 - (c / (r2 * r2)) * d2;
        Vec3 fi = (dEdTheta / s) * dcdd1 - (dEdR1 / r1) * d1;
        Vec3 fk = (dEdTheta / s) * dcdd2 - (dEdR2 / r2) * d2;
        int w = AngleRecord * n;
        rec[w] = fi.X; rec[w + 1] = fi.Y; rec[w + 2] = fi.Z; rec[w + 3] = fk.X; rec[w + 4] = fk.Y; rec[w + 5] = fk.Z; rec[w + 6] = e;
        Virial(rec, w + 7, d1.X * fi.X + d2.X * fk.X, d1.Y * fi.Y + d2.Y * fk.Y, d1.Z * fi.Z + d2.Z * fk.Z,
            d1.X * fi.Y + d2.X * fk.Y, d1.X * fi.Z + d2.X * fk.Z, d1.Y * fi.Z + d2.Y * fk.Z);
    }

    private static Vec3 Cross(Vec3 a, Vec3 b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    private static double Dot(Vec3 a, Vec3 b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    /// <summary>Dihedral q: atoms (4q..4q+3 = I, J, K, L), type; 9 parameters per type (K_n, cos φ_n, sin φ_n for n = 1..3).</summary>
    public static void Dihedral(Index1D q, ArrayView<double> x, ArrayView<int> atoms, ArrayView<int> type, ArrayView<double> prm, ArrayView<double> rec, DeviceBox box)
    {
        int o = 9 * type[q];
        Vec3 xj = P(x, atoms[4 * q + 1]), xk = P(x, atoms[4 * q + 2]);
        Vec3 rij = Mi(P(x, atoms[4 * q]) - xj, box);
        Vec3 rkj = Mi(xk - xj, box);
        Vec3 rkl = Mi(xk - P(x, atoms[4 * q + 3]), box);
        Vec3 m = Cross(rij, rkj), nn = Cross(rkj, rkl);
        double iprm = Dot(m, m), iprn = Dot(nn, nn);
        double mn = Math.Sqrt(iprm * iprn);
        double c1 = 1, s1 = 0;
        if (mn > 0)
        {
            c1 = Dot(m, nn) / mn;
            Vec3 mxn = Cross(m, nn);
            s1 = Math.Sqrt(Dot(mxn, mxn)) / mn;
            if (Dot(rij, nn) < 0) { s1 = -s1; }
        }

        double c2 = c1 * c1 - s1 * s1, s2 = 2 * s1 * c1;
        double c3 = c2 * c1 - s2 * s1, s3 = s2 * c1 + c2 * s1;
        double k1 = prm[o], k2 = prm[o + 1], k3 = prm[o + 2];
        double cp1 = prm[o + 3], cp2 = prm[o + 4], cp3 = prm[o + 5];
        double sp1 = prm[o + 6], sp2 = prm[o + 7], sp3 = prm[o + 8];
        double e = k1 * (1.0 - (c1 * cp1 + s1 * sp1)) + k2 * (1.0 - (c2 * cp2 + s2 * sp2)) + k3 * (1.0 - (c3 * cp3 + s3 * sp3));
        double ddphi = k1 * (s1 * cp1 - c1 * sp1) + 2 * k2 * (s2 * cp2 - c2 * sp2) + 3 * k3 * (s3 * cp3 - c3 * sp3);
        double nrkj2 = Dot(rkj, rkj);
        double nrkj = Math.Sqrt(nrkj2);
        Vec3 fi = default, fl = default;
        if (iprm > 1e-24 && iprn > 1e-24)
        {
            fi = (-ddphi * nrkj / iprm) * m;
            fl = (ddphi * nrkj / iprn) * nn;
        }

        double pp = Dot(rij, rkj) / nrkj2, qq = Dot(rkl, rkj) / nrkj2;
        Vec3 svec = pp * fi - qq * fl;
        Vec3 fj = fi - svec, fk = fl + svec;
        Vec3 rlj = rkj - rkl;
        Vec3 fK = -fk;
        int w = DihedralRecord * q;
        rec[w] = fi.X; rec[w + 1] = fi.Y; rec[w + 2] = fi.Z;
        rec[w + 3] = fj.X; rec[w + 4] = fj.Y; rec[w + 5] = fj.Z;
        rec[w + 6] = fk.X; rec[w + 7] = fk.Y; rec[w + 8] = fk.Z;
        rec[w + 9] = fl.X; rec[w + 10] = fl.Y; rec[w + 11] = fl.Z;
        rec[w + 12] = e;
        Virial(rec, w + 13,
            rij.X * fi.X + rkj.X * fK.X + rlj.X * fl.X,
            rij.Y * fi.Y + rkj.Y * fK.Y + rlj.Y * fl.Y,
            rij.Z * fi.Z + rkj.Z * fK.Z + rlj.Z * fl.Z,
            rij.X * fi.Y + rkj.X * fK.Y + rlj.X * fl.Y,
            rij.X * fi.Z + rkj.X * fK.Z + rlj.X * fl.Z,
            rij.Y * fi.Z + rkj.Y * fK.Z + rlj.Y * fl.Z);
    }

    /// <summary>Reverse-index code of (kind 1 bond / 2 angle / 3 dihedral, slot of the atom in the interaction, interaction index).</summary>
    public static int Code(int kind, int slot, int index) => (kind << 29) | (slot << 27) | index;

    /// <summary>Per atom a: adds the forces, energy shares (and, as first atom, the energies and virials) of its interactions.</summary>
    public static void Gather(Index1D a, ArrayView<int> offsets, ArrayView<int> codes, ArrayView<double> bonds, ArrayView<double> angles,
        ArrayView<double> dihedrals, ArrayView<double> acc)
    {
        double fx = 0, fy = 0, fz = 0, ea = 0, eb = 0, ean = 0, ed = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        for (int r = offsets[a]; r < offsets[a + 1]; r++)
        {
            int code = codes[r];
            int kind = (code >> 29) & 3, slot = (code >> 27) & 3, n = code & ((1 << 27) - 1);
            double e;
            int vo;
            ArrayView<double> rec;
            if (kind == 1)
            {
                rec = bonds; int w = BondRecord * n;
                double sign = slot == 0 ? 1.0 : -1.0;
                fx += sign * rec[w]; fy += sign * rec[w + 1]; fz += sign * rec[w + 2];
                e = rec[w + 3]; vo = w + 4;
                ea += 0.5 * e;
                if (slot == 0) { eb += e; }
            }
            else if (kind == 2)
            {
                rec = angles; int w = AngleRecord * n;
                if (slot == 0) { fx += rec[w]; fy += rec[w + 1]; fz += rec[w + 2]; }
                else if (slot == 2) { fx += rec[w + 3]; fy += rec[w + 4]; fz += rec[w + 5]; }
                else { fx -= rec[w] + rec[w + 3]; fy -= rec[w + 1] + rec[w + 4]; fz -= rec[w + 2] + rec[w + 5]; }
                e = rec[w + 6]; vo = w + 7;
                ea += e / 3.0;
                if (slot == 0) { ean += e; }
            }
            else
            {
                rec = dihedrals; int w = DihedralRecord * n;
                double sign = slot == 0 || slot == 3 ? 1.0 : -1.0;
                fx += sign * rec[w + 3 * slot]; fy += sign * rec[w + 3 * slot + 1]; fz += sign * rec[w + 3 * slot + 2];
                e = rec[w + 12]; vo = w + 13;
                ea += 0.25 * e;
                if (slot == 0) { ed += e; }
            }

            if (slot == 0)
            {
                v0 += rec[vo]; v1 += rec[vo + 1]; v2 += rec[vo + 2]; v3 += rec[vo + 3]; v4 += rec[vo + 4]; v5 += rec[vo + 5];
            }
        }

        int o = Acc.Stride * a;
        acc[o] += fx; acc[o + 1] += fy; acc[o + 2] += fz; acc[o + Acc.EAtom] += ea;
        acc[o + Acc.Ebond] += eb; acc[o + Acc.Eangle] += ean; acc[o + Acc.Edihed] += ed;
        acc[o + Acc.V] += v0; acc[o + Acc.V + 1] += v1; acc[o + Acc.V + 2] += v2;
        acc[o + Acc.V + 3] += v3; acc[o + Acc.V + 4] += v4; acc[o + Acc.V + 5] += v5;
    }
}
