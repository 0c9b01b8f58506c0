using System.Diagnostics;
using Ember.Listener;

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
    private readonly Queue<IQueuedAttempt> queue = new();
    private readonly Thread[] workers;
    private bool completed;

    private readonly TimeSpan stopGrace;
    private readonly Action<object>? toDriver;
    private readonly ListenerBus? listeners;

    /// <summary>
    /// Starts <paramref name="threads"/> workers. <see cref="Dispose"/> waits up to <paramref name="stopGrace"/>
    /// (default 10 s) for running attempts to return after their cancellation. Tasks' messages to the driver go to
    /// <paramref name="toDriver"/>; their starts and ends, as executor <c>driver</c>'s, to <paramref name="listeners"/>.
    /// </summary>
    public LocalBackend(int threads, TimeSpan? stopGrace = null, Action<object>? toDriver = null, ListenerBus? listeners = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        this.stopGrace = stopGrace ?? TimeSpan.FromSeconds(10);
        this.toDriver = toDriver;
        this.listeners = listeners;
        workers = [.. Enumerable.Range(0, threads).Select(i => new Thread(Work) { IsBackground = true, Name = $"ember-worker-{i}" })];
        foreach (var worker in workers)
        {
            worker.Start();
        }
    }

    public int Parallelism => workers.Length;

    public IReadOnlyList<string> ExecutorIds { get; } = [Listener.ExecutorInfo.DriverId];

    public Task<object?> LaunchAsync(TaskAddress address, StageBody stage, CancellationToken cancellationToken) =>
        Enqueue(address, new StageAttempt(this, address, stage, cancellationToken));

    /// <summary>Runs the attempt between its start and end events: two posts per task, nothing per record.</summary>
    private object? RunReported(ListenerBus bus, TaskAddress address, StageBody stage, CancellationToken cancellationToken)
    {
        bus.PostTaskStart(new TaskStartInfo(address.JobId, address.StageId, address.PartitionId, address.Attempt, ExecutorInfo.DriverId, DateTimeOffset.UtcNow));
        var started = Stopwatch.GetTimestamp();
        void End(TaskEndStatus status, string? reason) => bus.PostTaskEnd(new TaskEndInfo(address.JobId, address.StageId, address.PartitionId,
            address.Attempt, ExecutorInfo.DriverId, status, Stopwatch.GetElapsedTime(started), 0, 0, reason));
        try
        {
            var result = stage.Run(address, cancellationToken, toDriver);
            End(TaskEndStatus.Succeeded, null);
            return result;
        }
        catch (OperationCanceledException killed) when (cancellationToken.IsCancellationRequested)
        {
            End(TaskEndStatus.Killed, killed.Message);
            throw;
        }
        catch (Exception error)
        {
            End(TaskEndStatus.Failed, $"{error.GetType().FullName}: {error.Message}");
            throw;
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/> for a worker and completes with its result or exception; an attempt still queued
    /// when <paramref name="cancellationToken"/> fires is dropped as cancelled.
    /// </summary>
    public Task<TResult> LaunchAsync<TResult>(TaskAddress address, Func<TResult> work, CancellationToken cancellationToken) =>
        Enqueue(address, new FuncAttempt<TResult>(work, cancellationToken));

    private Task<TResult> Enqueue<TResult>(TaskAddress address, Attempt<TResult> attempt)
    {
        lock (gate)
        {
            if (completed)
            {
                throw new ObjectDisposedException(nameof(LocalBackend), $"The context is stopped; cannot run {address}.");
            }
            queue.Enqueue(attempt);
            Monitor.Pulse(gate);
        }
        return attempt.Task;
    }

    /// <summary>The workers still running an attempt when the last <see cref="Dispose"/> gave up waiting.</summary>
    public IReadOnlyList<string> AbandonedWorkers { get; private set; } = [];

    /// <summary>
    /// Stops taking attempts and waits for the running ones, at most the grace period: user code that ignores its
    /// cancellation token keeps its (background) worker thread, which ends when that code returns, and disposing
    /// still completes. The workers left behind are listed in <see cref="AbandonedWorkers"/>.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }
        var deadline = Environment.TickCount64 + (long)stopGrace.TotalMilliseconds;
        AbandonedWorkers = [.. workers
            .Where(worker => worker != Thread.CurrentThread && !worker.Join(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64))))
            .Select(worker => worker.Name!)];
    }

    private void Work()
    {
        while (Next() is { } attempt)
        {
            attempt.Run();
        }
    }

    /// <summary>The next task attempt, waiting for one; null once disposed and the queue is drained.</summary>
    private IQueuedAttempt? Next()
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

    private interface IQueuedAttempt
    {
        void Run();
    }

    /// <summary>
    /// A queued attempt, its completion and its cancellation in one object: a task attempt allocates no closures.
    /// The scheduler's own continuations (bookkeeping, launching the next stage) run inline on the worker that finished
    /// the task: they never block, and they must not wait for a thread-pool thread, which callers blocked in a
    /// synchronous action may be holding. User continuations are moved off workers by EmberContext.RunJobAsync.
    /// </summary>
    private abstract class Attempt<TResult> : TaskCompletionSource<TResult>, IQueuedAttempt
    {
        private readonly CancellationTokenRegistration queued;

        protected Attempt(CancellationToken cancellationToken)
        {
            CancellationToken = cancellationToken;
            // A queued attempt is dropped as soon as its token fires, not when a worker reaches it: a job whose tasks
            // wait behind busy workers must still end when cancelled (a stopping context, or a task that waits for that job).
            queued = cancellationToken.UnsafeRegister(static state => ((Attempt<TResult>)state!).TrySetCanceled(((Attempt<TResult>)state!).CancellationToken), this);
        }

        protected CancellationToken CancellationToken { get; }

        public void Run()
        {
            // After this, the callback has run or never will, so the attempt either was dropped or runs now.
            queued.Dispose();
            if (CancellationToken.IsCancellationRequested || Task.IsCompleted)
            {
                TrySetCanceled(CancellationToken);
                return;
            }
            try
            {
                TrySetResult(Work());
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                TrySetCanceled(CancellationToken);
            }
            catch (Exception error)
            {
                TrySetException(error);
            }
        }

        protected abstract TResult Work();
    }

    private sealed class FuncAttempt<TResult>(Func<TResult> work, CancellationToken cancellationToken) : Attempt<TResult>(cancellationToken)
    {
        protected override TResult Work() => work();
    }

    private sealed class StageAttempt(LocalBackend backend, TaskAddress address, StageBody stage, CancellationToken cancellationToken)
        : Attempt<object?>(cancellationToken)
    {
        protected override object? Work() => backend.listeners is { IsListened: true } bus
            ? backend.RunReported(bus, address, stage, CancellationToken)
            : stage.Run(address, CancellationToken, backend.toDriver);
    }
}
