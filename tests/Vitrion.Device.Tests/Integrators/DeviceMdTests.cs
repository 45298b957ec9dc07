using Vitrion.Core;
using Vitrion.Device.Integrators;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Integrators;
using Vitrion.ForceField;

namespace Vitrion.Device.Tests.Integrators;

/// <summary>The device-resident integrators against the CPU Simulation with the CPU engine (the same equations, round-off apart).</summary>
public class DeviceMdTests
{
    private static SystemState Start(Topology topo, Vec3[] pos, Box box, ArigaForceField ff)
    {
        var rng = new Random(42);
        var v = new Vec3[pos.Length];
        for (int i = 0; i < v.Length; i++)
        {
            // ~300 K: σ_v = sqrt(kB T / m) in Å/fs.
            double s = Math.Sqrt(Units.Boltzmann * 300 / (topo.Masses[i] * Units.MvvToEnergy));
            v[i] = new Vec3(s * Gauss(rng), s * Gauss(rng), s * Gauss(rng));
        }

        return new SystemState(ff.Topology, box, (Vec3[])pos.Clone(), v);
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Theory]
    [InlineData("nve")]
    [InlineData("nvt")]
    [InlineData("npt")]
    public void StepsMatchTheCpuIntegrator(string ensemble)
    {
        bool nvt = ensemble != "nve", npt = ensemble == "npt";
        var pressure = Schedule.Constant(5000);
        const int steps = 12;
        const double dt = 0.05; // the random test system has close contacts (forces of ~1e4 kcal/mol/Å)
        var (topo, pos, box) = DeviceTestSystems.Molecular(13.0, 3);
        var spec = DeviceTestSystems.Spec;
        var options = new ForceFieldOptions { Threads = 1, Simd = false, Skin = 0.05 }; // a thin skin: the list is rebuilt during the run
        var ff = new ArigaForceField(spec, topo, box, options);
        var cpuState = Start(topo, pos, box, ff);
        var schedule = Schedule.Linear(300, 350);
        IIntegrator integrator = npt ? NoseHoover.Npt(50.0, 200.0) : nvt ? new NoseHoover(50.0) : new VelocityVerlet();
        var sim = new Simulation(cpuState.Clone(), ff, integrator, dt, nvt ? schedule : null, npt ? pressure : null, new SimulationOptions { TemperatureLimit = 1e9, MaxDisplacementPerStep = 10 });
        sim.Setup(steps);
        sim.Run(steps, null, TestContext.Current.CancellationToken);

        using var pot = new DevicePotential(DeviceTestSystems.Cpu, spec, topo, box, options);
        using var md = new DeviceMd(pot, cpuState, dt, nvt ? 50.0 : null, nvt ? schedule : null, steps, npt ? 200.0 : null, npt ? pressure : null);
        var before = md.Sample();
        md.Run(steps);
        Assert.True(pot.NeighborList.BuildCount > 1, "the list must be rebuilt on the device during the run");
        var devState = cpuState.Clone();
        md.CopyTo(devState);
        Assert.Equal(sim.State.Step, devState.Step);
        Assert.True(Math.Abs(sim.State.Box.Lx - devState.Box.Lx) < 1e-12 * box.Lx, $"Lx {sim.State.Box.Lx:R} vs {devState.Box.Lx:R}");
        if (npt) { Assert.NotEqual(box.Lx, devState.Box.Lx); }
        double dx = 0, dv = 0;
        for (int i = 0; i < pos.Length; i++)
        {
            dx = Math.Max(dx, box.MinimumImage(sim.State.Positions[i] - devState.Positions[i]).Norm);
            dv = Math.Max(dv, (sim.State.Velocities[i] - devState.Velocities[i]).Norm);
        }

        Assert.True(dx < 1e-11, $"max |Δx| = {dx:E3} Å");
        Assert.True(dv < 1e-12, $"max |Δv| = {dv:E3} Å/fs");
        var after = md.Sample();
        var cpu = sim.Sample();
        Assert.True(Math.Abs(cpu.PotentialEnergy - after.PotentialEnergy) < 1e-9 * Math.Abs(cpu.PotentialEnergy), $"pe {cpu.PotentialEnergy} vs {after.PotentialEnergy}");
        Assert.True(Math.Abs(cpu.Conserved - after.Conserved) < 1e-9 * Math.Abs(cpu.Conserved), $"conserved {cpu.Conserved} vs {after.Conserved}");
        Assert.NotEqual(before.PotentialEnergy, after.PotentialEnergy);
    }
}
