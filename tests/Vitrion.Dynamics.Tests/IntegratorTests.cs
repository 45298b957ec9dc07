using Vitrion.Core;
using Vitrion.Dynamics.Integrators;
using Xunit;

namespace Vitrion.Dynamics.Tests;

public class IntegratorTests
{
    [Fact]
    public void VelocityVerletMatchesTheExactDiscreteHarmonicSolution()
    {
        // Velocity Verlet on x'' = −ω² x with x0 = A, v0 = 0 gives exactly x_n = A cos(nθ), cos θ = 1 − (ω dt)²/2.
        const double k = 50.0, m = 12.0, dt = 1.0, amp = 0.3;
        var top = new Topology(["C"], [m], [0], [0.0]);
        var anchor = new Vec3(10, 10, 10);
        var state = new SystemState(top, Box.Cubic(100), [anchor + new Vec3(amp, 0, 0)]);
        var sim = new Simulation(state, new HarmonicTethers([anchor], k), new VelocityVerlet(), dt, options: new SimulationOptions { WrapMargin = 1e9 });
        sim.Setup(1000);
        double omega = Math.Sqrt(k * Units.ForceToAcceleration / m);
        double theta = Math.Acos(1 - omega * omega * dt * dt / 2);
        double maxErr = 0, maxErrContinuous = 0;
        for (int n = 1; n <= 1000; n++)
        {
            sim.Step();
            double x = state.Positions[0].X - anchor.X;
            maxErr = Math.Max(maxErr, Math.Abs(x - amp * Math.Cos(n * theta)));
            maxErrContinuous = Math.Max(maxErrContinuous, Math.Abs(x - amp * Math.Cos(omega * n * dt)));
        }

        Assert.True(maxErr < 1e-10, $"discrete solution error {maxErr}");
        // And the analytic continuous solution within the O((ω dt)²) phase error: ω dt ≈ 0.042, 1000 steps.
        double phaseBound = amp * (omega * dt) * (omega * dt) / 24 * omega * 1000 * dt * 1.1;
        Assert.True(maxErrContinuous < phaseBound, $"continuous error {maxErrContinuous} vs bound {phaseBound}");
        Assert.True(maxErrContinuous > 0.2 * phaseBound, "the phase error should be of the expected size");
    }

    [Fact]
    public void NveConservesEnergyAndIsTimeReversible()
    {
        var state = TestSystems.LjFcc(3, 5.6, 120, 7);
        var x0 = Enumerable.Range(0, state.AtomCount).Select(state.UnwrappedPosition).ToArray();
        var sim = new Simulation(state, TestSystems.Argon(), new VelocityVerlet(), 2.0);
        sim.Setup(2000);
        var e = new List<double>();
        var pe = new List<double>();
        for (int n = 0; n < 1000; n++)
        {
            sim.Step();
            var s = sim.Sample();
            e.Add(s.TotalEnergy);
            pe.Add(s.PotentialEnergy);
        }

        double Std(List<double> v) { double m = v.Average(); return Math.Sqrt(v.Sum(a => (a - m) * (a - m)) / v.Count); }
        double drift = Math.Abs(e[^1] - e[0]);
        Assert.True(Std(e) < 0.01 * Std(pe), $"Etotal fluctuation {Std(e)} vs PE fluctuation {Std(pe)}");
        Assert.True(drift < 0.01 * Std(pe) * 3, $"drift {drift}");
        Assert.True(Std(pe) > 0.1, "the system must actually move");

        // Reverse velocities and integrate back.
        for (int i = 0; i < state.AtomCount; i++) { state.Velocities[i] = -state.Velocities[i]; }
        sim.Setup(4000);
        for (int n = 0; n < 1000; n++) { sim.Step(); }
        double maxDev = 0;
        for (int i = 0; i < state.AtomCount; i++) { maxDev = Math.Max(maxDev, (state.UnwrappedPosition(i) - x0[i]).Norm); }
        Assert.True(maxDev < 1e-6, $"time reversal returned within {maxDev} Å");
    }

    [Fact]
    public void NoseHooverChainSamplesTheCanonicalTemperatureAndKineticFluctuation()
    {
        const double target = 100;
        var state = TestSystems.LjFcc(3, 5.6, target, 11);
        var sim = new Simulation(state, TestSystems.Argon(), new NoseHoover(40), 4.0, temperature: Schedule.Constant(target));
        sim.Setup(1_000_000);
        for (int n = 0; n < 1000; n++) { sim.Step(); }
        var ke = new List<double>();
        var cons = new List<double>();
        for (int n = 0; n < 15000; n++)
        {
            sim.Step();
            if (n % 5 == 0) { var s = sim.Sample(); ke.Add(s.KineticEnergy); cons.Add(s.Conserved); }
        }

        int dof = Thermo.DegreesOfFreedom(state.AtomCount);
        double meanKe = ke.Average();
        double meanT = Thermo.Temperature(meanKe, dof);
        double varKe = ke.Sum(v => (v - meanKe) * (v - meanKe)) / ke.Count;
        double kt = Units.Boltzmann * target;
        double canonicalVar = dof / 2.0 * kt * kt;
        Assert.True(Math.Abs(meanT - target) < 0.01 * target, $"mean T {meanT}");
        Assert.InRange(varKe / canonicalVar, 0.8, 1.2);
        // Conserved quantity drifts much less than the energy exchanged with the thermostat.
        Assert.True(Math.Abs(cons[^1] - cons[0]) < 0.02 * Math.Sqrt(canonicalVar) * 10, $"conserved drift {cons[^1] - cons[0]}");
    }

    [Fact]
    public void NptReachesTheTargetPressureOnAverage()
    {
        const double temperature = 100, pressure = 300;
        var state = TestSystems.LjFcc(3, 5.75, temperature, 5);
        var sim = new Simulation(state, TestSystems.Argon(), NoseHoover.Npt(100, 500), 4.0,
            temperature: Schedule.Constant(temperature), pressure: Schedule.Constant(pressure));
        sim.Setup(1_000_000);
        double v0 = state.Box.Volume;
        for (int n = 0; n < 2000; n++) { sim.Step(); }
        var p = new List<double>();
        var cons = new List<double>();
        for (int n = 0; n < 20000; n++)
        {
            sim.Step();
            if (n % 10 == 0) { var s = sim.Sample(); p.Add(s.Pressure); cons.Add(s.Conserved); }
        }

        // Block averages for the standard error of the mean.
        int blocks = 10, size = p.Count / blocks;
        var means = Enumerable.Range(0, blocks).Select(b => p.Skip(b * size).Take(size).Average()).ToArray();
        double mean = means.Average();
        double sem = Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (blocks - 1) / blocks);
        Assert.True(Math.Abs(mean - pressure) < Math.Max(4 * sem, 30), $"mean P {mean} ± {sem} atm, target {pressure}");
        Assert.NotEqual(v0, state.Box.Volume);
        double spread = cons.Max() - cons.Min();
        Assert.True(spread < 0.05 * Math.Abs(state.KineticEnergy()), $"conserved quantity spread {spread}");
    }

    [Fact]
    public void LangevinThermalisesAndSameSeedGivesSameTrajectory()
    {
        SystemState Run(ulong seed)
        {
            var s = TestSystems.LjFcc(3, 5.6, 50, 3);
            var sim = new Simulation(s, TestSystems.Argon(), new Langevin(100, seed), 4.0, temperature: Schedule.Constant(120));
            sim.Setup(100000);
            for (int n = 0; n < 1000; n++) { sim.Step(); }
            return s;
        }

        var a = Run(42);
        var b = Run(42);
        var c = Run(43);
        Assert.Equal(a.Positions, b.Positions);
        Assert.Equal(a.Velocities, b.Velocities);
        Assert.NotEqual(a.Positions, c.Positions);
        Assert.InRange(Thermo.Temperature(a), 80, 160);
    }

    [Fact]
    public void MaxwellBoltzmannHasZeroMomentumExactTemperatureAndIsSeeded()
    {
        var s1 = TestSystems.LjFcc(3, 5.6, 300, 99);
        var s2 = TestSystems.LjFcc(3, 5.6, 300, 99);
        Assert.Equal(s1.Velocities, s2.Velocities);
        Assert.Equal(300, Thermo.Temperature(s1), 9);
        Assert.True(Thermo.Momentum(s1).Norm < 1e-10);
        // Per-component variance kT/m (within sampling error for 324 values).
        double var = s1.Velocities.Sum(v => v.X * v.X + v.Y * v.Y + v.Z * v.Z) / (3.0 * s1.AtomCount);
        double expected = Units.Boltzmann * 300 / (39.948 * Units.MvvToEnergy);
        Assert.InRange(var / expected, 0.98, 1.0);
    }

    [Fact]
    public void BlowUpStopsWithTheLastGoodFrame()
    {
        var state = TestSystems.LjFcc(3, 5.6, 100, 1);
        state.Positions[1] = state.Positions[0] + new Vec3(0.9, 0, 0); // overlap: enormous repulsion
        var sim = new Simulation(state, TestSystems.Argon(), new VelocityVerlet(), 2.0);
        sim.Setup(100);
        var ex = Assert.Throws<SimulationBlowUpException>(() => sim.Run(100, null, TestContext.Current.CancellationToken));
        Assert.Contains("blew up at step", ex.Message);
        Assert.Equal(ex.LastGood.Step + 1, state.Step);
        Assert.All(ex.LastGood.Positions, p => Assert.True(p.IsFinite));
    }
}
