namespace Vitrion.ForceField.Threading;

/// <summary>
/// A fixed team of worker threads for one parallel region at a time: <see cref="Run"/> calls the body once per worker
/// index (0 on the calling thread, 1…Count−1 on the team's threads) and returns when all have finished. Worker w is always
/// the same index, so a static split of work by index gives results that do not depend on how the threads are scheduled.
/// The team's threads spin briefly and then block between regions (a force evaluation is one region per MD step), and
/// they end after a few seconds without work.
/// </summary>
public sealed class WorkerTeam
{
    private readonly object _lock = new();
    private readonly ManualResetEventSlim[] _wake;
    private readonly bool[] _alive;
    private readonly ManualResetEventSlim _done = new(false, 2000);
    private Action<int>? _body;
    private int _pending;
    private Exception? _error;

    /// <summary>Creates a team of <paramref name="count"/> workers (at least 1; the caller's thread is worker 0).</summary>
    /// <param name="count">number of workers.</param>
    public WorkerTeam(int count)
    {
        Count = Math.Max(1, count);
        _wake = new ManualResetEventSlim[Count];
        _alive = new bool[Count];
        for (int i = 1; i < Count; i++) { _wake[i] = new ManualResetEventSlim(false, 2000); }
    }

    /// <summary>Number of workers, the calling thread included.</summary>
    public int Count { get; }

    /// <summary>Runs <paramref name="body"/>(w) for every worker w and waits for all of them; an exception of any worker is rethrown (wrapped).</summary>
    /// <param name="body">the work of worker w.</param>
    public void Run(Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Count == 1) { body(0); return; }
        _body = body;
        _error = null;
        _pending = Count - 1;
        _done.Reset();
        lock (_lock)
        {
            for (int i = 1; i < Count; i++)
            {
                if (!_alive[i])
                {
                    _alive[i] = true;
                    int index = i;
                    var t = new Thread(() => Loop(index))
                    {
                        IsBackground = true, Name = "vitrion-worker-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                    t.Start();
                }

                _wake[i].Set();
            }
        }

        try
        {
            body(0);
        }
        finally
        {
            _done.Wait();
            _body = null;
        }

        if (_error is not null) { throw new AggregateException(_error); }
    }

    private void Loop(int index)
    {
        var wake = _wake[index];
        while (true)
        {
            if (!wake.Wait(3000))
            {
                lock (_lock)
                {
                    if (!wake.IsSet) { _alive[index] = false; return; }
                }
            }

            wake.Reset();
            try
            {
                _body!(index);
            }
            catch (Exception e)
            {
                _error ??= e;
            }

            if (Interlocked.Decrement(ref _pending) == 0) { _done.Set(); }
        }
    }

    /// <summary>The range [begin, end) of <paramref name="n"/> items that worker <paramref name="w"/> of <paramref name="count"/> handles (contiguous, in order).</summary>
    /// <param name="n">number of items.</param>
    /// <param name="w">worker index.</param>
    /// <param name="count">number of workers.</param>
    public static (int Begin, int End) Split(int n, int w, int count) =>
        ((int)((long)n * w / count), (int)((long)n * (w + 1) / count));
}
