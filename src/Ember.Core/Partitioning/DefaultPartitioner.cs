namespace Ember.Partitioning;

/// <summary>Spark's rule for the partitioner of a shuffle when the user gives none.</summary>
internal static class DefaultPartitioner
{
    /// <summary>
    /// The partitioner a key operation asked for: <paramref name="partitioner"/>, else a hash partitioner over
    /// <paramref name="partitions"/>, else <paramref name="fallback"/>. Giving both is an error.
    /// </summary>
    public static IPartitioner Choose(int? partitions, IPartitioner? partitioner, Func<IPartitioner> fallback)
    {
        if (partitions is not null && partitioner is not null)
        {
            throw new ArgumentException($"Give either {nameof(partitions)} or {nameof(partitioner)}, not both.", nameof(partitioner));
        }
        if (partitions is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(partitions), partitions, "The number of partitions must be at least 1.");
        }
        return partitioner ?? (partitions is { } count ? new HashPartitioner(count) : fallback());
    }

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
