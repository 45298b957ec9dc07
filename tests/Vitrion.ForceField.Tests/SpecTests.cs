using System.Text.Json;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.TestKit;

namespace Vitrion.ForceField.Tests;

/// <summary>The force-field file against parameters.json; errors for undefined types.</summary>
public sealed class SpecTests
{
    [Fact]
    public void RuleChargesEqualParametersJson()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(References.ParametersJson));
        foreach (var t in doc.RootElement.GetProperty("types").EnumerateObject())
        {
            Assert.Equal(t.Value.GetProperty("charge").GetDouble(), TestSystems.Spec.RuleCharges[t.Name], 1e-12);
        }
    }

    [Fact]
    public void ResolvesTheReferenceGlassTypesByName()
    {
        var p = ForceFieldParameters.Resolve(TestSystems.Spec, TestSystems.Glass.Topology);
        Assert.Equal(["P2-S2", "Pa-S1", "Pa-Sc", "P4-S4", "P2-P2"], p.BondTypeNames.ToArray());
        Assert.Equal(["P2-P2-S2", "S2-P2-S2", "Pa-Sc-Pa", "S1-Pa-S1", "S1-Pa-Sc", "S4-P4-S4"], p.AngleTypeNames.ToArray());
        Assert.Equal(1.092, p.Epsilon(7, 6)); // Li-S4
        Assert.Equal(0.0, p.Topology.TotalCharge, 1e-9); // the glass is neutral with the rule charges
    }

    [Fact]
    public void UnknownAtomTypeIsAnInputError()
    {
        var topo = new Topology(["Li", "Xx"], [6.9, 10], [0, 1], [0.5, -0.5]);
        var ex = Assert.Throws<InputException>(() => ForceFieldParameters.Resolve(TestSystems.Spec, topo));
        Assert.Contains("'Xx'", ex.Message);
    }

    [Fact]
    public void UnknownBondIsAnInputError()
    {
        var topo = SmallSystems.Make(["Li", "S4"], [0, 1], bonds: [new Bond(0, 0, 1)]);
        var ex = Assert.Throws<InputException>(() => ForceFieldParameters.Resolve(TestSystems.Spec, topo));
        Assert.Contains("Li-S4", ex.Message);
    }
}
