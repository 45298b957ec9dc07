using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Dynamics.Tests;

/// <summary>Independent harmonic tethers E = ½ k |x − x₀|² (no periodicity involved).</summary>
internal sealed class HarmonicTethers(Vec3[] anchors, double k) : IPotential
{
    public void Compute(SystemState state, ForceBuffer output, bool perAtom = false)
    {
        output.Clear(perAtom);
        double e = 0;
        for (int i = 0; i < anchors.Length; i++)
        {
            Vec3 d = state.Positions[i] - anchors[i];
            e += 0.5 * k * d.NormSquared;
            output.Forces[i] = -k * d;
        }

        output.Energies.Ebond = e;
    }
}

/// <summary>Shifted-force 12-6 Lennard-Jones with a Verlet list from Core.NeighborList.</summary>
internal sealed class ShiftedForceLj : IPotential
{
    private readonly double _eps, _sigma, _rc;
    private readonly double _ec, _fc;
    private readonly NeighborList _list;

    public ShiftedForceLj(double epsilon, double sigma, double cutoff, double skin = 1.0)
    {
        _eps = epsilon; _sigma = sigma; _rc = cutoff;
        (_ec, double dEdr) = Lj(cutoff);
        _fc = -dEdr;
        _list = new NeighborList(cutoff, skin, half: true);
    }

    private Box? _buildBox;
    private Vec3[] _reference = [];
    private Int3[] _shiftInts = [];

    public int Builds => _list.BuildCount;

    private bool NeedsRebuild(Vec3[] x)
    {
        double lim = 0.25 * _list.Skin * _list.Skin;
        for (int i = 0; i < x.Length; i++)
        {
            if ((x[i] - _reference[i]).NormSquared > lim) { return true; }
        }

        return false;
    }

    private (double E, double DEdr) Lj(double r)
    {
        double sr2 = _sigma * _sigma / (r * r);
        double sr6 = sr2 * sr2 * sr2;
        return (4 * _eps * (sr6 * sr6 - sr6), 4 * _eps * (-12 * sr6 * sr6 + 6 * sr6) / r);
    }

    public void Compute(SystemState state, ForceBuffer output, bool perAtom = false)
    {
        output.Clear(perAtom);
        var x = state.Positions;
        var box = state.Box;
        // Own rebuild rule (displacement > skin/2 only): the lattice shifts are re-expressed in the current box,
        // so a barostat's small box changes do not force a rebuild every step.
        if (_buildBox is null || NeedsRebuild(x))
        {
            _list.Build(box, x);
            _buildBox = box;
            _reference = (Vec3[])x.Clone();
            _shiftInts = _list.ShiftVectors.ToArray().Select(v =>
            {
                Vec3 fr = box.DisplacementToFractional(v);
                return new Int3((int)Math.Round(fr.X), (int)Math.Round(fr.Y), (int)Math.Round(fr.Z));
            }).ToArray();
        }

        var shifts = _shiftInts.Select(box.Translation).ToArray();
        var sid = _list.ShiftIds;
        var f = output.Forces;
        var off = _list.Offsets;
        var nb = _list.Neighbors;
        double rc2 = _rc * _rc, e = 0;
        double wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int k = off[i]; k < off[i + 1]; k++)
            {
                Vec3 d = x[nb[k]] - x[i] + shifts[sid[k]];
                double r2 = d.NormSquared;
                if (r2 >= rc2) { continue; }
                double r = Math.Sqrt(r2);
                var (el, dedr) = Lj(r);
                e += el - _ec + (r - _rc) * _fc;
                double fpair = -(dedr + _fc) / r; // force on j along d: fpair·d
                int j = nb[k];
                Vec3 fj = fpair * d;
                f[j] += fj;
                f[i] -= fj;
                wxx += fpair * d.X * d.X; wyy += fpair * d.Y * d.Y; wzz += fpair * d.Z * d.Z;
                wxy += fpair * d.X * d.Y; wxz += fpair * d.X * d.Z; wyz += fpair * d.Y * d.Z;
            }
        }

        output.Energies.Elj = e;
        output.Virial[0] = wxx; output.Virial[1] = wyy; output.Virial[2] = wzz;
        output.Virial[3] = wxy; output.Virial[4] = wxz; output.Virial[5] = wyz;
    }
}

internal static class TestSystems
{
    /// <summary>Argon-like LJ (ε 0.2381 kcal/mol, σ 3.405 Å, m 39.948) on an fcc lattice of n³ cells with lattice constant a [Å].</summary>
    public static SystemState LjFcc(int n, double a, double temperature, ulong seed)
    {
        var basis = new[] { new Vec3(0, 0, 0), new Vec3(0.5, 0.5, 0), new Vec3(0.5, 0, 0.5), new Vec3(0, 0.5, 0.5) };
        var pos = new List<Vec3>();
        for (int ix = 0; ix < n; ix++)
        {
            for (int iy = 0; iy < n; iy++)
            {
                for (int iz = 0; iz < n; iz++)
                {
                    foreach (var b in basis) { pos.Add(a * new Vec3(ix + b.X + 0.25, iy + b.Y + 0.25, iz + b.Z + 0.25)); }
                }
            }
        }

        int count = pos.Count;
        var top = new Topology(["Ar"], [39.948], new int[count], new double[count]);
        var state = new SystemState(top, Box.Cubic(n * a), pos.ToArray());
        if (temperature > 0) { Thermo.AssignMaxwellBoltzmann(state, temperature, new SeededRandom(seed)); }
        return state;
    }

    public static ShiftedForceLj Argon() => new(0.2381, 3.405, 8.5, 1.0);
}
