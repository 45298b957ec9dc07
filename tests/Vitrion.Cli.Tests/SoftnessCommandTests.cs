using Vitrion.Core;
using Vitrion.IO.Xyz;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests;

public class SoftnessCommandTests
{
    /// <summary>A 5-frame random Li/P/S trajectory (seed 5) as extended XYZ in <paramref name="dir"/>; shared with the hardening tests.</summary>
    internal static string WriteTrajectory(string dir)
    {
        var rng = new Random(5);
        var box = Box.Cubic(18);
        var pos = new List<Vec3>();
        while (pos.Count < 200)
        {
            var r = new Vec3(rng.NextDouble() * 18, rng.NextDouble() * 18, rng.NextDouble() * 18);
            if (pos.All(p => box.MinimumImage(p - r).Norm > 1.2)) { pos.Add(r); }
        }

        string[] names = ["Li", "P4", "S4", "S2", "S1"];
        var types = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 0 : 1 + (i / 2) % 4).ToArray();
        var frames = new List<Frame>();
        for (int k = 0; k < 5; k++)
        {
            frames.Add(new Frame(box, pos.ToArray(), Enumerable.Range(1, 200).ToArray(), types, names) { Step = 1000 * k });
            pos = pos.Select(p => p + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 0.5).ToList();
        }

        string path = Path.Combine(dir, "traj.xyz");
        ExtendedXyzWriter.WriteAll(path, frames);
        return path;
    }

    [Fact]
    public void TrainApplyAnalyzeRoundTrip()
    {
        string dir = References.TempDir("softness-cli");
        string traj = WriteTrajectory(dir);
        string model = Path.Combine(dir, "model.json");
        string feats = Path.Combine(dir, "features.csv");
        var (code, output, err) = CliRunner.Run("softness", "train", traj, "-o", model, "--window-frames", "2", "--origin-stride", "1",
            "--mu-max", "6", "--mu-step", "0.5", "--C", "1", "--export-features", feats);
        Assert.True(code == 0, err + output);
        Assert.Contains("test:  accuracy", output);
        Assert.True(File.Exists(model));
        var header = File.ReadLines(feats).First().Split(',');
        Assert.Equal(["origin", "step", "id", "dcum_A2", "label", "split"], header[..6]);
        Assert.Equal(6 + 3 * 11, header.Length);
        Assert.Equal(3 * 40, File.ReadLines(feats).Count() - 1);

        string soft = Path.Combine(dir, "soft.csv");
        (code, output, err) = CliRunner.Run("softness", "apply", model, traj, "-o", soft);
        Assert.True(code == 0, err + output);
        var lines = File.ReadAllLines(soft);
        Assert.Equal("frame,step,id,softness", lines[0]);
        Assert.Equal(5 * 100, lines.Length - 1);

        (code, output, err) = CliRunner.Run("softness", "analyze", traj, "--softness", soft, "-o", Path.Combine(dir, "an"));
        Assert.True(code == 0, err + output);
        Assert.True(File.Exists(Path.Combine(dir, "an", "analysis.json")));
        // analysis.json is the task's record (read strictly back), over every Li value of the softness file.
        var analysis = Vitrion.Workflows.Tasks.SoftnessAnalysisRecord.Read(Path.Combine(dir, "an", "analysis.json"));
        Assert.Equal(5 * 100, analysis.Count);
        (code, output, err) = CliRunner.Run("softness", "apply", model, traj, "-o", Path.Combine(dir, "soft2.csv"), "--json");
        Assert.True(code == 0, err + output);
        using (var applied = System.Text.Json.JsonDocument.Parse(output))
        {
            Assert.Equal(5, applied.RootElement.GetProperty("frames").GetInt32());
            Assert.Equal(5 * 100, applied.RootElement.GetProperty("values").GetInt32());
        }

        File.WriteAllText(model, "{}");
        (code, _, err) = CliRunner.Run("softness", "apply", model, traj, "-o", soft);
        Assert.Equal(2, code);
        Assert.Contains("model", err);
    }
}
