namespace Ember.Streaming.Kafka;

/// <summary>Splits a stream's rate between the partitions a pulling source reads (Spark's direct Kafka stream).</summary>
internal static class PartitionRates
{
    /// <summary>
    /// How many records each partition may read in the next batch when the stream as a whole may ingest
    /// <paramref name="rate"/> records per second (Spark's <c>maxMessagesPerPartition</c> with backpressure): each
    /// partition gets the share of the rate its lag is of the total lag, capped at
    /// <paramref name="maxRatePerPartition"/>, times the batch interval, truncated, and never less than
    /// <paramref name="minPerPartition"/> (<c>spark.streaming.kafka.minRatePerPartition</c>, 1, applied per batch as
    /// Spark does), so that no partition starves.
    /// </summary>
    /// <remarks>
    /// A negative lag (the stream is past the latest offset, e.g. after a reset) counts as 0, as in Spark. With no lag
    /// at all every partition gets the floor. The result is a limit, not an amount: the caller reads at most
    /// <c>min(limit, lag)</c> records of a partition, so the floor never reads past the latest offset.
    /// </remarks>
    /// <typeparam name="TPartition">The partition's identity (a Kafka topic-partition).</typeparam>
    /// <param name="rate">The stream's rate, records per second (the stream's backpressure rate); positive.</param>
    /// <param name="batchInterval">The context's batch interval; positive.</param>
    /// <param name="lags">Each partition's lag: records between the stream's position and the latest offset.</param>
    /// <param name="maxRatePerPartition">The most records per second any partition may contribute (<c>spark.streaming.kafka.maxRatePerPartition</c>); null for no bound. Positive when set.</param>
    /// <param name="minPerPartition">The fewest records a partition may be limited to per batch; at least 0.</param>
    /// <returns>Each partition of <paramref name="lags"/> with its limit for the batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lags"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate, the interval or the floor is out of range.</exception>
    public static IReadOnlyDictionary<TPartition, long> ShareByLag<TPartition>(
        long rate,
        TimeSpan batchInterval,
        IReadOnlyDictionary<TPartition, long> lags,
        long? maxRatePerPartition = null,
        long minPerPartition = 1)
        where TPartition : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentNullException.ThrowIfNull(lags);
        if (batchInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(batchInterval), batchInterval, "The batch interval must be positive.");
        }
        if (maxRatePerPartition is { } max && max <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRatePerPartition), max, "The maximum rate per partition must be positive (null for no bound).");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(minPerPartition);

        double totalLag = lags.Values.Sum(lag => (double)Math.Max(lag, 0));
        var seconds = batchInterval.TotalSeconds;
        var limits = new Dictionary<TPartition, long>(lags.Count);
        foreach (var (partition, lag) in lags)
        {
            var share = totalLag > 0 ? Math.Max(lag, 0) / totalLag * rate : 0;
            if (maxRatePerPartition is { } cap)
            {
                share = Math.Min(share, cap);
            }
            var records = seconds * share;
            limits[partition] = Math.Max(records >= long.MaxValue ? long.MaxValue : (long)records, minPerPartition);
        }
        return limits;
    }
}
