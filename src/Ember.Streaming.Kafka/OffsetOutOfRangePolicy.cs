namespace Ember.Streaming.Kafka;

/// <summary>
/// What a direct stream does when the offset it must read next is no longer (or not yet) in its partition: deleted
/// by retention, or beyond the end after a topic was recreated.
/// </summary>
public enum OffsetOutOfRangePolicy
{
    /// <summary>The batch fails with an error naming the topic, partition and offsets (the default: nothing is skipped silently).</summary>
    Fail,

    /// <summary>Continue from the earliest offset the partition still holds; the skipped offsets are logged as a warning.</summary>
    ResetToEarliest,

    /// <summary>Continue from the partition's end, skipping what it holds now; the skipped offsets are logged as a warning.</summary>
    ResetToLatest,
}
