using System.Text.Json;
using Vitrion.Core;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Build.Tests;

public class GlassBuilderTests
{
    public static TheoryData<int, double> Series()
    {
        var d = new TheoryData<int, double>();
        foreach (int p in new[] { 5, 10, 15, 20, 25 })
        {
            d.Add(p, 1.0);
            d.Add(p, 0.1);
        }

        return d;
    }

    [Theory]
    [MemberData(nameof(Series))]
    public void Chen2023SeriesHasThePapersCounts(int percent, double scale)
    {
        var c = GlassComposition.Chen2023(percent, scale);
        // SCIENCE.md §1: Li 2580, P 1200, PS4 180, P2S6 = 30…150, P2S7 = 510 − P2S6, S = 4290 − P2S6 at scale 1.
        int p2s6 = 6 * percent;
        Assert.Equal((int)Math.Round(180 * scale), c.PS4);
        Assert.Equal((int)Math.Round(p2s6 * scale), c.P2S6);
        Assert.Equal((int)Math.Round((510 - p2s6) * scale), c.P2S7);
        Assert.Equal((int)Math.Round(2580 * scale), c.Lithium);
        Assert.Equal((int)Math.Round(1200 * scale), c.Phosphorus);
        Assert.Equal((int)Math.Round((4290 - p2s6) * scale), c.SulfurAtoms);
        Assert.Equal(percent / 100.0, c.P2S6ShareOfP, 12);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(25)]
    public void BuiltModelIsNeutralWithTheTopologyOfEachUnit(int percent)
    {
        var c = GlassComposition.Chen2023(percent, 0.1);
        var (data, report) = new GlassBuilder(new GlassBuildOptions { Seed = 7 }).Build(c);
        var t = data.Topology;
        Assert.Equal(c.AtomCount, t.AtomCount);
        Assert.Equal(0.0, t.TotalCharge, 9);
        var counts = t.CountByType();
        int Count(string name) => counts[t.TypeIndex(name)];
        Assert.Equal(c.Lithium, Count("Li"));
        Assert.Equal(c.PS4, Count("P4"));
        Assert.Equal(4 * c.PS4, Count("S4"));
        Assert.Equal(2 * c.P2S6, Count("P2"));
        Assert.Equal(6 * c.P2S6, Count("S2"));
        Assert.Equal(2 * c.P2S7, Count("Pa"));
        Assert.Equal(6 * c.P2S7, Count("S1"));
        Assert.Equal(c.P2S7, Count("Sc"));

        // topology_per_unit of parameters.json.
        int Bonds(string n) => t.Bonds.Count(b => t.BondTypeNames[b.Type] == n);
        int Angles(string n) => t.Angles.Count(a => t.AngleTypeNames[a.Type] == n);
        int Dihedrals(string n) => t.Dihedrals.Count(d => t.DihedralTypeNames[d.Type] == n);
        Assert.Equal(4 * c.PS4, Bonds("P4-S4"));
        Assert.Equal(6 * c.PS4, Angles("S4-P4-S4"));
        Assert.Equal(6 * c.P2S6, Bonds("P2-S2"));
        Assert.Equal(c.P2S6, Bonds("P2-P2"));
        Assert.Equal(6 * c.P2S6, Angles("P2-P2-S2"));
        Assert.Equal(6 * c.P2S6, Angles("S2-P2-S2"));
        Assert.Equal(9 * c.P2S6, Dihedrals("S2-P2-P2-S2"));
        Assert.Equal(6 * c.P2S7, Bonds("Pa-S1"));
        Assert.Equal(2 * c.P2S7, Bonds("Pa-Sc"));
        Assert.Equal(6 * c.P2S7, Angles("S1-Pa-S1"));
        Assert.Equal(6 * c.P2S7, Angles("S1-Pa-Sc"));
        Assert.Equal(c.P2S7, Angles("Pa-Sc-Pa"));
        Assert.Equal(6 * c.P2S7, Dihedrals("S1-Pa-Sc-Pa"));

        // Atom types of each term agree with its type name, in the canonical order of the name.
        foreach (var a in t.Angles)
        {
            var parts = t.AngleTypeNames[a.Type].Split('-');
            Assert.Equal(parts, new[] { t.TypeNames[t.Types[a.I]], t.TypeNames[t.Types[a.J]], t.TypeNames[t.Types[a.K]] });
        }

        foreach (var d in t.Dihedrals)
        {
            var parts = t.DihedralTypeNames[d.Type].Split('-');
            Assert.Equal(parts, new[] { t.TypeNames[t.Types[d.I]], t.TypeNames[t.Types[d.J]], t.TypeNames[t.Types[d.K]], t.TypeNames[t.Types[d.L]] });
        }

        // Density as requested (mass / volume).
        double density = t.TotalMass / data.Box.Volume * Units.DensityToGramPerCm3;
        Assert.Equal(1.0, density, 9);

        // No inter-unit contact closer than required.
        foreach (var (pair, min) in report.RequiredMinimumDistances)
        {
            if (report.ClosestContacts.TryGetValue(pair, out double got)) { Assert.True(got >= min, $"{pair}: {got} < {min}"); }
        }
    }

    [Fact]
    public void BondLengthsAndAnglesStartAtTheForceFieldsEquilibrium()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(References.ParametersJson));
        var bondsJson = doc.RootElement.GetProperty("bonds_class2").GetProperty("types");
        var anglesJson = doc.RootElement.GetProperty("angles_class2").GetProperty("types");
        var (data, _) = new GlassBuilder().Build(new GlassComposition(2, 2, 2));
        var t = data.Topology;
        var box = data.Box;
        foreach (var b in t.Bonds)
        {
            double r = box.MinimumImage(data.Positions[b.J] - data.Positions[b.I]).Norm;
            double r0 = bondsJson.GetProperty(t.BondTypeNames[b.Type]).GetProperty("r0").GetDouble();
            Assert.Equal(r0, r, 9);
        }

        // PS4 angles are tetrahedral (109.47°, θ0 = 109.46°); P2-P2-S2 and S1-Pa-Sc exactly θ0 by construction.
        foreach (var a in t.Angles)
        {
            string name = t.AngleTypeNames[a.Type];
            Vec3 u = box.MinimumImage(data.Positions[a.I] - data.Positions[a.J]);
            Vec3 v = box.MinimumImage(data.Positions[a.K] - data.Positions[a.J]);
            double theta = Math.Acos(Vec3.Dot(u, v) / (u.Norm * v.Norm)) * 180 / Math.PI;
            double theta0 = anglesJson.GetProperty(name).GetProperty("theta0").GetDouble();
            double tol = name is "P2-P2-S2" or "S1-Pa-Sc" or "Pa-Sc-Pa" ? 1e-6 : name == "S4-P4-S4" ? 0.02 : 6.0;
            Assert.True(Math.Abs(theta - theta0) < tol, $"{name}: {theta} vs {theta0}");
        }
    }

    [Theory]
    [InlineData(1.2)]
    [InlineData(0.8)]
    public void PacksAtDensity(double density)
    {
        var (data, _) = new GlassBuilder(new GlassBuildOptions { Density = density, MaxAttemptsPerUnit = 5000 }).Build(GlassComposition.Chen2023(5, 0.1));
        Assert.Equal(density, data.Topology.TotalMass / data.Box.Volume * Units.DensityToGramPerCm3, 9);
    }

    [Fact]
    public void SameSeedGivesTheSameModelAndAnotherSeedAnother()
    {
        var c = GlassComposition.Chen2023(15, 0.1);
        var a = new GlassBuilder(new GlassBuildOptions { Seed = 3 }).Build(c).Data;
        var b = new GlassBuilder(new GlassBuildOptions { Seed = 3 }).Build(c).Data;
        var d = new GlassBuilder(new GlassBuildOptions { Seed = 4 }).Build(c).Data;
        Assert.Equal(a.Positions, b.Positions);
        Assert.NotEqual(a.Positions, d.Positions);
    }

    [Fact]
    public void ImpossibleRequestsGiveClearErrors()
    {
        var e1 = Assert.Throws<InputException>(() => new GlassBuilder().Build(new GlassComposition(-1, 2, 0)));
        Assert.Contains("non-negative", e1.Message);
        var e2 = Assert.Throws<InputException>(() => new GlassBuilder(new GlassBuildOptions { Density = 3.5, MaxAttemptsPerUnit = 200 }).Build(GlassComposition.Chen2023(5, 0.1)));
        Assert.Contains("lower --density", e2.Message);
        Assert.Throws<InputException>(() => GlassComposition.Chen2023(7, 0.1));
        Assert.Throws<InputException>(() => GlassComposition.Chen2023(5, 0.15));
        Assert.Throws<InputException>(() => GlassComposition.ParseAnions("PS4=x"));
    }
}
