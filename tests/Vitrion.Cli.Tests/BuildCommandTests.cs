using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

/// <summary><c>vitrion build --json</c> prints the BuildResult that it also writes next to the data file.</summary>
public sealed class BuildCommandTests
{
    [Fact]
    public void EightLi3Ps4AtUnitDensity()
    {
        string dir = References.TempDir("cli-build");
        string data = Path.Combine(dir, "li3ps4.data");
        var (code, stdout, err) = CliRunner.Run("build", "--anions", "PS4=8", "--density", "1.0", "--seed", "3", "-o", data, "--json");
        Assert.True(code == 0, err);
        var r = JsonDocument.Parse(stdout).RootElement;
        // 8 PS4 (5 atoms) + 24 Li; 8 × M(Li3PS4) = 8 × (3 × 6.94 + 30.974 + 4 × 32.06) = 1440.27 g/mol in a cube at 1 g/cm³:
        // V = 1440.27 / 0.6022141 Å³ = 2391.6 Å³, L = 13.377 Å.
        Assert.Equal(64, r.GetProperty("atoms").GetInt32());
        Assert.Equal(24, r.GetProperty("li").GetInt32());
        Assert.Equal(8, r.GetProperty("ps4").GetInt32());
        Assert.Equal(0, r.GetProperty("sulfide").GetInt32());
        Assert.Equal(0.0, r.GetProperty("charge").GetDouble(), 9);
        Assert.Equal(13.377, r.GetProperty("box_a").GetDouble(), 0.01);
        Assert.Equal(stdout.Trim(), File.ReadAllText(data + ".build.json").Trim());

        // Neither --anions nor --series: one line naming both, and nothing written.
        string other = Path.Combine(dir, "none.data");
        (code, _, err) = CliRunner.Run("build", "-o", other);
        Assert.Equal(2, code);
        Assert.Contains("--series chen2023", err);
        Assert.False(File.Exists(other));
    }
}
