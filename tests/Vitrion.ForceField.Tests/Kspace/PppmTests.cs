using Xunit;
using Vitrion.Core;
using Vitrion.ForceField.Kspace;
using Erf = MathNet.Numerics;

namespace Vitrion.ForceField.Tests.Kspace;

/// <summary>A direct (double-sum) Ewald reference written for these tests, converged to ~1e-13.</summary>
internal static class DirectEwald
{
    private const double C = Units.Coulomb;

    /// <summary>Reciprocal part incl. self and background terms: energy, forces, virial, per-atom energy.</summary>
    public static (double E, Vec3[] F, double[] W, double[] Eatom) Kspace(Vec3[] r, double[] q, Box box, double alpha)
    {
        int n = r.Length;
        double v = box.Volume, qsum = q.Sum(), qsq = q.Sum(x => x * x);
        double kc = 2 * alpha * Math.Sqrt(36.0);   // exp(−kc²/4α²) = e^−36
        int mx = (int)Math.Ceiling(kc * box.Lx / (2 * Math.PI));
        int my = (int)Math.Ceiling(kc * box.Ly / (2 * Math.PI));
        int mz = (int)Math.Ceiling(kc * box.Lz / (2 * Math.PI));
        var f = new Vec3[n];
        var w = new double[6];
        var pot = new double[n];
        double e = 0;
        var cs = new double[n];
        var sn = new double[n];
        for (int a = 0; a <= mx; a++)
        {
            for (int b = -my; b <= my; b++)
            {
                for (int c = -mz; c <= mz; c++)
                {
                    // half space: a > 0, or a == 0 and (b > 0 or b == 0 and c > 0)
                    if (a == 0 && (b < 0 || (b == 0 && c <= 0))) { continue; }
                    var k = new Vec3(2 * Math.PI * a / box.Lx, 2 * Math.PI * b / box.Ly, 2 * Math.PI * c / box.Lz);
                    double k2 = k.NormSquared;
                    if (k2 > kc * kc) { continue; }
                    double amp = 4 * Math.PI / v * Math.Exp(-k2 / (4 * alpha * alpha)) / k2;
                    double sr = 0, si = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double ph = Vec3.Dot(k, r[i]);
                        cs[i] = Math.Cos(ph); sn[i] = Math.Sin(ph);
                        sr += q[i] * cs[i]; si += q[i] * sn[i];
                    }

                    double s2 = sr * sr + si * si;
                    e += C * amp * s2;   // k and −k
                    double vt = -2 * (1 / k2 + 0.25 / (alpha * alpha));
                    w[0] += C * amp * s2 * (1 + vt * k.X * k.X); w[1] += C * amp * s2 * (1 + vt * k.Y * k.Y); w[2] += C * amp * s2 * (1 + vt * k.Z * k.Z);
                    w[3] += C * amp * s2 * vt * k.X * k.Y; w[4] += C * amp * s2 * vt * k.X * k.Z; w[5] += C * amp * s2 * vt * k.Y * k.Z;
                    for (int i = 0; i < n; i++)
                    {
                        double fac = 2 * C * q[i] * amp * (sn[i] * sr - cs[i] * si);
                        f[i] += fac * k;
                        pot[i] += 2 * amp * (cs[i] * sr + sn[i] * si);
                    }
                }
            }
        }

        e -= C * (alpha * qsq / Math.Sqrt(Math.PI) + Math.PI * qsum * qsum / (2 * v * alpha * alpha));
        var eatom = new double[n];
        for (int i = 0; i < n; i++)
        {
            eatom[i] = C * (0.5 * q[i] * pot[i] - alpha * q[i] * q[i] / Math.Sqrt(Math.PI) - Math.PI * q[i] * qsum / (2 * v * alpha * alpha));
        }

        return (e, f, w, eatom);
    }

    /// <summary>Real-space erfc part over all images within <paramref name="rc"/>.</summary>
    public static (double E, Vec3[] F, double[] W) Real(Vec3[] r, double[] q, Box box, double alpha, double rc, bool lammpsErfc = false)
    {
        int n = r.Length;
        var f = new Vec3[n];
        var w = new double[6];
        double e = 0;
        int ix = (int)Math.Ceiling(rc / box.Lx), iy = (int)Math.Ceiling(rc / box.Ly), iz = (int)Math.Ceiling(rc / box.Lz);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                var d0 = box.MinimumImage(r[i] - r[j]);
                for (int a = -ix; a <= ix; a++)
                {
                    for (int b = -iy; b <= iy; b++)
                    {
                        for (int c = -iz; c <= iz; c++)
                        {
                            var d = d0 + new Vec3(a * box.Lx, b * box.Ly, c * box.Lz);
                            double r2 = d.NormSquared;
                            if (r2 >= rc * rc || r2 == 0) { continue; }
                            double rr = Math.Sqrt(r2);
                            double erfc = Erf.SpecialFunctions.Erfc(alpha * rr);
                            double qq = C * q[i] * q[j];
                            double fp = qq * (erfc / rr + 2 * alpha / Math.Sqrt(Math.PI) * Math.Exp(-alpha * alpha * r2)) / r2;
                            if (lammpsErfc)
                            {
                                // LAMMPS coul/long without tables: polynomial erfc (Abramowitz–Stegun 7.1.26)
                                double grij = alpha * rr, expm2 = Math.Exp(-grij * grij), t = 1.0 / (1.0 + 0.3275911 * grij);
                                erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * expm2;
                                fp = qq / rr * (erfc + 1.12837917 * grij * expm2) / r2;
                            }

                            e += 0.5 * qq * erfc / rr;
                            f[i] += fp * d;
                            w[0] += 0.5 * d.X * d.X * fp; w[1] += 0.5 * d.Y * d.Y * fp; w[2] += 0.5 * d.Z * d.Z * fp;
                            w[3] += 0.5 * d.X * d.Y * fp; w[4] += 0.5 * d.X * d.Z * fp; w[5] += 0.5 * d.Y * d.Z * fp;
                        }
                    }
                }
            }
        }

        return (e, f, w);
    }
}

public sealed class PppmTests
{
    internal static (Topology Topology, Vec3[] Positions) RandomSystem(int n, Box box, int seed, double netCharge = 0)
    {
        var rng = new Random(seed);
        var q = new double[n];
        for (int i = 0; i < n; i++) { q[i] = rng.NextDouble() * 2 - 1; }
        double shift = (q.Sum() - netCharge) / n;
        for (int i = 0; i < n; i++) { q[i] -= shift; }
        var pos = new List<Vec3>();
        while (pos.Count < n)
        {
            var p = box.Origin + new Vec3(rng.NextDouble() * box.Lx, rng.NextDouble() * box.Ly, rng.NextDouble() * box.Lz);
            if (pos.All(o => box.MinimumImage(o - p).Norm > 1.2)) { pos.Add(p); }
        }

        var topo = new Topology(["A"], [1.0], new int[n], q);
        return (topo, pos.ToArray());
    }

    internal static ForceBuffer Evaluate(Pppm pppm, Topology topo, Box box, Vec3[] pos, bool perAtom = false)
    {
        var state = new SystemState(topo, box, (Vec3[])pos.Clone());
        var buf = new ForceBuffer(pos.Length);
        buf.Clear(perAtom);
        pppm.Compute(state, buf);
        return buf;
    }

    private static double RmsDiff(Vec3[] a, Vec3[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y).NormSquared).Average());

    [Theory]
    [InlineData(1e-4, 5, 2)]
    [InlineData(1e-5, 5, 1)]
    [InlineData(1e-5, 3, 2)]
    [InlineData(1e-6, 7, 2)]
    [InlineData(1e-4, 2, 1)]
    public void MatchesDirectEwaldAtTheSameSplitting(double accuracy, int order, int threads)
    {
        var box = new Box(new Vec3(-1.5, 0.3, 2.0), 13.0, 14.5, 16.0);
        var (topo, pos) = RandomSystem(60, box, 11);
        var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = accuracy, RealSpaceCutoff = 6.0, Order = order, Threads = threads, MinGridPointsForThreads = 0 });
        var buf = Evaluate(pppm, topo, box, pos, perAtom: true);
        var (e, f, w, eatom) = DirectEwald.Kspace(pos, topo.Charges.ToArray(), box, pppm.GEwald);

        // forces: RMS error relative to the two-unit-charge force at 1 Å, against the LAMMPS k-space error estimate
        double rms = RmsDiff(buf.Forces, f);
        Assert.True(rms <= 3 * pppm.EstimatedKspaceForceError, $"rms {rms} vs estimate {pppm.EstimatedKspaceForceError}");
        Assert.True(rms / Units.Coulomb <= 3 * accuracy, $"relative rms {rms / Units.Coulomb}");
        Assert.True(rms > 1e-4 * pppm.EstimatedKspaceForceError, "PPPM cannot be exact; the comparison must see its discretisation error");

        // energy and virial: error of the same order as the force error times a length scale (a few Å)
        double scale = Units.Coulomb * accuracy * 60;
        Assert.Equal(e, buf.Energies.Elong, 0.5 * scale);
        for (int j = 0; j < 6; j++) { Assert.Equal(w[j], buf.Virial[j], 1.5 * scale); }

        // per-atom energies: sum to elong; close to the Ewald per-atom values
        Assert.Equal(buf.Energies.Elong, buf.PerAtomEnergy.Sum(), 1e-9 * Math.Abs(buf.Energies.Elong));
        double rmsE = Math.Sqrt(eatom.Zip(buf.PerAtomEnergy, (a, b) => (a - b) * (a - b)).Average());
        Assert.True(rmsE < 0.1 * scale, $"per-atom rms {rmsE}");
    }

    [Fact]
    public void NonNeutralSystemIncludesTheBackgroundTerm()
    {
        var box = new Box(Vec3.Zero, 12.0, 12.0, 13.5);
        var (topo, pos) = RandomSystem(40, box, 3, netCharge: 2.5);
        double rc = 5.5;
        // the total Coulomb energy of a non-neutral system with background is independent of g_ewald
        double Total(double g)
        {
            var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = 1e-7, RealSpaceCutoff = rc, GEwald = g, Threads = 1 });
            var buf = Evaluate(pppm, topo, box, pos, perAtom: true);
            Assert.Equal(buf.Energies.Elong, buf.PerAtomEnergy.Sum(), 1e-9 * Math.Abs(buf.Energies.Elong));
            var (ek, _, _, _) = DirectEwald.Kspace(pos, topo.Charges.ToArray(), box, g);
            Assert.Equal(ek, buf.Energies.Elong, 1e-3);
            return buf.Energies.Elong + DirectEwald.Real(pos, topo.Charges.ToArray(), box, g, rc).E;
        }

        double e1 = Total(0.70), e2 = Total(0.90);
        Assert.Equal(e1, e2, 2e-3);
        // the background term is large here: dropping it would break the g-independence by far more
        double q = topo.Charges.Sum();
        double background = Units.Coulomb * Math.PI * q * q / (2 * box.Volume) * (1 / (0.70 * 0.70) - 1 / (0.90 * 0.90));
        Assert.True(Math.Abs(background) > 100 * 2e-3);
    }

    [Theory]
    [InlineData("NaCl", 1.747565)]
    [InlineData("CsCl", 1.762675)]
    public void MadelungConstants(string lattice, double madelung)
    {
        const double a = 5.0;
        var pos = new List<Vec3>();
        var q = new List<double>();
        int cells = lattice == "NaCl" ? 2 : 3;
        for (int x = 0; x < cells; x++)
        {
            for (int y = 0; y < cells; y++)
            {
                for (int z = 0; z < cells; z++)
                {
                    var o = new Vec3(x, y, z) * a;
                    if (lattice == "NaCl")
                    {
                        foreach (var (dx, dy, dz) in new[] { (0, 0, 0), (1, 1, 0), (1, 0, 1), (0, 1, 1) })
                        {
                            pos.Add(o + new Vec3(dx, dy, dz) * (a / 2)); q.Add(1);
                            pos.Add(o + new Vec3(dx + 1, dy, dz) * (a / 2)); q.Add(-1);
                        }
                    }
                    else
                    {
                        pos.Add(o); q.Add(1);
                        pos.Add(o + new Vec3(0.5, 0.5, 0.5) * a); q.Add(-1);
                    }
                }
            }
        }

        var box = Box.Cubic(cells * a);
        double r0 = lattice == "NaCl" ? a / 2 : a * Math.Sqrt(3) / 2;
        var topo = new Topology(["M", "X"], [1.0, 1.0], q.Select(c => c > 0 ? 0 : 1).ToArray(), q.ToArray());
        const double accuracy = 1e-5;
        double rc = 0.49 * box.Lx;
        var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = accuracy, RealSpaceCutoff = rc, Threads = 2 });
        var buf = Evaluate(pppm, topo, box, pos.ToArray());
        double e = buf.Energies.Elong + DirectEwald.Real(pos.ToArray(), q.ToArray(), box, pppm.GEwald, rc).E;
        double m = -2 * e * r0 / (pos.Count * Units.Coulomb);
        Assert.Equal(madelung, m, madelung * accuracy);
        // forces vanish by symmetry
        Assert.True(buf.Forces.Max(f => f.Norm) < accuracy * Units.Coulomb);
    }

    [Fact]
    public void ForcesAndVirialAreDerivativesOfTheEnergy()
    {
        var box = new Box(Vec3.Zero, 11.0, 12.0, 12.5);
        var (topo, pos) = RandomSystem(30, box, 7);
        const double accuracy = 1e-7;
        var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = accuracy, RealSpaceCutoff = 5.0, Threads = 1 });
        var buf = Evaluate(pppm, topo, box, pos);
        const double h = 1e-4;
        double tol = 20 * accuracy * Units.Coulomb;
        foreach (int i in new[] { 0, 7, 19 })
        {
            for (int axis = 0; axis < 3; axis++)
            {
                var d = axis == 0 ? new Vec3(h, 0, 0) : axis == 1 ? new Vec3(0, h, 0) : new Vec3(0, 0, h);
                var p1 = (Vec3[])pos.Clone(); p1[i] += d;
                var p2 = (Vec3[])pos.Clone(); p2[i] -= d;
                double fd = -(Evaluate(pppm, topo, box, p1).Energies.Elong - Evaluate(pppm, topo, box, p2).Energies.Elong) / (2 * h);
                Assert.Equal(fd, buf.Forces[i][axis], tol);
            }
        }

        // virial: W_aa = −dE/dε_aa for an affine stretch of box and positions along a (grid and g_ewald fixed)
        const double eps = 1e-5;
        for (int axis = 0; axis < 3; axis++)
        {
            double E(double s)
            {
                var b = new Box(Vec3.Zero, box.Lx * (axis == 0 ? 1 + s : 1), box.Ly * (axis == 1 ? 1 + s : 1), box.Lz * (axis == 2 ? 1 + s : 1));
                var p = pos.Select(r => new Vec3(r.X * (axis == 0 ? 1 + s : 1), r.Y * (axis == 1 ? 1 + s : 1), r.Z * (axis == 2 ? 1 + s : 1))).ToArray();
                return Evaluate(pppm, topo, b, p).Energies.Elong;
            }

            double w = -(E(eps) - E(-eps)) / (2 * eps);
            Assert.Equal(w, buf.Virial[axis], 20 * tol);
        }

        pppm.Setup(box);
        Assert.Equal(buf.Energies.Elong, Evaluate(pppm, topo, box, pos).Energies.Elong, 1e-9);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheResultBeyondRoundoff()
    {
        var box = Box.Cubic(15.0);
        var (topo, pos) = RandomSystem(80, box, 21);
        var b1 = Evaluate(new Pppm(topo, box, new PppmOptions { Accuracy = 1e-5, RealSpaceCutoff = 6, Threads = 1 }), topo, box, pos, true);
        var b3 = Evaluate(new Pppm(topo, box, new PppmOptions { Accuracy = 1e-5, RealSpaceCutoff = 6, Threads = 3, MinGridPointsForThreads = 0 }), topo, box, pos, true);
        Assert.Equal(b1.Energies.Elong, b3.Energies.Elong, 1e-9);
        Assert.True(RmsDiff(b1.Forces, b3.Forces) < 1e-10);
        for (int j = 0; j < 6; j++) { Assert.Equal(b1.Virial[j], b3.Virial[j], 1e-9); }
    }

    [Fact]
    public void PositionsOutsideTheBoxAreWrapped()
    {
        var box = Box.Cubic(14.0);
        var (topo, pos) = RandomSystem(40, box, 5);
        var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = 1e-5, RealSpaceCutoff = 6, Threads = 1 });
        var a = Evaluate(pppm, topo, box, pos);
        var shifted = pos.Select((r, i) => r + new Vec3((i % 3 - 1) * 14.0, (i % 5 - 2) * 14.0, 3 * 14.0)).ToArray();
        var b = Evaluate(pppm, topo, box, shifted);
        Assert.Equal(a.Energies.Elong, b.Energies.Elong, 1e-8);
        Assert.True(RmsDiff(a.Forces, b.Forces) < 1e-9);
    }
}
