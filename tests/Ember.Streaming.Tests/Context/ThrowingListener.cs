using Ember.Streaming.Listener;

namespace Ember.Streaming.Tests.Context;

/// <summary>A listener that throws on every event, to check the bus isolates listeners from each other.</summary>
internal sealed class ThrowingListener : IStreamingListener
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public void OnStreamingStarted(Time time) => Throw();

    public void OnBatchSubmitted(BatchInfo batch) => Throw();

    public void OnBatchStarted(BatchInfo batch) => Throw();

    public void OnBatchCompleted(BatchInfo batch) => Throw();

    public void OnOutputOperationStarted(OutputOperationInfo operation) => Throw();

    public void OnOutputOperationCompleted(OutputOperationInfo operation) => Throw();

    private void Throw()
    {
        Interlocked.Increment(ref calls);
        throw new InvalidOperationException("listener failure");
    }
}
