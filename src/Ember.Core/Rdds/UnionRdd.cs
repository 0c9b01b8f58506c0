using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>The partitions of several RDDs side by side, in order: narrow, no shuffle, duplicates kept.</summary>
internal sealed class UnionRdd<T>(EmberContext context, IReadOnlyList<Rdd<T>> parents) : Rdd<T>(context, "Union")
{
    protected override IReadOnlyList<Partition> GetPartitions()
    {
        var result = new List<Partition>();
        for (var p = 0; p < parents.Count; p++)
        {
            foreach (var parentPartition in parents[p].Partitions)
            {
                result.Add(new UnionPartition(result.Count, p, parentPartition));
            }
        }
        return result;
    }

    protected override IReadOnlyList<Dependency> GetDependencies()
    {
        var result = new List<Dependency>();
        var offset = 0;
        foreach (var parent in parents)
        {
            var count = parent.Partitions.Count;
            result.Add(new RangeDependency(parent, 0, offset, count));
            offset += count;
        }
        return result;
    }

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context)
    {
        var union = (UnionPartition)partition;
        return parents[union.ParentIndex].Iterator(union.ParentPartition, context);
    }

    // Forgetting the parents lets them, and the shuffle outputs they need, be freed.
    protected override void ClearDependencies() => parents = [];

    private sealed class UnionPartition(int index, int parentIndex, Partition parentPartition) : Partition(index)
    {
        public int ParentIndex { get; } = parentIndex;

        public Partition ParentPartition { get; } = parentPartition;
    }
}
