namespace Ember.Scheduling;

/// <summary>
/// A fixed pool of dedicated worker threads taking task attempts first come, first served. An idle worker blocks on
/// a monitor rather than spinning first (as a semaphore would): a streaming batch hands a worker a few short tasks and
/// leaves it idle for most of the interval, so spinning would burn CPU on every batch for nothing.
/// </summary>
internal sealed class LocalBackend : ISchedulerBackend
{
    // A plain object: Monitor.Wait and Pulse need an object monitor, not a System.Threading.Lock.
    private readonly object gate = new();
    private readonly Queue<Action> queue = new();
    private readonly Thread[] workers;
    private bool completed;

    public LocalBackend(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        workers = [.. Enumerable.Range(0, threads).Select(i => new Thread(Work) { IsBackground = true, Name = $"ember-worker-{i}" })];
        foreach (var worker in workers)
        {
            worker.Start();
        }
    }

    public int Parallelism => workers.Length;

    public Task<TResult> LaunchAsync<TResult>(TaskAddress address, Func<TResult> work, CancellationToken cancellationToken)
    {
        // The scheduler's own continuations (bookkeeping, launching the next stage) run inline on the worker that
        // finished the task: they never block, and they must not wait for a thread-pool thread, which callers blocked
        // in a synchronous action may be holding. User continuations are moved off workers by EmberContext.RunJobAsync.
        var completion = new TaskCompletionSource<TResult>();
        void Run()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                completion.TrySetResult(work());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            catch (Exception error)
            {
                completion.TrySetException(error);
            }
        }
        lock (gate)
        {
            if (completed)
            {
                throw new ObjectDisposedException(nameof(LocalBackend), $"The context is stopped; cannot run {address}.");
            }
            queue.Enqueue(Run);
            Monitor.Pulse(gate);
        }
        return completion.Task;
    }

    public void Dispose()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }
        foreach (var worker in workers)
        {
            if (worker != Thread.CurrentThread)
            {
                worker.Join();
            }
        }
    }

    private void Work()
    {
        while (Next() is { } run)
        {
            run();
        }
    }

    /// <summary>The next task attempt, waiting for one; null once disposed and the queue is drained.</summary>
    private Action? Next()
    {
        lock (gate)
        {
            while (queue.Count == 0)
            {
                if (completed)
                {
                    return null;
                }
                Monitor.Wait(gate);
            }
            return queue.Dequeue();
        }
    }
}
