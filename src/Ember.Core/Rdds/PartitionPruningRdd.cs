using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>
/// A subset of a parent's partitions, renumbered from 0, with no records moved (Spark's PartitionPruningRDD):
/// pruned partitions are never computed. Narrow. The parent's partitioner is dropped, since indices change.
/// </summary>
internal sealed class PartitionPruningRdd<T> : Rdd<T>
{
    private readonly int[] kept;
    private Rdd<T>? parent;

    public PartitionPruningRdd(Rdd<T> parent, Func<int, bool> keep) : base(parent.Context, "PartitionPruning")
    {
        this.parent = parent;
        kept = [.. Enumerable.Range(0, parent.Partitions.Count).Where(keep)];
    }

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. kept.Select((parentIndex, index) => (Partition)new PrunedPartition(index, Parent.Partitions[parentIndex]))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [new GroupedDependency(Parent, [.. kept.Select(index => (IReadOnlyList<int>)[index])])];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) =>
        Parent.Iterator(((PrunedPartition)partition).Parent, context);

    protected override void ClearDependencies() => parent = null;

    private Rdd<T> Parent => parent ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    private sealed class PrunedPartition(int index, Partition parent) : Partition(index)
    {
        public Partition Parent { get; } = parent;
    }
}
