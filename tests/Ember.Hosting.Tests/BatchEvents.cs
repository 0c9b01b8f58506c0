using System.Collections.Concurrent;
using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.Hosting.Tests;

/// <summary>
/// A listener that lets a test await batch events instead of sleeping. It is added by the job, after the host's
/// monitor, and the bus delivers each event to listeners in order: when this one has seen an event, so has the monitor.
/// </summary>
internal sealed class BatchEvents : IStreamingListener
{
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> completed = new();
    private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> started = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> submittedCounts = new();
    private int submitted;

    public void OnBatchSubmitted(BatchInfo batch)
    {
        var count = Interlocked.Increment(ref submitted);
        Submitted(count).TrySetResult();
    }

    public void OnBatchStarted(BatchInfo batch) => Get(started, batch.BatchTime).TrySetResult(batch);

    public void OnBatchCompleted(BatchInfo batch) => Get(completed, batch.BatchTime).TrySetResult(batch);

    public Task<BatchInfo> StartedAsync(Time time) => Get(started, time).Task.WaitAsync(SafetyNet);

    public Task<BatchInfo> CompletedAsync(Time time) => Get(completed, time).Task.WaitAsync(SafetyNet);

    public Task SubmittedAsync(int count) => Submitted(count).Task.WaitAsync(SafetyNet);

    private static TaskCompletionSource<BatchInfo> Get(ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> events, Time time) =>
        events.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Submitted(int count) =>
        submittedCounts.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
