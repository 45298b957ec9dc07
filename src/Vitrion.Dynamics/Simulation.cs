using Vitrion.Core;
using Vitrion.Dynamics.Integrators;
using Vitrion.ForceField;

namespace Vitrion.Dynamics;

/// <summary>Thermodynamic state at one step (LAMMPS thermo keywords in brackets).</summary>
/// <param name="Step">timestep number.</param>
/// <param name="TimeFs">simulated time [fs].</param>
/// <param name="Temperature">temperature [K] (temp; 3N − 3 degrees of freedom).</param>
/// <param name="PotentialEnergy">potential energy [kcal/mol] (pe).</param>
/// <param name="KineticEnergy">kinetic energy [kcal/mol] (ke).</param>
/// <param name="TotalEnergy">PE + KE [kcal/mol] (etotal).</param>
/// <param name="Conserved">PE + KE + thermostat/barostat energy [kcal/mol] (etotal + ecouple).</param>
/// <param name="Pressure">pressure [atm] (press).</param>
/// <param name="Volume">box volume [Å³] (vol).</param>
/// <param name="Density">density [g/cm³] (density).</param>
public sealed record ThermoSample(long Step, double TimeFs, double Temperature, double PotentialEnergy, double KineticEnergy,
    double TotalEnergy, double Conserved, double Pressure, double Volume, double Density);

/// <summary>Safety limits of a run.</summary>
public sealed record SimulationOptions
{
    /// <summary>Largest displacement [Å] any atom may make in one step before the run is stopped; default 2 (the neighbour skin).</summary>
    public double MaxDisplacementPerStep { get; init; } = 2.0;

    /// <summary>Temperature [K] above which the run is stopped; null: 10 × max(initial T, schedule T, 300 K).</summary>
    public double? TemperatureLimit { get; init; }

    /// <summary>Positions are re-wrapped into the box (image flags updated) once an atom is this far outside [Å]; default 1.</summary>
    public double WrapMargin { get; init; } = 1.0;
}

/// <summary>Thrown when a run becomes unphysical (NaN, an atom jumping, a temperature explosion).</summary>
public sealed class SimulationBlowUpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SimulationBlowUpException(string message, SystemState lastGood)
        : base(message)
    {
        LastGood = lastGood;
    }

    /// <summary>A copy of the state at the end of the last good step.</summary>
    public SystemState LastGood { get; }
}

/// <summary>Something called every <see cref="Interval"/> steps of a <see cref="Simulation"/> (thermo log, dumps, checkpoints).</summary>
public interface ISimulationObserver
{
    /// <summary>Call interval in steps (called when step % interval == 0; 0 = never during the run).</summary>
    long Interval { get; }

    /// <summary>Called after a completed step.</summary>
    void OnStep(Simulation simulation);
}

/// <summary>
/// Drives one integrator with one potential over a stage of steps: the LAMMPS Verlet loop (step++, initial
/// integrate, re-wrap when needed, forces, final integrate, blow-up checks, observers). Stage progress for
/// schedules is (step − <see cref="BeginStep"/>)/(<see cref="EndStep"/> − <see cref="BeginStep"/>).
/// Observers (thermo, dumps, checkpoints) only read the run: writing a checkpoint does not change the trajectory.
/// </summary>
public sealed class Simulation
{
    private readonly SimulationOptions _options;
    private Vec3[] _lastPositions;
    private Vec3[] _lastVelocities;
    private Int3[] _lastImages;
    private Box _lastBox;
    private long _lastStep;
    private double _lastTime;
    private double _temperatureLimit;

    /// <summary>Creates a simulation; call <see cref="Setup"/> or <see cref="Restore"/> before stepping.</summary>
    /// <param name="state">the state (mutated).</param>
    /// <param name="potential">the potential.</param>
    /// <param name="integrator">the integrator.</param>
    /// <param name="timestepFs">timestep [fs].</param>
    /// <param name="temperature">temperature schedule [K] (required for nvt/npt/langevin).</param>
    /// <param name="pressure">pressure schedule [atm] (required for npt).</param>
    /// <param name="options">safety limits.</param>
    public Simulation(SystemState state, IPotential potential, IIntegrator integrator, double timestepFs,
        Schedule? temperature = null, Schedule? pressure = null, SimulationOptions? options = null)
    {
        if (!(timestepFs > 0) || !double.IsFinite(timestepFs)) { throw new ArgumentOutOfRangeException(nameof(timestepFs), "timestep must be positive [fs]"); }
        State = state;
        Potential = potential;
        Integrator = integrator;
        _options = options ?? new SimulationOptions();
        Forces = new ForceBuffer(state.AtomCount);
        Context = new IntegrationContext(state, Forces, timestepFs) { Temperature = temperature, Pressure = pressure };
        _lastPositions = new Vec3[state.AtomCount];
        _lastVelocities = new Vec3[state.AtomCount];
        _lastImages = new Int3[state.AtomCount];
        _lastBox = state.Box;
    }

    /// <summary>The state.</summary>
    public SystemState State { get; }

    /// <summary>The potential in use.</summary>
    public IPotential Potential { get; private set; }

    /// <summary>Makes fresh potentials (for checkpoints that restart bitwise); may be null.</summary>
    public Func<IPotential>? PotentialFactory { get; init; }

    /// <summary>The integrator.</summary>
    public IIntegrator Integrator { get; }

    /// <summary>The forces of the current positions.</summary>
    public ForceBuffer Forces { get; }

    /// <summary>The integration context.</summary>
    public IntegrationContext Context { get; }

    /// <summary>First step of the stage (progress 0).</summary>
    public long BeginStep { get; private set; }

    /// <summary>Last step of the stage (progress 1).</summary>
    public long EndStep { get; private set; }

    /// <summary>Timestep [fs].</summary>
    public double TimestepFs => Context.TimestepFs;

    /// <summary>Number of force evaluations so far.</summary>
    public long ForceEvaluations { get; private set; }

    /// <summary>Prepares a new stage running from the current step to <paramref name="endStep"/>: forces and integrator setup.</summary>
    public void Setup(long endStep)
    {
        BeginStep = State.Step;
        EndStep = endStep;
        Context.Fraction = 0;
        ComputeForces();
        Integrator.Setup(Context);
        InitLimits();
    }

    /// <summary>Continues a stage from a checkpoint: integrator state restored instead of set up.</summary>
    public void Restore(long beginStep, long endStep, byte[] integratorState)
    {
        BeginStep = beginStep;
        EndStep = endStep;
        Context.Fraction = Progress(State.Step);
        ComputeForces();
        using var r = new BinaryReader(new MemoryStream(integratorState));
        Integrator.ReadState(r);
        InitLimits();
    }

    /// <summary>The integrator's state as bytes (for checkpoints).</summary>
    public byte[] IntegratorState()
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) { Integrator.WriteState(w); }
        return ms.ToArray();
    }

    /// <summary>Replaces the potential by a fresh one from <see cref="PotentialFactory"/> and recomputes the forces (no-op without a factory).</summary>
    public void RefreshPotential()
    {
        if (PotentialFactory is null) { return; }
        Potential = PotentialFactory();
        ComputeForces();
    }

    /// <summary>The thermodynamic state now.</summary>
    public ThermoSample Sample()
    {
        double ke = State.KineticEnergy();
        double pe = Forces.PotentialEnergy;
        double t = Thermo.Temperature(ke, Context.DegreesOfFreedom);
        double cons = pe + ke + Integrator.CouplingEnergy(Context);
        return new ThermoSample(State.Step, State.TimeFs, t, pe, ke, pe + ke, cons, Forces.Pressure(State.Box, ke), State.Box.Volume, Thermo.Density(State));
    }

    /// <summary>Runs until the step counter reaches <paramref name="untilStep"/>, calling observers; stops between steps when cancelled.</summary>
    public void Run(long untilStep, IReadOnlyList<ISimulationObserver>? observers = null, CancellationToken cancel = default)
    {
        // Energies and the virial only where something reads them (as LAMMPS, which computes them on thermo steps): a step
        // where an observer runs, the run's last step, or every step under a barostat; the forces are the same either way.
        _observersOfRun = observers;
        _endOfRun = untilStep;
        try
        {
            while (State.Step < untilStep)
            {
                cancel.ThrowIfCancellationRequested();
                Step();
                if (observers is null) { continue; }
                foreach (var o in observers)
                {
                    if (o.Interval > 0 && State.Step % o.Interval == 0) { o.OnStep(this); }
                }
            }
        }
        finally
        {
            _observersOfRun = null;
            Forces.EnergyRequested = true;
        }
    }

    private IReadOnlyList<ISimulationObserver>? _observersOfRun;
    private long _endOfRun = long.MinValue;

    /// <summary>Leave energies and the virial out of force evaluations on steps where nothing reads them (default true).</summary>
    public bool EnergiesOnlyWhenNeeded { get; init; } = true;

    // Whether step needs energies and the virial: outside Run always; in Run at observer steps, the last step and under a barostat.
    private bool EnergyNeeded(long step)
    {
        if (!EnergiesOnlyWhenNeeded || _observersOfRun is null || Context.Pressure is not null || step >= _endOfRun) { return true; }
        foreach (var o in _observersOfRun)
        {
            if (o.Interval > 0 && step % o.Interval == 0) { return true; }
        }

        return false;
    }

    /// <summary>One timestep.</summary>
    public void Step()
    {
        var s = State;
        Array.Copy(s.Positions, _lastPositions, s.AtomCount);
        Array.Copy(s.Velocities, _lastVelocities, s.AtomCount);
        Array.Copy(s.Images, _lastImages, s.AtomCount);
        _lastBox = s.Box;
        _lastStep = s.Step;
        _lastTime = s.TimeFs;

        s.Step++;
        s.TimeFs = _lastTime + TimestepFs;
        Context.Fraction = Progress(s.Step);
        Integrator.InitialIntegrate(Context);
        CheckDisplacements();
        WrapIfNeeded();
        ComputeForces(EnergyNeeded(s.Step));
        Integrator.FinalIntegrate(Context);
        CheckEnergies();
    }

    private double Progress(long step) => EndStep > BeginStep ? (double)(step - BeginStep) / (EndStep - BeginStep) : 0.0;

    private void ComputeForces(bool energy = true)
    {
        Forces.EnergyRequested = energy;
        Potential.Compute(State, Forces);
        ForceEvaluations++;
    }

    private void InitLimits()
    {
        double t0 = Thermo.Temperature(State);
        double tmax = Math.Max(300, double.IsFinite(t0) ? t0 : 0);
        if (Context.Temperature is { } sched)
        {
            for (int k = 0; k <= 20; k++) { tmax = Math.Max(tmax, sched.ValueAt(k / 20.0)); }
        }

        _temperatureLimit = _options.TemperatureLimit ?? 10 * tmax;
        if (!double.IsFinite(Forces.PotentialEnergy))
        {
            throw new SimulationBlowUpException($"the potential energy of the initial configuration at step {State.Step} is not finite", State.Clone());
        }
    }

    private void CheckDisplacements()
    {
        var x = State.Positions;
        double limit2 = _options.MaxDisplacementPerStep * _options.MaxDisplacementPerStep;
        int worst = -1;
        double worstD2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d2 = (x[i] - _lastPositions[i]).NormSquared;
            if (!(d2 <= limit2) && (worst < 0 || !(d2 <= worstD2)))
            {
                worst = i;
                worstD2 = d2;
            }
        }

        if (worst >= 0)
        {
            Fail(FormattableString.Invariant(
                $"atom {State.Topology.Ids[worst]} moved {Math.Sqrt(worstD2):G4} Å in one step (limit {_options.MaxDisplacementPerStep} Å): the timestep is too large or the structure has overlapping atoms"));
        }
    }

    private void CheckEnergies()
    {
        double pe = Forces.PotentialEnergy;
        if (Forces.EnergyRequested && !double.IsFinite(pe))
        {
            Fail("the potential energy became NaN or infinite");
        }

        // Without energies this step, non-finite forces show up in the velocities below.

        double t = Context.CurrentTemperature();
        if (!double.IsFinite(t))
        {
            Fail("velocities became NaN or infinite");
        }

        if (t > _temperatureLimit)
        {
            Fail(FormattableString.Invariant($"the temperature exploded to {t:G5} K (limit {_temperatureLimit:G5} K)"));
        }
    }

    private void Fail(string why)
    {
        var good = new SystemState(State.Topology, _lastBox, (Vec3[])_lastPositions.Clone(), (Vec3[])_lastVelocities.Clone(), (Int3[])_lastImages.Clone())
        {
            Step = _lastStep,
            TimeFs = _lastTime,
        };
        throw new SimulationBlowUpException(FormattableString.Invariant($"run blew up at step {State.Step}: {why}"), good);
    }

    private void WrapIfNeeded()
    {
        var box = State.Box;
        Vec3 w = box.PerpendicularWidths;
        double mx = _options.WrapMargin / w.X, my = _options.WrapMargin / w.Y, mz = _options.WrapMargin / w.Z;
        var x = State.Positions;
        var (px, py, pz) = box.Periodic;
        for (int i = 0; i < x.Length; i++)
        {
            Vec3 f = box.ToFractional(x[i]);
            if ((px && (f.X < -mx || f.X > 1 + mx)) || (py && (f.Y < -my || f.Y > 1 + my)) || (pz && (f.Z < -mz || f.Z > 1 + mz)))
            {
                State.WrapAll();
                return;
            }
        }
    }
}
