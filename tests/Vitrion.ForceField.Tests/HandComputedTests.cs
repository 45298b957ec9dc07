using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.ForceField.Tests;

/// <summary>Two- and three-atom energies and forces computed by hand.</summary>
public sealed class HandComputedTests
{
    [Fact]
    public void TwoAtomLjAndCoulomb()
    {
        var spec = TestSystems.Spec;
        var topo = SmallSystems.Make(["Li", "S4"], [0, 1]);
        var box = Box.Cubic(60);
        double r = 2.9;
        var state = new SystemState(topo, box, [new Vec3(10, 10, 10), new Vec3(10 + r, 10, 10)]);
        var ff = new ArigaForceField(spec, topo, box, new ForceFieldOptions { Kspace = KspaceStyle.None, Threads = 1 });
        var b = new ForceBuffer(2);
        ff.Compute(state, b, perAtom: true);
        double eps = 1.092, sig = 2.734, qLi = 0.61, qS = -(3 * 0.61 + 0.546416) / 4;
        double sr = sig / r;
        double elj = eps * (2 * Math.Pow(sr, 9) - 3 * Math.Pow(sr, 6));
        double ec = Units.Coulomb * qLi * qS / r;
        Assert.Equal(elj, b.Energies.Elj, 1e-12);
        Assert.Equal(ec, b.Energies.Ecoul, 1e-10);
        Assert.Equal(0.0, b.Energies.E3body);
        double dEdr = eps * (-18 * Math.Pow(sr, 9) + 18 * Math.Pow(sr, 6)) / r - ec / r;
        Assert.Equal(dEdr, b.Forces[0].X, 1e-10);       // F_0 = +dE/dr along +x (pulls towards atom 1 when attractive)
        Assert.Equal(-dEdr, b.Forces[1].X, 1e-10);
        Assert.Equal(0.5 * (elj + ec), b.PerAtomEnergy[0], 1e-10);
        Assert.Equal(-r * dEdr, b.Virial[0], 1e-9);
    }

    [Fact]
    public void ThreeAtomStillingerWeber()
    {
        var spec = TestSystems.Spec;
        var topo = SmallSystems.Make(["Li", "S4", "S1"], [0, 1, 2]);
        var box = Box.Cubic(60);
        double r1 = 2.5, r2 = 3.1, theta = 1.9;
        var li = new Vec3(20, 20, 20);
        var state = new SystemState(topo, box, [li, li + new Vec3(r1, 0, 0), li + new Vec3(r2 * Math.Cos(theta), r2 * Math.Sin(theta), 0)]);
        var ff = new ArigaForceField(spec, topo, box, new ForceFieldOptions { Kspace = KspaceStyle.None, Threads = 1, Terms = ForceFieldTerms.ThreeBody });
        var b = new ForceBuffer(3);
        ff.Compute(state, b, perAtom: true);
        // λ(S1,S4) = 52.0274, cos0 = -0.40957, γ(S4) = 5.42257, γ(S1) = 5.47149, ε = σ = 1, a = 5.
        double expected = 52.0274 * Math.Pow(Math.Cos(theta) + 0.40957, 2) * Math.Exp(5.42257 / (r1 - 5)) * Math.Exp(5.47149 / (r2 - 5));
        Assert.Equal(expected, b.Energies.E3body, 1e-12);
        Assert.Equal(expected / 3, b.PerAtomEnergy[1], 1e-12);
        Vec3 net = b.Forces[0] + b.Forces[1] + b.Forces[2];
        Assert.True(net.Norm < 1e-12);
    }

    [Fact]
    public void ErfcPolynomialIsAccurate()
    {
        // Reference values of erfc from MathNet (double precision) over the range used by the pair term.
        for (double x = 0; x <= 6.0; x += 0.01)
        {
            double exact = MathNet.Numerics.SpecialFunctions.Erfc(x);
            double ours = Vitrion.ForceField.Pair.Erfc.Value(x);
            Assert.True(Math.Abs(ours / exact - 1) < 2e-12, $"x={x}: {ours} vs {exact}");
        }
    }
}
