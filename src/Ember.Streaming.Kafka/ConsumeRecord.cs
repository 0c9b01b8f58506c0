namespace Ember.Streaming.Kafka;

/// <summary>One Kafka record as the direct stream hands it over: where it was read from, and what it holds.</summary>
/// <remarks>A plain record with no reference to a client, so it can be kept, shuffled and serialized.</remarks>
/// <param name="Topic">The topic it was read from.</param>
/// <param name="Partition">The partition of <paramref name="Topic"/>.</param>
/// <param name="Offset">Its offset in the partition.</param>
/// <param name="Timestamp">Its timestamp (create or log-append time, as the topic is configured), UTC.</param>
/// <param name="Key">The key, as deserialized.</param>
/// <param name="Value">The value, as deserialized.</param>
/// <param name="Headers">Its headers, in order; a key may repeat.</param>
public sealed record ConsumeRecord<TKey, TValue>(
    string Topic,
    int Partition,
    long Offset,
    DateTimeOffset Timestamp,
    TKey Key,
    TValue Value,
    IReadOnlyList<KafkaHeader> Headers);

/// <summary>One header of a Kafka record.</summary>
/// <param name="Key">The header's name.</param>
/// <param name="Value">The header's value, as sent (null when the header has no value).</param>
public sealed record KafkaHeader(string Key, byte[]? Value);
