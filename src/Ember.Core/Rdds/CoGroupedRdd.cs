using Ember.Dependencies;
using Ember.Partitioning;
using Ember.Shuffle;

namespace Ember.Rdds;

/// <summary>
/// Groups two key-value RDDs by key (Spark's CoGroupedRDD). A parent already partitioned by the target
/// partitioner is read narrowly, partition by partition; any other parent is shuffled.
/// </summary>
internal sealed class CoGroupedRdd<TKey, TLeft, TRight> : Rdd<(TKey Key, (IReadOnlyList<TLeft> Left, IReadOnlyList<TRight> Right) Value)>
{
    private readonly IPartitioner partitioner;
    private Parents? parents;

    public CoGroupedRdd(Rdd<(TKey Key, TLeft Value)> left, Rdd<(TKey Key, TRight Value)> right, IPartitioner partitioner)
        : base(left.Context, "CoGroup")
    {
        this.partitioner = partitioner;
        parents = new Parents(left, right, DependencyOn(left, partitioner), DependencyOn(right, partitioner));
    }

    public override IPartitioner Partitioner => partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Enumerable.Range(0, partitioner.NumPartitions).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [Lineage.LeftDependency, Lineage.RightDependency];

    // Forgetting the parents lets them, and the shuffle outputs they need, be freed.
    protected override void ClearDependencies() => parents = null;

    // The parents are taken now, not when the enumeration starts: a checkpoint may cut the lineage in between while
    // this task of another job still needs them.
    protected internal override IEnumerable<(TKey Key, (IReadOnlyList<TLeft> Left, IReadOnlyList<TRight> Right) Value)> Compute(Partition partition, TaskContext context) =>
        Grouped(Lineage, partition, context);

    private IEnumerable<(TKey Key, (IReadOnlyList<TLeft> Left, IReadOnlyList<TRight> Right) Value)> Grouped(Parents lineage, Partition partition, TaskContext context)
    {
        var (left, right, leftDependency, rightDependency) = lineage;
        var groups = new KeyedMap<TKey, (List<TLeft> Left, List<TRight> Right)>();
        foreach (var (key, value) in Read(left, leftDependency, partition.Index, context))
        {
            Group(groups, key).Left.Add(value);
        }
        foreach (var (key, value) in Read(right, rightDependency, partition.Index, context))
        {
            Group(groups, key).Right.Add(value);
        }
        foreach (var pair in groups)
        {
            yield return (pair.Key, (pair.Value.Left, pair.Value.Right));
        }
    }

    private static ref (List<TLeft> Left, List<TRight> Right) Group(KeyedMap<TKey, (List<TLeft> Left, List<TRight> Right)> groups, TKey key)
    {
        ref var slot = ref groups.GetOrAddSlot(key, out var existed);
        if (!existed)
        {
            slot = ([], []);
        }
        return ref slot;
    }

    private static Dependency DependencyOn<TValue>(Rdd<(TKey Key, TValue Value)> parent, IPartitioner partitioner) =>
        partitioner.Equals(parent.Partitioner)
            ? new OneToOneDependency(parent)
            : new ShuffleDependency<TKey, TValue, TValue>(parent, partitioner, aggregator: null, mapSideCombine: false);

    private IEnumerable<(TKey Key, TValue Value)> Read<TValue>(Rdd<(TKey Key, TValue Value)> parent, Dependency dependency, int partitionId, TaskContext context) =>
        dependency is ShuffleDependency shuffle
            ? Context.ShuffleReader.Read<(TKey Key, TValue Value)>(shuffle.ShuffleId, partitionId, shuffle.MapCount)
            : parent.Iterator(parent.Partitions[partitionId], context);

    private Parents Lineage => parents ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    private sealed record Parents(Rdd<(TKey Key, TLeft Value)> Left, Rdd<(TKey Key, TRight Value)> Right, Dependency LeftDependency, Dependency RightDependency);
}
