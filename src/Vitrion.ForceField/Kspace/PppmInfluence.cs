namespace Vitrion.ForceField.Kspace;

/// <summary>
/// The Hockney–Eastwood optimal influence function of PPPM with ik differentiation, as LAMMPS computes it (aliasing sums
/// over images until exp(−q²/4g²) drops below 1e-7), and the k-space virial coefficients. Depends on the box, so it is
/// recomputed when the box changes (NPT).
/// </summary>
public static class PppmInfluence
{
    private const double EpsHoc = 1.0e-7;

    /// <summary>
    /// Fills the optimal influence function (LAMMPS compute_gf_ik, with its aliasing sums) and the virial coefficients
    /// on the stored half spectrum of an <paramref name="nx"/>×<paramref name="ny"/>×<paramref name="nz"/> grid: per stored k,
    /// 8 doubles (energy weight·G/N², six virial factors·G/N², G/N), and the ik wave numbers along each axis [1/Å]
    /// (zero at the Nyquist index, as LAMMPS).
    /// </summary>
    /// <param name="nx">grid points along x.</param>
    /// <param name="ny">grid points along y.</param>
    /// <param name="nz">grid points along z.</param>
    /// <param name="half">stored x points (nx/2 + 1).</param>
    /// <param name="rowStride">stored row length (≥ half).</param>
    /// <param name="order">charge-assignment order.</param>
    /// <param name="g">Ewald splitting parameter [1/Å].</param>
    /// <param name="xprd">box length x [Å].</param>
    /// <param name="yprd">box length y [Å].</param>
    /// <param name="zprd">box length z [Å].</param>
    /// <param name="coef">output, 8 doubles per stored k (length ≥ nz·ny·rowStride·8).</param>
    /// <param name="kgx">output wave numbers along x (length half).</param>
    /// <param name="kgy">output wave numbers along y (length ny).</param>
    /// <param name="kgz">output wave numbers along z (length nz).</param>
    public static void Compute(int nx, int ny, int nz, int half, int rowStride, int order, double g, double xprd, double yprd, double zprd,
        double[] coef, double[] kgx, double[] kgy, double[] kgz)
    {
        var gfB = ComputeGfDenom(order);
        double unitkx = 2.0 * Math.PI / xprd, unitky = 2.0 * Math.PI / yprd, unitkz = 2.0 * Math.PI / zprd;
        double hoc = Math.Pow(-Math.Log(EpsHoc), 0.25);
        int nbx = (int)((g * xprd / (Math.PI * nx)) * hoc);
        int nby = (int)((g * yprd / (Math.PI * ny)) * hoc);
        int nbz = (int)((g * zprd / (Math.PI * nz)) * hoc);
        int twoorder = 2 * order;
        int rs = rowStride;
        double scaleinv = 1.0 / ((double)nx * ny * nz);
        double s2 = scaleinv * scaleinv;
        double g2inv = 0.25 / (g * g);

        // 1-D tables of the aliasing sums: q, exp(−q²/4g²), (sin x/x)^(2p) per index and alias n
        var (qxT, sxT, wxT) = AliasTables(nx, unitkx, xprd, nbx, g, twoorder);
        var (qyT, syT, wyT) = AliasTables(ny, unitky, yprd, nby, g, twoorder);
        var (qzT, szT, wzT) = AliasTables(nz, unitkz, zprd, nbz, g, twoorder);
        int cx = 2 * nbx + 1, cy = 2 * nby + 1, cz = 2 * nbz + 1;

        for (int i = 0; i < half; i++) { kgx[i] = (nx % 2 == 0 && i == nx / 2) ? 0.0 : unitkx * Per(i, nx); }
        for (int j = 0; j < ny; j++) { kgy[j] = (ny % 2 == 0 && j == ny / 2) ? 0.0 : unitky * Per(j, ny); }
        for (int k = 0; k < nz; k++) { kgz[k] = (nz % 2 == 0 && k == nz / 2) ? 0.0 : unitkz * Per(k, nz); }
        Array.Clear(coef);

        var denX = new double[half];
        for (int k = 0; k < half; k++) { denX[k] = DenomFactor(gfB, order, Square(Math.Sin(0.5 * unitkx * Per(k, nx) * xprd / nx))); }
        var denY = new double[ny];
        for (int l = 0; l < ny; l++) { denY[l] = DenomFactor(gfB, order, Square(Math.Sin(0.5 * unitky * Per(l, ny) * yprd / ny))); }
        for (int m = 0; m < nz; m++)
        {
            int mper = Per(m, nz);
            double dz = DenomFactor(gfB, order, Square(Math.Sin(0.5 * unitkz * mper * zprd / nz)));
            double fkz = unitkz * mper;
            double fkzM = unitkz * Per((nz - m) % nz, nz);
            for (int l = 0; l < ny; l++)
            {
                int lper = Per(l, ny);
                double dy = denY[l];
                double fky = unitky * lper;
                double fkyM = unitky * Per((ny - l) % ny, ny);
                for (int k = 0; k < half; k++)
                {
                    int kper = Per(k, nx);
                    double fkx = unitkx * kper;
                    double sqk = Square(unitkx * kper) + Square(unitky * lper) + Square(unitkz * mper);
                    int idx = ((m * ny + l) * rs + k) * 8;
                    if (sqk == 0.0) { continue; }
                    double numerator = 12.5663706 / sqk;   // LAMMPS' literal 4π
                    double sden = denX[k] * dy * dz;
                    double denominator = sden * sden;   // LAMMPS gf_denom
                    double sum1 = 0.0;
                    for (int ax = 0; ax < cx; ax++)
                    {
                        double qx = qxT[k * cx + ax], sx = sxT[k * cx + ax], wx = wxT[k * cx + ax];
                        for (int ay = 0; ay < cy; ay++)
                        {
                            double qy = qyT[l * cy + ay], sy = syT[l * cy + ay], wy = wyT[l * cy + ay];
                            for (int az = 0; az < cz; az++)
                            {
                                double qz = qzT[m * cz + az], sz = szT[m * cz + az], wz = wzT[m * cz + az];
                                double dot1 = unitkx * kper * qx + unitky * lper * qy + unitkz * mper * qz;
                                double dot2 = qx * qx + qy * qy + qz * qz;
                                sum1 += (dot1 / dot2) * sx * sy * sz * wx * wy * wz;
                            }
                        }
                    }

                    double gf = numerator * sum1 / denominator;

                    // weight of this stored k in the full-spectrum sums: its mirror −k is not stored for 0 < kx < Nx/2
                    bool boundary = k == 0 || (nx % 2 == 0 && k == nx / 2);
                    double sqkv = fkx * fkx + fky * fky + fkz * fkz;
                    double vterm = -2.0 * (1.0 / sqkv + g2inv);
                    double v0 = 1.0 + vterm * fkx * fkx, v1 = 1.0 + vterm * fky * fky, v2 = 1.0 + vterm * fkz * fkz;
                    double v3 = vterm * fkx * fky, v4 = vterm * fkx * fkz, v5 = vterm * fky * fkz;
                    double weight = 1.0;
                    if (!boundary)
                    {
                        weight = 2.0;
                        double fkxM = -fkx;
                        v0 *= 2; v1 *= 2; v2 *= 2;
                        v3 += vterm * fkxM * fkyM; v4 += vterm * fkxM * fkzM; v5 += vterm * fkyM * fkzM;
                    }

                    double gs = gf * s2;
                    coef[idx] = weight * gs;
                    coef[idx + 1] = gs * v0; coef[idx + 2] = gs * v1; coef[idx + 3] = gs * v2;
                    coef[idx + 4] = gs * v3; coef[idx + 5] = gs * v4; coef[idx + 6] = gs * v5;
                    coef[idx + 7] = gf * scaleinv;
                }
            }
        }
    }

    private static (double[] Q, double[] S, double[] W) AliasTables(int n, double unitk, double prd, int nb, double g, int twoorder)
    {
        int c = 2 * nb + 1;
        var q = new double[n * c];
        var s = new double[n * c];
        var w = new double[n * c];
        for (int i = 0; i < n; i++)
        {
            int per = Per(i, n);
            for (int a = 0; a < c; a++)
            {
                int alias = a - nb;
                double qq = unitk * (per + n * alias);
                q[i * c + a] = qq;
                s[i * c + a] = Math.Exp(-0.25 * Square(qq / g));
                w[i * c + a] = PowSinXX(0.5 * qq * prd / n, twoorder);
            }
        }

        return (q, s, w);
    }

    /// <summary>The coefficients of LAMMPS gf_denom for charge-assignment order <paramref name="order"/>.</summary>
    public static double[] ComputeGfDenom(int order)
    {
        var gfB = new double[order];
        gfB[0] = 1.0;
        int l;
        for (int m = 1; m < order; m++)
        {
            for (l = m; l > 0; l--)
            {
                gfB[l] = 4.0 * (gfB[l] * (l - m) * (l - m - 0.5) - gfB[l - 1] * (l - m - 1) * (l - m - 1));
            }

            gfB[0] = 4.0 * (gfB[0] * (l - m) * (l - m - 0.5));
        }

        long ifact = 1;
        for (int k = 1; k < 2 * order; k++) { ifact *= k; }
        double gaminv = 1.0 / ifact;
        for (l = 0; l < order; l++) { gfB[l] *= gaminv; }
        return gfB;
    }

    private static int Per(int i, int n) => i - n * (2 * i / n);

    private static double Square(double x) => x * x;

    private static double PowSinXX(double x, int n)
    {
        if (x == 0.0) { return 1.0; }
        double yy = Math.Sin(x) / x;
        double ww = 1.0;
        for (; n != 0; n >>= 1, yy *= yy)
        {
            if ((n & 1) != 0) { ww *= yy; }
        }

        return ww;
    }

    private static double DenomFactor(double[] gfB, int order, double x)
    {
        double sx = 0;
        for (int l = order - 1; l >= 0; l--) { sx = gfB[l] + sx * x; }
        return sx;
    }
}
