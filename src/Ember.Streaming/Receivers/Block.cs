namespace Ember.Streaming.Receivers;

/// <summary>
/// Records a receiver stored together: one partition of a batch. <paramref name="Metadata"/> is what the receiver
/// stored it with. With a write-ahead log, <paramref name="Sequence"/> is the block's number in the log and
/// <paramref name="SerializedMetadata"/> the metadata as logged (a block read back from the log has only these).
/// </summary>
internal sealed record Block<T>(T[] Records, object? Metadata, long? Sequence = null, byte[]? SerializedMetadata = null);
