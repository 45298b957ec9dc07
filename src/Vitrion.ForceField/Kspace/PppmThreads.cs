namespace Vitrion.ForceField.Kspace;

/// <summary>
/// A small fixed team of worker threads for the PPPM stages: <see cref="Run"/> executes a body on every worker
/// (index 0 on the calling thread) and returns when all are done. No allocation per call. Workers spin briefly,
/// then block; a worker idle for a few seconds exits and is restarted on the next call, so a discarded solver
/// leaves no threads behind.
/// </summary>
internal sealed class PppmThreads
{
    private readonly object _lock = new();
    private readonly ManualResetEventSlim[] _wake;
    private readonly bool[] _alive;
    private readonly ManualResetEventSlim _done = new(false, 1000);
    private Action<int>? _body;
    private int _pending;
    private Exception? _error;

    /// <summary>Creates a team of <paramref name="count"/> workers (including the caller).</summary>
    public PppmThreads(int count)
    {
        Count = Math.Max(1, count);
        _wake = new ManualResetEventSlim[Count];
        _alive = new bool[Count];
        for (int i = 1; i < Count; i++) { _wake[i] = new ManualResetEventSlim(false, 1000); }
    }

    /// <summary>Number of workers.</summary>
    public int Count { get; }

    /// <summary>Runs <paramref name="body"/>(worker) on all workers and waits for them.</summary>
    public void Run(Action<int> body)
    {
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
                    var t = new Thread(() => Loop(index)) { IsBackground = true, Name = "pppm-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
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

    /// <summary>The range [begin, end) of <paramref name="n"/> items that worker <paramref name="w"/> of <paramref name="count"/> handles.</summary>
    public static (int Begin, int End) Split(int n, int w, int count) =>
        ((int)((long)n * w / count), (int)((long)n * (w + 1) / count));
}
