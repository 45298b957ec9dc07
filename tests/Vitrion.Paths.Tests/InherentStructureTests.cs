using Vitrion.Core;
using Vitrion.Paths.Tests.Hops;
using Xunit;

namespace Vitrion.Paths.Tests;

public class InherentStructureTests
{
    private const double Spacing = 6.0;

    /// <summary>Eight Li in Gaussian wells on a cubic lattice (no repulsion): the minimum is every atom at its site.</summary>
    private static (Topology Topology, Box Box, Vec3[] Sites) Wells()
    {
        var sites = new List<Vec3>();
        for (int x = 0; x < 2; x++) for (int y = 0; y < 2; y++) for (int z = 0; z < 2; z++) { sites.Add(new Vec3(x * Spacing + 1, y * Spacing + 1, z * Spacing + 1)); }
        int n = sites.Count;
        var topo = new Topology(["Li"], [6.94], new int[n], Enumerable.Repeat(1.0, n).ToArray(), Enumerable.Range(1, n).ToArray());
        return (topo, Box.Cubic(2 * Spacing), sites.ToArray());
    }

    [Fact]
    public void Quench_returns_each_atom_to_its_well_keeping_unwrapped_coordinates()
    {
        var (topo, box, sites) = Wells();
        var potential = new WellsPotential(sites, depth: 10, width: 1.0, repulsion: 0);
        var rng = new Random(5);
        var pos = sites.Select(s => s + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 0.8).ToArray();
        var images = new Int3[pos.Length];
        images[3] = new Int3(1, 0, -2); // atom 3 has crossed the box: its unwrapped position is two boxes away in z
        var frame = new Frame(box, pos, topo.Ids.ToArray(), topo.Types.ToArray(), topo.TypeNames) { Images = images, Step = 7 };

        var q = InherentStructure.Quench(frame, topo, potential, new MinimizerOptions { ForceTolerance = 1e-6, MaxSteps = 5000 });

        Assert.True(q.Minimization.Converged, q.Minimization.Message);
        Assert.True(q.Structure.PositionsAreUnwrapped);
        Assert.Equal(7, q.Structure.Step);
        for (int i = 0; i < sites.Length; i++)
        {
            // Analytic minimum: the well centre, in the atom's own periodic image.
            var expected = box.Unwrap(sites[i], images[i]);
            Assert.True((q.Structure.Positions[i] - expected).Norm < 1e-5, $"atom {i}: {q.Structure.Positions[i]} vs {expected}");
        }

        // E = −depth per atom (the other wells are 6 Å away: exp(−18) ≈ 1.5e−8 of a well each).
        Assert.Equal(-10.0 * sites.Length, q.Minimization.Energy, 5);
        Assert.True(q.InitialEnergy > q.Minimization.Energy);
        Assert.True(q.MaxDisplacement is > 0.05 and < 0.8 * 0.87);
        Assert.Equal(sites.Length, q.Structure.Extra[InherentStructure.EnergyColumn].Length);
    }

    [Fact]
    public void Quench_refuses_a_frame_of_another_topology()
    {
        var (topo, box, sites) = Wells();
        var frame = new Frame(box, sites.Take(7).ToArray(), Enumerable.Range(1, 7).ToArray(), new int[7], topo.TypeNames);
        var e = Assert.Throws<InputException>(() => InherentStructure.Quench(frame, topo, new WellsPotential(sites), new MinimizerOptions()));
        Assert.Contains("data file", e.Message);
    }
}
