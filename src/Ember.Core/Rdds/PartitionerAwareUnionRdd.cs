using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Rdds;

/// <summary>
/// The union of RDDs that share one partitioner: partition <c>i</c> is the concatenation of every parent's partition
/// <c>i</c>, so the result keeps the partitioner and later key operations need no shuffle (Spark's
/// PartitionerAwareUnionRDD).
/// </summary>
internal sealed class PartitionerAwareUnionRdd<T>(EmberContext context, IReadOnlyList<Rdd<T>> parents, IPartitioner partitioner)
    : Rdd<T>(context, "Union")
{
    public override IPartitioner Partitioner => partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Enumerable.Range(0, partitioner.NumPartitions).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [.. parents.Select(parent => new OneToOneDependency(parent))];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) =>
        parents.SelectMany(parent => parent.Iterator(parent.Partitions[partition.Index], context));

    // Forgetting the parents lets them, and the shuffle outputs they need, be freed.
    protected override void ClearDependencies() => parents = [];
}
