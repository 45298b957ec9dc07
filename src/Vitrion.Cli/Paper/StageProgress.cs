using System.Globalization;
using Spectre.Console;
using Vitrion.Workflows.Scheduling;

namespace Vitrion.Cli.Paper;

/// <summary>
/// Shows the stages of a workflow while it runs: on a terminal a Spectre.Console progress display with one bar per
/// running stage (and a line per finished one above it); otherwise (redirected output, logs, tests) one line when a
/// stage starts and one when it ends.
/// </summary>
internal static class StageProgress
{
    /// <summary>Runs <paramref name="run"/> with an observer that displays its stages.</summary>
    /// <typeparam name="T">result type.</typeparam>
    /// <param name="stages">number of stages.</param>
    /// <param name="run">the scheduler call.</param>
    /// <returns>what <paramref name="run"/> returns.</returns>
    public static T Run<T>(int stages, Func<IStageObserver, T> run)
    {
        bool live = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!live) { return run(new LineObserver()); }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => result = run(new LiveObserver(ctx, stages)));
        return result;
    }

    private static string StartLine(int index, string name, int threads, double elapsedS) =>
        string.Create(CultureInfo.InvariantCulture, $"[{index,2}] {name} (t = {elapsedS:F0} s, {threads} thread{(threads == 1 ? "" : "s")})");

    private static string EndLine(int index, string name, StageRecord r) => r.Resumed
        ? string.Create(CultureInfo.InvariantCulture, $"[{index,2}] {name}: done earlier (resume)")
        : r.Status == "ok"
            ? string.Create(CultureInfo.InvariantCulture, $"[{index,2}] {name}: ok in {r.Seconds:F1} s")
            : r.Status == "interrupted"
                ? $"     stage {name} interrupted (continue with --resume)"
                : $"     stage {name} {(r.Status == "skipped" ? "skipped" : "failed")}: {r.Error} (the report marks it; rerun with --resume after fixing)";

    private sealed class LineObserver : IStageObserver
    {
        private readonly object _gate = new();

        public void Started(int index, string name, int threads, double elapsedS)
        {
            lock (_gate) { Console.Out.WriteLine(StartLine(index, name, threads, elapsedS)); }
        }

        public void Progress(string name, double fraction, string? text)
        {
        }

        public void Finished(int index, string name, StageRecord record)
        {
            lock (_gate)
            {
                if (record.Status == "ok") { Console.Out.WriteLine(EndLine(index, name, record)); }
                else { Console.Error.WriteLine(EndLine(index, name, record)); }
            }
        }
    }

    private sealed class LiveObserver(ProgressContext ctx, int stages) : IStageObserver
    {
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
        private readonly ProgressTask _overall = ctx.AddTask("stages", maxValue: stages);

        public void Started(int index, string name, int threads, double elapsedS)
        {
            lock (_tasks) { _tasks[name] = ctx.AddTask(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{name} ({threads} thr)")), maxValue: 1); }
        }

        public void Progress(string name, double fraction, string? text)
        {
            lock (_tasks)
            {
                if (_tasks.TryGetValue(name, out var t)) { t.Value = fraction; }
            }
        }

        public void Finished(int index, string name, StageRecord record)
        {
            lock (_tasks)
            {
                if (_tasks.Remove(name, out var t)) { t.Value = 1; t.StopTask(); }
                _overall.Increment(1);
                string line = Markup.Escape(EndLine(index, name, record));
                AnsiConsole.MarkupLine(record.Status == "ok" ? line : "[red]" + line + "[/]");
            }
        }
    }
}
