using System.Collections.Concurrent;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Tests.Context;

/// <summary>A listener that lets a test await the start of the context and the completion of a given batch.</summary>
internal sealed class BatchWaiter : IStreamingListener
{
    private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> completed = new();
    private readonly TaskCompletionSource<Time> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first batch time reported by <see cref="IStreamingListener.OnStreamingStarted"/>.</summary>
    public Task<Time> Started => started.Task.WaitAsync(StreamingHarness.SafetyNet);

    public void OnStreamingStarted(Time time) => started.TrySetResult(time);

    public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult(batch);

    /// <summary>Completes with the batch's info once <see cref="IStreamingListener.OnBatchCompleted"/> was delivered for it.</summary>
    public Task<BatchInfo> WaitForAsync(Time time) => Completion(time).Task.WaitAsync(StreamingHarness.SafetyNet);

    /// <summary>True when the batch's completion has been delivered.</summary>
    public bool HasCompleted(Time time) => completed.TryGetValue(time, out var completion) && completion.Task.IsCompleted;

    private TaskCompletionSource<BatchInfo> Completion(Time time) =>
        completed.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));
}
