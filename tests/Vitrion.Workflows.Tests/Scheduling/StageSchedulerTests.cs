using System.Collections.Concurrent;
using Vitrion.TestKit;
using Vitrion.Workflows.Results;
using Vitrion.Workflows.Scheduling;
using Xunit;

namespace Vitrion.Workflows.Tests.Scheduling;

/// <summary>Issue #17: the stages form a graph; ready stages run side by side within the thread budget.</summary>
public sealed class StageSchedulerTests
{
    private sealed class Recorder : IStageObserver
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public void Started(int index, string name, int threads, double elapsedS) => Events.Enqueue("start " + name);

        public void Progress(string name, double fraction, string? text)
        {
        }

        public void Finished(int index, string name, StageRecord record) => Events.Enqueue($"{(record.Resumed ? "resumed" : record.Status)} {name}");
    }

    private static (StageScheduler Scheduler, Recorder Recorder, string Dir) Make(IReadOnlyList<StageSpec> stages, int budget, string? dir = null)
    {
        dir ??= References.TempDir("vitrion-scheduler");
        var rec = new Recorder();
        return (new StageScheduler(stages, budget, s => Path.Combine(dir, s.Replace('/', '_') + ".done"), Path.Combine(dir, "run-log.csv"), rec), rec, dir);
    }

    /// <summary>A stage that waits until <paramref name="count"/> stages are inside the barrier (or times out), recording the peak.</summary>
    private sealed class Overlap(int count)
    {
        private int _inside;

        public int Peak { get; private set; }

        public void Run(StageContext _)
        {
            int now = Interlocked.Increment(ref _inside);
            lock (this) { Peak = Math.Max(Peak, now); }
            var until = DateTime.UtcNow.AddSeconds(2);
            while (Volatile.Read(ref _inside) < count && DateTime.UtcNow < until) { Thread.Sleep(5); }
            Thread.Sleep(20);
            Interlocked.Decrement(ref _inside);
        }
    }

    [Fact]
    public void IndependentStages_RunSideBySide_WithinTheBudget()
    {
        var o = new Overlap(3);
        var stages = Enumerable.Range(0, 4).Select(i => new StageSpec($"s{i}", [], 1, true, o.Run)).ToList();
        var (s, _, _) = Make(stages, 2);
        var r = s.Run(false, TestContext.Current.CancellationToken);
        Assert.Equal(2, o.Peak); // two at a time: never three, although three would be ready
        Assert.All(r.Values, x => Assert.Equal("ok", x.Status));

        var one = new Overlap(2);
        var (s1, _, _) = Make(Enumerable.Range(0, 3).Select(i => new StageSpec($"s{i}", [], 1, true, one.Run)).ToList(), 1);
        s1.Run(false, TestContext.Current.CancellationToken);
        Assert.Equal(1, one.Peak);
    }

    [Fact]
    public void Dependencies_FinishBeforeTheirDependents_AndAStageNeedingTheWholeBudgetRunsAlone()
    {
        var order = new ConcurrentQueue<string>();
        var o = new Overlap(2);
        StageSpec S(string n, string[] deps, int threads = 1) => new(n, deps, threads, true, c => { order.Enqueue("+" + n); o.Run(c); order.Enqueue("-" + n); });
        var (s, _, _) = Make([S("a", []), S("b", ["a"]), S("c", ["a"]), S("wide", ["b", "c"], 2), S("d", ["wide"])], 2);
        var r = s.Run(false, TestContext.Current.CancellationToken);
        var list = order.ToList();
        Assert.True(list.IndexOf("-a") < list.IndexOf("+b") && list.IndexOf("-a") < list.IndexOf("+c"));
        Assert.True(list.IndexOf("-b") < list.IndexOf("+wide") && list.IndexOf("-c") < list.IndexOf("+wide"));
        Assert.Equal("-wide", list[list.IndexOf("+wide") + 1]);
        Assert.Equal(2, r["wide"].Threads);
        Assert.Equal(["a", "b", "c", "wide", "d"], r.Keys);
    }

    [Fact]
    public void AFailedOptionalStage_SkipsItsDependents_AndTheRestRuns()
    {
        var (s, rec, _) = Make(
        [
            new StageSpec("bad", [], 1, false, _ => throw new InvalidOperationException("boom")),
            new StageSpec("after-bad", ["bad"], 1, false, _ => throw new InvalidOperationException("must not run")),
            new StageSpec("other", [], 1, false, _ => { }),
        ], 2);
        var r = s.Run(false, TestContext.Current.CancellationToken);
        Assert.Equal("failed", r["bad"].Status);
        Assert.Contains("boom", r["bad"].Error, StringComparison.Ordinal);
        Assert.Equal("skipped", r["after-bad"].Status);
        Assert.Equal("ok", r["other"].Status);
        Assert.DoesNotContain("start after-bad", rec.Events);
    }

    [Fact]
    public void AFailedEssentialStage_StopsTheRun_WithItsException()
    {
        var (s, _, _) = Make([new StageSpec("bad", [], 1, true, _ => throw new Vitrion.Core.InputException("bad input")), new StageSpec("next", ["bad"], 1, false, _ => { })], 2);
        var e = Assert.Throws<Vitrion.Core.InputException>(() => s.Run(false, TestContext.Current.CancellationToken));
        Assert.Equal("bad input", e.Message);
    }

    [Fact]
    public void Resume_KeepsFinishedStages_AndRunsTheRest()
    {
        int runsOfA = 0, runsOfB = 0;
        bool failB = true;
        List<StageSpec> Stages() =>
        [
            new StageSpec("a", [], 1, true, _ => Interlocked.Increment(ref runsOfA)),
            new StageSpec("b", ["a"], 1, false, _ => { Interlocked.Increment(ref runsOfB); if (failB) { throw new InvalidOperationException("interrupted"); } }),
        ];
        var (s, _, dir) = Make(Stages(), 2);
        s.Run(false, TestContext.Current.CancellationToken);
        failB = false;
        var (again, rec, _) = Make(Stages(), 2, dir);
        var r = again.Run(true, TestContext.Current.CancellationToken);
        Assert.Equal(1, runsOfA);
        Assert.Equal(2, runsOfB);
        Assert.True(r["a"].Resumed);
        Assert.Equal("ok", r["b"].Status);
        Assert.Contains("resumed a", rec.Events);
        var log = File.ReadAllLines(Path.Combine(dir, "run-log.csv"));
        Assert.Single(log, l => l.StartsWith("time_utc,", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains(",b,failed,", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains(",a,resumed,", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains(",b,end,", StringComparison.Ordinal));
    }

    [Fact]
    public void Cancellation_StopsStartingStages_AndThrows()
    {
        using var cts = new CancellationTokenSource();
        var (s, rec, _) = Make(
        [
            new StageSpec("first", [], 1, true, c => { cts.Cancel(); c.Cancel.ThrowIfCancellationRequested(); }),
            new StageSpec("second", ["first"], 1, true, _ => { }),
        ], 1);
        Assert.ThrowsAny<OperationCanceledException>(() => s.Run(false, cts.Token));
        Assert.DoesNotContain("start second", rec.Events);
    }

    [Fact]
    public void Resume_RerunsAStageWhoseMarkerItCannotRead()
    {
        int runs = 0;
        var (s, _, dir) = Make([new StageSpec("a", [], 1, true, _ => runs++)], 1);
        File.WriteAllText(Path.Combine(dir, "a.done"), "{\"status\":\"ok\",\"seconds\":1.5}"); // a marker of the pre-#17 pipeline
        var r = s.Run(true, TestContext.Current.CancellationToken);
        Assert.Equal(1, runs);
        Assert.False(r["a"].Resumed);
        Assert.Equal(1, ResultJson.Read<StageRecord>(Path.Combine(dir, "a.done")).Threads);
    }

    [Fact]
    public void AGraphWithAForwardDependency_IsRejected() =>
        Assert.Throws<ArgumentException>(() => Make([new StageSpec("a", ["b"], 1, true, _ => { }), new StageSpec("b", [], 1, true, _ => { })], 1));
}
