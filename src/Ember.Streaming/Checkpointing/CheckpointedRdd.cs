using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Streaming.Checkpointing;

/// <summary>A state snapshot read back: one partition per part file, placed as the partitioner says when counts agree.</summary>
internal sealed class CheckpointedRdd<T>(EmberContext context, StateFiles files, IPartitioner? partitioner) : Rdd<T>(context, "Checkpoint")
{
    public override IPartitioner? Partitioner { get; } = partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() => [.. Enumerable.Range(0, files.PartCount).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) => files.Read<T>(partition.Index);

    /// <summary>
    /// The snapshot partitioned by <paramref name="target"/>: as written when the partition count is unchanged (the
    /// hash is stable across processes), else redistributed (the program changed its number of partitions).
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> Partitioned<TKey, TValue>(EmberContext context, StateFiles files, IPartitioner target) =>
        files.PartCount == target.NumPartitions
            ? new CheckpointedRdd<(TKey Key, TValue Value)>(context, files, target)
            : new CheckpointedRdd<(TKey Key, TValue Value)>(context, files, null).PartitionBy(target);

    /// <summary>
    /// Writes every partition of <paramref name="rdd"/> (as <paramref name="toRecords"/> makes it) into <paramref name="files"/>, in parallel;
    /// <paramref name="count"/> says how many keys a part holds when its records are not one per key.
    /// </summary>
    public static async Task<IReadOnlyList<PartEntry>> WriteAsync<TSource, TRecord>(
        Rdd<TSource> rdd, StateFiles files, Func<IEnumerable<TSource>, TRecord[]> toRecords, CancellationToken cancellationToken, Func<TRecord[], long>? count = null) =>
        await rdd.Context.RunJobAsync(rdd, (task, items) =>
        {
            var records = toRecords(items);
            return files.Write(task.PartitionId, records, count?.Invoke(records));
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
}
