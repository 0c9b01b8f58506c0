using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>An in-memory collection sliced into contiguous partitions, as Spark's <c>parallelize</c>.</summary>
internal sealed class ParallelCollectionRdd<T> : Rdd<T>
{
    private readonly T[][] slices;

    public ParallelCollectionRdd(EmberContext context, T[] items, int slices) : base(context, "Parallelize") =>
        // One array per partition rather than segments of one array: LINQ's operators (Where, Select, Count) then take
        // their array paths instead of an interface call per record through a boxed segment enumerator.
        this.slices = slices == 1
            ? [items]
            : [.. Enumerable.Range(0, slices).Select(i => items[(int)((long)i * items.Length / slices)..(int)((long)(i + 1) * items.Length / slices)])];

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Enumerable.Range(0, slices.Length).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) => slices[partition.Index];
}
