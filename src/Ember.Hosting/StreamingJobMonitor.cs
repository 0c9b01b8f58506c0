using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.Hosting;

/// <summary>
/// Follows the hosted job through the listener bus (batches submitted, started, completed) and the hosted service
/// (started, stopped, failed), for the health check. Thread-safe: the bus and the host call it from their own threads.
/// </summary>
internal sealed class StreamingJobMonitor : IStreamingListener
{
    private readonly Lock gate = new();
    private readonly SortedSet<Time> queued = [];
    private TimeProvider clock = TimeProvider.System;
    private TimeSpan batchInterval;
    private StreamingJobState state = StreamingJobState.NotStarted;
    private Exception? failure;
    private BatchInfo? lastStarted;
    private BatchInfo? lastCompleted;
    private long completedBatches;

    public void OnStarting(StreamingContext context)
    {
        lock (gate)
        {
            clock = context.TimeProvider;
            batchInterval = context.BatchInterval;
            state = StreamingJobState.Running;
        }
    }

    public void OnStopped(bool requestedByHost) => Set(requestedByHost ? StreamingJobState.Stopped : StreamingJobState.StoppedUnexpectedly, null);

    public void OnFailed(Exception error) => Set(StreamingJobState.Failed, error);

    void IStreamingListener.OnBatchSubmitted(BatchInfo batch)
    {
        lock (gate)
        {
            queued.Add(batch.BatchTime);
        }
    }

    void IStreamingListener.OnBatchStarted(BatchInfo batch)
    {
        lock (gate)
        {
            queued.Remove(batch.BatchTime);
            lastStarted = batch;
        }
    }

    void IStreamingListener.OnBatchCompleted(BatchInfo batch)
    {
        lock (gate)
        {
            // A batch with no job at all completes without starting.
            queued.Remove(batch.BatchTime);
            lastCompleted = batch;
            completedBatches++;
        }
    }

    /// <summary>The job's state and delays as of now on the job's clock.</summary>
    public StreamingJobSnapshot Snapshot()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            // The oldest queued batch has waited since its batch time and is still waiting: the delay that grows
            // without bound when batches take longer than the interval, long before any batch completes late.
            var waiting = queued.Count > 0 ? now - queued.Min.ToDateTimeOffset() : TimeSpan.Zero;
            var started = lastStarted?.SchedulingDelay ?? TimeSpan.Zero;
            return new StreamingJobSnapshot(state, failure, batchInterval, queued.Count, waiting > started ? waiting : started, lastCompleted, completedBatches);
        }
    }

    private void Set(StreamingJobState next, Exception? error)
    {
        lock (gate)
        {
            // A failure is final: the stop it causes does not make the job look healthy again.
            if (state != StreamingJobState.Failed)
            {
                state = next;
                failure = error;
            }
        }
    }
}

/// <summary>What the monitor knows at one moment.</summary>
internal sealed record StreamingJobSnapshot(
    StreamingJobState State,
    Exception? Failure,
    TimeSpan BatchInterval,
    int QueuedBatches,
    TimeSpan SchedulingDelay,
    BatchInfo? LastCompleted,
    long CompletedBatches);
