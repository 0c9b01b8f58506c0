using System.Collections.Concurrent;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Testing;

/// <summary>Lets a test await the completion of a given batch.</summary>
internal sealed class BatchCompletionListener : IStreamingListener
{
    private readonly ConcurrentDictionary<Time, TaskCompletionSource> batches = new();

    public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult();

    public Task WaitForAsync(Time time) => Completion(time).Task;

    private TaskCompletionSource Completion(Time time) =>
        batches.GetOrAdd(time, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
