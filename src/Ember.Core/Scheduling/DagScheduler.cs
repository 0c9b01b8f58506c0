using System.Collections.Concurrent;
using Ember.Dependencies;
using Ember.Shuffle;
using Microsoft.Extensions.Logging;

namespace Ember.Scheduling;

/// <summary>
/// Cuts a job into stages at shuffle dependencies and runs them parents first. A shuffle whose map outputs are all
/// present is reused, not recomputed; a shuffle needed by two jobs at once is computed once. Tasks are retried up to
/// the configured number of attempts before the job fails.
/// </summary>
internal sealed class DagScheduler(ISchedulerBackend backend, IShuffleStore shuffleStore, int maxTaskAttempts, ILogger logger, Action<object>? toDriver = null)
{
    private const int MaxStageAttempts = 4;
    private readonly ConcurrentDictionary<int, Lazy<Task>> runningShuffles = new();
    private int nextJobId;
    private int nextStageId;

    public async Task<TResult[]> RunJobAsync<T, TResult>(
        Rdd<T> rdd,
        Func<TaskContext, IEnumerable<T>, TResult> func,
        IReadOnlyList<int> partitions,
        CancellationToken cancellationToken)
    {
        var jobId = Interlocked.Increment(ref nextJobId) - 1;
        logger.LogDebug("Job {JobId} submitted on {Rdd} for {Partitions} partition(s)", jobId, rdd, partitions.Count);
        var results = new TResult[partitions.Count];
        await RunAfterParentsAsync(rdd, jobId, () => RunStageAsync(jobId, $"ResultStage of {rdd}", partitions, (index, context) =>
        {
            var partition = rdd.Partitions[partitions[index]];
            results[index] = func(context, Cancellable(rdd.Iterator(partition, context), context.CancellationToken));
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Job {JobId} finished", jobId);
        return results;
    }

    /// <summary>
    /// Makes sure every parent shuffle is available, then runs the stage; when a map output vanished meanwhile
    /// (Spark's FetchFailed), the parents are recomputed and the stage runs again.
    /// </summary>
    private async Task RunAfterParentsAsync(Rdd rdd, int jobId, Func<Task> runStage, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await EnsureParentShufflesAsync(rdd, jobId, cancellationToken).ConfigureAwait(false);
            try
            {
                await runStage().ConfigureAwait(false);
                return;
            }
            catch (ShuffleOutputMissingException missing) when (attempt < MaxStageAttempts)
            {
                logger.LogWarning("{Message} Recomputing the parent stages of {Rdd}", missing.Message, rdd);
            }
        }
    }

    private Task EnsureParentShufflesAsync(Rdd rdd, int jobId, CancellationToken cancellationToken) =>
        Task.WhenAll(ParentShuffles(rdd).Select(shuffle => EnsureShuffleAsync(shuffle, jobId, cancellationToken)));

    /// <summary>The shuffle dependencies reached from <paramref name="rdd"/> through narrow dependencies only.</summary>
    private static IEnumerable<ShuffleDependency> ParentShuffles(Rdd rdd)
    {
        var found = new Dictionary<int, ShuffleDependency>();
        var visited = new HashSet<int>();
        var pending = new Stack<Rdd>([rdd]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current.Id))
            {
                continue;
            }
            foreach (var dependency in current.Dependencies)
            {
                if (dependency is ShuffleDependency shuffle)
                {
                    found.TryAdd(shuffle.ShuffleId, shuffle);
                }
                else
                {
                    pending.Push(dependency.Parent);
                }
            }
        }
        return found.Values;
    }

    private async Task EnsureShuffleAsync(ShuffleDependency shuffle, int jobId, CancellationToken cancellationToken)
    {
        while (shuffleStore.MissingMapOutputs(shuffle.ShuffleId, shuffle.MapCount).Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var running = runningShuffles.GetOrAdd(shuffle.ShuffleId, _ => new Lazy<Task>(() => RunMapStageAsync(shuffle, jobId, cancellationToken)));
            try
            {
                await running.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Another job started this stage and was cancelled; this job still wants it, so it tries again.
            }
            finally
            {
                if (running.IsValueCreated && running.Value.IsCompleted)
                {
                    runningShuffles.TryRemove(new KeyValuePair<int, Lazy<Task>>(shuffle.ShuffleId, running));
                }
            }
        }
    }

    private async Task RunMapStageAsync(ShuffleDependency shuffle, int jobId, CancellationToken cancellationToken)
    {
        await RunAfterParentsAsync(shuffle.Parent, jobId, () =>
        {
            var missing = shuffleStore.MissingMapOutputs(shuffle.ShuffleId, shuffle.MapCount);
            return RunStageAsync(jobId, $"ShuffleMapStage of {shuffle.Parent}", missing,
                (index, context) => shuffle.RunMapTask(missing[index], context, shuffleStore), cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one task per partition; the first task to fail for good cancels its siblings and fails the stage.</summary>
    private async Task RunStageAsync(
        int jobId,
        string description,
        IReadOnlyList<int> partitions,
        Action<int, TaskContext> runTask,
        CancellationToken cancellationToken)
    {
        var stageId = Interlocked.Increment(ref nextStageId) - 1;
        using var stageCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = partitions.Select(async (partitionId, index) =>
        {
            try
            {
                await RunTaskAsync(jobId, stageId, description, partitionId, context => runTask(index, context), stageCancellation.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is JobFailedException or ShuffleOutputMissingException)
            {
                stageCancellation.Cancel();
                throw;
            }
        }).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var failure = tasks.Where(task => task.IsFaulted).Select(task => task.Exception!.InnerException)
                .FirstOrDefault(error => error is JobFailedException or ShuffleOutputMissingException);
            if (failure is not null)
            {
                throw failure;
            }
            throw;
        }
    }

    private async Task RunTaskAsync(int jobId, int stageId, string description, int partitionId, Action<TaskContext> run, CancellationToken cancellationToken)
    {
        Exception? lastError = null;
        for (var attempt = 0; attempt < maxTaskAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = new TaskContext(jobId, stageId, partitionId, attempt, cancellationToken, toDriver);
            try
            {
                await backend.LaunchAsync(new TaskAddress(jobId, stageId, partitionId, attempt), () =>
                {
                    RunningTask.Run(context, run);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (ShuffleOutputMissingException)
            {
                // Retrying the task cannot help: the parent stage must run again first.
                throw;
            }
            catch (Exception error) when (error is not ObjectDisposedException)
            {
                lastError = error;
                logger.LogWarning(error, "Task {Address} of {Stage} failed", new TaskAddress(jobId, stageId, partitionId, attempt), description);
            }
        }
        throw new JobFailedException(jobId, stageId, description, partitionId, maxTaskAttempts, lastError!);
    }

    private static IEnumerable<T> Cancellable<T>(IEnumerable<T> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }
}
