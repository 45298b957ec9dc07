using ILGPU;

namespace Vitrion.Device.Kernels;

/// <summary>Small kernels: clearing, fixed-order partial sums, adding host forces, and the integrator updates.</summary>
public static class UtilityKernels
{
    /// <summary>Number of chunks of a fixed-order reduction (each summed serially, the chunk sums added on the host in order).</summary>
    public const int Chunks = 256;

    /// <summary>Sets every element to zero.</summary>
    public static void Clear(Index1D i, ArrayView<double> a) => a[i] = 0;

    /// <summary>Partial sums of the accumulator's columns: thread c sums atoms [c·n/Chunks, (c+1)·n/Chunks) in order.</summary>
    public static void Partials(Index1D c, ArrayView<double> acc, ArrayView<double> partial, int n)
    {
        int a0 = (int)((long)n * c / Chunks), a1 = (int)((long)n * (c + 1) / Chunks);
        for (int col = 0; col < Acc.Stride; col++)
        {
            double s = 0;
            for (int a = a0; a < a1; a++) { s += acc[Acc.Stride * a + col]; }
            partial[Acc.Stride * c + col] = s;
        }
    }

    /// <summary>Partial sums of m·v² (kinetic energy without the ½·mvv2e factor), per chunk.</summary>
    public static void KineticPartials(Index1D c, ArrayView<double> v, ArrayView<double> mass, ArrayView<double> partial, int n)
    {
        int a0 = (int)((long)n * c / Chunks), a1 = (int)((long)n * (c + 1) / Chunks);
        double s = 0;
        for (int a = a0; a < a1; a++)
        {
            double vx = v[3 * a], vy = v[3 * a + 1], vz = v[3 * a + 2];
            s += mass[a] * (vx * vx + vy * vy + vz * vz);
        }

        partial[c] = s;
    }

    /// <summary>Adds host-computed forces (3 per atom) and per-atom energies to the accumulator.</summary>
    public static void AddHost(Index1D i, ArrayView<double> f, ArrayView<double> e, ArrayView<double> acc)
    {
        int o = Acc.Stride * i;
        acc[o] += f[3 * i]; acc[o + 1] += f[3 * i + 1]; acc[o + 2] += f[3 * i + 2]; acc[o + Acc.EAtom] += e[i];
    }

    /// <summary>v += dtf/m · F (LAMMPS nve_v; dtf = dt/2 · ftm2v).</summary>
    public static void HalfKick(Index1D i, ArrayView<double> v, ArrayView<double> acc, ArrayView<double> mass, double dtf)
    {
        double dtfm = dtf / mass[i];
        int o = Acc.Stride * i;
        v[3 * i] = v[3 * i] + dtfm * acc[o];
        v[3 * i + 1] = v[3 * i + 1] + dtfm * acc[o + 1];
        v[3 * i + 2] = v[3 * i + 2] + dtfm * acc[o + 2];
    }

    /// <summary>v += dtf/m · F, then x += dt · v (LAMMPS fix nve initial_integrate).</summary>
    public static void KickDrift(Index1D i, ArrayView<double> x, ArrayView<double> v, ArrayView<double> acc, ArrayView<double> mass, double dtf, double dt)
    {
        HalfKick(i, v, acc, mass, dtf);
        x[3 * i] = x[3 * i] + dt * v[3 * i];
        x[3 * i + 1] = x[3 * i + 1] + dt * v[3 * i + 1];
        x[3 * i + 2] = x[3 * i + 2] + dt * v[3 * i + 2];
    }

    /// <summary>x += dt · v.</summary>
    public static void Drift(Index1D i, ArrayView<double> x, ArrayView<double> v, double dt)
    {
        x[3 * i] = x[3 * i] + dt * v[3 * i];
        x[3 * i + 1] = x[3 * i + 1] + dt * v[3 * i + 1];
        x[3 * i + 2] = x[3 * i + 2] + dt * v[3 * i + 2];
    }

    /// <summary>Isotropic dilation about a fixed point: x = p + e (x − p) (fix nh remap).</summary>
    public static void Remap(Index1D i, ArrayView<double> x, double px, double py, double pz, double e)
    {
        x[3 * i] = px + e * (x[3 * i] - px);
        x[3 * i + 1] = py + e * (x[3 * i + 1] - py);
        x[3 * i + 2] = pz + e * (x[3 * i + 2] - pz);
    }

    /// <summary>v *= factor.</summary>
    public static void Scale(Index1D i, ArrayView<double> v, double factor) => v[i] = v[i] * factor;
}
