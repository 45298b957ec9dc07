using Vitrion.Core;
using Vitrion.ForceField.Kspace;
using Vitrion.TestKit;

namespace Vitrion.ForceField.Tests.Kspace;

/// <summary>
/// The optimised PPPM pipeline against a straightforward reference written from the LAMMPS formulas (particle_map,
/// compute_rho1d, make_rho, poisson_ik, fieldforce_ik): scalar charge assignment onto the periodic grid with modular
/// wrapping, direct (naive) discrete Fourier transforms along each axis instead of an FFT, the ik field on the half
/// spectrum with the Hermitian completion written out, and a scalar stencil sum. Only the influence function
/// (<see cref="PppmInfluence"/>) and the rho coefficients are shared with the solver. Energy, virial, forces and
/// per-atom energies must agree to 1e-10 relative, at 1 and 2 threads, on the 8069-atom reference glass.
/// </summary>
public sealed class PppmReferenceTests
{
    private const double Coulomb = Units.Coulomb;

    [Theory]
    [InlineData(1, 512)]
    [InlineData(2, 512)]
    [InlineData(1, 256)]
    [InlineData(2, 256)]
    public void GlassMatchesTheDirectDftReference(int threads, int bits)
    {
        var d = TestSystems.Glass;
        var topo = Spec.ForceFieldParameters.Resolve(TestSystems.Spec, d.Topology).Topology;
        var box = d.Box;
        var pos = d.Positions.ToArray();
        var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = 1e-5, RealSpaceCutoff = 12.0, Order = 5, Threads = threads, MaxVectorBits = bits });
        var buf = PppmTests.Evaluate(pppm, topo, box, pos, perAtom: true);
        var r = Reference(topo.Charges.ToArray(), pos, box, pppm.GridX, pppm.GridY, pppm.GridZ, pppm.Order, pppm.GEwald);
        AssertClose(r, buf);
    }

    [Theory]
    [InlineData(2, 1, 512)]
    [InlineData(3, 2, 512)]
    [InlineData(4, 1, 512)]
    [InlineData(5, 3, 512)]
    [InlineData(6, 2, 512)]
    [InlineData(7, 1, 512)]
    [InlineData(5, 2, 256)]
    [InlineData(7, 1, 256)]
    public void SmallOddGridsMatchTheDirectDftReferenceAtEveryOrder(int order, int threads, int bits)
    {
        // a box with unequal edges and an origin off zero gives unequal (some odd) grid sizes
        var box = new Box(new Vec3(-1.5, 0.3, 2.0), 13.0, 14.5, 16.0);
        var (topo, pos) = PppmTests.RandomSystem(60, box, 11);
        var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = 1e-5, RealSpaceCutoff = 6.0, Order = order, Threads = threads, MinGridPointsForThreads = 0, MaxVectorBits = bits });
        var buf = PppmTests.Evaluate(pppm, topo, box, pos, perAtom: true);
        var r = Reference(topo.Charges.ToArray(), pos, box, pppm.GridX, pppm.GridY, pppm.GridZ, pppm.Order, pppm.GEwald);
        AssertClose(r, buf);
    }

    private static void AssertClose((double E, double[] W, Vec3[] F, double[] Pe) r, ForceBuffer buf)
    {
        Assert.Equal(r.E, buf.Energies.Elong, 1e-10 * Math.Abs(r.E));
        double wmax = r.W.Max(Math.Abs);
        for (int j = 0; j < 6; j++) { Assert.Equal(r.W[j], buf.Virial[j], 1e-10 * wmax); }
        double fmax = r.F.Max(f => Math.Max(Math.Abs(f.X), Math.Max(Math.Abs(f.Y), Math.Abs(f.Z))));
        double pmax = r.Pe.Max(Math.Abs);
        for (int i = 0; i < r.F.Length; i++)
        {
            var df = r.F[i] - buf.Forces[i];
            Assert.True(Math.Max(Math.Abs(df.X), Math.Max(Math.Abs(df.Y), Math.Abs(df.Z))) <= 1e-10 * fmax, $"atom {i}: {r.F[i]} vs {buf.Forces[i]}");
            Assert.True(Math.Abs(r.Pe[i] - buf.PerAtomEnergy[i]) <= 1e-10 * pmax, $"atom {i}: pe {r.Pe[i]} vs {buf.PerAtomEnergy[i]}");
        }
    }

    /// <summary>Reference PPPM (ik): energy [kcal/mol], virial [kcal/mol], forces [kcal/mol/Å], per-atom energies.</summary>
    internal static (double E, double[] W, Vec3[] F, double[] Pe) Reference(double[] q, Vec3[] pos, Box box, int nx, int ny, int nz, int order, double g)
    {
        int n = q.Length;
        double dxi = nx / box.Lx, dyi = ny / box.Ly, dzi = nz / box.Lz, dvi = dxi * dyi * dzi, volume = box.Lx * box.Ly * box.Lz;
        var coeff = PppmChargeAssignment.ComputeRhoCoeff(order);
        int nlower = -(order - 1) / 2;
        double shift = order % 2 == 1 ? 0.5 : 0.0, shiftone = order % 2 == 1 ? 0.0 : 0.5;
        var idx = new int[n, 3, order];
        var wt = new double[n, 3, order];
        int[] dims = [nx, ny, nz];
        double[] inv = [dxi, dyi, dzi];
        for (int i = 0; i < n; i++)
        {
            double[] rel = [pos[i].X - box.Origin.X, pos[i].Y - box.Origin.Y, pos[i].Z - box.Origin.Z];
            for (int dim = 0; dim < 3; dim++)
            {
                double t = rel[dim] * inv[dim];
                t -= dims[dim] * Math.Floor(t / dims[dim]);
                int ig = (int)(t + shift);
                double dx = ig + shiftone - t;
                for (int k = 0; k < order; k++)
                {
                    double acc = 0;
                    for (int l = order - 1; l >= 0; l--) { acc = coeff[k * order + l] + acc * dx; }
                    wt[i, dim, k] = acc;
                    idx[i, dim, k] = (((ig + nlower + k) % dims[dim]) + dims[dim]) % dims[dim];
                }
            }
        }

        var rho = new double[nz, ny, nx];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < order; a++)
            {
                for (int b = 0; b < order; b++)
                {
                    for (int c = 0; c < order; c++)
                    {
                        rho[idx[i, 2, a], idx[i, 1, b], idx[i, 0, c]] += q[i] * dvi * wt[i, 2, a] * wt[i, 1, b] * wt[i, 0, c];
                    }
                }
            }
        }

        // forward DFT, kx = 0..nx/2 only: F(k) = Σ rho(r) e^(−i k·r)
        int half = nx / 2 + 1, rs = (half + 3) & ~3;
        var (cx, sx) = Twiddles(nx);
        var fr = new double[nz, ny, half];
        var fi = new double[nz, ny, half];
        for (int z = 0; z < nz; z++)
        {
            for (int y = 0; y < ny; y++)
            {
                for (int kx = 0; kx < half; kx++)
                {
                    double sr = 0, si = 0;
                    for (int x = 0; x < nx; x++)
                    {
                        int t = kx * x % nx;
                        sr += rho[z, y, x] * cx[t];
                        si -= rho[z, y, x] * sx[t];
                    }

                    fr[z, y, kx] = sr; fi[z, y, kx] = si;
                }
            }
        }

        DftAxis(fr, fi, 1, -1);
        DftAxis(fr, fi, 0, -1);

        var coef = new double[nz * ny * rs * 8];
        var kgx = new double[half];
        var kgy = new double[ny];
        var kgz = new double[nz];
        PppmInfluence.Compute(nx, ny, nz, half, rs, order, g, box.Lx, box.Ly, box.Lz, coef, kgx, kgy, kgz);
        double e = 0;
        var w = new double[6];
        // fields on the half spectrum: E(k) = −i k V(k), V(k) = G(k) rho(k); u = V
        var er = new double[4][,,];
        var ei = new double[4][,,];
        for (int c = 0; c < 4; c++) { er[c] = new double[nz, ny, half]; ei[c] = new double[nz, ny, half]; }
        for (int kz = 0; kz < nz; kz++)
        {
            for (int ky = 0; ky < ny; ky++)
            {
                for (int kx = 0; kx < half; kx++)
                {
                    int o = ((kz * ny + ky) * rs + kx) * 8;
                    double re = fr[kz, ky, kx], im = fi[kz, ky, kx];
                    double p = re * re + im * im;
                    e += coef[o] * p;
                    for (int j = 0; j < 6; j++) { w[j] += coef[o + 1 + j] * p; }
                    double vr = coef[o + 7] * re, vi = coef[o + 7] * im;
                    double[] k = [kgx[kx], kgy[ky], kgz[kz]];
                    for (int c = 0; c < 3; c++) { er[c][kz, ky, kx] = k[c] * vi; ei[c][kz, ky, kx] = -k[c] * vr; }
                    er[3][kz, ky, kx] = vr; ei[3][kz, ky, kx] = vi;
                }
            }
        }

        // inverse: f(r) = Re Σ_kx m(kx) e^(+i kx x) Σ_ky,kz F e^(+i (ky y + kz z)), m = 1 at kx = 0 and nx/2, else 2
        var field = new double[4][,,];
        for (int c = 0; c < 4; c++)
        {
            DftAxis(er[c], ei[c], 0, +1);
            DftAxis(er[c], ei[c], 1, +1);
            field[c] = new double[nz, ny, nx];
            for (int z = 0; z < nz; z++)
            {
                for (int y = 0; y < ny; y++)
                {
                    for (int x = 0; x < nx; x++)
                    {
                        double s = 0;
                        for (int kx = 0; kx < half; kx++)
                        {
                            double m = kx == 0 || 2 * kx == nx ? 1.0 : 2.0;
                            int t = kx * x % nx;
                            s += m * (er[c][z, y, kx] * cx[t] - ei[c][z, y, kx] * sx[t]);
                        }

                        field[c][z, y, x] = s;
                    }
                }
            }
        }

        double qsum = q.Sum(), qsq = q.Sum(x => x * x);
        double self = g / Math.Sqrt(Math.PI), background = Math.PI / 2 * qsum / (g * g * volume);
        var f = new Vec3[n];
        var pe = new double[n];
        for (int i = 0; i < n; i++)
        {
            var acc = new double[4];
            for (int a = 0; a < order; a++)
            {
                for (int b = 0; b < order; b++)
                {
                    for (int cc = 0; cc < order; cc++)
                    {
                        double ww = wt[i, 2, a] * wt[i, 1, b] * wt[i, 0, cc];
                        for (int c = 0; c < 4; c++) { acc[c] += ww * field[c][idx[i, 2, a], idx[i, 1, b], idx[i, 0, cc]]; }
                    }
                }
            }

            f[i] = new Vec3(acc[0], acc[1], acc[2]) * (Coulomb * q[i]);
            pe[i] = Coulomb * (0.5 * q[i] * acc[3] - self * q[i] * q[i] - background * q[i]);
        }

        double energy = Coulomb * (0.5 * volume * e - self * qsq - Math.PI / 2 * qsum * qsum / (g * g * volume));
        for (int j = 0; j < 6; j++) { w[j] *= 0.5 * Coulomb * volume; }
        return (energy, w, f, pe);
    }

    /// <summary>cos and sin of 2π t/n for t = 0..n−1.</summary>
    private static (double[] Cos, double[] Sin) Twiddles(int n) =>
        (Enumerable.Range(0, n).Select(t => Math.Cos(2 * Math.PI * t / n)).ToArray(), Enumerable.Range(0, n).Select(t => Math.Sin(2 * Math.PI * t / n)).ToArray());

    /// <summary>Direct DFT along axis 0 (z) or 1 (y) of a [z, y, kx] array, sign −1 forward, +1 inverse (unnormalised).</summary>
    private static void DftAxis(double[,,] re, double[,,] im, int axis, int sign)
    {
        int nz = re.GetLength(0), ny = re.GetLength(1), nh = re.GetLength(2);
        int len = axis == 0 ? nz : ny, other = axis == 0 ? ny : nz;
        var (ct, st) = Twiddles(len);
        var tr = new double[len];
        var ti = new double[len];
        for (int o = 0; o < other; o++)
        {
            for (int kx = 0; kx < nh; kx++)
            {
                for (int k = 0; k < len; k++)
                {
                    double sr = 0, si = 0;
                    for (int j = 0; j < len; j++)
                    {
                        int t = k * j % len;
                        double c = ct[t], s = sign * st[t];
                        double xr = axis == 0 ? re[j, o, kx] : re[o, j, kx], xi = axis == 0 ? im[j, o, kx] : im[o, j, kx];
                        sr += xr * c - xi * s;
                        si += xr * s + xi * c;
                    }

                    tr[k] = sr; ti[k] = si;
                }

                for (int k = 0; k < len; k++)
                {
                    if (axis == 0) { re[k, o, kx] = tr[k]; im[k, o, kx] = ti[k]; }
                    else { re[o, k, kx] = tr[k]; im[o, k, kx] = ti[k]; }
                }
            }
        }
    }
}
