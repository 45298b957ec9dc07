using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

/// <summary>`vitrion energy` on the reference glass against REFERENCE.md.</summary>
public sealed class EnergyCommandTests
{
    [Fact]
    public void EwaldJsonMatchesReferenceAndFilesAreWritten()
    {
        string dir = References.TempDir("vitrion-energy");
        string forces = Path.Combine(dir, "f.txt"), per = Path.Combine(dir, "pe.txt");
        var (code, output, err) = CliRunner.Run("energy", References.ReferenceGlass, "--kspace", "ewald", "--accuracy", "1e-5", "--threads", "2",
            "--json", "--forces", forces, "--per-atom", per);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        // REFERENCE.md, Ewald 1e-5 column (LAMMPS tabulated Coulomb): bonded terms and evdwl are independent of k-space settings.
        Assert.Equal(-15273.17005, r.GetProperty("evdwl_kcal_per_mol").GetDouble(), 1e-6 * 15273.17);
        Assert.Equal(r.GetProperty("elj_kcal_per_mol").GetDouble() + r.GetProperty("e3body_kcal_per_mol").GetDouble(), r.GetProperty("evdwl_kcal_per_mol").GetDouble(), 1e-9);
        Assert.Equal(3219.91810, r.GetProperty("ebond_kcal_per_mol").GetDouble(), 1e-6 * 3219.9);
        Assert.Equal(3865.80823, r.GetProperty("eangle_kcal_per_mol").GetDouble(), 1e-6 * 3865.8);
        Assert.Equal(3734.16553, r.GetProperty("edihed_kcal_per_mol").GetDouble(), 1e-6 * 3734.2);
        // Total: LAMMPS' Ewald 1e-5 with tables is -240748.84562; both carry ~1e-5-level k-space/real-space errors.
        Assert.Equal(-240748.84562, r.GetProperty("pe_kcal_per_mol").GetDouble(), 0.5);
        Assert.Equal(-298.430, r.GetProperty("press_atm").GetDouble(), 2.0);
        var flines = File.ReadAllLines(forces);
        Assert.Equal(8069, flines.Length);
        Assert.StartsWith("1 ", flines[0]);
        double sum = File.ReadAllLines(per).Sum(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(r.GetProperty("pe_kcal_per_mol").GetDouble(), sum, 1e-5);
    }

    [Fact]
    public void UnknownKspaceIsAnError()
    {
        var (code, _, err) = CliRunner.Run("energy", References.ReferenceGlass, "--kspace", "fmm");
        Assert.Equal(2, code);
        Assert.Contains("--kspace", err);
    }
}
