namespace Ember.Partitioning;

/// <summary>Spark's rule for the partitioner of a shuffle when the user gives none.</summary>
internal static class DefaultPartitioner
{
    /// <summary>
    /// The partitioner of the parent with the most partitions, when one has a partitioner; else a hash partitioner
    /// over <see cref="EmberOptions.DefaultParallelism"/>, or over the largest parent's partition count when unset.
    /// </summary>
    public static IPartitioner For(int? partitions, params Rdd[] rdds)
    {
        if (partitions is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(partitions));
            return new HashPartitioner(count);
        }
        var existing = rdds.Where(rdd => rdd.Partitioner is { NumPartitions: > 0 })
            .OrderByDescending(rdd => rdd.Partitions.Count)
            .Select(rdd => rdd.Partitioner)
            .FirstOrDefault();
        if (existing is not null)
        {
            return existing;
        }
        var context = rdds[0].Context;
        return new HashPartitioner(context.Options.DefaultParallelism ?? Math.Max(1, rdds.Max(rdd => rdd.Partitions.Count)));
    }
}
