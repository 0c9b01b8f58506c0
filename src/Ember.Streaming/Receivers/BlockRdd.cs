using Ember.Dependencies;

namespace Ember.Streaming.Receivers;

/// <summary>
/// The records a receiver stored for one batch (Spark's BlockRDD): one partition per block, in the order the blocks
/// were cut. The blocks live in memory with the RDD and are freed with it.
/// </summary>
internal sealed class BlockRdd<T>(EmberContext context, IReadOnlyList<Block<T>> blocks) : Rdd<T>(context, "ReceiverBlocks")
{
    protected override IReadOnlyList<Partition> GetPartitions() => [.. Enumerable.Range(0, blocks.Count).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) =>
        new ArraySegment<T>(blocks[partition.Index].Records);
}
