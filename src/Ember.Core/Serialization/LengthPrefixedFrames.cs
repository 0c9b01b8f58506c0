using System.Buffers;
using System.Buffers.Binary;

namespace Ember.Serialization;

/// <summary>
/// The stream framing of every <see cref="ISerializer"/> of Ember's: a 4-byte little-endian length, then that many
/// bytes, so values written one after another are read back one at a time without reading ahead.
/// </summary>
internal static class LengthPrefixedFrames
{
    private const int PrefixSize = sizeof(int);

    /// <summary>Writes one frame holding <paramref name="bytes"/>; the stream stays open.</summary>
    public static void Write(Stream destination, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Span<byte> prefix = stackalloc byte[PrefixSize];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, bytes.Length);
        destination.Write(prefix);
        destination.Write(bytes);
    }

    /// <summary>
    /// Reads exactly one frame and hands its bytes to <paramref name="deserialize"/>, which must not keep them (the
    /// buffer is pooled). Throws <see cref="EndOfStreamException"/> when the stream ends before a whole frame, and
    /// <see cref="EmberSerializationException"/> naming <typeparamref name="T"/> for a negative length.
    /// </summary>
    public static T Read<T>(Stream source, Func<ReadOnlyMemory<byte>, T> deserialize, string writer)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> prefix = stackalloc byte[PrefixSize];
        source.ReadExactly(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 0)
        {
            throw new EmberSerializationException(typeof(T), $"the stream holds a negative value length ({length}); it was not written by {writer}.");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            source.ReadExactly(buffer, 0, length);
            return deserialize(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
