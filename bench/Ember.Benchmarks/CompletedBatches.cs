using System.Collections.Concurrent;
using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.Benchmarks;

/// <summary>Hands each completed batch's time to the thread that waits for it.</summary>
internal sealed class CompletedBatches : IStreamingListener
{
    public BlockingCollection<Time> Next { get; } = [];

    public void OnBatchCompleted(BatchInfo batch) => Next.Add(batch.BatchTime);
}
