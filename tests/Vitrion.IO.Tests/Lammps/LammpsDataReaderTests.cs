using Vitrion.IO.Lammps;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.IO.Tests.Lammps;

public class LammpsDataReaderTests
{
    [Fact]
    public void ReadsReferenceGlassCounts()
    {
        var d = LammpsDataReader.Read(References.ReferenceGlass);
        Assert.Equal(8069, d.Topology.AtomCount);
        Assert.Equal(4745, d.Topology.Bonds.Length);
        Assert.Equal(7667, d.Topology.Angles.Length);
        Assert.Equal(3297, d.Topology.Dihedrals.Length);
        Assert.Equal(2619, d.Topology.CountByType()[7]);
        Assert.NotNull(d.Velocities);
        Assert.Equal(TypeNameSource.Inferred, d.TypeNameSource);
        Assert.Equal(["P2", "S2", "Pa", "S1", "Sc", "P4", "S4", "Li"], d.Topology.TypeNames);
        Assert.Equal(56.54313, d.Box.Lx, 5);
        double density = d.Topology.TotalMass / d.Box.Volume * Vitrion.Core.Units.DensityToGramPerCm3;
        Assert.Equal(1.7601, density, 4);
    }
}
