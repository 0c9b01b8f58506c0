using System.Collections.Concurrent;

namespace Ember.Streaming.DStreams;

/// <summary>
/// A source fed by a queue of RDDs (for tests and demos): each batch takes one queued RDD (or all of them), or the
/// default RDD (else an empty one) when the queue is empty.
/// </summary>
internal sealed class QueueInputDStream<T>(StreamingContext context, ConcurrentQueue<Rdd<T>> queue, bool oneAtATime, Rdd<T>? defaultRdd)
    : InputDStream<T>(context, "QueueStream")
{
    private Time? lastServed;

    private protected override Rdd<T>? Compute(Time validTime)
    {
        if (lastServed is { } last && validTime <= last)
        {
            // A batch forgotten and asked for again (a late Slice) must not take data queued for a later batch.
            return Context.EmberContext.EmptyRdd<T>();
        }
        lastServed = validTime;
        var taken = new List<Rdd<T>>();
        while ((oneAtATime ? taken.Count == 0 : true) && queue.TryDequeue(out var rdd))
        {
            taken.Add(rdd);
        }
        return taken.Count switch
        {
            0 => defaultRdd ?? Context.EmberContext.EmptyRdd<T>(),
            1 => taken[0],
            _ => Context.EmberContext.Union(taken),
        };
    }
}
