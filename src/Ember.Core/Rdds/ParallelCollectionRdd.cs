using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>An in-memory collection sliced into contiguous partitions, as Spark's <c>parallelize</c>.</summary>
internal sealed class ParallelCollectionRdd<T>(EmberContext context, T[] items, int slices) : Rdd<T>(context, "Parallelize")
{
    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Enumerable.Range(0, slices).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context)
    {
        var start = (int)((long)partition.Index * items.Length / slices);
        var end = (int)((long)(partition.Index + 1) * items.Length / slices);
        return new ArraySegment<T>(items, start, end - start);
    }
}
