namespace Ember.Serialization;

/// <summary>
/// Turns records into bytes wherever Ember needs bytes: checkpoints, write-ahead logs, serialized caches and,
/// in cluster mode, the network. Local shuffles never call it: records stay objects inside one process.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe and must round-trip user records, classes, value tuples and collections
/// without attributes. A type that cannot be handled fails with an <see cref="EmberSerializationException"/>
/// naming the type.
/// </remarks>
public interface ISerializer
{
    /// <summary>Serializes <paramref name="value"/> to a new byte array.</summary>
    byte[] Serialize<T>(T value);

    /// <summary>Serializes <paramref name="value"/> onto <paramref name="destination"/>, leaving the stream open.</summary>
    void Serialize<T>(Stream destination, T value);

    /// <summary>Reads back a value written by <see cref="Serialize{T}(T)"/>.</summary>
    T Deserialize<T>(ReadOnlyMemory<byte> bytes);

    /// <summary>Reads one value written by <see cref="Serialize{T}(Stream, T)"/> from <paramref name="source"/>.</summary>
    T Deserialize<T>(Stream source);
}
