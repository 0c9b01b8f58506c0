namespace Ember.Streaming.Kafka;

/// <summary>
/// The records of one topic-partition a batch reads: offsets <see cref="FromOffset"/> included to
/// <see cref="UntilOffset"/> excluded (Spark's <c>OffsetRange</c>).
/// </summary>
/// <remarks>
/// Offsets in a range are not always all records: compacted topics and transaction markers leave gaps, so a range
/// of <see cref="Count"/> offsets may hold fewer records.
/// </remarks>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition of <paramref name="Topic"/>.</param>
/// <param name="FromOffset">The first offset read.</param>
/// <param name="UntilOffset">The offset after the last one read; equal to <paramref name="FromOffset"/> for an empty range.</param>
public sealed record OffsetRange(string Topic, int Partition, long FromOffset, long UntilOffset)
{
    /// <summary>The number of offsets in the range (an upper bound of its records).</summary>
    public long Count => UntilOffset - FromOffset;

    /// <inheritdoc />
    public override string ToString() => $"{Topic}-{Partition} [{FromOffset}, {UntilOffset})";
}
