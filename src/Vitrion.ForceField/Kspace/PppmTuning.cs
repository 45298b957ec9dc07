using Vitrion.Core;

namespace Vitrion.ForceField.Kspace;

/// <summary>
/// A PPPM grid with its Ewald splitting parameter and the error estimates that chose them.
/// </summary>
/// <param name="Nx">grid points along x (factors 2, 3, 5 only).</param>
/// <param name="Ny">grid points along y.</param>
/// <param name="Nz">grid points along z.</param>
/// <param name="GEwald">Ewald splitting parameter g [1/Å].</param>
/// <param name="KspaceForceError">estimated absolute RMS k-space force error [kcal/mol/Å].</param>
/// <param name="RealSpaceForceError">estimated absolute RMS real-space force error [kcal/mol/Å].</param>
/// <param name="RelativeForceError">sqrt(kspace² + real²) / (k_C e²/Å²), LAMMPS' "estimated relative force accuracy".</param>
public sealed record PppmGrid(int Nx, int Ny, int Nz, double GEwald, double KspaceForceError, double RealSpaceForceError, double RelativeForceError);

/// <summary>
/// Chooses the PPPM grid and g_ewald from a requested relative force accuracy exactly as LAMMPS' pppm.cpp does for ik
/// differentiation: g from the real-space estimate, grid spacing refined until the ik error estimate is met, sizes
/// rounded up to factors of 2, 3 and 5, then g_ewald adjusted by Newton iteration so that the real- and k-space error
/// estimates are equal (unless g_ewald is given).
/// </summary>
public static class PppmTuning
{
    private const double Small = 0.00001;
    private const int Large = 10000;

    private static readonly double[][] Acons = BuildAcons();

    /// <summary>Chooses grid and g_ewald.</summary>
    /// <param name="atomCount">number of atoms (LAMMPS' natoms).</param>
    /// <param name="sumSquaredCharges">Σ q² [e²].</param>
    /// <param name="box">an orthorhombic box.</param>
    /// <param name="accuracy">requested relative force accuracy (LAMMPS kspace_style accuracy).</param>
    /// <param name="cutoff">real-space Coulomb cutoff [Å].</param>
    /// <param name="order">charge-assignment order, 2..7.</param>
    /// <param name="gEwald">a fixed g_ewald [1/Å], or null to choose it.</param>
    /// <returns>the grid and g_ewald with their error estimates.</returns>
    public static PppmGrid Choose(int atomCount, double sumSquaredCharges, Box box, double accuracy, double cutoff, int order, double? gEwald)
    {
        var t = new Tuner(atomCount, sumSquaredCharges * Units.Coulomb, accuracy * Units.Coulomb, cutoff, order);
        return t.Choose(box, gEwald);
    }

    private sealed class Tuner(int natoms, double q2, double accuracyAbs, double cutoff, int order)
    {
        private double _g;
        private int _nx, _ny, _nz;

        public PppmGrid Choose(Box box, double? gEwald)
        {
            double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
            double accuracy = accuracyAbs;
            if (gEwald is { } g0)
            {
                if (!(g0 > 0)) { throw new ArgumentOutOfRangeException(nameof(gEwald), g0, "g_ewald must be > 0"); }
                _g = g0;
            }
            else
            {
                double g = accuracy * Math.Sqrt(natoms * cutoff * xprd * yprd * zprd) / (2.0 * q2);
                _g = g >= 1.0 ? (1.35 - 0.15 * Math.Log(accuracy)) / cutoff : Math.Sqrt(-Math.Log(g)) / cutoff;
            }

            double hx = 1.0 / _g, hy = hx, hz = hx;
            int nx = (int)(xprd / hx) + 1;
            int ny = (int)(yprd / hy) + 1;
            int nz = (int)(zprd / hz) + 1;
            double err = EstimateIkError(hx, xprd);
            while (err > accuracy)
            {
                err = EstimateIkError(hx, xprd);
                nx++;
                hx = xprd / nx;
            }

            err = EstimateIkError(hy, yprd);
            while (err > accuracy)
            {
                err = EstimateIkError(hy, yprd);
                ny++;
                hy = yprd / ny;
            }

            err = EstimateIkError(hz, zprd);
            while (err > accuracy)
            {
                err = EstimateIkError(hz, zprd);
                nz++;
                hz = zprd / nz;
            }

            while (!FftBatch.IsFactorable(nx)) { nx++; }
            while (!FftBatch.IsFactorable(ny)) { ny++; }
            while (!FftBatch.IsFactorable(nz)) { nz++; }
            if (nx >= 16384 || ny >= 16384 || nz >= 16384) { throw new InvalidOperationException("PPPM grid is too large"); }
            _nx = nx; _ny = ny; _nz = nz;

            if (gEwald is null)
            {
                bool converged = false;
                for (int i = 0; i < Large; i++)
                {
                    double dx = NewtonRaphsonF(box) / DerivF(box);
                    _g -= dx;
                    if (Math.Abs(NewtonRaphsonF(box)) < Small) { converged = true; break; }
                }

                if (!converged) { throw new InvalidOperationException("PPPM could not compute g_ewald"); }
            }

            double kspace = ComputeDfKspace(box);
            double real = 2.0 * (q2 / Math.Sqrt(natoms * cutoff * xprd * yprd * zprd)) * Math.Exp(-_g * _g * cutoff * cutoff);
            double estimated = Math.Sqrt(kspace * kspace + real * real);
            return new PppmGrid(nx, ny, nz, _g, kspace, real, estimated / Units.Coulomb);
        }

        private double EstimateIkError(double h, double prd)
        {
            double sum = 0.0;
            for (int m = 0; m < order; m++) { sum += Acons[order][m] * Math.Pow(h * _g, 2.0 * m); }
            return q2 * Math.Pow(h * _g, order) * Math.Sqrt(_g * prd * Math.Sqrt(2.0 * Math.PI) * sum / natoms) / (prd * prd);
        }

        private double ComputeDfKspace(Box box)
        {
            double lprx = EstimateIkError(box.Lx / _nx, box.Lx);
            double lpry = EstimateIkError(box.Ly / _ny, box.Ly);
            double lprz = EstimateIkError(box.Lz / _nz, box.Lz);
            return Math.Sqrt(lprx * lprx + lpry * lpry + lprz * lprz) / Math.Sqrt(3.0);
        }

        private double NewtonRaphsonF(Box box)
        {
            double dfRspace = 2.0 * q2 * Math.Exp(-_g * _g * cutoff * cutoff) / Math.Sqrt((double)natoms * cutoff * box.Lx * box.Ly * box.Lz);
            return dfRspace - ComputeDfKspace(box);
        }

        private double DerivF(Box box)
        {
            const double h = 0.000001;
            double f1 = NewtonRaphsonF(box);
            double old = _g;
            _g += h;
            double f2 = NewtonRaphsonF(box);
            _g = old;
            return (f2 - f1) / h;
        }
    }

    private static double[][] BuildAcons()
    {
        var a = new double[8][];
        for (int i = 0; i < 8; i++) { a[i] = new double[7]; }
        a[1][0] = 2.0 / 3.0;
        a[2][0] = 1.0 / 50.0;
        a[2][1] = 5.0 / 294.0;
        a[3][0] = 1.0 / 588.0;
        a[3][1] = 7.0 / 1440.0;
        a[3][2] = 21.0 / 3872.0;
        a[4][0] = 1.0 / 4320.0;
        a[4][1] = 3.0 / 1936.0;
        a[4][2] = 7601.0 / 2271360.0;
        a[4][3] = 143.0 / 28800.0;
        a[5][0] = 1.0 / 23232.0;
        a[5][1] = 7601.0 / 13628160.0;
        a[5][2] = 143.0 / 69120.0;
        a[5][3] = 517231.0 / 106536960.0;
        a[5][4] = 106640677.0 / 11737571328.0;
        a[6][0] = 691.0 / 68140800.0;
        a[6][1] = 13.0 / 57600.0;
        a[6][2] = 47021.0 / 35512320.0;
        a[6][3] = 9694607.0 / 2095994880.0;
        a[6][4] = 733191589.0 / 59609088000.0;
        a[6][5] = 326190917.0 / 11700633600.0;
        a[7][0] = 1.0 / 345600.0;
        a[7][1] = 3617.0 / 35512320.0;
        a[7][2] = 745739.0 / 838397952.0;
        a[7][3] = 56399353.0 / 12773376000.0;
        a[7][4] = 25091609.0 / 1560084480.0;
        a[7][5] = 1755948832039.0 / 36229939200000.0;
        a[7][6] = 4887769399.0 / 37838389248.0;
        return a;
    }
}
