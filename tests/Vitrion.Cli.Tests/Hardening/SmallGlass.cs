using System.Security.Cryptography;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Hardening;

/// <summary>
/// The inputs of issue #19: <c>small.data</c> (<c>vitrion build --series chen2023 --p2s6 5 --scale 0.1 --seed 3</c>,
/// 804 atoms) and <c>traj.dump</c>, a short NVT dump of it (120 steps, a frame every 20), made once per process.
/// </summary>
internal static class SmallGlass
{
    private static readonly Lazy<(string Data, string Dump)> Files = new(Make);

    /// <summary>The folder holding small.data and traj.dump (read-only by convention: copy before changing).</summary>
    public static string Folder => Path.GetDirectoryName(Files.Value.Data)!;

    /// <summary>small.data.</summary>
    public static string Data => Files.Value.Data;

    /// <summary>traj.dump.</summary>
    public static string Dump => Files.Value.Dump;

    /// <summary>Copies a file into a fresh folder and returns the copy's path.</summary>
    public static string Copy(string file, string? name = null)
    {
        string d = References.TempDir("harden");
        string p = Path.Combine(d, name ?? Path.GetFileName(file));
        File.Copy(file, p);
        return p;
    }

    /// <summary>SHA-256 of a file (to show an input was left unchanged).</summary>
    public static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>Runs the command and asserts exit 2 with one line on stderr (no stack trace) that contains every fragment.</summary>
    public static string AssertUserError(string[] args, params string[] contains)
    {
        var (code, stdout, err) = CliRunner.Run(args);
        string cmd = string.Join(' ', args);
        Assert.True(code == 2, $"vitrion {cmd}: exit {code}, expected 2; stderr: {err} stdout: {stdout}");
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("vitrion: note:", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 1, $"vitrion {cmd}: expected one line on stderr, got {lines.Length}: {err}");
        Assert.StartsWith("vitrion: error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        foreach (var c in contains) { Assert.Contains(c, lines[0], StringComparison.Ordinal); }
        return lines[0];
    }

    private static (string, string) Make()
    {
        string dir = References.TempDir("small-glass");
        string data = Path.Combine(dir, "small.data");
        var (code, _, err) = CliRunner.Run("build", "--series", "chen2023", "--p2s6", "5", "--scale", "0.1", "--seed", "3", "-o", data);
        Assert.True(code == 0, err);
        string dump = Path.Combine(dir, "traj.dump");
        (code, _, err) = CliRunner.Run("md", data, "--steps", "120", "--ensemble", "nvt", "--temp", "600", "--threads", "1",
            "--dump", dump, "--dump-every", "20");
        Assert.True(code == 0, err);
        return (data, dump);
    }
}
