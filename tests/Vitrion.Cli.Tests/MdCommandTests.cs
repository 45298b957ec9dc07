using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

public class MdCommandTests
{
    [Fact]
    public void NveOnTheReferenceGlassStartsAtLammpsEnergyAndReportsJson()
    {
        string data = References.ReferenceGlass;
        string dir = References.TempDir();
        string log = Path.Combine(dir, "thermo.csv");
        string outData = Path.Combine(dir, "final.data");
        var (code, stdout, stderr) = CliRunner.Run("md", data, "--steps", "4", "--thermo", "2", "--log", log, "--out", outData,
            "--forcefield", References.ForceFieldFile, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        foreach (var key in new[] { "steps", "wall_s", "timesteps_per_s", "ns_per_day", "pe_kcal_per_mol", "etotal_kcal_per_mol", "temp_k", "press_atm", "density_g_per_cm3", "energy_drift_kcal_per_mol" })
        {
            Assert.True(r.TryGetProperty(key, out _), $"missing {key}");
        }

        Assert.Equal(4, r.GetProperty("steps").GetInt64());
        // LAMMPS (REFERENCE.md, PPPM 1e-5): step 0 T = 498.153 K, Etotal = −228767.55 kcal/mol; NVE keeps it within 0.5.
        Assert.Equal(-228767.55, r.GetProperty("etotal_kcal_per_mol").GetDouble(), 0.5);
        Assert.Equal(1.7601, r.GetProperty("density_g_per_cm3").GetDouble(), 3);
        var lines = File.ReadAllLines(log);
        Assert.Equal("step,time,temp,pe,ke,etotal,conserved,press,volume,density", lines[0]);
        Assert.Equal(4, lines.Length); // steps 0, 2, 4
        Assert.StartsWith("0,0,498.15", lines[1]);
        Assert.True(File.Exists(outData));
    }

    [Fact]
    public void BadArgumentsGiveOneLineErrors()
    {
        var (code, _, err) = CliRunner.Run("md", References.ReferenceGlass, "--steps", "10", "--ensemble", "nvt");
        Assert.Equal(2, code);
        Assert.Contains("needs --temp", err);
        (code, _, err) = CliRunner.Run("md", References.ReferenceGlass, "--steps", "10", "--ensemble", "nph", "--temp", "300");
        Assert.Equal(2, code);
        Assert.Contains("--ensemble must be", err);
    }

    [Fact]
    public void RunCheckValidatesTheShippedProtocols()
    {
        // The shipped protocols read glass.data beside them: --check also checks that it exists (issue #19).
        string shipped = References.TempDir();
        foreach (var name in new[] { "quick-melt-quench.toml", "full-melt-quench.toml" })
        {
            string copy = Path.Combine(shipped, name);
            File.Copy(Path.Combine(References.RepoRoot, "protocols", name), copy);
            var (c0, _, e0) = CliRunner.Run("run", copy, "--check");
            Assert.Equal(2, c0);
            Assert.Contains(Path.Combine(shipped, "glass.data") + ": data file not found", e0);
            if (!File.Exists(Path.Combine(shipped, "glass.data"))) { File.Copy(References.ReferenceGlass, Path.Combine(shipped, "glass.data")); }
            var (code, stdout, err) = CliRunner.Run("run", copy, "--check");
            Assert.True(code == 0, err);
            Assert.Contains("quench: npt", stdout);
            File.Delete(Path.Combine(shipped, "glass.data"));
        }

        string bad = Path.Combine(References.TempDir(), "bad.toml");
        File.WriteAllText(bad, "data = \"x.data\"\n[[stage]]\ntype = \"nvt\"\nsteps = 5\ntemp = 300\ntdmap = 1\n");
        var (c2, _, e2) = CliRunner.Run("run", bad, "--check");
        Assert.Equal(2, c2);
        Assert.Contains("bad.toml:6: unknown key 'tdmap'", e2);
    }
}
