using Ember.Serialization;

namespace Ember.Streaming.Receivers;

/// <summary>
/// The metadata of the last block a receiver stored with <c>Store(items, metadata)</c>: the object itself when it was
/// stored in this process, its serialized bytes when it was written to the write-ahead log (the only form a recovery
/// has), and the sequence number of its block in the log.
/// </summary>
internal sealed record StoredMetadata(long? Sequence, object? Value, byte[]? Serialized)
{
    /// <summary>
    /// The metadata as a <typeparamref name="TMetadata"/>: the stored object when it is one, else its logged bytes read
    /// back as one. Throws <see cref="InvalidCastException"/> when the object is of another type and was never logged.
    /// </summary>
    public TMetadata As<TMetadata>(ISerializer serializer)
    {
        if (Value is TMetadata typed)
        {
            return typed;
        }
        if (Serialized is { } bytes)
        {
            return serializer.Deserialize<TMetadata>(bytes);
        }
        throw new InvalidCastException(
            $"The last stored metadata is a {Value?.GetType().FullName ?? "null"}, not a {typeof(TMetadata).FullName}.");
    }

    /// <summary>The newer of two, by sequence number in the log.</summary>
    public static StoredMetadata? Newer(StoredMetadata? left, StoredMetadata? right) =>
        left is null ? right : right is null ? left : (right.Sequence ?? long.MinValue) > (left.Sequence ?? long.MinValue) ? right : left;
}
