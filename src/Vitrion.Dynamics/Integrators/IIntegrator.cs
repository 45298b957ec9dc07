using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Dynamics.Integrators;

/// <summary>
/// What an integrator sees during one step: the state, the forces of the current positions, the timestep and the
/// stage's control schedules at the current progress.
/// </summary>
public sealed class IntegrationContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="state">the state (mutated by the integrator).</param>
    /// <param name="forces">the forces of the current positions (filled by the driver).</param>
    /// <param name="timestepFs">timestep [fs].</param>
    public IntegrationContext(SystemState state, ForceBuffer forces, double timestepFs)
    {
        State = state;
        Forces = forces;
        TimestepFs = timestepFs;
        DegreesOfFreedom = Thermo.DegreesOfFreedom(state.AtomCount);
    }

    /// <summary>The state.</summary>
    public SystemState State { get; }

    /// <summary>The forces [kcal/mol/Å], energies and virial of the current positions.</summary>
    public ForceBuffer Forces { get; }

    /// <summary>Timestep [fs].</summary>
    public double TimestepFs { get; }

    /// <summary>Degrees of freedom used for the temperature (3N − 3).</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>Progress of the stage, (step − begin)/(end − begin), as LAMMPS's delta; set by the driver each step.</summary>
    public double Fraction { get; set; }

    /// <summary>Target temperature schedule [K] (null for NVE).</summary>
    public Schedule? Temperature { get; init; }

    /// <summary>Target pressure schedule [atm] (null without barostat).</summary>
    public Schedule? Pressure { get; init; }

    /// <summary>The target temperature [K] at the current progress.</summary>
    public double TargetTemperature => Temperature?.ValueAt(Fraction) ?? throw new InvalidOperationException("no temperature schedule");

    /// <summary>The target pressure [atm] at the current progress.</summary>
    public double TargetPressure => Pressure?.ValueAt(Fraction) ?? throw new InvalidOperationException("no pressure schedule");

    /// <summary>Kinetic energy [kcal/mol] of the current velocities.</summary>
    public double KineticEnergy() => State.KineticEnergy();

    /// <summary>Temperature [K] of the current velocities (3N − 3 degrees of freedom).</summary>
    public double CurrentTemperature() => Thermo.Temperature(State.KineticEnergy(), DegreesOfFreedom);

    /// <summary>v += dt/2 · F/m (LAMMPS nve_v).</summary>
    public void HalfKick()
    {
        double dtf = 0.5 * TimestepFs * Units.ForceToAcceleration;
        var v = State.Velocities;
        var f = Forces.Forces;
        var m = State.Topology.Masses;
        for (int i = 0; i < v.Length; i++)
        {
            double dtfm = dtf / m[i];
            v[i] = new Vec3(v[i].X + dtfm * f[i].X, v[i].Y + dtfm * f[i].Y, v[i].Z + dtfm * f[i].Z);
        }
    }

    /// <summary>x += s · v (LAMMPS nve_x with s = dt).</summary>
    public void Drift(double seconds)
    {
        var x = State.Positions;
        var v = State.Velocities;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = new Vec3(x[i].X + seconds * v[i].X, x[i].Y + seconds * v[i].Y, x[i].Z + seconds * v[i].Z);
        }

        State.Touch();
    }

    /// <summary>v *= factor for every atom.</summary>
    public void ScaleVelocities(double factor)
    {
        var v = State.Velocities;
        for (int i = 0; i < v.Length; i++) { v[i] = new Vec3(v[i].X * factor, v[i].Y * factor, v[i].Z * factor); }
    }
}

/// <summary>
/// A time integrator in the LAMMPS split: <see cref="InitialIntegrate"/> (first half-kick, drift, thermostat and
/// barostat half steps) before the force evaluation, <see cref="FinalIntegrate"/> after it. The conserved quantity
/// of the run is PE + KE + <see cref="CouplingEnergy"/> (LAMMPS etotal + ecouple).
/// </summary>
public interface IIntegrator
{
    /// <summary>Short name ("nve", "nvt", "npt", "langevin").</summary>
    string Name { get; }

    /// <summary>Prepares for a new stage (thermostat masses etc.), with the forces of the initial positions present.</summary>
    void Setup(IntegrationContext context);

    /// <summary>First half of a step: moves velocities, positions and (for barostats) the box.</summary>
    void InitialIntegrate(IntegrationContext context);

    /// <summary>Second half of a step, after the new forces were computed.</summary>
    void FinalIntegrate(IntegrationContext context);

    /// <summary>Energy [kcal/mol] of the extended-system variables / heat exchanged with the bath, so that PE + KE + this is conserved.</summary>
    double CouplingEnergy(IntegrationContext context);

    /// <summary>Writes the integrator's complete internal state (for bitwise restarts).</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>Restores a state written by <see cref="WriteState"/> (instead of calling <see cref="Setup"/>).</summary>
    void ReadState(BinaryReader reader);
}

/// <summary>Plain velocity Verlet (NVE, LAMMPS fix nve).</summary>
public sealed class VelocityVerlet : IIntegrator
{
    /// <inheritdoc/>
    public string Name => "nve";

    /// <inheritdoc/>
    public void Setup(IntegrationContext context) { }

    /// <inheritdoc/>
    public void InitialIntegrate(IntegrationContext context)
    {
        context.HalfKick();
        context.Drift(context.TimestepFs);
    }

    /// <inheritdoc/>
    public void FinalIntegrate(IntegrationContext context) => context.HalfKick();

    /// <inheritdoc/>
    public double CouplingEnergy(IntegrationContext context) => 0;

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer) { }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader) { }
}
