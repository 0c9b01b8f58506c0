using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>
/// Each record with its position in the whole RDD (Spark's ZippedWithIndexRDD): partition order, then order within
/// the partition. Narrow, but building it runs a job that counts every partition but the last, as Spark does.
/// </summary>
internal sealed class ZippedWithIndexRdd<T> : Rdd<(T Item, long Index)>
{
    private readonly long[] startIndices;
    private Rdd<T>? parent;

    public ZippedWithIndexRdd(Rdd<T> parent) : base(parent.Context, "ZipWithIndex")
    {
        this.parent = parent;
        startIndices = StartIndices(parent);
    }

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Parent.Partitions.Select(p => (Partition)new IndexedPartition(p, startIndices[p.Index]))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(Parent)];

    // The parent is read now, not when the enumeration starts: a checkpoint may cut the lineage in between while
    // this task of another job still needs it.
    protected internal override IEnumerable<(T Item, long Index)> Compute(Partition partition, TaskContext context)
    {
        var indexed = (IndexedPartition)partition;
        return Indexed(Parent.Iterator(indexed.Parent, context), indexed.StartIndex);
    }

    private static IEnumerable<(T Item, long Index)> Indexed(IEnumerable<T> items, long index)
    {
        foreach (var item in items)
        {
            yield return (item, index++);
        }
    }

    protected override void ClearDependencies() => parent = null;

    private Rdd<T> Parent => parent ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    /// <summary>The index of each partition's first record: a running sum of the sizes of the partitions before it.</summary>
    private static long[] StartIndices(Rdd<T> parent)
    {
        var count = parent.Partitions.Count;
        var starts = new long[count];
        if (count <= 1)
        {
            return starts;
        }
        // The last partition's size never matters, so it is not computed.
        var sizes = parent.Context.RunActionAsync("ZipWithIndex", parent, (_, items) => items.LongCount(), [.. Enumerable.Range(0, count - 1)])
            .ConfigureAwait(false).GetAwaiter().GetResult();
        for (var i = 1; i < count; i++)
        {
            starts[i] = starts[i - 1] + sizes[i - 1];
        }
        return starts;
    }

    private sealed class IndexedPartition(Partition parent, long startIndex) : Partition(parent.Index)
    {
        public Partition Parent { get; } = parent;

        public long StartIndex { get; } = startIndex;
    }
}
