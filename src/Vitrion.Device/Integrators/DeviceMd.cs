using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Vitrion.Core;
using Vitrion.Device.Kernels;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Integrators;
using Vitrion.ForceField;

namespace Vitrion.Device.Integrators;

/// <summary>
/// Molecular dynamics with positions, velocities and forces resident on the device: velocity Verlet (LAMMPS fix nve),
/// the Nosé–Hoover chain thermostat (fix nvt: chain of 3, one sub-step, masses from Tdamp) or NVT plus the isotropic
/// MTK barostat (fix npt iso), in the operation order of the CPU <c>VelocityVerlet</c> and <c>NoseHoover</c>. The chain and
/// barostat variables are host scalars: per step only the kinetic energy comes back under NVT, and the energy/virial sums
/// under NPT (fixed-order reductions); positions and velocities come back only when asked for (<see cref="Sample"/>,
/// <see cref="CopyTo"/>). With Ewald the k-space term runs on the host (positions back, forces out each step). Positions
/// are not wrapped (the neighbour list takes any periodic image). Under NPT the box changes every step, so the neighbour
/// list is rebuilt and the PPPM influence table recomputed every step.
/// </summary>
public sealed class DeviceMd : IDisposable
{
    private const int Chain = NoseHooverChain.Length;
    private readonly DevicePotential _pot;
    private readonly Accelerator _acc;
    private readonly SystemState _host;
    private readonly int _n, _dof;
    private readonly double _dt;
    private readonly double? _tdamp;
    private readonly Schedule? _temperature;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _v, _mass, _kePartials;
    private readonly double[] _keHost = new double[UtilityKernels.Chunks];
    private readonly double[] _xHost;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, double, double> _kickDriftK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, double> _kickK;
    private readonly Action<Index1D, ArrayView<double>, double> _scaleK;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int> _keK;
    private readonly double[] _eta = new double[Chain], _etaDot = new double[Chain + 1], _etaDotDot = new double[Chain], _etaMass = new double[Chain];
    private double _tCurrent, _tTarget;
    private long _begin, _end;
    private readonly double? _pdamp;
    private readonly Schedule? _pressure;
    private readonly double[] _etap = new double[Chain], _etapDot = new double[Chain + 1], _etapDotDot = new double[Chain], _etapMass = new double[Chain];
    private double _omegaDot, _omegaMass, _vol0, _pHydro, _pCurrent, _mtkTerm2;
    private Vec3 _fixedPoint;
    private readonly ForceBuffer _sums = new(0);
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, double> _driftK;
    private readonly Action<Index1D, ArrayView<double>, double, double, double, double> _remapK;

    /// <summary>Uploads the state and computes the forces of the initial positions (the integrator's setup).</summary>
    /// <param name="potential">the device force field (its accelerator runs everything).</param>
    /// <param name="state">the initial state (copied; not changed until <see cref="CopyTo"/>).</param>
    /// <param name="timestepFs">timestep [fs].</param>
    /// <param name="tdampFs">Nosé–Hoover damping time [fs]; null = NVE.</param>
    /// <param name="temperature">target temperature schedule [K] over the run (required with a thermostat).</param>
    /// <param name="steps">steps of the stage (the schedules' progress runs over them).</param>
    /// <param name="pdampFs">barostat damping time [fs] (NPT iso, needs a thermostat); null = constant volume.</param>
    /// <param name="pressure">target pressure schedule [atm] (required with a barostat).</param>
    public DeviceMd(DevicePotential potential, SystemState state, double timestepFs, double? tdampFs = null, Schedule? temperature = null, long steps = 0,
        double? pdampFs = null, Schedule? pressure = null)
    {
        if (pdampFs is not null && (tdampFs is null || pressure is null)) { throw new ArgumentException("NPT needs a thermostat and a pressure schedule", nameof(pressure)); }
        _pdamp = pdampFs;
        _pressure = pressure;
        if (!(timestepFs > 0)) { throw new ArgumentOutOfRangeException(nameof(timestepFs), "timestep must be positive [fs]"); }
        if (tdampFs is not null && temperature is null) { throw new ArgumentException("a thermostat needs a temperature schedule", nameof(temperature)); }
        _pot = potential;
        _acc = potential.Device.Accelerator;
        _host = state.Clone();
        _n = state.AtomCount;
        _dof = Thermo.DegreesOfFreedom(_n);
        _dt = timestepFs;
        _tdamp = tdampFs;
        _temperature = temperature;
        _xHost = new double[3 * _n];
        _v = _acc.Allocate1D<double>(3 * _n);
        _mass = _acc.Allocate1D<double>(_n);
        _kePartials = _acc.Allocate1D<double>(UtilityKernels.Chunks);
        _pot.Positions.SubView(0, 3 * _n).CopyFromCPU(MemoryMarshal.Cast<Vec3, double>(_host.Positions.AsSpan()).ToArray());
        _v.View.CopyFromCPU(MemoryMarshal.Cast<Vec3, double>(_host.Velocities.AsSpan()).ToArray());
        _mass.View.CopyFromCPU(state.Topology.Masses.ToArray());
        _kickDriftK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, double, double>(UtilityKernels.KickDrift);
        _kickK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, double>(UtilityKernels.HalfKick);
        _scaleK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, double>(UtilityKernels.Scale);
        _keK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int>(UtilityKernels.KineticPartials);
        _driftK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, double>(UtilityKernels.Drift);
        _remapK = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, double, double, double, double>(UtilityKernels.Remap);
        _begin = state.Step;
        _end = state.Step + steps;
        Step = state.Step;
        Evaluate();
        if (_tdamp is not null)
        {
            double kB = Units.Boltzmann;
            _tCurrent = Thermo.Temperature(KineticEnergy(), _dof);
            _tTarget = _temperature!.ValueAt(0);
            double tFreq = 1.0 / _tdamp.Value;
            _etaMass[0] = _dof * kB * _tTarget / (tFreq * tFreq);
            for (int ich = 1; ich < Chain; ich++) { _etaMass[ich] = kB * _tTarget / (tFreq * tFreq); }
            for (int ich = 1; ich < Chain; ich++)
            {
                _etaDotDot[ich] = (_etaMass[ich - 1] * _etaDot[ich - 1] * _etaDot[ich - 1] - kB * _tTarget) / _etaMass[ich];
            }
        }

        if (_pdamp is not null)
        {
            var box = _host.Box;
            double kB = Units.Boltzmann;
            _vol0 = box.Volume;
            _fixedPoint = box.ToCartesian(new Vec3(0.5, 0.5, 0.5));
            _pHydro = _pressure!.ValueAt(0);
            _pCurrent = Pressure(KineticEnergy());
            double pFreq = 1.0 / _pdamp.Value;
            double kt = kB * _tTarget;
            _omegaMass = (_n + 1) * kt / (pFreq * pFreq);
            for (int ich = 0; ich < Chain; ich++) { _etapMass[ich] = kt / (pFreq * pFreq); }
            for (int ich = 1; ich < Chain; ich++)
            {
                _etapDotDot[ich] = (_etapMass[ich - 1] * _etapDot[ich - 1] * _etapDot[ich - 1] - kt) / _etapMass[ich];
            }
        }
    }

    /// <summary>The box now (changes under NPT).</summary>
    public Box Box => _host.Box;

    /// <summary>Pressure [atm] from the virial of the last evaluation and a kinetic energy [kcal/mol].</summary>
    private double Pressure(double ke)
    {
        _pot.Reduce(_sums);
        return _sums.Pressure(_host.Box, ke);
    }

    /// <summary>The current step.</summary>
    public long Step { get; private set; }

    /// <summary>Timestep [fs].</summary>
    public double TimestepFs => _dt;

    private void Evaluate()
    {
        if (_pot.HasHostKspace)
        {
            _pot.Positions.SubView(0, 3 * _n).CopyToCPU(_xHost);
            MemoryMarshal.Cast<double, Vec3>(_xHost.AsSpan()).CopyTo(_host.Positions);
        }

        _pot.Evaluate(_host.Box, _host, false);
    }

    /// <summary>Kinetic energy [kcal/mol] of the velocities on the device (fixed-order sum).</summary>
    public double KineticEnergy()
    {
        _keK(UtilityKernels.Chunks, _v.View, _mass.View, _kePartials.View, _n);
        _kePartials.View.CopyToCPU(_keHost);
        double s = 0;
        for (int c = 0; c < UtilityKernels.Chunks; c++) { s += _keHost[c]; }
        return 0.5 * Units.MvvToEnergy * s;
    }

    /// <summary>Runs <paramref name="steps"/> timesteps on the device.</summary>
    public void Run(long steps)
    {
        double dtf = 0.5 * _dt * Units.ForceToAcceleration;
        bool baro = _pdamp is not null;
        for (long s = 0; s < steps; s++)
        {
            Step++;
            if (baro) { BarostatChain(); }
            if (_tdamp is not null)
            {
                _tTarget = _temperature!.ValueAt(Fraction());
                ThermostatChain();
            }

            if (baro)
            {
                _pCurrent = Pressure(KineticEnergy());
                _pHydro = _pressure!.ValueAt(Fraction());
                OmegaDot();
                VelocityPressureScale();
                _kickK(_n, _v.View, _pot.Accumulator, _mass.View, dtf);
                Remap(0.5 * _dt);
                _driftK(_n, _pot.Positions, _v.View, _dt);
                Remap(0.5 * _dt);
            }
            else
            {
                _kickDriftK(_n, _pot.Positions, _v.View, _pot.Accumulator, _mass.View, dtf, _dt);
            }

            Evaluate();
            _kickK(_n, _v.View, _pot.Accumulator, _mass.View, dtf);
            if (baro) { VelocityPressureScale(); }
            if (_tdamp is not null)
            {
                double ke = KineticEnergy();
                _tCurrent = Thermo.Temperature(ke, _dof);
                if (baro)
                {
                    _pCurrent = Pressure(ke);
                    OmegaDot();
                }

                ThermostatChain();
                if (baro) { BarostatChain(); }
            }
        }

        _acc.Synchronize();
    }

    // fix nh's isotropic barostat pieces, as the CPU NoseHoover (OmegaDot, VelocityPressureScale, Remap, BarostatChain).
    private void OmegaDot()
    {
        double dthalf = 0.5 * _dt;
        double volume = _host.Box.Volume;
        double mtkTerm1 = _dof * Units.Boltzmann * _tCurrent / (3.0 * _n);
        double fOmega = (_pCurrent - _pHydro) * volume / (_omegaMass * Units.PressureToAtm) + mtkTerm1 / _omegaMass;
        _omegaDot += fOmega * dthalf;
        _mtkTerm2 = 3 * _omegaDot / (3.0 * _n);
    }

    private void VelocityPressureScale()
    {
        double factor = Math.Exp(-0.25 * _dt * (_omegaDot + _mtkTerm2));
        _scaleK(3 * _n, _v.View, factor);
        _scaleK(3 * _n, _v.View, factor);
    }

    private void Remap(double dto)
    {
        var box = _host.Box;
        double e = Math.Exp(dto * _omegaDot);
        Vec3 fp = _fixedPoint;
        _remapK(_n, _pot.Positions, fp.X, fp.Y, fp.Z, e);
        Vec3 origin = fp + e * (box.Origin - fp);
        _host.Box = new Box(origin, box.Lx * e, box.Ly * e, box.Lz * e, box.Xy * e, box.Xz * e, box.Yz * e, box.Periodic);
    }

    private void BarostatChain() =>
        NoseHooverChain.Barostat(_etap, _etapDot, _etapDotDot, _etapMass, _omegaMass, ref _omegaDot, _tTarget, _dt, _pdamp!.Value);

    private double Fraction() => _end > _begin ? (double)(Step - _begin) / (_end - _begin) : 0.0;

    /// <summary>Energies of the current positions, kinetic energy [kcal/mol], temperature [K] and the conserved quantity (PE + KE + thermostat energy).</summary>
    public (double PotentialEnergy, double KineticEnergy, double Temperature, double Conserved, EnergyTerms Terms) Sample()
    {
        var b = new ForceBuffer(0);
        _pot.Reduce(b);
        double ke = KineticEnergy();
        double pe = b.Energies.Pe;
        return (pe, ke, Thermo.Temperature(ke, _dof), pe + ke + CouplingEnergy(), b.Energies);
    }

    /// <summary>Energy of the thermostat chain [kcal/mol] (0 for NVE), as the CPU NoseHoover.</summary>
    public double CouplingEnergy()
    {
        if (_tdamp is null) { return 0; }
        double kt = Units.Boltzmann * _tTarget;
        double e = _dof * kt * _eta[0] + 0.5 * _etaMass[0] * _etaDot[0] * _etaDot[0];
        for (int ich = 1; ich < Chain; ich++) { e += kt * _eta[ich] + 0.5 * _etaMass[ich] * _etaDot[ich] * _etaDot[ich]; }
        if (_pdamp is not null)
        {
            double volume = _host.Box.Volume;
            e += 3 * (0.5 * _omegaDot * _omegaDot * _omegaMass + _pHydro * (volume - _vol0) / (3 * Units.PressureToAtm));
            e += kt * _etap[0] + 0.5 * _etapMass[0] * _etapDot[0] * _etapDot[0];
            for (int ich = 1; ich < Chain; ich++) { e += kt * _etap[ich] + 0.5 * _etapMass[ich] * _etapDot[ich] * _etapDot[ich]; }
        }

        return e;
    }

    /// <summary>Copies positions, velocities and the step counter back into <paramref name="state"/> (same topology).</summary>
    public void CopyTo(SystemState state)
    {
        _pot.Positions.SubView(0, 3 * _n).CopyToCPU(_xHost);
        MemoryMarshal.Cast<double, Vec3>(_xHost.AsSpan()).CopyTo(state.Positions);
        var v = new double[3 * _n];
        _v.View.CopyToCPU(v);
        MemoryMarshal.Cast<double, Vec3>(v.AsSpan()).CopyTo(state.Velocities);
        state.Box = _host.Box;
        state.TimeFs += (Step - state.Step) * _dt;
        state.Step = Step;
        state.Touch();
    }

    // fix nh's nhc_temp_integrate (the CPU NoseHoover's code), velocities scaled on the device.
    private void ThermostatChain()
    {
        double factorEta = NoseHooverChain.Thermostat(_eta, _etaDot, _etaDotDot, _etaMass, _dof, _tTarget, ref _tCurrent, _dt, _tdamp!.Value);
        _scaleK(3 * _n, _v.View, factorEta);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _v.Dispose();
        _mass.Dispose();
        _kePartials.Dispose();
    }
}
