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
    private readonly IPartitioner? partitioner = preservesPartitioning ? parent.Partitioner : null;
    private Rdd<TSource>? source = parent;

    public override IPartitioner? Partitioner => partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() => Source.Partitions;

    protected override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(Source)];

    protected internal override IEnumerable<TResult> Compute(Partition partition, TaskContext context) =>
        transform(partition.Index, Source.Iterator(partition, context));

    protected override void ClearDependencies() => source = null;

    private Rdd<TSource> Source => source ?? throw new InvalidOperationException($"The lineage of {this} was cut.");
}
