using System.Collections.Concurrent;

namespace Ember.Tests.Operators;

/// <summary>
/// Records which partitions of an RDD were computed, so a test can assert that an operator reads only the partitions
/// it should (Lookup with a partitioner, FilterByRange after a sort, ToLocalIterator one partition at a time).
/// </summary>
internal sealed class ComputedPartitions
{
    private readonly ConcurrentQueue<int> computed = new();

    /// <summary>The same records and partitioner as <paramref name="rdd"/>, noting each partition computed.</summary>
    public Rdd<T> Track<T>(Rdd<T> rdd) => rdd.MapPartitionsWithIndex((index, items) =>
    {
        computed.Enqueue(index);
        return items;
    }, preservesPartitioning: true);

    /// <summary>The distinct indices computed so far, ascending.</summary>
    public IReadOnlyList<int> Indices => [.. computed.Distinct().Order()];

    /// <summary>How many partition computations ran (a partition computed twice counts twice).</summary>
    public int Computations => computed.Count;
}
