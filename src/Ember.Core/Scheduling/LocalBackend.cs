using System.Collections.Concurrent;

namespace Ember.Scheduling;

/// <summary>A fixed pool of dedicated worker threads taking task attempts first come, first served.</summary>
internal sealed class LocalBackend : ISchedulerBackend
{
    private readonly BlockingCollection<Action> queue = [];
    private readonly Thread[] workers;

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
        try
        {
            queue.Add(Run, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(LocalBackend), $"The context is stopped; cannot run {address}.");
        }
        return completion.Task;
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        foreach (var worker in workers)
        {
            if (worker != Thread.CurrentThread)
            {
                worker.Join();
            }
        }
        queue.Dispose();
    }

    private void Work()
    {
        // TryTake rather than GetConsumingEnumerable, whose enumerator keeps the last task (and the RDD graph its
        // closure holds) alive while the worker waits for the next one.
        while (!queue.IsCompleted)
        {
            if (queue.TryTake(out var run, Timeout.Infinite))
            {
                run();
            }
        }
    }
}
