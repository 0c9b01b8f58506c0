using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.Examples.Scenarios;

/// <summary>Completes once the given number of batches completed: how a scenario knows its bounded run is over.</summary>
internal sealed class BatchCountdown(int batches) : IStreamingListener
{
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int completed;

    public Task Done => done.Task;

    public void OnBatchCompleted(BatchInfo batch)
    {
        if (Interlocked.Increment(ref completed) >= batches)
        {
            done.TrySetResult();
        }
    }
}
