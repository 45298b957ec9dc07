using Vitrion.Core;
using Vitrion.ForceField.Neighbors;
using Vitrion.ForceField.Spec;

namespace Vitrion.ForceField.ManyBody;

/// <summary>
/// The three-body part of LAMMPS <c>pair_style sw</c> around centre atoms: for a centre i and each unordered pair of
/// neighbours j &lt; k (list order) with r_ij, r_ik below aσ, E = λ_jk ε (cos θ_jik − cos θ0_jk)² exp(γ_j σ/(r_ij − aσ))
/// exp(γ_k σ/(r_ik − aσ)) [kcal/mol] (the cutoff and γ of a leg from the LAMMPS "i j j" entry, λ and cos θ0 from
/// "i j k"). Per-atom energy: one third to each of the three atoms (LAMMPS ev_tally3). Uses the three-body list of
/// the shared <see cref="GhostNeighborList"/>.
/// </summary>
public sealed class StillingerWeberThreeBody : IForceTerm
{
    private readonly GhostNeighborList _nl;
    private readonly ForceFieldParameters _p;
    private readonly double _cut, _cutsq, _sigma, _eps;
    private readonly int _nt;

    /// <summary>Creates the term.</summary>
    public StillingerWeberThreeBody(ForceFieldParameters parameters, GhostNeighborList neighbors)
    {
        _p = parameters;
        _nl = neighbors;
        var tb = parameters.Spec.ThreeBody ?? throw new ArgumentException("the force field has no three-body term");
        _cut = tb.Cutoff;
        _cutsq = _cut * _cut;
        _sigma = tb.Sigma;
        _eps = tb.Epsilon;
        _nt = parameters.TypeCount;
    }

    /// <summary>The three-body cutoff aσ [Å].</summary>
    public double Cutoff => _cut;

    /// <inheritdoc />
    public string Name => "sw";

    /// <inheritdoc />
    public void Compute(SystemState state, ForceBuffer output)
    {
        var rec = _nl.Records;
        var owner = _nl.Owner;
        var types = _nl.Types;
        var off = _nl.ThreeBodyOffsets;
        var nb = _nl.ThreeBodyNeighbors;
        var f = output.Forces;
        bool perAtom = output.PerAtomRequested;
        var eatom = output.PerAtomEnergy;
        Span<int> sj = stackalloc int[256];
        Span<double> sr = stackalloc double[256 * 4];
        double energy = 0;
        double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        for (int i = 0; i < _nl.LocalCount; i++)
        {
            int k0 = off[i], k1 = off[i + 1];
            if (k1 == k0) { continue; }
            double xi = rec[4 * i], yi = rec[4 * i + 1], zi = rec[4 * i + 2];
            int ns = 0;
            for (int k = k0; k < k1; k++)
            {
                int j = nb[k];
                double dx = rec[4 * j] - xi, dy = rec[4 * j + 1] - yi, dz = rec[4 * j + 2] - zi;
                double rsq = dx * dx + dy * dy + dz * dz;
                if (rsq >= _cutsq) { continue; }
                if (ns >= sj.Length) { throw new InvalidOperationException("more than 256 three-body neighbours of one atom"); }
                sj[ns] = j; sr[4 * ns] = dx; sr[4 * ns + 1] = dy; sr[4 * ns + 2] = dz; sr[4 * ns + 3] = rsq;
                ns++;
            }

            int oi = owner[i];
            for (int a = 0; a < ns - 1; a++)
            {
                int j = sj[a];
                int tj = types[j];
                double gj = _p.SwGamma[tj] * _sigma;
                double d1x = sr[4 * a], d1y = sr[4 * a + 1], d1z = sr[4 * a + 2], rsq1 = sr[4 * a + 3];
                double r1 = Math.Sqrt(rsq1);
                double rinvsq1 = 1.0 / rsq1;
                double rainv1 = 1.0 / (r1 - _cut);
                double gsrainv1 = gj * rainv1;
                double gsrainvsq1 = gsrainv1 * rainv1 / r1;
                double expgsrainv1 = Math.Exp(gsrainv1);
                for (int b = a + 1; b < ns; b++)
                {
                    int k = sj[b];
                    int tk = types[k];
                    double lambda = _p.SwLambda[tj * _nt + tk];
                    if (lambda == 0) { continue; }
                    double gk = _p.SwGamma[tk] * _sigma;
                    double d2x = sr[4 * b], d2y = sr[4 * b + 1], d2z = sr[4 * b + 2], rsq2 = sr[4 * b + 3];
                    double r2 = Math.Sqrt(rsq2);
                    double rinvsq2 = 1.0 / rsq2;
                    double rainv2 = 1.0 / (r2 - _cut);
                    double gsrainv2 = gk * rainv2;
                    double gsrainvsq2 = gsrainv2 * rainv2 / r2;
                    double expgsrainv2 = Math.Exp(gsrainv2);
                    double rinv12 = 1.0 / (r1 * r2);
                    double cs = (d1x * d2x + d1y * d2y + d1z * d2z) * rinv12;
                    double delcs = cs - _p.SwCosTheta0[tj * _nt + tk];
                    double facexp = expgsrainv1 * expgsrainv2;
                    double le = lambda * _eps;
                    double facrad = le * facexp * delcs * delcs;
                    double frad1 = facrad * gsrainvsq1;
                    double frad2 = facrad * gsrainvsq2;
                    double facang = 2.0 * le * facexp * delcs;
                    double facang12 = rinv12 * facang;
                    double csfacang = cs * facang;
                    double csfac1 = rinvsq1 * csfacang;
                    double fjx = d1x * (frad1 + csfac1) - d2x * facang12;
                    double fjy = d1y * (frad1 + csfac1) - d2y * facang12;
                    double fjz = d1z * (frad1 + csfac1) - d2z * facang12;
                    double csfac2 = rinvsq2 * csfacang;
                    double fkx = d2x * (frad2 + csfac2) - d1x * facang12;
                    double fky = d2y * (frad2 + csfac2) - d1y * facang12;
                    double fkz = d2z * (frad2 + csfac2) - d1z * facang12;
                    var fj = new Vec3(fjx, fjy, fjz);
                    var fk = new Vec3(fkx, fky, fkz);
                    f[oi] -= fj + fk;
                    f[owner[j]] += fj;
                    f[owner[k]] += fk;
                    energy += facrad;
                    v0 += d1x * fjx + d2x * fkx;
                    v1 += d1y * fjy + d2y * fky;
                    v2 += d1z * fjz + d2z * fkz;
                    v3 += d1x * fjy + d2x * fky;
                    v4 += d1x * fjz + d2x * fkz;
                    v5 += d1y * fjz + d2y * fkz;
                    if (perAtom)
                    {
                        double e3 = facrad / 3.0;
                        eatom[oi] += e3; eatom[owner[j]] += e3; eatom[owner[k]] += e3;
                    }
                }
            }
        }

        output.Energies.E3body += energy;
        var v = output.Virial;
        v[0] += v0; v[1] += v1; v[2] += v2; v[3] += v3; v[4] += v4; v[5] += v5;
    }
}
