namespace Ember.Streaming.Kafka;

/// <summary>How a direct Kafka stream cuts and reads its batches.</summary>
public sealed class KafkaStreamOptions
{
    /// <summary>
    /// The most records per second any partition contributes to a batch (<c>spark.streaming.kafka.maxRatePerPartition</c>):
    /// a batch reads at most <c>MaxRatePerPartition × batch interval in seconds</c> offsets of each partition, and at
    /// least 1 while the partition has records waiting. Null (the default) for no bound: a batch reads up to the latest offset.
    /// </summary>
    public long? MaxRatePerPartition { get; set; }

    /// <summary>
    /// How long a task waits for the records of its range before failing (<c>spark.streaming.kafka.consumer.poll.ms</c>); 10 s by default.
    /// </summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the driver waits for metadata and latest offsets at each batch before failing it; 10 s by default.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

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
    }
}
