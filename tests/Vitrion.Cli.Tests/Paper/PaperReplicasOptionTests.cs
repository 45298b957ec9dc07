using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>Bad replica options are refused with one line and exit code 2, before anything is written.</summary>
public sealed class PaperReplicasOptionTests
{
    [Theory]
    [InlineData("--replicas", "0", "--replicas 0: give 1 to 100")]
    [InlineData("--replicas", "101", "--replicas 101: give 1 to 100")]
    [InlineData("--softness-train-on", "some", "--softness-train-on 'some': use first or all")]
    public void BadValues_AreRefused(string option, string value, string message)
    {
        string outDir = Path.Combine(References.TempDir("vitrion-replicas-options"), "out");
        var (code, _, err) = CliRunner.Run("paper", "--preset", "tiny", "-o", outDir, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Replicas_WithTheLammpsEngine_AreRefused()
    {
        string outDir = Path.Combine(References.TempDir("vitrion-replicas-options"), "out");
        var (code, _, err) = CliRunner.Run("paper", "--preset", "tiny", "-o", outDir, "--replicas", "2", "--engine", "lammps");
        Assert.Equal(2, code);
        Assert.Contains("run them with --replicas 1", err);
        Assert.False(Directory.Exists(outDir));
    }
}
