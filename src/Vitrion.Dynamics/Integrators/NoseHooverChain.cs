using Vitrion.Core;

namespace Vitrion.Dynamics.Integrators;

/// <summary>
/// The Nosé–Hoover chain half steps of LAMMPS fix nh (nhc_temp_integrate and, for the isotropic barostat,
/// nhc_press_integrate): chain of <see cref="Length"/>, one sub-step, Suzuki–Yoshida weight 1. Pure scalar updates of the
/// chain arrays, shared by <see cref="NoseHoover"/> and the device integrators, so both follow the same operations.
/// </summary>
public static class NoseHooverChain
{
    /// <summary>Chain length (LAMMPS default 3).</summary>
    public const int Length = 3;

    /// <summary>
    /// Thermostat half step: updates η, η̇, η̈ and the masses (η̇ has one extra zero entry) and the current temperature, and
    /// returns the factor by which the caller must scale every velocity.
    /// </summary>
    /// <param name="eta">η (Length).</param>
    /// <param name="etaDot">η̇ (Length + 1, last entry 0).</param>
    /// <param name="etaDotDot">η̈ (Length).</param>
    /// <param name="etaMass">chain masses (Length), recomputed from the target.</param>
    /// <param name="dof">degrees of freedom.</param>
    /// <param name="tTarget">target temperature [K].</param>
    /// <param name="tCurrent">current temperature [K], scaled with the velocities.</param>
    /// <param name="dt">timestep [fs].</param>
    /// <param name="tdamp">damping time [fs].</param>
    public static double Thermostat(double[] eta, double[] etaDot, double[] etaDotDot, double[] etaMass, int dof, double tTarget, ref double tCurrent,
        double dt, double tdamp)
    {
        double kB = Units.Boltzmann;
        double dthalf = 0.5 * dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt;
        double tFreq = 1.0 / tdamp;
        etaMass[0] = dof * kB * tTarget / (tFreq * tFreq);
        for (int ich = 1; ich < Length; ich++) { etaMass[ich] = kB * tTarget / (tFreq * tFreq); }
        double keCurrent = dof * kB * tCurrent;
        double keTarget = dof * kB * tTarget;
        etaDotDot[0] = etaMass[0] > 0 ? (keCurrent - keTarget) / etaMass[0] : 0;

        double expfac;
        for (int ich = Length - 1; ich > 0; ich--)
        {
            expfac = Math.Exp(-dt8 * etaDot[ich + 1]);
            etaDot[ich] *= expfac;
            etaDot[ich] += etaDotDot[ich] * dt4;
            etaDot[ich] *= expfac;
        }

        expfac = Math.Exp(-dt8 * etaDot[1]);
        etaDot[0] *= expfac;
        etaDot[0] += etaDotDot[0] * dt4;
        etaDot[0] *= expfac;

        double factorEta = Math.Exp(-dthalf * etaDot[0]);
        tCurrent *= factorEta * factorEta;
        keCurrent = dof * kB * tCurrent;
        etaDotDot[0] = etaMass[0] > 0 ? (keCurrent - keTarget) / etaMass[0] : 0;

        for (int ich = 0; ich < Length; ich++) { eta[ich] += dthalf * etaDot[ich]; }

        etaDot[0] *= expfac;
        etaDot[0] += etaDotDot[0] * dt4;
        etaDot[0] *= expfac;
        for (int ich = 1; ich < Length; ich++)
        {
            expfac = Math.Exp(-dt8 * etaDot[ich + 1]);
            etaDot[ich] *= expfac;
            etaDotDot[ich] = (etaMass[ich - 1] * etaDot[ich - 1] * etaDot[ich - 1] - kB * tTarget) / etaMass[ich];
            etaDot[ich] += etaDotDot[ich] * dt4;
            etaDot[ich] *= expfac;
        }

        return factorEta;
    }

    /// <summary>Barostat-chain half step (iso): updates the chain arrays and the strain rate ω̇.</summary>
    /// <param name="etap">η_p (Length).</param>
    /// <param name="etapDot">η̇_p (Length + 1, last entry 0).</param>
    /// <param name="etapDotDot">η̈_p (Length).</param>
    /// <param name="etapMass">chain masses (Length), recomputed from the target.</param>
    /// <param name="omegaMass">barostat mass W.</param>
    /// <param name="omegaDot">strain rate ω̇ [1/fs], scaled.</param>
    /// <param name="tTarget">target temperature [K].</param>
    /// <param name="dt">timestep [fs].</param>
    /// <param name="pdamp">barostat damping time [fs].</param>
    public static void Barostat(double[] etap, double[] etapDot, double[] etapDotDot, double[] etapMass, double omegaMass, ref double omegaDot,
        double tTarget, double dt, double pdamp)
    {
        double kB = Units.Boltzmann;
        double dthalf = 0.5 * dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt;
        double kt = kB * tTarget;
        double pFreq = 1.0 / pdamp;
        for (int ich = 0; ich < Length; ich++) { etapMass[ich] = kt / (pFreq * pFreq); }
        double keCurrent = 3 * omegaMass * omegaDot * omegaDot;
        double lktPress = kt; // iso
        etapDotDot[0] = (keCurrent - lktPress) / etapMass[0];

        double expfac;
        for (int ich = Length - 1; ich > 0; ich--)
        {
            expfac = Math.Exp(-dt8 * etapDot[ich + 1]);
            etapDot[ich] *= expfac;
            etapDot[ich] += etapDotDot[ich] * dt4;
            etapDot[ich] *= expfac;
        }

        expfac = Math.Exp(-dt8 * etapDot[1]);
        etapDot[0] *= expfac;
        etapDot[0] += etapDotDot[0] * dt4;
        etapDot[0] *= expfac;

        for (int ich = 0; ich < Length; ich++) { etap[ich] += dthalf * etapDot[ich]; }

        double factorEtap = Math.Exp(-dthalf * etapDot[0]);
        omegaDot *= factorEtap;
        keCurrent = 3 * omegaMass * omegaDot * omegaDot;
        etapDotDot[0] = (keCurrent - lktPress) / etapMass[0];
        etapDot[0] *= expfac;
        etapDot[0] += etapDotDot[0] * dt4;
        etapDot[0] *= expfac;
        for (int ich = 1; ich < Length; ich++)
        {
            expfac = Math.Exp(-dt8 * etapDot[ich + 1]);
            etapDot[ich] *= expfac;
            etapDotDot[ich] = (etapMass[ich - 1] * etapDot[ich - 1] * etapDot[ich - 1] - kt) / etapMass[ich];
            etapDot[ich] += etapDotDot[ich] * dt4;
            etapDot[ich] *= expfac;
        }
    }
}
