using System.Collections.Concurrent;
using Ember.Dependencies;
using Ember.Diagnostics;
using Ember.Listener;
using Ember.Shuffle;
using Microsoft.Extensions.Logging;

namespace Ember.Scheduling;

/// <summary>
/// Cuts a job into stages at shuffle dependencies and runs them parents first. A shuffle whose map outputs are all
/// present is reused, not recomputed; a shuffle needed by two jobs at once is computed once. Tasks are retried up to
/// the configured number of attempts before the job fails. Each job and stage is an <see cref="EmberTracing"/> span
/// when someone listens, and each stage a pair of listener events on <paramref name="listeners"/> when someone listens.
/// </summary>
internal sealed class DagScheduler(
    ISchedulerBackend backend,
    IMapOutputTracker mapOutputs,
    int maxTaskAttempts,
    ILogger logger,
    ListenerBus? listeners = null)
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
        // Guarded: the arguments (boxed ids, an RDD's description) would be built on every job, logged or not.
        var debug = logger.IsEnabled(LogLevel.Debug);
        if (debug)
        {
            logger.LogDebug("Job {JobId} submitted on {Rdd} for {Partitions} partition(s)", jobId, rdd, partitions.Count);
        }
        // Current while the job runs, so its stages (shuffle stages too, started from here) become its children.
        using var activity = EmberTracing.Start(EmberTracingTags.JobSpan);
        if (activity is { IsAllDataRequested: true })
        {
            SchedulerTracing.TagJob(activity, jobId, partitions.Count, rdd);
        }
        var results = new TResult[partitions.Count];
        var body = new ResultStageBody<T, TResult>(rdd, func);
        try
        {
            await RunAfterParentsAsync(rdd, jobId, () => RunStageAsync(jobId, body, partitions,
                (index, result) => results[index] = (TResult)result!, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (EmberTracing.Failed(activity, error))
        {
            // Never entered: the filter marks the span failed while the exception passes on to the caller.
            throw;
        }
        if (debug)
        {
            logger.LogDebug("Job {JobId} finished", jobId);
        }
        return results;
    }

    /// <summary>
    /// Makes sure every parent shuffle is available, then runs the stage; when a map output vanished meanwhile
    /// (Spark's FetchFailed), the parents are recomputed and the stage runs again, at most
    /// <see cref="MaxStageAttempts"/> times in all: then the job fails, saying which output stayed missing.
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
            catch (StageFetchFailedException failed) when (attempt < MaxStageAttempts)
            {
                logger.LogWarning("{Message} Recomputing the parent stages of {Rdd}", failed.Missing.Message, rdd);
            }
            catch (StageFetchFailedException failed)
            {
                // Spark's "has failed the maximum allowable number of times": the user gets a JobFailedException,
                // never the engine's internal signal.
                throw new JobFailedException(jobId, failed.StageId, $"{failed.StageDescription}, run {attempt} times for lack of map outputs",
                    failed.PartitionId, attempt, failed.Missing);
            }
        }
    }

    private Task EnsureParentShufflesAsync(Rdd rdd, int jobId, CancellationToken cancellationToken)
    {
        var shuffles = StageLineage.ParentShuffles(rdd);
        return shuffles.Count == 0
            ? Task.CompletedTask
            : Task.WhenAll(shuffles.Select(shuffle => EnsureShuffleAsync(shuffle, jobId, cancellationToken)));
    }

    private async Task EnsureShuffleAsync(ShuffleDependency shuffle, int jobId, CancellationToken cancellationToken)
    {
        while (mapOutputs.MissingMapOutputs(shuffle.ShuffleId, shuffle.MapCount).Count > 0)
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
            var missing = mapOutputs.MissingMapOutputs(shuffle.ShuffleId, shuffle.MapCount);
            return RunStageAsync(jobId, new ShuffleMapStageBody(shuffle), missing, (_, _) => { }, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one task of <paramref name="body"/> per partition, handing each task's value to <paramref name="accept"/>
    /// with the partition's index in <paramref name="partitions"/>; the first task to fail for good cancels its
    /// siblings and fails the stage. The stage is a span and a pair of listener events, each only when listened to.
    /// </summary>
    private Task RunStageAsync(
        int jobId,
        StageBody body,
        IReadOnlyList<int> partitions,
        Action<int, object?> accept,
        CancellationToken cancellationToken)
    {
        var stageId = Interlocked.Increment(ref nextStageId) - 1;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            // Spark's "Submitting N missing tasks from ShuffleMapStage": a resubmitted parent shows up here a second time.
            logger.LogDebug("Submitting stage {StageId} ({Stage}) of job {JobId} with {Tasks} task(s)", stageId, body.Description, jobId, partitions.Count);
        }
        // Unobserved, a stage costs no second async method: streaming batches run several tiny stages each.
        return EmberTracing.Source.HasListeners() || listeners is { IsListened: true }
            ? RunObservedStageAsync(jobId, stageId, body, partitions, accept, cancellationToken)
            : RunTasksAsync(jobId, stageId, body, partitions, accept, cancellationToken);
    }

    /// <summary>
    /// Runs the stage as a span (current in this async method only, so it never leaks into the caller's flow) and
    /// between a submitted and a completed listener event, each when someone listens.
    /// </summary>
    private async Task RunObservedStageAsync(
        int jobId,
        int stageId,
        StageBody body,
        IReadOnlyList<int> partitions,
        Action<int, object?> accept,
        CancellationToken cancellationToken)
    {
        using var activity = EmberTracing.Start(EmberTracingTags.StageSpan);
        if (activity is { IsAllDataRequested: true })
        {
            SchedulerTracing.TagStage(activity, jobId, stageId, body, partitions.Count);
        }
        var stage = listeners is { IsListened: true }
            ? new StageInfo(stageId, jobId, body.Description, partitions.Count, body is ShuffleMapStageBody, DateTimeOffset.UtcNow)
            : null;
        if (stage is not null)
        {
            listeners!.PostStageSubmitted(stage);
        }
        try
        {
            await RunTasksAsync(jobId, stageId, body, partitions, accept, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            if (activity is not null)
            {
                EmberTracing.Fail(activity, error);
            }
            if (stage is not null)
            {
                stage = stage with { FailureReason = $"{error.GetType().Name}: {error.Message}" };
            }
            throw;
        }
        finally
        {
            if (stage is not null)
            {
                listeners!.PostStageCompleted(stage with { CompletionTime = DateTimeOffset.UtcNow });
            }
        }
    }

    private async Task RunTasksAsync(
        int jobId,
        int stageId,
        StageBody body,
        IReadOnlyList<int> partitions,
        Action<int, object?> accept,
        CancellationToken cancellationToken)
    {
        if (partitions.Count == 1)
        {
            // One task has no sibling to cancel when it fails: no linked token source, no list of tasks.
            accept(0, await RunTaskAsync(jobId, stageId, body, partitions[0], cancellationToken).ConfigureAwait(false));
            return;
        }
        using var stageCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = partitions.Select(async (partitionId, index) =>
        {
            try
            {
                accept(index, await RunTaskAsync(jobId, stageId, body, partitionId, stageCancellation.Token).ConfigureAwait(false));
            }
            catch (Exception error) when (error is JobFailedException or StageFetchFailedException)
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
                .FirstOrDefault(error => error is JobFailedException or StageFetchFailedException);
            if (failure is not null)
            {
                throw failure;
            }
            throw;
        }
    }

    private async Task<object?> RunTaskAsync(int jobId, int stageId, StageBody body, int partitionId, CancellationToken cancellationToken)
    {
        Exception? lastError = null;
        for (var attempt = 0; attempt < maxTaskAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await backend.LaunchAsync(new TaskAddress(jobId, stageId, partitionId, attempt), body, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (ShuffleOutputMissingException missing)
            {
                // Retrying the task cannot help: the parent stage must run again first.
                throw new StageFetchFailedException(stageId, body.Description, partitionId, missing);
            }
            catch (TaskNotSerializableException error)
            {
                // The same functions would fail to serialize on every attempt: the job fails now, as Spark's does.
                throw new JobFailedException(jobId, stageId, body.Description, partitionId, attempt + 1, error);
            }
            catch (Exception error) when (error is not ObjectDisposedException)
            {
                lastError = error;
                logger.LogWarning(error, "Task {Address} of {Stage} failed", new TaskAddress(jobId, stageId, partitionId, attempt), body);
            }
        }
        throw new JobFailedException(jobId, stageId, body.Description, partitionId, maxTaskAttempts, lastError!);
    }

    /// <summary>A task of a stage found a parent's map output missing (Spark's FetchFailed): the stage must run again.</summary>
    private sealed class StageFetchFailedException(int stageId, string stageDescription, int partitionId, ShuffleOutputMissingException missing)
        : Exception(missing.Message, missing)
    {
        public int StageId { get; } = stageId;

        public string StageDescription { get; } = stageDescription;

        public int PartitionId { get; } = partitionId;

        public ShuffleOutputMissingException Missing { get; } = missing;
    }
}
