using Ember.Dependencies;

namespace Ember.Streaming.Sources;

/// <summary>
/// A batch of a direct source: the batch's allocation and the source's reader, nothing else, so that any process can
/// compute any of its partitions again. One partition per <see cref="SourceReader{TAllocation, T}.PartitionCount"/>.
/// </summary>
internal sealed class SourceRdd<TAllocation, T>(
    EmberContext context, string operation, int streamId, Time batchTime, TAllocation allocation, SourceReader<TAllocation, T> reader)
    : Rdd<T>(context, operation), IHasAllocation<TAllocation>
{
    public Time BatchTime => batchTime;

    public TAllocation Allocation => allocation;

    protected override IReadOnlyList<Partition> GetPartitions()
    {
        var count = reader.PartitionCount(allocation);
        if (count < 0)
        {
            throw new InvalidOperationException($"{reader.GetType().Name}.PartitionCount returned {count} for batch {batchTime} of {Operation}; it must be 0 or more.");
        }
        return [.. Enumerable.Range(0, count).Select(index => new Partition(index))];
    }

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    /// <summary>The executor the reader's placement picks among the live ones (a hint; none locally matters).</summary>
    protected internal override IReadOnlyList<string> PreferredLocations(Partition partition) =>
        reader.Placement(allocation, partition.Index) is { } placement ? placement.Resolve(Context.ExecutorIds) : [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) =>
        reader.Read(allocation, partition.Index, new SourceReadContext(Context, context, streamId, batchTime, partition.Index))
        ?? throw new InvalidOperationException($"{reader.GetType().Name}.Read returned null for partition {partition.Index} of batch {batchTime} of {Operation}.");
}
