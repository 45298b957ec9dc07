using Vitrion.Core;

namespace Vitrion.ForceField.Tests.Neighbors;

public class BoxChangeTests
{
    [Fact]
    public void ScalingTheBoxReusesTheListAndGivesTheForcesOfAFreshEvaluation()
    {
        // NPT scales the box and the positions every step; the neighbour list must survive small changes (as in
        // LAMMPS) and still give exactly the forces of a force field built from scratch in the new box.
        var d = TestSystems.Glass;
        // No k-space: PPPM keeps its grid and g_ewald from the first box (as LAMMPS does), a fresh one would choose anew.
        var options = new ForceFieldOptions { Kspace = KspaceStyle.None, Threads = 2 };
        var (_, state, ff) = TestSystems.Evaluate(d, options);
        int builds = ff.NeighborListBuilds;
        var box0 = state.Box;
        for (int step = 1; step <= 3; step++)
        {
            double factor = 1.0 + 2e-4 * step;
            var box = box0.ScaledAboutCentre(factor);
            Vec3 c0 = box0.ToCartesian(new Vec3(0.5, 0.5, 0.5));
            var scaled = new SystemState(state.Topology, box, d.Positions.Select(p => c0 + factor * (p - c0)).ToArray(), null, (Int3[])d.Images.Clone());
            var reused = new ForceBuffer(scaled.AtomCount);
            ff.Compute(scaled, reused);
            var freshField = new ArigaForceField(TestSystems.Spec, d.Topology, box, options);
            var fresh = new ForceBuffer(scaled.AtomCount);
            freshField.Compute(new SystemState(freshField.Topology, box, scaled.Positions.ToArray(), null, (Int3[])d.Images.Clone()), fresh);
            Assert.Equal(fresh.PotentialEnergy, reused.PotentialEnergy, 1e-9 * Math.Abs(fresh.PotentialEnergy));
            double maxDiff = 0;
            for (int i = 0; i < fresh.Forces.Length; i++) { maxDiff = Math.Max(maxDiff, (fresh.Forces[i] - reused.Forces[i]).Norm); }
            Assert.True(maxDiff < 1e-8, $"max force difference {maxDiff}");
            for (int k = 0; k < 6; k++) { Assert.Equal(fresh.Virial[k], reused.Virial[k], 1e-7 * Math.Abs(fresh.Virial[0])); }
        }

        // 0.06 % scaling of a 56.5 Å box moves the far corner by ~0.03 Å: the 2 Å skin absorbs it without rebuilding.
        Assert.Equal(builds, ff.NeighborListBuilds);
    }
}
