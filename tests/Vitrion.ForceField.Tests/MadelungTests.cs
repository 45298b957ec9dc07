using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.ForceField.Tests;

/// <summary>Ewald energies of ionic crystals against their Madelung constants.</summary>
public sealed class MadelungTests
{
    private static double EnergyPerIonPair(Vec3[] basisFrac, int[] basisTypes, int cells, double a, KspaceStyle style)
    {
        var spec = SmallSystems.Ionic(("Na", 1.0), ("Cl", -1.0));
        var pos = new List<Vec3>();
        var types = new List<int>();
        for (int i = 0; i < cells; i++)
        {
            for (int j = 0; j < cells; j++)
            {
                for (int k = 0; k < cells; k++)
                {
                    for (int b = 0; b < basisFrac.Length; b++)
                    {
                        pos.Add(a * (new Vec3(i, j, k) + basisFrac[b]));
                        types.Add(basisTypes[b]);
                    }
                }
            }
        }

        var topo = new Topology(["Na", "Cl"], [20.0, 20.0], types.ToArray(), types.Select(t => t == 0 ? 1.0 : -1.0).ToArray());
        var box = Box.Cubic(a * cells);
        var ff = new ArigaForceField(spec, topo, box, new ForceFieldOptions { Kspace = style, Accuracy = 1e-10, Cutoff = 0.45 * a * cells, Skin = 0.5, Threads = 2 });
        var b2 = new ForceBuffer(topo.AtomCount);
        ff.Compute(new SystemState(ff.Topology, box, pos.ToArray()), b2);
        Assert.True(b2.Forces.Max(f => f.Norm) < 1e-6, "forces vanish in a perfect crystal");
        return b2.PotentialEnergy / (topo.AtomCount / 2);
    }

    [Fact]
    public void RockSalt()
    {
        double a = 5.64;
        Vec3[] basis = [new(0, 0, 0), new(0.5, 0.5, 0), new(0.5, 0, 0.5), new(0, 0.5, 0.5), new(0.5, 0, 0), new(0, 0.5, 0), new(0, 0, 0.5), new(0.5, 0.5, 0.5)];
        int[] t = [0, 0, 0, 0, 1, 1, 1, 1];
        double e = EnergyPerIonPair(basis, t, 2, a, KspaceStyle.Ewald);
        double expected = -1.747565 * Units.Coulomb / (a / 2);
        Assert.Equal(expected, e, Math.Abs(expected) * 2e-6);
    }

    [Fact]
    public void CesiumChloride()
    {
        double a = 4.12;
        double e = EnergyPerIonPair([new(0, 0, 0), new(0.5, 0.5, 0.5)], [0, 1], 3, a, KspaceStyle.Ewald);
        double expected = -1.762675 * Units.Coulomb / (a * Math.Sqrt(3) / 2);
        Assert.Equal(expected, e, Math.Abs(expected) * 2e-6);
    }
}
