using Vitrion.Core;
using Vitrion.ForceField;
using Xunit;

namespace Vitrion.ForceField.Tests;

/// <summary>The reference glass against REFERENCE.md (LAMMPS 20220106, Ewald 1e-8, pair_modify table 0).</summary>
public sealed class ReferenceGlassTests
{
    private static readonly Lazy<(ForceBuffer Buffer, SystemState State, ArigaForceField Field)> Ewald8 =
        new(() => TestSystems.Evaluate(TestSystems.Glass, new ForceFieldOptions { Kspace = KspaceStyle.Ewald, Accuracy = 1e-8, Threads = 2 }, perAtom: true));

    [Fact]
    public void EwaldEnergiesMatchReference()
    {
        var (b, s, ff) = Ewald8.Value;
        var e = b.Energies;
        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant(
            $"pe {e.Pe:R} elj {e.Elj:R} e3 {e.E3body:R} ecoul {e.Ecoul:R} elong {e.Elong:R} ebond {e.Ebond:R} eangle {e.Eangle:R} edihed {e.Edihed:R} press {b.Pressure(s.Box, s.KineticEnergy()):R} g {ff.GEwald}"));
        Assert.Equal(-240747.38299, e.Pe, 0.01);
        Assert.Equal(-18883.72962, e.Elj, 18883.72962 * 1e-6);
        Assert.Equal(3610.55956, e.E3body, 3610.55956 * 1e-6);
        Assert.Equal(-15273.17005, e.Evdwl, 15273.17005 * 1e-6);
        Assert.Equal(3219.91810, e.Ebond, 3219.91810 * 1e-6);
        Assert.Equal(3865.80823, e.Eangle, 3865.80823 * 1e-6);
        Assert.Equal(3734.16553, e.Edihed, 3734.16553 * 1e-6);
        Assert.Equal(-236294.10480, e.Ecoul + e.Elong, 0.01);
        Assert.Equal(-298.798, b.Pressure(s.Box, s.KineticEnergy()), 0.5);
    }

    [Fact]
    public void PerAtomEnergiesSumToTotal()
    {
        var (b, _, _) = Ewald8.Value;
        double sum = 0;
        foreach (double x in b.PerAtomEnergy) { sum += x; }
        Assert.Equal(b.Energies.Pe, sum, 1e-6);
    }

    [Fact]
    public void ForcesSumToZero()
    {
        var (b, _, _) = Ewald8.Value;
        Vec3 total = default;
        foreach (var f in b.Forces) { total += f; }
        Assert.True(total.Norm < 1e-6, $"net force {total}");
    }
}
