namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// A workload's computation written by hand, one batch at a time: the hand-written loop runs it over each batch as
/// one span, TPL Dataflow and Channels over the array chunks they carry, Akka.Streams record by record.
/// <see cref="EndBatch"/> returns the batch's checksum, which every contender of the workload must match.
/// </summary>
internal abstract class BatchAggregation<T>
{
    /// <summary>Adds one record; the per-record form, for contenders that hand over records one at a time.</summary>
    public abstract void Add(T record);

    /// <summary>Adds a run of records. Workloads override it with their tight loop: it is the hand-written baseline.</summary>
    public virtual void Add(ReadOnlySpan<T> records)
    {
        foreach (var record in records)
        {
            Add(record);
        }
    }

    /// <summary>Closes the batch: returns its checksum and resets what does not outlive a batch.</summary>
    public abstract long EndBatch();
}
