using Ember.Diagnostics;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Scheduling;

/// <summary>
/// Runs the job sets the generator queues: one batch at a time by default, its output jobs in definition order,
/// timing each for the listener bus. A failing job is reported to the context (awaiting termination rethrows it)
/// and later batches still run, as in Spark. A batch ends as completed only when all its outputs ran: one with a
/// failed output ends as failed (Spark does not call <c>onBatchCompletion</c> for it, so it stays pending in the
/// checkpoint and runs again after a restart), and one cancelled by a stop ends as neither.
/// </summary>
internal sealed class JobScheduler(
    StreamingListenerBus bus,
    StreamingMetrics metrics,
    TimeProvider clock,
    int concurrentJobs,
    Func<Time, bool, CancellationToken, Task> onBatchEnded,
    Action<string, Exception> reportError,
    ILogger logger)
{
    private static readonly IReadOnlyDictionary<int, OutputOperationInfo> NoOperations = new Dictionary<int, OutputOperationInfo>();
    private readonly WorkQueue<JobSet> queue = new();
    private readonly CancellationTokenSource stopping = new();
    private Task[] workers = [];
    private int pending;

    /// <summary>Job sets submitted and not yet completed.</summary>
    public int PendingBatches => Volatile.Read(ref pending);

    /// <summary>
    /// Starts the workers on dedicated threads: user code in output operations often blocks (a synchronous
    /// <c>Collect</c>, a database write), and must not hold thread-pool threads the engine's own continuations need.
    /// </summary>
    public void Start()
    {
        stopping.Token.Register(queue.Cancel);
        workers = [.. Enumerable.Range(0, Math.Max(1, concurrentJobs)).Select(StartWorker)];
    }

    public void Submit(JobSet jobSet)
    {
        Interlocked.Increment(ref pending);
        if (bus.Handles(PerBatchEvents.BatchSubmitted))
        {
            PostSubmitted(jobSet);
        }
        if (!queue.TryAdd(jobSet))
        {
            Interlocked.Decrement(ref pending);
            logger.LogWarning("Batch {Time} was generated after the scheduler stopped; it is dropped", jobSet.Time);
        }
    }

    /// <summary>
    /// Stops taking batches. Graceful: the queued and running batches finish first (bounded by
    /// <paramref name="cancellationToken"/>, which then cancels them). Otherwise running jobs are cancelled at once.
    /// </summary>
    public async Task StopAsync(bool graceful, CancellationToken cancellationToken)
    {
        queue.Complete();
        if (!graceful)
        {
            stopping.Cancel();
        }
        using var registration = cancellationToken.Register(stopping.Cancel);
        try
        {
            await Task.WhenAll(workers).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The registration may already be gone when the wait gives up, so cancel here too. Jobs are cancelled
            // cooperatively: user code that ignores cancellation keeps its (background) thread.
            stopping.Cancel();
            logger.LogWarning("Output operations still running when the stop timed out were cancelled and abandoned");
        }
    }

    private Task StartWorker(int index)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Work();
            }
            finally
            {
                done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"ember-streaming-jobs-{index}",
        };
        thread.Start();
        return done.Task;
    }

    private void Work()
    {
        // A stop that is not graceful cancels the queue: the batches that have not started are dropped, as Spark does.
        while (queue.TryTake(out var jobSet))
        {
            if (stopping.IsCancellationRequested)
            {
                Interlocked.Decrement(ref pending);
                logger.LogInformation("Batch {Time} dropped: the context stopped before it started", jobSet.Time);
                continue;
            }
            RunAsync(jobSet, stopping.Token).GetAwaiter().GetResult();
        }
    }

    private async Task RunAsync(JobSet jobSet, CancellationToken cancellationToken)
    {
        try
        {
            await jobSet.Checkpointed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        var start = clock.GetUtcNow();
        var operations = new Dictionary<int, OutputOperationInfo>(jobSet.Jobs.Count);
        var failed = false;
        if (bus.Handles(PerBatchEvents.BatchStarted))
        {
            PostStarted(jobSet, start);
        }
        // The batch's span is current on this flow: its outputs' spans and their jobs' spans nest under it.
        using var batchActivity = BatchTracing.StartBatch(jobSet, start);
        for (var index = 0; index < jobSet.Jobs.Count && !cancellationToken.IsCancellationRequested; index++)
        {
            var job = jobSet.Jobs[index];
            var started = new OutputOperationInfo(jobSet.Time, job.OutputOperationId, job.Name, job.Description, clock.GetUtcNow(), null, null);
            if (bus.Handles(PerBatchEvents.OutputOperationStarted))
            {
                PostOperationStarted(started);
            }
            string? failure = null;
            var outputActivity = BatchTracing.StartOutput(job);
            try
            {
                await job.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                failure = "Cancelled: the context stopped.";
            }
            catch (Exception error)
            {
                failure = $"{error.GetType().Name}: {error.Message}";
                failed = true;
                if (outputActivity is not null)
                {
                    EmberTracing.Fail(outputActivity, error);
                }
                reportError($"Error running output operation {job.OutputOperationId} ({job.Name}) of batch {jobSet.Time}", error);
            }
            finally
            {
                outputActivity?.Dispose();
            }
            var completed = started with { EndTime = clock.GetUtcNow(), FailureReason = failure };
            operations[job.OutputOperationId] = completed;
            if (bus.Handles(PerBatchEvents.OutputOperationCompleted))
            {
                PostOperationCompleted(completed);
            }
        }
        if (failed)
        {
            BatchTracing.OutputsFailed(batchActivity);
        }
        if (!cancellationToken.IsCancellationRequested)
        {
            // A batch with a failed output still materializes its state: later batches build on it.
            await RunMaintenanceAsync(jobSet, cancellationToken).ConfigureAwait(false);
            try
            {
                await onBatchEnded(jobSet.Time, !failed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                reportError($"Error completing batch {jobSet.Time} (checkpoint or cleanup)", error);
            }
        }
        var end = clock.GetUtcNow();
        // The operations' table is the batch's own from here on: nothing changes it after this.
        var info = Info(jobSet, start, end, operations);
        metrics.RecordBatch(info);
        Interlocked.Decrement(ref pending);
        PostCompleted(info);
    }

    // The posts live in their own methods so that a closure is allocated only for an event that is posted (a lambda
    // in RunAsync would allocate its captured variables on every batch, posted or not).
    private void PostSubmitted(JobSet jobSet) => bus.Post(listener => listener.OnBatchSubmitted(Info(jobSet, null, null, NoOperations)));

    private void PostStarted(JobSet jobSet, DateTimeOffset start) => bus.Post(listener => listener.OnBatchStarted(Info(jobSet, start, null, NoOperations)));

    private void PostOperationStarted(OutputOperationInfo started) => bus.Post(listener => listener.OnOutputOperationStarted(started));

    private void PostOperationCompleted(OutputOperationInfo completed) => bus.Post(listener => listener.OnOutputOperationCompleted(completed));

    private void PostCompleted(BatchInfo info) => bus.Post(listener => listener.OnBatchCompleted(info));

    private async Task RunMaintenanceAsync(JobSet jobSet, CancellationToken cancellationToken)
    {
        for (var index = 0; index < jobSet.Maintenance.Count; index++)
        {
            var maintain = jobSet.Maintenance[index];
            try
            {
                await maintain(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                reportError($"Error materializing the state of batch {jobSet.Time}", error);
            }
        }
    }

    private static BatchInfo Info(JobSet jobSet, DateTimeOffset? start, DateTimeOffset? end, IReadOnlyDictionary<int, OutputOperationInfo> operations) =>
        new(jobSet.Time, jobSet.InputInfo, jobSet.SubmissionTime, start, end, operations);
}
