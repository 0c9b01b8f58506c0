using Ember.Dependencies;

namespace Ember.Checkpointing;

/// <summary>
/// The partitions <see cref="Rdd{T}.LocalCheckpointAsync"/> kept in the block store under the checkpointed RDD's id
/// (Spark's LocalCheckpointRDD). They cannot be recomputed: a partition no longer stored fails its task.
/// </summary>
internal sealed class LocalCheckpointRdd<T>(Rdd<T> checkpointed) : Rdd<T>(checkpointed.Context, "LocalCheckpoint")
{
    private readonly int checkpointedId = checkpointed.Id;
    private readonly string checkpointedName = checkpointed.ToString();
    private readonly int partitions = checkpointed.Partitions.Count;

    protected override IReadOnlyList<Partition> GetPartitions() => [.. Enumerable.Range(0, partitions).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) =>
        Context.BlockManager.TryGet<T>(checkpointedId, partition.Index)
            ?? throw new InvalidOperationException($"Partition {partition.Index} of {checkpointedName} was lost after its lineage was cut by LocalCheckpoint.");
}
