using Xunit;
using Vitrion.Core;
using Vitrion.Dynamics.Integrators;
using Vitrion.ForceField;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;

namespace Vitrion.Dynamics.Tests;

/// <summary>
/// Energies and the virial only on steps where something reads them (as LAMMPS computes them on thermo steps): the
/// trajectory is the same to the last bit as with energies on every step, and the energies on the observed steps too.
/// </summary>
public class EnergyOnDemandTests
{
    private sealed class Recorder(long interval) : ISimulationObserver
    {
        public long Interval { get; } = interval;

        public Dictionary<long, (double Pe, double Press)> Seen { get; } = new();

        public void OnStep(Simulation simulation) => Seen[simulation.State.Step] = (simulation.Forces.PotentialEnergy, simulation.Sample().Pressure);
    }

    private sealed class Counting(IPotential inner) : IPotential
    {
        public int WithEnergy { get; private set; }

        public int WithoutEnergy { get; private set; }

        public void Compute(SystemState state, ForceBuffer output, bool perAtom = false)
        {
            if (output.EnergyRequested) { WithEnergy++; } else { WithoutEnergy++; }
            inner.Compute(state, output, perAtom);
        }
    }

    private static (Vec3[] Positions, Recorder Thermo, Counting Potential) Run(long thermoEvery, bool onDemand)
    {
        var d = LammpsDataReader.Read(References.ReferenceGlass);
        var ff = new ArigaForceField(Vitrion.ForceField.Spec.ForceFieldSpec.Load(References.ForceFieldFile), d.Topology, d.Box,
            new ForceFieldOptions { Kspace = KspaceStyle.Pppm, Accuracy = 1e-5, Threads = 2 });
        var state = new SystemState(ff.Topology, d.Box, d.Positions.ToArray(), d.Velocities!.ToArray(), d.Images.ToArray());
        var counting = new Counting(ff);
        var sim = new Simulation(state, counting, new VelocityVerlet(), 1.0) { EnergiesOnlyWhenNeeded = onDemand };
        sim.Setup(30);
        var thermo = new Recorder(thermoEvery);
        sim.Run(30, [thermo]);
        return (state.Positions, thermo, counting);
    }

    [Fact]
    public void SkippingEnergiesLeavesTheTrajectoryAndTheObservedEnergiesUnchanged()
    {
        var every = Run(1, onDemand: true);
        var sparse = Run(10, onDemand: true);
        var always = Run(10, onDemand: false);
        // Steps 1-30 plus the setup evaluation: with thermo every 10 steps only steps 10, 20, 30 (and the setup) need energies.
        Assert.Equal(0, every.Potential.WithoutEnergy);
        Assert.Equal(4, sparse.Potential.WithEnergy);
        Assert.Equal(27, sparse.Potential.WithoutEnergy);
        Assert.Equal(31, always.Potential.WithEnergy);
        Assert.True(every.Positions.AsSpan().SequenceEqual(sparse.Positions), "positions differ when energies are skipped");
        Assert.True(always.Positions.AsSpan().SequenceEqual(sparse.Positions), "positions differ from the run with energies every step");
        foreach (long step in new long[] { 10, 20, 30 })
        {
            Assert.Equal(every.Thermo.Seen[step], sparse.Thermo.Seen[step]);
            Assert.Equal(always.Thermo.Seen[step], sparse.Thermo.Seen[step]);
        }

        // A sanity check on the numbers themselves: the reference glass' pe stays within a few kcal/mol of LAMMPS' −240747.73 over 30 fs of NVE.
        Assert.InRange(sparse.Thermo.Seen[30].Pe, -240900, -240600);
    }
}
