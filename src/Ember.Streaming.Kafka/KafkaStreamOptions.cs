namespace Ember.Streaming.Kafka;

/// <summary>How a direct Kafka stream cuts and reads its batches, and how it rides out an unreachable cluster.</summary>
public sealed class KafkaStreamOptions
{
    /// <summary>
    /// The most records per second any partition contributes to a batch (<c>spark.streaming.kafka.maxRatePerPartition</c>):
    /// a batch reads at most <c>MaxRatePerPartition × batch interval in seconds</c> offsets of each partition, and at
    /// least 1 while the partition has records waiting. Null (the default) for no bound: a batch reads up to the latest offset.
    /// </summary>
    public long? MaxRatePerPartition { get; set; }

    /// <summary>
    /// How long a task waits for the next record of its range before reporting that it cannot reach the partition's
    /// leader (<c>spark.streaming.kafka.consumer.poll.ms</c>); 10 s by default. The task then keeps waiting, reporting
    /// again every poll timeout, until the records arrive, the context stops, or <see cref="RetryTimeout"/> passes.
    /// </summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the driver waits for metadata and latest offsets in one attempt at cutting a batch; 10 s by default.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The wait before the first retry of a call to a cluster that failed for a passing reason (broker down, timeout,
    /// leader moving; <c>refresh.leader.backoff.ms</c>); doubled after each failure up to 5 s. 200 ms by default.
    /// </summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long the stream keeps retrying an unreachable cluster before the batch fails; null (the default) to retry
    /// until the cluster answers or the context stops. While retrying, the batch waits (later batches queue behind it)
    /// and every failure is logged and reported to listeners (<c>OnInputSourceError</c>); no offset range is skipped.
    /// </summary>
    public TimeSpan? RetryTimeout { get; set; }

    /// <summary>
    /// What to do when the next offset to read is out of its partition's range (deleted by retention, or the topic
    /// was recreated): fail the batch (the default), or continue from the earliest or latest offset with a warning
    /// naming the offsets skipped.
    /// </summary>
    public OffsetOutOfRangePolicy OnOffsetOutOfRange { get; set; } = OffsetOutOfRangePolicy.Fail;

    /// <summary>
    /// Which executor reads each topic-partition (Spark's location strategies): <see cref="LocationStrategy.PreferConsistent"/>
    /// by default, so a partition stays on one executor batch after batch and its cached consumer stays warm. A hint
    /// followed when that executor has a free core; it never changes what a batch reads.
    /// </summary>
    public LocationStrategy Locations { get; set; } = LocationStrategy.PreferConsistent;

    /// <summary>
    /// Whether each process (an executor, or the driver locally) keeps its consumers between batches
    /// (<c>spark.streaming.kafka.consumer.cache.enabled</c>); true by default. A cached consumer is keyed by
    /// <c>group.id</c>, topic-partition, record types and config, and keeps its broker connections; between batches it
    /// keeps fetching its partition ahead (bounded by librdkafka's <c>queued.max.messages.kbytes</c>), so a batch that
    /// starts where the previous one ended finds its records waiting. A read that starts anywhere else (a replay, a
    /// window recomputing an old batch) replaces it with a new consumer positioned at the range's start: every read
    /// returns exactly its range. At most 64 are kept per process (Spark's
    /// <c>maxCapacity</c>), least recently used idle ones closed first; a partition read by two tasks at once, or by
    /// a retried task, gets a consumer of its own, closed after the read (the retry also closes the cached one). All
    /// are closed when the process's engine stops. False makes and closes a consumer per read, as Spark does when
    /// the cache is disabled; streams that share a <c>group.id</c> with other settings need nothing special.
    /// </summary>
    public bool CacheConsumers { get; set; } = true;

    internal KafkaStreamOptions Copy() => (KafkaStreamOptions)MemberwiseClone();

    internal void Validate()
    {
        if (MaxRatePerPartition is { } max && max <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRatePerPartition), max, "The maximum rate per partition must be positive (null for no bound).");
        }
        if (PollTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollTimeout), PollTimeout, "The poll timeout must be positive.");
        }
        if (MetadataTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MetadataTimeout), MetadataTimeout, "The metadata timeout must be positive.");
        }
        if (RetryBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBackoff), RetryBackoff, "The retry backoff must be positive.");
        }
        if (RetryTimeout is { } retry && retry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryTimeout), retry, "The retry timeout must be positive (null to retry until the context stops).");
        }
        ArgumentNullException.ThrowIfNull(Locations);
        if (!Enum.IsDefined(OnOffsetOutOfRange))
        {
            throw new ArgumentOutOfRangeException(nameof(OnOffsetOutOfRange), OnOffsetOutOfRange, "Unknown offset-out-of-range policy.");
        }
    }
}
