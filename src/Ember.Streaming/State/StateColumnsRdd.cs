using Ember.Dependencies;
using Ember.Partitioning;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.State;

/// <summary>A MapWithState snapshot read back as (key, (state, updated ms)) records, one partition per part file, in either part format.</summary>
internal sealed class StateColumnsRdd<TKey, TState>(EmberContext context, StateFiles files, IPartitioner? partitioner)
    : Rdd<(TKey Key, (TState State, long UpdatedMs) Value)>(context, "Checkpoint")
{
    public override IPartitioner? Partitioner { get; } = partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() => [.. Enumerable.Range(0, files.PartCount).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<(TKey Key, (TState State, long UpdatedMs) Value)> Compute(Partition partition, TaskContext context) =>
        StateColumns<TKey, TState>.Read(files, partition.Index);

    /// <summary>The snapshot placed by <paramref name="target"/>: as written when the partition count is unchanged, else redistributed.</summary>
    public static Rdd<(TKey Key, (TState State, long UpdatedMs) Value)> Partitioned(EmberContext context, StateFiles files, IPartitioner target) =>
        files.PartCount == target.NumPartitions
            ? new StateColumnsRdd<TKey, TState>(context, files, target)
            : new StateColumnsRdd<TKey, TState>(context, files, null).PartitionBy(target);
}
