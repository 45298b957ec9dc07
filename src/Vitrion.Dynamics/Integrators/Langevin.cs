using Vitrion.Core;

namespace Vitrion.Dynamics.Integrators;

/// <summary>
/// Langevin dynamics in the BAOAB splitting (Leimkuhler–Matthews): ½-kick, ½-drift, exact Ornstein–Uhlenbeck
/// velocity update v ← c₁ v + √((1 − c₁²) kB T/m) ξ with c₁ = exp(−dt/damp), ½-drift, forces, ½-kick. The centre-of-mass
/// velocity added by the noise is removed (as LAMMPS fix langevin ... zero yes), so the 3N − 3 temperature applies.
/// The random numbers come from a <see cref="SeededRandom"/> stored in the integrator state (exact restarts). The
/// conserved quantity subtracts the heat taken from the bath (PE + KE − Σ ΔKE_O).
/// </summary>
public sealed class Langevin : IIntegrator
{
    private SeededRandom _random;
    private double _heat;

    /// <summary>Creates the integrator.</summary>
    /// <param name="dampFs">friction time 1/γ [fs] (LAMMPS fix langevin damp).</param>
    /// <param name="seed">seed of the noise.</param>
    public Langevin(double dampFs, ulong seed)
    {
        if (!(dampFs > 0)) { throw new ArgumentOutOfRangeException(nameof(dampFs), "damp must be positive [fs]"); }
        DampFs = dampFs;
        _random = new SeededRandom(seed);
    }

    /// <summary>Friction time [fs].</summary>
    public double DampFs { get; }

    /// <inheritdoc/>
    public string Name => "langevin";

    /// <inheritdoc/>
    public void Setup(IntegrationContext context) { }

    /// <inheritdoc/>
    public void InitialIntegrate(IntegrationContext c)
    {
        double dt = c.TimestepFs;
        c.HalfKick();
        c.Drift(0.5 * dt);
        double ke0 = c.KineticEnergy();
        double c1 = Math.Exp(-dt / DampFs);
        double c2 = Math.Sqrt(1 - c1 * c1);
        double kt = Units.Boltzmann * c.TargetTemperature;
        var v = c.State.Velocities;
        var m = c.State.Topology.Masses;
        for (int i = 0; i < v.Length; i++)
        {
            double s = c2 * Math.Sqrt(kt / (m[i] * Units.MvvToEnergy));
            double gx = _random.NextGaussian(), gy = _random.NextGaussian(), gz = _random.NextGaussian();
            v[i] = new Vec3(c1 * v[i].X + s * gx, c1 * v[i].Y + s * gy, c1 * v[i].Z + s * gz);
        }

        if (v.Length > 1) { Thermo.ZeroMomentum(c.State); }
        _heat += c.KineticEnergy() - ke0;
        c.Drift(0.5 * dt);
    }

    /// <inheritdoc/>
    public void FinalIntegrate(IntegrationContext c) => c.HalfKick();

    /// <inheritdoc/>
    public double CouplingEnergy(IntegrationContext context) => -_heat;

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_heat);
        _random.Write(writer);
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader)
    {
        _heat = reader.ReadDouble();
        _random = SeededRandom.Read(reader);
    }
}
