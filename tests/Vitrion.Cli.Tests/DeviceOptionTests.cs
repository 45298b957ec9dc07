using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

/// <summary>`--device` of `energy` and `vitrion info --devices` (src/Vitrion.Cli/DeviceOption.cs).</summary>
public sealed class DeviceOptionTests
{
    [Fact]
    public void InfoDevicesListsTheCpuAcceleratorAndWhatAutoPicks()
    {
        var (code, output, err) = CliRunner.Run("info", "--devices");
        Assert.True(code == 0, err);
        Assert.Contains("cpu 0: ILGPU CPU accelerator", output);
        Assert.Contains("--device auto would use:", output);
    }

    [Fact]
    public void InfoWithoutAFileOrDevicesIsAnError()
    {
        var (code, _, err) = CliRunner.Run("info");
        Assert.Equal(2, code);
        Assert.Contains("info needs a file", err);
    }

    [Fact]
    public void EnergyOnTheCpuAcceleratorEqualsTheCpuEngine()
    {
        var (c1, cpu, e1) = CliRunner.Run("energy", References.ReferenceGlass, "--json", "--threads", "2");
        var (c2, dev, e2) = CliRunner.Run("energy", References.ReferenceGlass, "--json", "--threads", "2", "--device", "cpu-accelerator");
        Assert.True(c1 == 0, e1);
        Assert.True(c2 == 0, e2);
        using var a = JsonDocument.Parse(cpu);
        using var b = JsonDocument.Parse(dev);
        foreach (var key in new[] { "pe_kcal_per_mol", "elj_kcal_per_mol", "e3body_kcal_per_mol", "ecoul_kcal_per_mol", "elong_kcal_per_mol", "ebond_kcal_per_mol", "eangle_kcal_per_mol", "edihed_kcal_per_mol", "press_atm" })
        {
            double x = a.RootElement.GetProperty(key).GetDouble(), y = b.RootElement.GetProperty(key).GetDouble();
            Assert.True(Math.Abs(x - y) <= 1e-10 * Math.Max(1, Math.Abs(x)), $"{key}: {x:R} vs {y:R}");
        }
    }

    [Fact]
    public void UnknownDeviceIsAnError()
    {
        var (code, _, err) = CliRunner.Run("energy", References.ReferenceGlass, "--device", "tpu");
        Assert.Equal(2, code);
        Assert.Contains("--device must be", err);
    }
}
