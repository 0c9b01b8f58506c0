using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>
/// Fewer partitions without a shuffle: each new partition reads a contiguous group of parent partitions in one
/// task. Asking for more partitions than the parent has keeps the parent's count, as Spark does.
/// </summary>
internal sealed class CoalescedRdd<T> : Rdd<T>
{
    private readonly IReadOnlyList<IReadOnlyList<int>> groups;
    private Rdd<T>? parent;

    public CoalescedRdd(Rdd<T> parent, int partitions) : base(parent.Context, "Coalesce")
    {
        this.parent = parent;
        var parentCount = parent.Partitions.Count;
        var count = Math.Min(partitions, parentCount);
        groups = [.. Enumerable.Range(0, count).Select(i =>
        {
            var start = (int)((long)i * parentCount / count);
            var end = (int)((long)(i + 1) * parentCount / count);
            return (IReadOnlyList<int>)[.. Enumerable.Range(start, end - start)];
        })];
    }

    protected override IReadOnlyList<Partition> GetPartitions() => [.. Enumerable.Range(0, groups.Count).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [new GroupedDependency(Parent, groups)];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context)
    {
        var parent = Parent;
        return groups[partition.Index].SelectMany(p => parent.Iterator(parent.Partitions[p], context));
    }

    protected override void ClearDependencies() => parent = null;

    private Rdd<T> Parent => parent ?? throw new InvalidOperationException($"The lineage of {this} was cut.");
}
