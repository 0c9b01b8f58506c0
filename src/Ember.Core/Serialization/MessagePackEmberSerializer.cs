using MessagePack;
using MessagePack.Resolvers;

namespace Ember.Serialization;

/// <summary>
/// The default <see cref="ISerializer"/>: MessagePack with contractless resolution, so records, positional records,
/// classes with get/set or init properties, value tuples, arrays, <see cref="List{T}"/>, <see cref="Dictionary{TKey, TValue}"/>,
/// nullable values, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="Guid"/> and <see cref="decimal"/>
/// round-trip without attributes. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Members are matched by name, and non-public members are included: plain contractless resolution silently drops
/// a property with a private setter, which would lose state in a checkpoint without any error.
/// </para>
/// <para>
/// On a <see cref="Stream"/>, each value is framed as a 4-byte little-endian length followed by that many MessagePack
/// bytes, so values written one after another are read back one at a time without reading ahead, and the stream is
/// never closed. <see cref="Serialize{T}(T)"/> produces the bare MessagePack bytes, without a length.
/// </para>
/// <para>
/// Any failure inside MessagePack (no formatter for a member type, a type that cannot be constructed, bytes that do
/// not match the type) surfaces as an <see cref="EmberSerializationException"/> naming the requested type and, in
/// its message, MessagePack's reason (which names the offending member type when there is one). Failures of the
/// stream itself (<see cref="IOException"/>, <see cref="EndOfStreamException"/>) pass through unchanged.
/// </para>
/// </remarks>
public sealed class MessagePackEmberSerializer : ISerializer
{
    private readonly MessagePackSerializerOptions _options;

    /// <summary>Creates a serializer.</summary>
    /// <param name="useLz4Compression">
    /// Compress each value with LZ4 (MessagePack's block-array mode). Off by default: it saves space on large,
    /// repetitive records at some CPU cost. Bytes written with compression on must be read by a serializer that
    /// also has it on.
    /// </param>
    public MessagePackEmberSerializer(bool useLz4Compression = false)
    {
        UsesLz4Compression = useLz4Compression;
        _options = MessagePackSerializerOptions.Standard
            .WithResolver(ContractlessStandardResolverAllowPrivate.Instance)
            .WithCompression(useLz4Compression ? MessagePackCompression.Lz4BlockArray : MessagePackCompression.None);
    }

    /// <summary>A shared instance without compression.</summary>
    public static MessagePackEmberSerializer Default { get; } = new();

    /// <summary>Whether values are LZ4-compressed.</summary>
    public bool UsesLz4Compression { get; }

    /// <inheritdoc />
    public byte[] Serialize<T>(T value)
    {
        try
        {
            return MessagePackSerializer.Serialize(value, _options);
        }
        catch (Exception e) when (IsSerializerFailure(e))
        {
            throw Wrap<T>(e);
        }
    }

    /// <inheritdoc />
    /// <remarks>Writes a 4-byte little-endian length, then the value's bytes. The stream stays open.</remarks>
    public void Serialize<T>(Stream destination, T value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        LengthPrefixedFrames.Write(destination, Serialize(value));
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(bytes, _options);
        }
        catch (Exception e) when (IsSerializerFailure(e))
        {
            throw Wrap<T>(e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads exactly one framed value and nothing beyond it, so the next call reads the next value.
    /// Throws <see cref="EndOfStreamException"/> when the stream ends before a whole value.
    /// </remarks>
    public T Deserialize<T>(Stream source) =>
        // Deserialized values never point into the buffer (MessagePack copies byte arrays), so it can go back at once.
        LengthPrefixedFrames.Read(source, Deserialize<T>, nameof(MessagePackEmberSerializer));

    // MessagePack wraps everything thrown while (de)serializing, user getters included, in
    // MessagePackSerializationException; formatter generation can still leak type-initialization and type-load errors.
    private static bool IsSerializerFailure(Exception e) =>
        e is MessagePackSerializationException or TypeInitializationException or TypeLoadException;

    private static EmberSerializationException Wrap<T>(Exception e)
    {
        var root = e;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }
        return new EmberSerializationException(typeof(T), root.Message, e);
    }
}
