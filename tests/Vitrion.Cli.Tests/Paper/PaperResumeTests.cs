using System.Globalization;
using System.Text.Json.Nodes;
using Vitrion.Workflows.Paper;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #10: a paper run killed midway (a real process kill, in the middle of an MD stage) and rerun with --resume
/// ends with the same results as an uninterrupted run.
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed class PaperResumeTests(TinyPaperFixture uninterrupted)
{
    /// <summary>Keys whose values are wall times, speeds or memory use, not results.</summary>
    internal static readonly HashSet<string> Volatile = new(StringComparer.Ordinal) { "seconds", "wall_s", "timesteps_per_s", "ns_per_day", "peak_memory_mb", "start_s", "end_s", "allocated_mb", "resumed" };

    [Fact]
    public void KilledMidwayAndResumed_EndsWithTheSameResultsAsAnUninterruptedRun()
    {
        uninterrupted.RequireSuccess();
        string dirB = Path.Combine(uninterrupted.Root, "killed-and-resumed");
        string prepareDone = Path.Combine(dirB, ".stages", "p2s6-05_prepare.done");
        string mdDone = Path.Combine(dirB, ".stages", "p2s6-05_T900_md.done");
        string partialDump = Path.Combine(dirB, "p2s6-05", "T900", "trajectory.dump"); // the softness temperature: its MD stages start first

        // 1. Start a run and kill it once the first production MD stage has started writing its trajectory.
        using (var run = VitrionProcess.Start(TinyPaperFixture.Args(dirB)))
        {
            var deadline = DateTime.UtcNow.AddSeconds(TinyPaperFixture.TimeoutSeconds);
            while (!(File.Exists(prepareDone) && File.Exists(partialDump) && new FileInfo(partialDump).Length > 0))
            {
                Assert.False(run.Process.HasExited, $"the run ended (exit {(run.Process.HasExited ? run.Process.ExitCode : 0)}) before it could be killed:\n{VitrionProcess.Tail(run.Output)}");
                Assert.True(DateTime.UtcNow < deadline, "the first production MD stage did not start in time:\n" + VitrionProcess.Tail(run.Output));
                Thread.Sleep(20);
            }

            run.Kill();
            Assert.NotEqual(0, run.Process.ExitCode);
        }

        // It really stopped midway: the MD stage it was in is not marked done and nothing was reported.
        Assert.False(File.Exists(mdDone), "the T900 MD stage finished before the kill; the test would not exercise an interrupted stage");
        Assert.False(File.Exists(Path.Combine(dirB, "results.json")));
        Assert.False(File.Exists(Path.Combine(dirB, "report.html")));
        int markersAtKill = Directory.GetFiles(Path.Combine(dirB, ".stages"), "*.done").Length;
        Assert.InRange(markersAtKill, 2, 10);

        // 2. Without --resume the folder is refused (an earlier run is there).
        var (refusedCode, refusedOut) = VitrionProcess.Run(120, TinyPaperFixture.Args(dirB));
        Assert.Equal(2, refusedCode);
        Assert.Contains("--resume", refusedOut, StringComparison.Ordinal);

        // 3. Resume: the finished stages are kept, the interrupted one and the rest rerun.
        var (code, output) = VitrionProcess.Run(TinyPaperFixture.TimeoutSeconds, TinyPaperFixture.Args(dirB, resume: true));
        Assert.True(code == 0, $"resumed run exited with {code}:\n{VitrionProcess.Tail(output)}");
        Assert.Contains("p2s6-05/build: done earlier (resume)", output, StringComparison.Ordinal);
        Assert.Contains("p2s6-05/prepare: done earlier (resume)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("p2s6-05/prepare (t =", output, StringComparison.Ordinal);
        Assert.Contains("p2s6-05/T900/md (t =", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"stage \S+ failed:", output);

        // 4. Same results. Numbers must agree exactly (the stages are seeded and deterministic at a fixed thread count).
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(uninterrupted.OutDir, "results.json")))!;
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(dirB, "results.json")))!;
        var differences = new List<string>();
        int numbers = 0;
        Compare(a, b, "", uninterrupted.OutDir, dirB, differences, ref numbers);
        Assert.True(differences.Count == 0, $"{differences.Count} differences between the uninterrupted and the resumed results.json, e.g.:\n{string.Join('\n', differences.Take(20))}");

        // The comparison covered the paper's numbers, not an empty file.
        Assert.True(numbers > 1000, $"only {numbers} numbers compared");
        var typed = PaperResults.Read(Path.Combine(uninterrupted.OutDir, "results.json"));
        foreach (var c in typed.Compositions)
        {
            Assert.True(c.Arrhenius is { EaEv: var ea } && double.IsFinite(ea), $"{c.P2s6Percent} %: no activation energy in results.json");
            Assert.True(c.Temperatures.Single(t => t.TemperatureK == 700).Md is not null, $"{c.P2s6Percent} %: no T700 MD result in results.json");
            Assert.True(c.SoftnessAnalysis is not null, $"{c.P2s6Percent} %: no softness analysis in results.json");
        }

        Assert.True(typed.Composition(5).Neb is { Hops.Count: > 0 }, "no NEB hops in results.json");
        Assert.True(typed.SoftnessModel is not null, "no softness model in results.json");

        // Every stage ran and succeeded in both runs (stage timings differ and are not compared).
        var stagesA = a["stages"]!.AsObject();
        var stagesB = b["stages"]!.AsObject();
        Assert.Equal(stagesA.Select(kv => kv.Key).Order(StringComparer.Ordinal), stagesB.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.All(stagesA.Concat(stagesB), kv => Assert.Equal("ok", (string?)kv.Value?["status"]));

        // The trajectory that was cut short by the kill was rewritten in full and identically; per-Li softness agrees.
        foreach (var rel in new[] { "p2s6-05/T900/trajectory.dump", "p2s6-05/T700/trajectory.dump", "p2s6-05/softness.csv", "p2s6-25/softness.csv", "p2s6-05/prepared.data" })
        {
            string fa = Path.Combine(uninterrupted.OutDir, rel), fb = Path.Combine(dirB, rel);
            Assert.True(File.ReadAllBytes(fa).AsSpan().SequenceEqual(File.ReadAllBytes(fb)), $"{rel} differs between the uninterrupted and the resumed run");
        }
    }

    /// <summary>Deep comparison; strings are compared after replacing each run's output folder by a placeholder.</summary>
    internal static void Compare(JsonNode? x, JsonNode? y, string path, string dirA, string dirB, List<string> diff, ref int numbers)
    {
        switch (x)
        {
            case JsonObject ox:
                if (y is not JsonObject oy) { diff.Add($"{path}: object vs {y?.GetValueKind()}"); return; }
                var kx = ox.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
                var ky = oy.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
                if (!kx.SetEquals(ky)) { diff.Add($"{path}: keys differ ({string.Join(",", kx.Except(ky))} | {string.Join(",", ky.Except(kx))})"); return; }
                foreach (var kv in ox)
                {
                    if (Volatile.Contains(kv.Key) || (path.Length == 0 && kv.Key == "stages")) { continue; }
                    Compare(kv.Value, oy[kv.Key], path + "/" + kv.Key, dirA, dirB, diff, ref numbers);
                }

                return;
            case JsonArray ax:
                if (y is not JsonArray ay || ay.Count != ax.Count) { diff.Add($"{path}: array of {ax.Count} vs {(y as JsonArray)?.Count.ToString(CultureInfo.InvariantCulture) ?? y?.GetValueKind().ToString()}"); return; }
                for (int i = 0; i < ax.Count; i++) { Compare(ax[i], ay[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), dirA, dirB, diff, ref numbers); }
                return;
            case null:
                if (y is not null) { diff.Add($"{path}: null vs {y.ToJsonString()}"); }
                return;
            default:
                if (y is null || x.GetValueKind() != y.GetValueKind()) { diff.Add($"{path}: {x.ToJsonString()} vs {y?.ToJsonString() ?? "null"}"); return; }
                if (x.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                {
                    numbers++;
                    double dx = x.GetValue<double>(), dy = y.GetValue<double>();
                    if (BitConverter.DoubleToInt64Bits(dx) != BitConverter.DoubleToInt64Bits(dy)) { diff.Add($"{path}: {x.ToJsonString()} vs {y.ToJsonString()}"); }
                }
                else if (x.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    string sx = x.GetValue<string>().Replace(dirA, "<out>", StringComparison.Ordinal);
                    string sy = y.GetValue<string>().Replace(dirB, "<out>", StringComparison.Ordinal);
                    if (sx != sy) { diff.Add($"{path}: \"{sx}\" vs \"{sy}\""); }
                }
                else if (x.ToJsonString() != y.ToJsonString())
                {
                    diff.Add($"{path}: {x.ToJsonString()} vs {y.ToJsonString()}");
                }

                return;
        }
    }
}
