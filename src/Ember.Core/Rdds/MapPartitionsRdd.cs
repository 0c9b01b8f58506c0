using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Rdds;

/// <summary>
/// Every narrow one-to-one transformation (Map, Filter, FlatMap, MapPartitions, Glom, MapValues, ...): a function
/// from one parent partition's records to this partition's records, applied lazily so operators pipeline.
/// </summary>
internal sealed class MapPartitionsRdd<TSource, TResult>(
    Rdd<TSource> parent,
    Func<int, IEnumerable<TSource>, IEnumerable<TResult>> transform,
    bool preservesPartitioning,
    string operation) : Rdd<TResult>(parent.Context, operation)
{
    public override IPartitioner? Partitioner => preservesPartitioning ? parent.Partitioner : null;

    protected override IReadOnlyList<Partition> GetPartitions() => parent.Partitions;

    protected override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(parent)];

    protected internal override IEnumerable<TResult> Compute(Partition partition, TaskContext context) =>
        transform(partition.Index, parent.Iterator(partition, context));
}
