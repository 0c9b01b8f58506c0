using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Streaming.DStreams;

/// <summary>
/// One window of ReduceByKeyAndWindow with an inverse function: partition <c>i</c> is partition <c>i</c> of the
/// previous window, with the batches that left removed and the batches that entered added (<see cref="WindowMerge{TKey,TValue}"/>),
/// then filtered. Every parent is partitioned by the window's partitioner, so each is a one-to-one dependency: no
/// shuffle, and a partition's work grows with the keys it holds and the batches that changed, not with the window's
/// length.
/// </summary>
internal sealed class ReducedWindowRdd<TKey, TValue> : Rdd<(TKey Key, TValue Value)>
{
    private readonly IPartitioner partitioner;
    private readonly Func<TValue, TValue, TValue> reducer;
    private readonly Func<TValue, TValue, TValue> inverse;
    private readonly Func<(TKey Key, TValue Value), bool>? filter;
    private Rdd<(TKey Key, TValue Value)>? previous;
    private IReadOnlyList<Rdd<(TKey Key, TValue Value)>> left;
    private IReadOnlyList<Rdd<(TKey Key, TValue Value)>> entered;

    public ReducedWindowRdd(
        Rdd<(TKey Key, TValue Value)> previous,
        IReadOnlyList<Rdd<(TKey Key, TValue Value)>> left,
        IReadOnlyList<Rdd<(TKey Key, TValue Value)>> entered,
        Func<TValue, TValue, TValue> reducer,
        Func<TValue, TValue, TValue> inverse,
        Func<(TKey Key, TValue Value), bool>? filter,
        IPartitioner partitioner) : base(previous.Context, "ReduceByKeyAndWindow")
    {
        foreach (var parent in left.Concat(entered).Prepend(previous))
        {
            if (parent.Partitions.Count != partitioner.NumPartitions)
            {
                throw new InvalidOperationException(
                    $"{parent} has {parent.Partitions.Count} partitions where the window's partitioner has {partitioner.NumPartitions}.");
            }
        }
        this.previous = previous;
        this.left = left;
        this.entered = entered;
        this.reducer = reducer;
        this.inverse = inverse;
        this.filter = filter;
        this.partitioner = partitioner;
    }

    public override IPartitioner Partitioner => partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Enumerable.Range(0, partitioner.NumPartitions).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() =>
        [.. left.Concat(entered).Prepend(Previous).Select(parent => new OneToOneDependency(parent))];

    protected internal override IEnumerable<(TKey Key, TValue Value)> Compute(Partition partition, TaskContext context) =>
        WindowMerge<TKey, TValue>.Merge(
            Read(Previous, partition, context),
            [.. left.Select(rdd => Read(rdd, partition, context))],
            [.. entered.Select(rdd => Read(rdd, partition, context))],
            reducer,
            inverse,
            filter);

    // Forgetting the parents lets the previous window and the batches' RDDs be freed once the lineage is cut.
    protected override void ClearDependencies()
    {
        previous = null;
        left = [];
        entered = [];
    }

    private static IEnumerable<(TKey Key, TValue Value)> Read(Rdd<(TKey Key, TValue Value)> rdd, Partition partition, TaskContext context) =>
        rdd.Iterator(rdd.Partitions[partition.Index], context);

    private Rdd<(TKey Key, TValue Value)> Previous => previous ?? throw new InvalidOperationException($"The lineage of {this} was cut.");
}
