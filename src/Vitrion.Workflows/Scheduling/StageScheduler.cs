using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Scheduling;

/// <summary>What a running stage may use and tell.</summary>
public sealed class StageContext
{
    private readonly IStageObserver _observer;

    internal StageContext(string name, int threads, CancellationToken cancel, IStageObserver observer)
    {
        Name = name;
        Threads = threads;
        Cancel = cancel;
        _observer = observer;
    }

    /// <summary>Stage name.</summary>
    public string Name { get; }

    /// <summary>Threads the stage may use (its share of the run's budget).</summary>
    public int Threads { get; }

    /// <summary>Set when the run is interrupted (Ctrl-C) or an essential stage failed.</summary>
    public CancellationToken Cancel { get; }

    /// <summary>Reports progress of the stage (0–1) with a short text.</summary>
    /// <param name="fraction">done fraction (0–1).</param>
    /// <param name="text">what it is doing, or null.</param>
    public void Report(double fraction, string? text = null) => _observer.Progress(Name, Math.Clamp(fraction, 0, 1), text);
}

/// <summary>One stage of a workflow: a named task with the stages it needs and the threads it uses.</summary>
/// <param name="Name">unique name (slashes allowed, e.g. <c>p2s6-05/T700/md</c>).</param>
/// <param name="DependsOn">names of the stages whose outputs it reads.</param>
/// <param name="Threads">threads it uses. Tasks whose numbers depend on their thread count (force sums) get a fixed count, so that results do not depend on the run's budget.</param>
/// <param name="Essential">when it fails the run stops (the stages after it cannot run); otherwise the failure is recorded and the run goes on.</param>
/// <param name="Run">the work.</param>
/// <param name="AlwaysRun">run even when <c>--resume</c> finds it done.</param>
public sealed record StageSpec(string Name, IReadOnlyList<string> DependsOn, int Threads, bool Essential, Action<StageContext> Run, bool AlwaysRun = false);

/// <summary>Status of a stage after a run (the <c>stages</c> table of results.json and the stage markers).</summary>
/// <param name="Status">ok, failed, interrupted (Ctrl-C), or skipped (a stage it needs did not succeed).</param>
/// <param name="Seconds">wall time [s].</param>
/// <param name="Threads">threads it had.</param>
/// <param name="StartS">start, seconds after the start of the run that ran it.</param>
/// <param name="EndS">end, seconds after the start of the run that ran it.</param>
/// <param name="PeakMemoryMb">peak working set of the process at the end of the stage [MB] (process-wide: stages run side by side share it).</param>
/// <param name="AllocatedMb">bytes allocated by the stage's own thread [MB].</param>
/// <param name="Resumed">true when a previous run finished it (<c>--resume</c>).</param>
/// <param name="Error">why it failed, or null.</param>
public sealed record StageRecord(string Status, double Seconds, int Threads, double StartS, double EndS, double PeakMemoryMb, double AllocatedMb, bool Resumed = false, string? Error = null);

/// <summary>Receives the scheduler's events (progress display, console lines). Called from several threads.</summary>
public interface IStageObserver
{
    /// <summary>A stage started.</summary>
    /// <param name="index">1-based number of the stage in the graph.</param>
    /// <param name="name">stage name.</param>
    /// <param name="threads">threads it has.</param>
    /// <param name="elapsedS">seconds since the run started.</param>
    void Started(int index, string name, int threads, double elapsedS);

    /// <summary>A stage reported progress.</summary>
    /// <param name="name">stage name.</param>
    /// <param name="fraction">done fraction (0–1).</param>
    /// <param name="text">what it is doing, or null.</param>
    void Progress(string name, double fraction, string? text);

    /// <summary>A stage ended (or was found done by an earlier run).</summary>
    /// <param name="index">1-based number of the stage.</param>
    /// <param name="name">stage name.</param>
    /// <param name="record">how it ended.</param>
    void Finished(int index, string name, StageRecord record);
}

/// <summary>An observer that shows nothing.</summary>
public sealed class NullStageObserver : IStageObserver
{
    /// <summary>The one instance.</summary>
    public static readonly NullStageObserver Instance = new();

    private NullStageObserver() { }

    /// <inheritdoc />
    public void Started(int index, string name, int threads, double elapsedS) { }

    /// <inheritdoc />
    public void Progress(string name, double fraction, string? text) { }

    /// <inheritdoc />
    public void Finished(int index, string name, StageRecord record) { }
}

/// <summary>
/// Runs a graph of stages: every stage whose dependencies finished starts as soon as its threads fit in the run's
/// budget (stages are taken in graph order, so the schedule is deterministic for a given budget). A finished stage
/// leaves a marker (written atomically after its outputs), so a run that was killed or interrupted continues with
/// <c>resume</c> where it stopped. Each stage's start, end, threads and memory go to the run log.
/// </summary>
public sealed class StageScheduler
{
    private readonly IReadOnlyList<StageSpec> _stages;
    private readonly int _budget;
    private readonly Func<string, string> _marker;
    private readonly string? _runLog;
    private readonly IStageObserver _observer;
    private readonly object _gate = new();
    private readonly StringBuilder _log = new("time_utc,stage,event,threads,seconds,start_s,end_s,peak_memory_mb,allocated_mb,error\n");

    /// <summary>Creates the scheduler.</summary>
    /// <param name="stages">the stages in graph order (a stage appears after the stages it needs).</param>
    /// <param name="threadBudget">threads of the run in total.</param>
    /// <param name="marker">marker file of a stage name.</param>
    /// <param name="runLog">CSV run log to write, or null.</param>
    /// <param name="observer">progress display.</param>
    /// <exception cref="ArgumentException">when names repeat or a dependency is unknown or comes later.</exception>
    public StageScheduler(IReadOnlyList<StageSpec> stages, int threadBudget, Func<string, string> marker, string? runLog, IStageObserver observer)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in stages)
        {
            foreach (var d in s.DependsOn)
            {
                if (!seen.Contains(d)) { throw new ArgumentException($"stage {s.Name} needs {d}, which is not an earlier stage", nameof(stages)); }
            }

            if (!seen.Add(s.Name)) { throw new ArgumentException($"stage {s.Name} appears twice", nameof(stages)); }
        }

        _stages = stages;
        _budget = Math.Max(1, threadBudget);
        _marker = marker;
        _runLog = runLog;
        _observer = observer;
    }

    /// <summary>Runs the graph.</summary>
    /// <param name="resume">keep the stages that an earlier run finished.</param>
    /// <param name="cancel">stops starting stages and tells the running ones to stop.</param>
    /// <returns>the record of every stage, in graph order.</returns>
    /// <exception cref="OperationCanceledException">when <paramref name="cancel"/> fired.</exception>
    public IReadOnlyDictionary<string, StageRecord> Run(bool resume, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        lock (_log)
        {
            // A resumed run continues the log of the run it resumes.
            if (_runLog is not null && File.Exists(_runLog)) { _log.Clear().Append(File.ReadAllText(_runLog)); }
        }

        var records = new Dictionary<string, StageRecord>(StringComparer.Ordinal);
        var index = _stages.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i + 1, StringComparer.Ordinal);
        var pending = new List<StageSpec>();
        foreach (var s in _stages)
        {
            string marker = _marker(s.Name);
            StageRecord? old = null;
            if (resume && !s.AlwaysRun && File.Exists(marker))
            {
                // A marker this version cannot read (an older run folder) means: run the stage again.
                try { old = ResultJson.Read<StageRecord>(marker) with { Resumed = true }; }
                catch (InputException) { old = null; }
            }

            if (old is not null)
            {
                records[s.Name] = old;
                _observer.Finished(index[s.Name], s.Name, old);
                Log(s.Name, "resumed", old);
            }
            else
            {
                pending.Add(s);
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var running = new Dictionary<string, (Thread Thread, int Threads)>(StringComparer.Ordinal);
        var done = new Queue<(StageSpec Stage, StageRecord Record, Exception? Error)>();
        int used = 0;
        ExceptionDispatchInfo? fatal = null;
        while (pending.Count > 0 || running.Count > 0)
        {
            lock (_gate)
            {
                // Start every ready stage that fits, in graph order.
                if (fatal is null && !linked.IsCancellationRequested)
                {
                    for (int k = 0; k < pending.Count; k++)
                    {
                        var s = pending[k];
                        if (s.DependsOn.Any(d => !records.ContainsKey(d))) { continue; }
                        var failedDep = s.DependsOn.FirstOrDefault(d => records[d].Status != "ok");
                        if (failedDep is not null)
                        {
                            var skip = new StageRecord("skipped", 0, 0, clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds, 0, 0, Error: $"not run: stage {failedDep} did not succeed");
                            records[s.Name] = skip;
                            pending.RemoveAt(k--);
                            _observer.Finished(index[s.Name], s.Name, skip);
                            Log(s.Name, "skipped", skip);
                            if (s.Essential) { fatal = ExceptionDispatchInfo.Capture(new InputException($"stage {s.Name} cannot run: stage {failedDep} did not succeed")); }
                            continue;
                        }

                        int threads = Math.Min(s.Threads, _budget);
                        if (running.Count > 0 && used + threads > _budget) { continue; }
                        pending.RemoveAt(k--);
                        used += threads;
                        var stage = s;
                        var ctx = new StageContext(s.Name, threads, linked.Token, _observer);
                        double start = Math.Round(clock.Elapsed.TotalSeconds, 2);
                        _observer.Started(index[s.Name], s.Name, threads, start);
                        Log(s.Name, "start", new StageRecord("running", 0, threads, start, start, 0, 0));
                        var thread = new Thread(() =>
                        {
                            long alloc0 = GC.GetAllocatedBytesForCurrentThread();
                            var sw = Stopwatch.StartNew();
                            Exception? error = null;
                            try { stage.Run(ctx); }
                            catch (Exception ex) { error = ex; }

                            double end = clock.Elapsed.TotalSeconds;
                            using var proc = Process.GetCurrentProcess();
                            var rec = new StageRecord(error is null ? "ok" : error is OperationCanceledException ? "interrupted" : "failed", Math.Round(sw.Elapsed.TotalSeconds, 2), threads, Math.Round(start, 2), Math.Round(end, 2),
                                Math.Round(proc.PeakWorkingSet64 / 1048576.0, 1), Math.Round((GC.GetAllocatedBytesForCurrentThread() - alloc0) / 1048576.0, 1), false,
                                error is null ? null : error is InputException ? error.Message : $"{error.GetType().Name}: {error.Message}");
                            if (error is null) { ResultJson.Write(_marker(stage.Name), rec); }
                            lock (_gate)
                            {
                                done.Enqueue((stage, rec, error));
                                Monitor.PulseAll(_gate);
                            }
                        })
                        {
                            IsBackground = true,
                            Name = "stage " + s.Name,
                            Priority = ThreadPriority.Normal,
                        };
                        running[s.Name] = (thread, threads);
                        thread.Start();
                    }
                }

                if (running.Count == 0)
                {
                    if (fatal is not null || linked.IsCancellationRequested || pending.Count == 0) { break; }
                    throw new InvalidOperationException("no stage can start: the graph has a cycle or a dependency that never finishes");
                }

                while (done.Count == 0) { Monitor.Wait(_gate); }
                while (done.Count > 0)
                {
                    var (stage, rec, error) = done.Dequeue();
                    used -= running[stage.Name].Threads;
                    running.Remove(stage.Name);
                    records[stage.Name] = rec;
                    _observer.Finished(index[stage.Name], stage.Name, rec);
                    Log(stage.Name, rec.Status == "ok" ? "end" : rec.Status, rec);
                    if (error is not null && (stage.Essential || error is OperationCanceledException) && fatal is null)
                    {
                        fatal = ExceptionDispatchInfo.Capture(error);
                        linked.Cancel();
                    }
                }
            }
        }

        fatal?.Throw();
        cancel.ThrowIfCancellationRequested();
        return _stages.Where(s => records.ContainsKey(s.Name)).ToDictionary(s => s.Name, s => records[s.Name], StringComparer.Ordinal);
    }

    private void Log(string stage, string evt, StageRecord r)
    {
        lock (_log)
        {
            _log.Append(string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ},{stage},{evt},{r.Threads},{r.Seconds:R},{r.StartS:R},{r.EndS:R},{r.PeakMemoryMb:R},{r.AllocatedMb:R},{Csv(r.Error)}\n"));
            if (_runLog is not null) { AtomicFile.WriteAllText(_runLog, _log.ToString()); }
        }
    }

    private static string Csv(string? s) => s is null ? "" : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal).Replace('\n', ' ') + "\"";
}
