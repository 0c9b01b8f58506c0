using System.Collections.Concurrent;
using Ember.Streaming.DStreams;

namespace Ember.Streaming;

public sealed partial class StreamingContext
{
    /// <summary>
    /// A stream fed by a queue of RDDs (tests and demos): each batch takes the next queued RDD (all of them when
    /// <paramref name="oneAtATime"/> is false), or <paramref name="defaultRdd"/> (else an empty RDD) when the queue is
    /// empty. RDDs can be enqueued while the context runs. Not recoverable from a checkpoint.
    /// </summary>
    public DStream<T> QueueStream<T>(ConcurrentQueue<Rdd<T>> queue, bool oneAtATime = true, Rdd<T>? defaultRdd = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return new QueueInputDStream<T>(this, queue, oneAtATime, defaultRdd);
    }

    /// <summary>The records of all <paramref name="streams"/> (same slide duration required), batch by batch. Narrow.</summary>
    public DStream<T> Union<T>(IEnumerable<DStream<T>> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        return new UnionDStream<T>(this, [.. streams]);
    }
}
