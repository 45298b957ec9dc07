using ILGPU;

namespace Vitrion.Device.Kernels;

/// <summary>Scalar settings of the PPPM kernels.</summary>
public struct PppmParams
{
    /// <summary>Grid points along x, y, z.</summary>
    public int Nx, Ny, Nz;

    /// <summary>Stored kx columns of the influence table (Nx/2 + 1) and its row stride.</summary>
    public int Half, RowStride;

    /// <summary>Charge-assignment order.</summary>
    public int Order;

    /// <summary>Lowest stencil offset −(order−1)/2.</summary>
    public int NLower;

    /// <summary>0.5 for odd orders (LAMMPS shift − OFFSET), else 0; and 0 for odd orders, else 0.5 (shiftone).</summary>
    public double ShiftAdd, ShiftOne;

    /// <summary>Box origin [Å].</summary>
    public double Ox, Oy, Oz;

    /// <summary>Grid points per Å along x, y, z, and 1/(cell volume) [1/Å³].</summary>
    public double Dxi, Dyi, Dzi, Dvi;

    /// <summary>Coulomb constant [kcal·Å/(mol·e²)].</summary>
    public double Qqrd2e;

    /// <summary>g_ewald/√π and π/2·Σq/(g² V) (per-atom self and background terms).</summary>
    public double SelfFactor, Background;
}

/// <summary>Where the charge spreading looks for atoms: the neighbour list's bins and how many bins around a grid point.</summary>
public struct SpreadBins
{
    /// <summary>Bins along x, y, z (of the last neighbour-list build).</summary>
    public int Nbx, Nby, Nbz;

    /// <summary>Bins searched on each side of a grid point's bin.</summary>
    public int Sx, Sy, Sz;

    /// <summary>Box origin over box edge (the list's bins are over x/L, the grid over (x − origin)/L).</summary>
    public double Fx0, Fy0, Fz0;
}

/// <summary>
/// PPPM (ik differentiation, as the CPU <c>Pppm</c>) without atomics: stencil weights per atom; charge spreading as a
/// gather per grid point over the atoms whose stencil covers it (candidates from the neighbour list's bins); a
/// complex 3-D FFT made of one-thread-per-line mixed-radix Stockham transforms; the k-space solve with the host's
/// influence table; the field interpolated back per atom.
/// </summary>
public static class PppmKernels
{
    private static double WrapGrid(double t, int n)
    {
        if (t < 0 || t >= n)
        {
            t -= n * Math.Floor(t / n);
            if (t >= n) { t -= n; }
            if (t < 0) { t = 0; }
        }

        return t;
    }

    /// <summary>Per atom: stencil origin (ix, iy, iz) and the 3·order weights, as <c>PppmChargeAssignment.Map</c>.</summary>
    public static void Map(Index1D i, ArrayView<double> x, ArrayView<double> rhoCoeff, ArrayView<int> origin, ArrayView<double> weights, PppmParams p)
    {
        double tx = WrapGrid((x[3 * i] - p.Ox) * p.Dxi, p.Nx);
        double ty = WrapGrid((x[3 * i + 1] - p.Oy) * p.Dyi, p.Ny);
        double tz = WrapGrid((x[3 * i + 2] - p.Oz) * p.Dzi, p.Nz);
        int ix = (int)(tx + p.ShiftAdd), iy = (int)(ty + p.ShiftAdd), iz = (int)(tz + p.ShiftAdd);
        origin[3 * i] = ix; origin[3 * i + 1] = iy; origin[3 * i + 2] = iz;
        int o = p.Order;
        RhoOneD(ix + p.ShiftOne - tx, weights, 3 * o * i, rhoCoeff, o);
        RhoOneD(iy + p.ShiftOne - ty, weights, 3 * o * i + o, rhoCoeff, o);
        RhoOneD(iz + p.ShiftOne - tz, weights, 3 * o * i + 2 * o, rhoCoeff, o);
    }

    private static void RhoOneD(double d, ArrayView<double> w, int at, ArrayView<double> coeff, int order)
    {
        for (int k = 0; k < order; k++)
        {
            double acc = 0;
            for (int l = order - 1; l >= 0; l--) { acc = coeff[k * order + l] + acc * d; }
            w[at + k] = acc;
        }
    }

    private static int Mod(int a, int n) => ((a % n) + n) % n;

    /// <summary>
    /// Per grid point g: ρ(g) = Σ over atoms whose stencil covers g of q/V_cell · w_z · w_y · w_x (the CPU's product order);
    /// real part only (imaginary part zeroed). The candidates are the atoms of the neighbour list's bins around g (bins
    /// from the last list build: an atom has moved at most skin/2 since, which the bin range allows for), visited in a
    /// fixed order, so the sum is deterministic and nothing is sorted per step.
    /// </summary>
    public static void Spread(Index1D g, ArrayView<double> q, ArrayView<int> origin, ArrayView<double> weights, ArrayView<int> binStart, ArrayView<int> binAtoms,
        ArrayView<double> re, ArrayView<double> im, PppmParams p, SpreadBins sb)
    {
        int gx = g % p.Nx, gy = g / p.Nx % p.Ny, gz = g / (p.Nx * p.Ny);
        int bx = BinOf(sb.Fx0 + (double)gx / p.Nx, sb.Nbx), by = BinOf(sb.Fy0 + (double)gy / p.Ny, sb.Nby), bz = BinOf(sb.Fz0 + (double)gz / p.Nz, sb.Nbz);
        bool allX = 2 * sb.Sx + 1 >= sb.Nbx, allY = 2 * sb.Sy + 1 >= sb.Nby, allZ = 2 * sb.Sz + 1 >= sb.Nbz;
        int x0 = allX ? 0 : -sb.Sx, x1 = allX ? sb.Nbx - 1 : sb.Sx;
        int y0 = allY ? 0 : -sb.Sy, y1 = allY ? sb.Nby - 1 : sb.Sy;
        int z0 = allZ ? 0 : -sb.Sz, z1 = allZ ? sb.Nbz - 1 : sb.Sz;
        int o = p.Order;
        double sum = 0;
        for (int oz = z0; oz <= z1; oz++)
        {
            int cz = allZ ? oz : Mod(bz + oz, sb.Nbz);
            for (int oy = y0; oy <= y1; oy++)
            {
                int cy = allY ? oy : Mod(by + oy, sb.Nby);
                for (int ox = x0; ox <= x1; ox++)
                {
                    int cx = allX ? ox : Mod(bx + ox, sb.Nbx);
                    int c = (cz * sb.Nby + cy) * sb.Nbx + cx;
                    for (int k = binStart[c]; k < binStart[c + 1]; k++)
                    {
                        int a = binAtoms[k];
                        int dx = Mod(gx - p.NLower - origin[3 * a], p.Nx);
                        if (dx >= o) { continue; }
                        int dy = Mod(gy - p.NLower - origin[3 * a + 1], p.Ny);
                        if (dy >= o) { continue; }
                        int dz = Mod(gz - p.NLower - origin[3 * a + 2], p.Nz);
                        if (dz >= o) { continue; }
                        int w = 3 * o * a;
                        double z0q = p.Dvi * q[a];
                        // Every stencil offset that lands on g (more than one only when a grid edge is shorter than the order).
                        for (int n = dz; n < o; n += p.Nz)
                        {
                            double yq = z0q * weights[w + 2 * o + n];
                            for (int m = dy; m < o; m += p.Ny)
                            {
                                double xq = yq * weights[w + o + m];
                                for (int l = dx; l < o; l += p.Nx) { sum += xq * weights[w + l]; }
                            }
                        }
                    }
                }
            }
        }

        re[g] = sum;
        im[g] = 0;
    }

    private static int BinOf(double f, int nb)
    {
        f -= Math.Floor(f);
        int b = (int)(f * nb);
        return b < 0 ? 0 : b >= nb ? nb - 1 : b;
    }

    /// <summary>
    /// One 1-D transform of a line of the 3-D grid (one thread per line), mixed-radix Stockham (decimation in frequency):
    /// at each stage of radix r the length n = r·m, stride s: y[q + s(r p + j)] = (Σ_k x[q + s(p + k m)] ω_r^{jk}) ω_n^{jp}.
    /// Forward uses e^(−2πi/n), inverse e^(+2πi/n), unnormalised. <paramref name="axis"/> 0, 1, 2 = x, y, z.
    /// </summary>
    public static void Line(Index1D line, ArrayView<double> re, ArrayView<double> im, ArrayView<double> sre, ArrayView<double> sim,
        ArrayView<double> twRe, ArrayView<double> twIm, ArrayView<int> factors, int nFactors, int axis, int sign, PppmParams p)
    {
        int len, stride, b;
        if (axis == 0) { len = p.Nx; stride = 1; b = line * p.Nx; }
        else if (axis == 1) { len = p.Ny; stride = p.Nx; int z = line / p.Nx, xx = line % p.Nx; b = z * p.Nx * p.Ny + xx; }
        else { len = p.Nz; stride = p.Nx * p.Ny; b = line; }

        // Ping-pong between the grid (src at even stages) and the scratch grid, both at the same positions.
        int n = len, s = 1;
        bool inScratch = false;
        for (int f = 0; f < nFactors; f++)
        {
            int r = factors[f];
            int m = n / r;
            int tstep = len / n; // ω_n^t = table[t·len/n]
            int rstep = len / r;
            for (int pp = 0; pp < m; pp++)
            {
                for (int qq = 0; qq < s; qq++)
                {
                    for (int j = 0; j < r; j++)
                    {
                        double ar = 0, ai = 0;
                        for (int k = 0; k < r; k++)
                        {
                            int src = b + stride * (qq + s * (pp + k * m));
                            double xr = inScratch ? sre[src] : re[src];
                            double xi = inScratch ? sim[src] : im[src];
                            int t = (j * k) % r * rstep;
                            double wr = twRe[t], wi = sign * twIm[t];
                            ar += xr * wr - xi * wi;
                            ai += xr * wi + xi * wr;
                        }

                        int tw = (j * pp * tstep) % len;
                        double cr = twRe[tw], ci = sign * twIm[tw];
                        int dst = b + stride * (qq + s * (r * pp + j));
                        double yr = ar * cr - ai * ci, yi = ar * ci + ai * cr;
                        if (inScratch) { re[dst] = yr; im[dst] = yi; }
                        else { sre[dst] = yr; sim[dst] = yi; }
                    }
                }
            }

            inScratch = !inScratch;
            n = m;
            s *= r;
        }

        if (inScratch)
        {
            for (int e = 0; e < len; e++) { int a = b + stride * e; re[a] = sre[a]; im[a] = sim[a]; }
        }
    }

    /// <summary>
    /// Per k-point of the full complex spectrum: V(k) = G(k)/N · ρ(k) (the stored kx &lt; Nx/2+1 half, or the mirror −k for
    /// the other half), E_α(k) = −i k_α V(k) into the three field spectra, and V(k) itself into the fourth when per-atom
    /// energies are wanted.
    /// </summary>
    public static void Solve(Index1D k, ArrayView<double> rhoRe, ArrayView<double> rhoIm, ArrayView<double> coef, ArrayView<double> kgx, ArrayView<double> kgy,
        ArrayView<double> kgz, ArrayView<double> fRe, ArrayView<double> fIm, int perAtom, PppmParams p)
    {
        int kx = k % p.Nx, ky = k / p.Nx % p.Ny, kz = k / (p.Nx * p.Ny);
        int sx = kx, sy = ky, sz = kz;
        if (kx >= p.Half) { sx = (p.Nx - kx) % p.Nx; sy = (p.Ny - ky) % p.Ny; sz = (p.Nz - kz) % p.Nz; }
        double c7 = coef[(((sz * p.Ny + sy) * p.RowStride) + sx) * 8 + 7];
        double vr = c7 * rhoRe[k], vi = c7 * rhoIm[k];
        int nk = p.Nx * p.Ny * p.Nz;
        double fx = kgx[kx], fy = kgy[ky], fz = kgz[kz];
        fRe[k] = fx * vi; fIm[k] = -fx * vr;
        fRe[nk + k] = fy * vi; fIm[nk + k] = -fy * vr;
        fRe[2 * nk + k] = fz * vi; fIm[2 * nk + k] = -fz * vr;
        if (perAtom != 0) { fRe[3 * nk + k] = vr; fIm[3 * nk + k] = vi; }
    }

    /// <summary>Per kz plane: energy and virial sums over the stored half spectrum (the influence table's weights), in a fixed order; 7 doubles per plane.</summary>
    public static void EnergyPlanes(Index1D kz, ArrayView<double> rhoRe, ArrayView<double> rhoIm, ArrayView<double> coef, ArrayView<double> partial, PppmParams p)
    {
        double e = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        for (int ky = 0; ky < p.Ny; ky++)
        {
            for (int kx = 0; kx < p.Half; kx++)
            {
                int k = (kz * p.Ny + ky) * p.Nx + kx;
                int c = (((kz * p.Ny + ky) * p.RowStride) + kx) * 8;
                double re = rhoRe[k], im = rhoIm[k];
                double pw = re * re + im * im;
                e += coef[c] * pw;
                v0 += coef[c + 1] * pw; v1 += coef[c + 2] * pw; v2 += coef[c + 3] * pw;
                v3 += coef[c + 4] * pw; v4 += coef[c + 5] * pw; v5 += coef[c + 6] * pw;
            }
        }

        int o = 7 * kz;
        partial[o] = e; partial[o + 1] = v0; partial[o + 2] = v1; partial[o + 3] = v2; partial[o + 4] = v3; partial[o + 5] = v4; partial[o + 6] = v5;
    }

    /// <summary>Per atom: the field at the stencil (the real parts of the inverse transforms) times q·qqrd2e added to the force, and the per-atom energy when wanted.</summary>
    public static void Interpolate(Index1D i, ArrayView<double> q, ArrayView<int> origin, ArrayView<double> weights, ArrayView<double> field, ArrayView<double> acc,
        int perAtom, PppmParams p)
    {
        int o = p.Order, w = 3 * o * i;
        int nk = p.Nx * p.Ny * p.Nz;
        int ix = origin[3 * i], iy = origin[3 * i + 1], iz = origin[3 * i + 2];
        double ax = 0, ay = 0, az = 0, au = 0;
        for (int n = 0; n < o; n++)
        {
            double z0 = weights[w + 2 * o + n];
            int gz = Mod(iz + p.NLower + n, p.Nz);
            for (int m = 0; m < o; m++)
            {
                double y0 = z0 * weights[w + o + m];
                int gy = Mod(iy + p.NLower + m, p.Ny);
                for (int l = 0; l < o; l++)
                {
                    double x0 = y0 * weights[w + l];
                    int g = (gz * p.Ny + gy) * p.Nx + Mod(ix + p.NLower + l, p.Nx);
                    ax += x0 * field[g]; ay += x0 * field[nk + g]; az += x0 * field[2 * nk + g];
                    if (perAtom != 0) { au += x0 * field[3 * nk + g]; }
                }
            }
        }

        double qi = q[i];
        double qf = p.Qqrd2e * qi;
        int b = Acc.Stride * i;
        acc[b] += qf * ax; acc[b + 1] += qf * ay; acc[b + 2] += qf * az;
        if (perAtom != 0) { acc[b + Acc.EAtom] += p.Qqrd2e * (0.5 * qi * au - p.SelfFactor * qi * qi - p.Background * qi); }
    }
}
