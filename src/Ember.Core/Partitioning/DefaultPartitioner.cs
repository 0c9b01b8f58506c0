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
    /// Spark 2.3+'s defaultPartitioner (SPARK-22465): the partitioner of the partitioned parent with the most
    /// partitions, when it is eligible (its partition count is within an order of magnitude of the largest parent's)
    /// or at least the default count; else a hash partitioner over the default count:
    /// <see cref="EmberOptions.DefaultParallelism"/>, or the largest parent's partition count when unset. So a join
    /// of a 10-partition partitioned RDD with a 1000-partition one shuffles both into 1000 partitions, rather than
    /// squeezing the large side into 10.
    /// </summary>
    public static IPartitioner For(int? partitions, params Rdd[] rdds)
    {
        if (partitions is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(partitions));
            return new HashPartitioner(count);
        }
        var withPartitioner = rdds.Where(rdd => rdd.Partitioner is { NumPartitions: > 0 })
            .OrderByDescending(rdd => rdd.Partitions.Count)
            .FirstOrDefault();
        var maxPartitions = rdds.Max(rdd => rdd.Partitions.Count);
        var defaultCount = rdds[0].Context.Options.DefaultParallelism ?? Math.Max(1, maxPartitions);
        if (withPartitioner is not null
            && (IsEligible(withPartitioner.Partitions.Count, maxPartitions) || defaultCount <= withPartitioner.Partitions.Count))
        {
            return withPartitioner.Partitioner!;
        }
        return new HashPartitioner(defaultCount);
    }

    /// <summary>Spark's isEligiblePartitioner: less than an order of magnitude fewer partitions than the largest parent.</summary>
    private static bool IsEligible(int partitions, int maxPartitions) => Math.Log10(maxPartitions) - Math.Log10(partitions) < 1;
}
