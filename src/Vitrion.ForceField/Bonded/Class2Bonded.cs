using Vitrion.Core;
using Vitrion.ForceField.Neighbors;
using Vitrion.ForceField.Spec;

namespace Vitrion.ForceField.Bonded;

/// <summary>
/// class2 bonds: E = K2 d² + K3 d³ + K4 d⁴, d = r − r0 [kcal/mol]; bond vectors by the minimum image (LAMMPS
/// closest image). Per-atom energy: half to each atom.
/// </summary>
public sealed class Class2Bonds : IForceTerm
{
    private readonly Topology _topology;
    private readonly BondSpec?[] _p;

    /// <summary>Creates the term for the bonds of the resolved parameters' topology.</summary>
    public Class2Bonds(ForceFieldParameters parameters)
    {
        _topology = parameters.Topology;
        _p = parameters.Bonds.ToArray();
    }

    /// <inheritdoc />
    public string Name => "bond";

    /// <inheritdoc />
    public void Compute(SystemState state, GhostNeighborList neighbors, ForceBuffer output) => ComputeRange(state, output, 0, Count);

    /// <summary>Number of interactions of this term.</summary>
    public int Count => _topology.Bonds.Length;

    /// <summary>Adds the interactions [<paramref name="i0"/>, <paramref name="i1"/>) of this term to <paramref name="output"/>.</summary>
    public void ComputeRange(SystemState state, ForceBuffer output, int i0, int i1)
    {
        var x = state.Positions;
        var box = state.Box;
        var f = output.Forces;
        var v = output.Virial;
        bool perAtom = output.PerAtomRequested;
        double energy = 0;
        double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0; // virial sums kept in registers
        var list = _topology.Bonds;
        for (int n = i0; n < i1; n++)
        {
            var b = list[n];
            var p = _p[b.Type]!;
            Vec3 d = box.MinimumImage(x[b.I] - x[b.J]); // LAMMPS delx = x1 - x2
            double r = d.Norm;
            double dr = r - p.R0, dr2 = dr * dr, dr3 = dr2 * dr, dr4 = dr3 * dr;
            double de = 2.0 * p.K2 * dr + 3.0 * p.K3 * dr2 + 4.0 * p.K4 * dr3;
            double fbond = r > 0 ? -de / r : 0;
            double e = p.K2 * dr2 + p.K3 * dr3 + p.K4 * dr4;
            Vec3 fi = fbond * d;
            f[b.I] += fi;
            f[b.J] -= fi;
            energy += e;
            v0 += d.X * fi.X; v1 += d.Y * fi.Y; v2 += d.Z * fi.Z; v3 += d.X * fi.Y; v4 += d.X * fi.Z; v5 += d.Y * fi.Z;
            if (perAtom) { output.PerAtomEnergy[b.I] += 0.5 * e; output.PerAtomEnergy[b.J] += 0.5 * e; }
        }

        output.Energies.Ebond += energy;
        v[0] += v0; v[1] += v1; v[2] += v2; v[3] += v3; v[4] += v4; v[5] += v5;
    }
}

/// <summary>
/// class2 angles I–J–K (J apex; atom order as in the topology, because the cross terms are not symmetric):
/// E = K2 Δθ² + K3 Δθ³ + K4 Δθ⁴ + M (r1 − r1b)(r2 − r2b) + N1 (r1 − r1a) Δθ + N2 (r2 − r2a) Δθ with r1 = |x_I − x_J|,
/// r2 = |x_K − x_J| [Å], Δθ in radians. Per-atom energy: a third to each atom. sin θ is floored at 0.001 as in LAMMPS.
/// </summary>
public sealed class Class2Angles : IForceTerm
{
    private readonly Topology _topology;
    private readonly AngleSpec?[] _p;

    /// <summary>Creates the term.</summary>
    public Class2Angles(ForceFieldParameters parameters)
    {
        _topology = parameters.Topology;
        _p = parameters.Angles.ToArray();
    }

    /// <inheritdoc />
    public string Name => "angle";

    /// <inheritdoc />
    public void Compute(SystemState state, GhostNeighborList neighbors, ForceBuffer output) => ComputeRange(state, output, 0, Count);

    /// <summary>Number of interactions of this term.</summary>
    public int Count => _topology.Angles.Length;

    /// <summary>Adds the interactions [<paramref name="i0"/>, <paramref name="i1"/>) of this term to <paramref name="output"/>.</summary>
    public void ComputeRange(SystemState state, ForceBuffer output, int i0, int i1)
    {
        var x = state.Positions;
        var box = state.Box;
        var f = output.Forces;
        var v = output.Virial;
        bool perAtom = output.PerAtomRequested;
        double energy = 0;
        double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0; // virial sums kept in registers
        var list = _topology.Angles;
        for (int n = i0; n < i1; n++)
        {
            var a = list[n];
            var p = _p[a.Type]!;
            Vec3 d1 = box.MinimumImage(x[a.I] - x[a.J]);
            Vec3 d2 = box.MinimumImage(x[a.K] - x[a.J]);
            double r1 = d1.Norm, r2 = d2.Norm;
            double c = Vec3.Dot(d1, d2) / (r1 * r2);
            c = Math.Clamp(c, -1.0, 1.0);
            double s = Math.Sqrt(1.0 - c * c);
            if (s < 0.001) { s = 0.001; }
            double theta = Math.Acos(c);
            double dt = theta - p.Theta0Degrees * Math.PI / 180.0;
            double dt2 = dt * dt, dt3 = dt2 * dt, dt4 = dt3 * dt;
            double db1 = r1 - p.BbR1, db2 = r2 - p.BbR2, da1 = r1 - p.BaR1, da2 = r2 - p.BaR2;
            double e = p.K2 * dt2 + p.K3 * dt3 + p.K4 * dt4 + p.BbM * db1 * db2 + p.BaN1 * da1 * dt + p.BaN2 * da2 * dt;
            double dEdTheta = 2.0 * p.K2 * dt + 3.0 * p.K3 * dt2 + 4.0 * p.K4 * dt3 + p.BaN1 * da1 + p.BaN2 * da2;
            double dEdR1 = p.BbM * db2 + p.BaN1 * dt;
            double dEdR2 = p.BbM * db1 + p.BaN2 * dt;
            // dθ/dd1 = −(d2/(r1 r2) − c d1/r1²)/sin θ
            double inv = 1.0 / (r1 * r2);
            Vec3 dcdd1 = inv * d2 - (c / (r1 * r1)) * d1;
            Vec3 dcdd2 = inv * d1 - (c / (r2 * r2)) * d2;
            Vec3 fi = (dEdTheta / s) * dcdd1 - (dEdR1 / r1) * d1;
            Vec3 fk = (dEdTheta / s) * dcdd2 - (dEdR2 / r2) * d2;
            f[a.I] += fi;
            f[a.K] += fk;
            f[a.J] -= fi + fk;
            energy += e;
            v0 += d1.X * fi.X + d2.X * fk.X; v1 += d1.Y * fi.Y + d2.Y * fk.Y; v2 += d1.Z * fi.Z + d2.Z * fk.Z;
            v3 += d1.X * fi.Y + d2.X * fk.Y; v4 += d1.X * fi.Z + d2.X * fk.Z; v5 += d1.Y * fi.Z + d2.Y * fk.Z;
            if (perAtom)
            {
                double e3 = e / 3.0;
                output.PerAtomEnergy[a.I] += e3; output.PerAtomEnergy[a.J] += e3; output.PerAtomEnergy[a.K] += e3;
            }
        }

        output.Energies.Eangle += energy;
        v[0] += v0; v[1] += v1; v[2] += v2; v[3] += v3; v[4] += v4; v[5] += v5;
    }
}

/// <summary>
/// class2 dihedrals, torsion part: E = Σ_{n=1..3} K_n (1 − cos(n φ − φ_n)) [kcal/mol], φ with the LAMMPS convention
/// (IUPAC: 0 for cis, negative when (x1−x2)×(x3−x2)·(x4−x3) &gt; 0). Non-zero cross terms are rejected when the
/// parameters are resolved. Per-atom energy: a quarter to each atom.
/// </summary>
public sealed class Class2Dihedrals : IForceTerm
{
    private readonly Topology _topology;
    private readonly DihedralSpec?[] _p;
    private readonly double[] _k, _cosPhi0, _sinPhi0;

    /// <summary>Creates the term.</summary>
    public Class2Dihedrals(ForceFieldParameters parameters)
    {
        _topology = parameters.Topology;
        _p = parameters.Dihedrals.ToArray();
        // Per type and n = 1..3: K_n, cos φ_n, sin φ_n, so that cos(nφ − φ_n) needs no trigonometric call per dihedral.
        _k = new double[_p.Length * 3];
        _cosPhi0 = new double[_p.Length * 3];
        _sinPhi0 = new double[_p.Length * 3];
        for (int t = 0; t < _p.Length; t++)
        {
            if (_p[t] is not { } spec) { continue; }
            for (int n = 0; n < 3; n++)
            {
                _k[3 * t + n] = spec.K[n];
                _cosPhi0[3 * t + n] = Math.Cos(spec.PhiDegrees[n] * Math.PI / 180.0);
                _sinPhi0[3 * t + n] = Math.Sin(spec.PhiDegrees[n] * Math.PI / 180.0);
            }
        }
    }

    /// <inheritdoc />
    public string Name => "dihedral";

    /// <summary>The dihedral angle φ [rad] of four positions (LAMMPS convention).</summary>
    public static double Phi(Vec3 rij, Vec3 rkj, Vec3 rkl)
    {
        Vec3 m = Vec3.Cross(rij, rkj), n = Vec3.Cross(rkj, rkl);
        double ang = Math.Atan2(Vec3.Cross(m, n).Norm, Vec3.Dot(m, n));
        return Vec3.Dot(rij, n) < 0 ? -ang : ang;
    }

    /// <inheritdoc />
    public void Compute(SystemState state, GhostNeighborList neighbors, ForceBuffer output) => ComputeRange(state, output, 0, Count);

    /// <summary>Number of interactions of this term.</summary>
    public int Count => _topology.Dihedrals.Length;

    /// <summary>Adds the interactions [<paramref name="i0"/>, <paramref name="i1"/>) of this term to <paramref name="output"/>.</summary>
    public void ComputeRange(SystemState state, ForceBuffer output, int i0, int i1)
    {
        var x = state.Positions;
        var box = state.Box;
        var f = output.Forces;
        var v = output.Virial;
        bool perAtom = output.PerAtomRequested;
        double energy = 0;
        double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0; // virial sums kept in registers
        var list = _topology.Dihedrals;
        for (int q = i0; q < i1; q++)
        {
            var d = list[q];
            int pt = 3 * d.Type;
            Vec3 rij = box.MinimumImage(x[d.I] - x[d.J]);
            Vec3 rkj = box.MinimumImage(x[d.K] - x[d.J]);
            Vec3 rkl = box.MinimumImage(x[d.K] - x[d.L]);
            Vec3 m = Vec3.Cross(rij, rkj), n = Vec3.Cross(rkj, rkl);
            double iprm = m.NormSquared, iprn = n.NormSquared;
            // cos φ and sin φ from the two normals (φ = atan2(|m×n|, m·n), negative when rij·n < 0), then cos nφ and
            // sin nφ by the multiple-angle formulas: E = Σ K_n (1 − cos(nφ − φ_n)), dE/dφ = Σ n K_n sin(nφ − φ_n).
            double mn = Math.Sqrt(iprm * iprn);
            double c1 = 1, s1 = 0;
            if (mn > 0)
            {
                c1 = Vec3.Dot(m, n) / mn;
                s1 = Vec3.Cross(m, n).Norm / mn;
                if (Vec3.Dot(rij, n) < 0) { s1 = -s1; }
            }

            double c2 = c1 * c1 - s1 * s1, s2 = 2 * s1 * c1;
            double c3 = c2 * c1 - s2 * s1, s3 = s2 * c1 + c2 * s1;
            double k1 = _k[pt], k2 = _k[pt + 1], k3 = _k[pt + 2];
            double cp1 = _cosPhi0[pt], cp2 = _cosPhi0[pt + 1], cp3 = _cosPhi0[pt + 2];
            double sp1 = _sinPhi0[pt], sp2 = _sinPhi0[pt + 1], sp3 = _sinPhi0[pt + 2];
            double e = k1 * (1.0 - (c1 * cp1 + s1 * sp1)) + k2 * (1.0 - (c2 * cp2 + s2 * sp2)) + k3 * (1.0 - (c3 * cp3 + s3 * sp3));
            double ddphi = k1 * (s1 * cp1 - c1 * sp1) + 2 * k2 * (s2 * cp2 - c2 * sp2) + 3 * k3 * (s3 * cp3 - c3 * sp3);

            double nrkj2 = rkj.NormSquared;
            double nrkj = Math.Sqrt(nrkj2);
            Vec3 fi, fl;
            if (iprm > 1e-24 && iprn > 1e-24)
            {
                fi = (-ddphi * nrkj / iprm) * m;
                fl = (ddphi * nrkj / iprn) * n;
            }
            else
            {
                fi = default; fl = default;
            }

            double pp = Vec3.Dot(rij, rkj) / nrkj2, qq = Vec3.Dot(rkl, rkj) / nrkj2;
            Vec3 svec = pp * fi - qq * fl;
            Vec3 fj = fi - svec, fk = fl + svec;
            // Forces (GROMACS do_dih_fup convention): F_i = f_i, F_j = −f_j, F_k = −f_k, F_l = f_l.
            f[d.I] += fi; f[d.J] -= fj; f[d.K] -= fk; f[d.L] += fl;
            energy += e;
            // Virial relative to atom j: positions i−j = rij, k−j = rkj, l−j = rkj − rkl.
            Vec3 rlj = rkj - rkl;
            Vec3 fK = -fk;
            v0 += rij.X * fi.X + rkj.X * fK.X + rlj.X * fl.X;
            v1 += rij.Y * fi.Y + rkj.Y * fK.Y + rlj.Y * fl.Y;
            v2 += rij.Z * fi.Z + rkj.Z * fK.Z + rlj.Z * fl.Z;
            v3 += rij.X * fi.Y + rkj.X * fK.Y + rlj.X * fl.Y;
            v4 += rij.X * fi.Z + rkj.X * fK.Z + rlj.X * fl.Z;
            v5 += rij.Y * fi.Z + rkj.Y * fK.Z + rlj.Y * fl.Z;
            if (perAtom)
            {
                double e4 = 0.25 * e;
                output.PerAtomEnergy[d.I] += e4; output.PerAtomEnergy[d.J] += e4; output.PerAtomEnergy[d.K] += e4; output.PerAtomEnergy[d.L] += e4;
            }
        }

        output.Energies.Edihed += energy;
        v[0] += v0; v[1] += v1; v[2] += v2; v[3] += v3; v[4] += v4; v[5] += v5;
    }
}
