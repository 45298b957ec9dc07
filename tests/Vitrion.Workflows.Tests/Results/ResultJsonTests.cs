using Vitrion.Core;
using Vitrion.TestKit;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Tasks;
using Xunit;

namespace Vitrion.Workflows.Tests.Results;

/// <summary>Issue #17: one JSON convention for result files (snake_case keys with unit suffixes) and strict readers.</summary>
public sealed class ResultJsonTests
{
    private static ArrheniusRecord Sample() => new(0.31, 0.02, 29.9, -3.5, 0.2, -0.001, 0.03, true, null, 300, 1.5e-7, 0.4, 2.5e-3, 1e-3,
        [new ArrheniusPointRecord(700, 1e-5, 1e-6, 0.1, 0.01), new ArrheniusPointRecord(900, double.NaN, 0, null, null)]);

    [Fact]
    public void Keys_AreSnakeCaseWithUnitSuffixes_AndNaNSurvives()
    {
        string path = Path.Combine(References.TempDir("vitrion-resultjson"), "a.json");
        var a = Sample();
        a.Write(path);
        string text = File.ReadAllText(path);
        foreach (var key in new[] { "\"ea_ev\"", "\"sigma_ea_ev\"", "\"ea_kj_per_mol\"", "\"d0_cm2_per_s\"", "\"conductivity_at_extrapolation_s_per_cm\"", "\"temperature_k\"", "\"d_cm2_per_s\"", "\"reduced_chi_square\": null" })
        {
            Assert.Contains(key, text, StringComparison.Ordinal);
        }

        var b = ArrheniusRecord.Read(path);
        Assert.Equal(a.EaEv, b.EaEv);
        Assert.True(double.IsNaN(b.Points[1].DCm2PerS));
        Assert.Equal(a.Points[0], b.Points[0]);
        Assert.Null(b.Points[1].ConductivitySPerCm);
    }

    [Fact]
    public void Reading_FailsOnAMissingOrUnknownKey_NamingTheFile()
    {
        string dir = References.TempDir("vitrion-resultjson");
        string path = Path.Combine(dir, "a.json");
        Sample().Write(path);
        string text = File.ReadAllText(path);

        File.WriteAllText(path, text.Replace("\"sigma_ea_ev\"", "\"sigma_Ea_eV\"", StringComparison.Ordinal));
        var e = Assert.Throws<InputException>(() => ArrheniusRecord.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        File.WriteAllText(path, text.Replace("  \"weighted\": true,\n", "", StringComparison.Ordinal));
        Assert.DoesNotContain("\"weighted\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Throws<InputException>(() => ArrheniusRecord.Read(path));

        Assert.Throws<InputException>(() => ArrheniusRecord.Read(Path.Combine(dir, "absent.json")));
        Assert.Null(ResultJson.TryRead<ArrheniusRecord>(Path.Combine(dir, "absent.json")));
    }
}
