using Ember.Dependencies;

namespace Ember.Rdds;

/// <summary>An RDD with no partitions and no records.</summary>
internal sealed class EmptyRdd<T>(EmberContext context) : Rdd<T>(context, "EmptyRdd")
{
    protected override IReadOnlyList<Partition> GetPartitions() => [];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) => [];
}
