using Vitrion.Core;

namespace Vitrion.Dynamics.Integrators;

/// <summary>
/// Nosé–Hoover chain thermostat (NVT), optionally with the isotropic Martyna–Tobias–Klein barostat (NPT), written
/// to follow LAMMPS <c>fix nvt</c> / <c>fix npt ... iso</c> (fix_nh.cpp) operation by operation: chain length 3 for
/// the thermostat and for the barostat thermostat, one sub-step (tloop = ploop = 1), masses from Tdamp and Pdamp
/// (Q₀ = dof kB T/ω², Qᵢ = kB T/ω², W = (N+1) kB T/ω_p²), mtk terms on, dilation about the box centre of the setup,
/// and the same update order:
/// initial: [barostat chain ½] → [thermostat chain ½] → [P → ω̇ ½ → v·e^{−(ω̇+mtk)dt/2}] → v ½-kick → [box ½] → x drift → [box ½];
/// final: v ½-kick → [v·e^{−(ω̇+mtk)dt/2}] → T, [P → ω̇ ½] → thermostat chain ½ → [barostat chain ½].
/// The conserved quantity adds LAMMPS's fix nh energy (ecouple).
/// </summary>
public sealed class NoseHoover : IIntegrator
{
    private const int Chain = NoseHooverChain.Length;
    private readonly double _tdamp;
    private readonly double _pdamp;
    private readonly bool _barostat;

    // Thermostat chain (eta_dot has one extra zero entry as in LAMMPS).
    private readonly double[] _eta = new double[Chain];
    private readonly double[] _etaDot = new double[Chain + 1];
    private readonly double[] _etaDotDot = new double[Chain];
    private readonly double[] _etaMass = new double[Chain];

    // Barostat (iso: one strain rate shared by x, y, z) and its chain.
    private double _omegaDot, _omegaMass;
    private readonly double[] _etap = new double[Chain];
    private readonly double[] _etapDot = new double[Chain + 1];
    private readonly double[] _etapDotDot = new double[Chain];
    private readonly double[] _etapMass = new double[Chain];
    private double _vol0;
    private Vec3 _fixedPoint;
    private double _tCurrent, _tTarget, _pHydro, _pCurrent, _mtkTerm2;

    /// <summary>NVT (fix nvt) with damping time <paramref name="tdampFs"/> [fs].</summary>
    public NoseHoover(double tdampFs)
        : this(tdampFs, 0, false)
    {
    }

    private NoseHoover(double tdampFs, double pdampFs, bool barostat)
    {
        if (!(tdampFs > 0)) { throw new ArgumentOutOfRangeException(nameof(tdampFs), "Tdamp must be positive [fs]"); }
        if (barostat && !(pdampFs > 0)) { throw new ArgumentOutOfRangeException(nameof(pdampFs), "Pdamp must be positive [fs]"); }
        _tdamp = tdampFs;
        _pdamp = pdampFs;
        _barostat = barostat;
    }

    /// <summary>NPT iso (fix npt ... iso) with damping times [fs].</summary>
    public static NoseHoover Npt(double tdampFs, double pdampFs) => new(tdampFs, pdampFs, true);

    /// <inheritdoc/>
    public string Name => _barostat ? "npt" : "nvt";

    /// <summary>Thermostat damping time [fs].</summary>
    public double TdampFs => _tdamp;

    /// <summary>Barostat damping time [fs] (0 for NVT).</summary>
    public double PdampFs => _pdamp;

    /// <summary>Reference volume V₀ [Å³] of the PV term in the conserved quantity.</summary>
    public double ReferenceVolume => _vol0;

    /// <inheritdoc/>
    public void Setup(IntegrationContext c)
    {
        double kB = Units.Boltzmann;
        int tdof = c.DegreesOfFreedom;
        _tCurrent = c.CurrentTemperature();
        _tTarget = c.TargetTemperature;
        double tFreq = 1.0 / _tdamp;
        _etaMass[0] = tdof * kB * _tTarget / (tFreq * tFreq);
        for (int ich = 1; ich < Chain; ich++) { _etaMass[ich] = kB * _tTarget / (tFreq * tFreq); }
        for (int ich = 1; ich < Chain; ich++)
        {
            _etaDotDot[ich] = (_etaMass[ich - 1] * _etaDot[ich - 1] * _etaDot[ich - 1] - kB * _tTarget) / _etaMass[ich];
        }

        if (_barostat)
        {
            var box = c.State.Box;
            if (_vol0 == 0) { _vol0 = box.Volume; }
            _fixedPoint = box.ToCartesian(new Vec3(0.5, 0.5, 0.5));
            _pHydro = c.TargetPressure;
            _pCurrent = c.Forces.Pressure(box, c.KineticEnergy());
            double pFreq = 1.0 / _pdamp;
            double kt = kB * _tTarget;
            _omegaMass = (c.State.AtomCount + 1) * kt / (pFreq * pFreq);
            for (int ich = 0; ich < Chain; ich++) { _etapMass[ich] = kt / (pFreq * pFreq); }
            for (int ich = 1; ich < Chain; ich++)
            {
                _etapDotDot[ich] = (_etapMass[ich - 1] * _etapDot[ich - 1] * _etapDot[ich - 1] - kt) / _etapMass[ich];
            }
        }
    }

    /// <inheritdoc/>
    public void InitialIntegrate(IntegrationContext c)
    {
        double dt = c.TimestepFs;
        if (_barostat) { BarostatChain(c); }
        _tTarget = c.TargetTemperature;
        ThermostatChain(c);
        if (_barostat)
        {
            _pCurrent = c.Forces.Pressure(c.State.Box, c.KineticEnergy());
            _pHydro = c.TargetPressure;
            OmegaDot(c);
            VelocityPressureScale(c);
        }

        c.HalfKick();
        if (_barostat) { Remap(c, 0.5 * dt); }
        c.Drift(dt);
        if (_barostat) { Remap(c, 0.5 * dt); }
    }

    /// <inheritdoc/>
    public void FinalIntegrate(IntegrationContext c)
    {
        c.HalfKick();
        if (_barostat) { VelocityPressureScale(c); }
        double ke = c.KineticEnergy();
        _tCurrent = Thermo.Temperature(ke, c.DegreesOfFreedom);
        if (_barostat)
        {
            _pCurrent = c.Forces.Pressure(c.State.Box, ke);
            OmegaDot(c);
        }

        ThermostatChain(c);
        if (_barostat) { BarostatChain(c); }
    }

    /// <inheritdoc/>
    public double CouplingEnergy(IntegrationContext c)
    {
        double kB = Units.Boltzmann;
        double kt = kB * _tTarget;
        double keTarget = c.DegreesOfFreedom * kt;
        double e = keTarget * _eta[0] + 0.5 * _etaMass[0] * _etaDot[0] * _etaDot[0];
        for (int ich = 1; ich < Chain; ich++) { e += kt * _eta[ich] + 0.5 * _etaMass[ich] * _etaDot[ich] * _etaDot[ich]; }
        if (_barostat)
        {
            double volume = c.State.Box.Volume;
            e += 3 * (0.5 * _omegaDot * _omegaDot * _omegaMass + _pHydro * (volume - _vol0) / (3 * Units.PressureToAtm));
            e += kt * _etap[0] + 0.5 * _etapMass[0] * _etapDot[0] * _etapDot[0];
            for (int ich = 1; ich < Chain; ich++) { e += kt * _etap[ich] + 0.5 * _etapMass[ich] * _etapDot[ich] * _etapDot[ich]; }
        }

        return e;
    }

    private void ThermostatChain(IntegrationContext c)
    {
        double factorEta = NoseHooverChain.Thermostat(_eta, _etaDot, _etaDotDot, _etaMass, c.DegreesOfFreedom, _tTarget, ref _tCurrent, c.TimestepFs, _tdamp);
        c.ScaleVelocities(factorEta);
    }

    private void BarostatChain(IntegrationContext c) =>
        NoseHooverChain.Barostat(_etap, _etapDot, _etapDotDot, _etapMass, _omegaMass, ref _omegaDot, _tTarget, c.TimestepFs, _pdamp);

    private void OmegaDot(IntegrationContext c)
    {
        double dthalf = 0.5 * c.TimestepFs;
        double volume = c.State.Box.Volume;
        int n = c.State.AtomCount;
        double mtkTerm1 = c.DegreesOfFreedom * Units.Boltzmann * _tCurrent / (3.0 * n);
        double fOmega = (_pCurrent - _pHydro) * volume / (_omegaMass * Units.PressureToAtm) + mtkTerm1 / _omegaMass;
        _omegaDot += fOmega * dthalf;
        _mtkTerm2 = 3 * _omegaDot / (3.0 * n);
    }

    private void VelocityPressureScale(IntegrationContext c)
    {
        double factor = Math.Exp(-0.25 * c.TimestepFs * (_omegaDot + _mtkTerm2));
        c.ScaleVelocities(factor);
        c.ScaleVelocities(factor);
    }

    private void Remap(IntegrationContext c, double dto)
    {
        var s = c.State;
        var box = s.Box;
        double e = Math.Exp(dto * _omegaDot);
        Vec3 fp = _fixedPoint;
        var x = s.Positions;
        for (int i = 0; i < x.Length; i++) { x[i] = fp + e * (x[i] - fp); }
        Vec3 origin = fp + e * (box.Origin - fp);
        s.Box = new Box(origin, box.Lx * e, box.Ly * e, box.Lz * e, box.Xy * e, box.Xz * e, box.Yz * e, box.Periodic);
        s.Touch();
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter w)
    {
        w.Write(_barostat);
        foreach (var a in new[] { _eta, _etaDot, _etaDotDot, _etaMass, _etap, _etapDot, _etapDotDot, _etapMass })
        {
            foreach (double d in a) { w.Write(d); }
        }

        foreach (double d in new[] { _omegaDot, _omegaMass, _vol0, _fixedPoint.X, _fixedPoint.Y, _fixedPoint.Z, _tCurrent, _tTarget, _pHydro, _pCurrent, _mtkTerm2 })
        {
            w.Write(d);
        }
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader r)
    {
        if (r.ReadBoolean() != _barostat) { throw new InvalidDataException("checkpoint integrator state is for a different ensemble"); }
        foreach (var a in new[] { _eta, _etaDot, _etaDotDot, _etaMass, _etap, _etapDot, _etapDotDot, _etapMass })
        {
            for (int i = 0; i < a.Length; i++) { a[i] = r.ReadDouble(); }
        }

        _omegaDot = r.ReadDouble(); _omegaMass = r.ReadDouble(); _vol0 = r.ReadDouble();
        _fixedPoint = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
        _tCurrent = r.ReadDouble(); _tTarget = r.ReadDouble(); _pHydro = r.ReadDouble(); _pCurrent = r.ReadDouble(); _mtkTerm2 = r.ReadDouble();
    }
}
