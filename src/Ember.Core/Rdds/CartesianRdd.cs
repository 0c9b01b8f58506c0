using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>
/// Every pair of a record of one RDD with a record of another (Spark's CartesianRDD): one partition per pair of
/// parent partitions, partition <c>i * m + j</c> pairing left partition <c>i</c> with right partition <c>j</c>. Narrow.
/// </summary>
internal sealed class CartesianRdd<TLeft, TRight> : Rdd<(TLeft Left, TRight Right)>
{
    private Rdd<TLeft>? left;
    private Rdd<TRight>? right;

    public CartesianRdd(Rdd<TLeft> left, Rdd<TRight> right) : base(left.Context, "Cartesian")
    {
        if (right.Context != left.Context)
        {
            throw new ArgumentException($"{right} belongs to another context.", nameof(right));
        }
        this.left = left;
        this.right = right;
    }

    protected override IReadOnlyList<Partition> GetPartitions()
    {
        var rightPartitions = Right.Partitions;
        return [.. Left.Partitions.SelectMany(l => rightPartitions.Select(r => (Partition)new CartesianPartition(l.Index * rightPartitions.Count + r.Index, l, r)))];
    }

    protected override IReadOnlyList<Dependency> GetDependencies()
    {
        var rightCount = Right.Partitions.Count;
        var count = Left.Partitions.Count * rightCount;
        return
        [
            new GroupedDependency(Left, [.. Enumerable.Range(0, count).Select(i => (IReadOnlyList<int>)[i / rightCount])]),
            new GroupedDependency(Right, [.. Enumerable.Range(0, count).Select(i => (IReadOnlyList<int>)[i % rightCount])]),
        ];
    }

    // The parents are taken now, not when the enumeration starts: a checkpoint may cut the lineage in between while
    // this task of another job still needs them.
    protected internal override IEnumerable<(TLeft Left, TRight Right)> Compute(Partition partition, TaskContext context)
    {
        var pair = (CartesianPartition)partition;
        return Pairs(Left.Iterator(pair.Left, context), Right, pair.Right, context);
    }

    /// <summary>
    /// Spark recomputes the right partition once per left record; buffering it once gives the same pairs for
    /// deterministic parents at the cost of holding one right partition in memory. It is computed at the first left
    /// record, so an empty left partition never computes it, and an empty right one stops the scan of the left.
    /// </summary>
    private static IEnumerable<(TLeft Left, TRight Right)> Pairs(IEnumerable<TLeft> left, Rdd<TRight> right, Partition rightPartition, TaskContext context)
    {
        TRight[]? rightItems = null;
        foreach (var x in left)
        {
            rightItems ??= right.Iterator(rightPartition, context).ToArray();
            if (rightItems.Length == 0)
            {
                yield break;
            }
            foreach (var y in rightItems)
            {
                yield return (x, y);
            }
        }
    }

    protected override void ClearDependencies()
    {
        left = null;
        right = null;
    }

    private Rdd<TLeft> Left => left ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    private Rdd<TRight> Right => right ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    private sealed class CartesianPartition(int index, Partition left, Partition right) : Partition(index)
    {
        public Partition Left { get; } = left;

        public Partition Right { get; } = right;
    }
}
