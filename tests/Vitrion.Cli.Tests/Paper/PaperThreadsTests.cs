using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #17: the results of a paper run do not depend on its thread budget or on the schedule that follows from it.
/// The tiny preset run with --threads 1 (stages one after another) and with --threads 2 (two stages side by side:
/// the shared fixture) give results.json files whose every number is equal to the last bit.
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed class PaperThreadsTests(TinyPaperFixture twoThreads)
{
    [Fact]
    public void TinyPreset_OneThreadAndTwoThreads_GiveTheSameResults()
    {
        twoThreads.RequireSuccess();
        Assert.Equal(2, TinyPaperFixture.Threads);
        string dir1 = Path.Combine(twoThreads.Root, "threads-1");
        var args = TinyPaperFixture.Args(dir1).Select(a => a == TinyPaperFixture.Threads.ToString(CultureInfo.InvariantCulture) ? "1" : a).ToArray();
        Assert.Contains("1", args);
        var (code, output) = VitrionProcess.Run(TinyPaperFixture.TimeoutSeconds, args);
        Assert.True(code == 0, $"--threads 1 run exited with {code}:\n{VitrionProcess.Tail(output)}");
        Assert.DoesNotMatch(@"stage \S+ failed:", output);

        // The two runs really had different budgets: stages overlapped with two threads and never with one.
        Assert.True(MaxOverlap(Path.Combine(twoThreads.OutDir, "run-log.csv")) >= 2, "the --threads 2 run never ran two stages at once");
        Assert.Equal(1, MaxOverlap(Path.Combine(dir1, "run-log.csv")));

        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(twoThreads.OutDir, "results.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(dir1, "results.json")))!;
        var differences = new List<string>();
        int numbers = 0;
        PaperResumeTests.Compare(a, b, "", twoThreads.OutDir, dir1, differences, ref numbers);
        Assert.True(differences.Count == 0, $"{differences.Count} differences between --threads 2 and --threads 1, e.g.:\n{string.Join('\n', differences.Take(20))}");
        Assert.True(numbers > 1000, $"only {numbers} numbers compared");
        foreach (var rel in new[] { "p2s6-05/prepared.data", "p2s6-25/T1100/trajectory.dump", "p2s6-05/T900/inherent.dump", "p2s6-25/softness.csv" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(twoThreads.OutDir, rel)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir1, rel))), $"{rel} differs between --threads 2 and --threads 1");
        }
    }

    /// <summary>Largest number of stages running at the same time according to a run log.</summary>
    private static int MaxOverlap(string runLog)
    {
        int now = 0, max = 0;
        foreach (var line in File.ReadLines(runLog).Skip(1))
        {
            var evt = line.Split(',')[2];
            if (evt == "start") { max = Math.Max(max, ++now); }
            else if (evt is "end" or "failed") { now--; }
        }

        return max;
    }
}
