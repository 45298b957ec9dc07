using System.Text.RegularExpressions;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Hardening;

/// <summary>A small trained softness model and its trajectory (made once per process), and edits of the model JSON.</summary>
internal static class Softness
{
    private static readonly Lazy<(string Model, string Trajectory)> Trained = new(Train);

    public static (string Model, string Trajectory) TrainedModel() => Trained.Value;

    /// <summary>Replaces the first element of the JSON array named <paramref name="key"/>.</summary>
    public static string ReplaceFirstArrayValue(string json, string key, string value)
    {
        var m = new Regex("\"" + Regex.Escape(key) + "\"\\s*:\\s*\\[\\s*([^,\\]\\s]+)", RegexOptions.CultureInvariant).Match(json);
        Assert.True(m.Success, $"no array '{key}' in the model");
        var g = m.Groups[1];
        return json[..g.Index] + value + json[(g.Index + g.Length)..];
    }

    /// <summary>Removes the last element of the JSON array named <paramref name="key"/>.</summary>
    public static string DropLastArrayValue(string json, string key)
    {
        var m = new Regex("\"" + Regex.Escape(key) + "\"\\s*:\\s*\\[([^\\]]*)\\]", RegexOptions.CultureInvariant).Match(json);
        Assert.True(m.Success, $"no array '{key}' in the model");
        var g = m.Groups[1];
        string inner = g.Value;
        int comma = inner.LastIndexOf(',');
        return json[..g.Index] + inner[..comma] + json[(g.Index + g.Length)..];
    }

    /// <summary>Replaces the number of the JSON property <paramref name="key"/>.</summary>
    public static string ReplaceNumber(string json, string key, string value)
    {
        var m = new Regex("\"" + Regex.Escape(key) + "\"\\s*:\\s*([-0-9.eE+]+)", RegexOptions.CultureInvariant).Match(json);
        Assert.True(m.Success, $"no number '{key}' in the model");
        var g = m.Groups[1];
        return json[..g.Index] + value + json[(g.Index + g.Length)..];
    }

    private static (string, string) Train()
    {
        string dir = References.TempDir("harden-softness");
        string traj = SoftnessCommandTests.WriteTrajectory(dir);
        string model = Path.Combine(dir, "model.json");
        var (code, output, err) = CliRunner.Run("softness", "train", traj, "-o", model, "--window-frames", "2", "--origin-stride", "1",
            "--mu-max", "6", "--mu-step", "0.5", "--C", "1");
        Assert.True(code == 0, err + output);
        return (model, traj);
    }
}
