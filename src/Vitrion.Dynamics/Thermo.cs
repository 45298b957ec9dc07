using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Dynamics;

/// <summary>
/// Thermodynamic helpers with LAMMPS conventions: temperature from 3N − 3 degrees of freedom (compute temp with
/// the centre-of-mass momentum removed), pressure from the virial (compute pressure), density in g/cm³.
/// </summary>
public static class Thermo
{
    /// <summary>Degrees of freedom of <paramref name="atomCount"/> atoms with zero total momentum: 3N − 3 (LAMMPS compute temp).</summary>
    public static int DegreesOfFreedom(int atomCount) => Math.Max(3 * atomCount - 3, 1);

    /// <summary>Instantaneous temperature [K] = 2 KE / (dof kB).</summary>
    public static double Temperature(double kineticEnergy, int dof) => 2.0 * kineticEnergy / (dof * Units.Boltzmann);

    /// <summary>Instantaneous temperature [K] of a state (3N − 3 degrees of freedom).</summary>
    public static double Temperature(SystemState state) => Temperature(state.KineticEnergy(), DegreesOfFreedom(state.AtomCount));

    /// <summary>Mass density [g/cm³] of a state.</summary>
    public static double Density(SystemState state) => state.Topology.TotalMass / state.Box.Volume * Units.DensityToGramPerCm3;

    /// <summary>Pressure [atm] from the virial of <paramref name="forces"/> and the kinetic energy [kcal/mol].</summary>
    public static double Pressure(SystemState state, ForceBuffer forces, double kineticEnergy) => forces.Pressure(state.Box, kineticEnergy);

    /// <summary>Total momentum Σ m v [g/mol·Å/fs].</summary>
    public static Vec3 Momentum(SystemState state)
    {
        var m = state.Topology.Masses;
        var v = state.Velocities;
        double px = 0, py = 0, pz = 0;
        for (int i = 0; i < v.Length; i++)
        {
            px += m[i] * v[i].X; py += m[i] * v[i].Y; pz += m[i] * v[i].Z;
        }

        return new Vec3(px, py, pz);
    }

    /// <summary>Removes the centre-of-mass velocity (LAMMPS velocity ... mom yes).</summary>
    public static void ZeroMomentum(SystemState state)
    {
        Vec3 vcm = Momentum(state) / state.Topology.TotalMass;
        var v = state.Velocities;
        for (int i = 0; i < v.Length; i++) { v[i] -= vcm; }
    }

    /// <summary>Multiplies every velocity so that the temperature becomes <paramref name="temperature"/> [K] (no-op when it is zero).</summary>
    public static void ScaleToTemperature(SystemState state, double temperature)
    {
        double t = Temperature(state);
        if (!(t > 0)) { return; }
        double s = Math.Sqrt(temperature / t);
        var v = state.Velocities;
        for (int i = 0; i < v.Length; i++) { v[i] *= s; }
    }

    /// <summary>
    /// Maxwell–Boltzmann velocities at <paramref name="temperature"/> [K] from <paramref name="random"/>: each component
    /// Gaussian with variance kB T / m, then the total momentum removed and the velocities scaled so the temperature
    /// (3N − 3 degrees of freedom) is exactly the target (as LAMMPS velocity create ... mom yes does).
    /// </summary>
    public static void AssignMaxwellBoltzmann(SystemState state, double temperature, SeededRandom random)
    {
        if (!(temperature >= 0) || !double.IsFinite(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), "temperature must be finite and non-negative");
        }

        var m = state.Topology.Masses;
        var v = state.Velocities;
        for (int i = 0; i < v.Length; i++)
        {
            double s = Math.Sqrt(Units.Boltzmann * temperature / (m[i] * Units.MvvToEnergy));
            double x = random.NextGaussian(), y = random.NextGaussian(), z = random.NextGaussian();
            v[i] = new Vec3(s * x, s * y, s * z);
        }

        if (v.Length > 1) { ZeroMomentum(state); }
        ScaleToTemperature(state, temperature);
    }
}
