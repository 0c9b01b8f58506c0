using System.Buffers;
using System.Buffers.Binary;
using Ember.Serialization;
using K4os.Compression.LZ4;

namespace Ember.Cluster.Blocks;

/// <summary>
/// The bytes of one shuffle block: a codec byte, then either the serializer's bytes of the bucket as an array
/// (codec 0), or the bucket's uncompressed length (4 bytes, little-endian) and one LZ4 block of those bytes (codec 1).
/// </summary>
/// <remarks>
/// The codec travels with the block, so a reader needs no setting of its own and a block LZ4 would not shrink
/// (already compressed or random data) is stored raw. One LZ4 block rather than LZ4 frames: a shuffle block is
/// always read whole, so frames' streaming buys nothing.
/// </remarks>
internal static class ShuffleBlockFormat
{
    private const byte Raw = 0;
    private const byte Lz4 = 1;
    private const int Lz4HeaderLength = 1 + sizeof(int);

    /// <summary>The bytes of <paramref name="bucket"/>, LZ4-compressed when <paramref name="compress"/> and it helps.</summary>
    public static byte[] Encode<TRecord>(ISerializer serializer, IReadOnlyList<TRecord> bucket, bool compress)
    {
        // The reader asks for a read-only list: a serializer that keeps runtime types brings back the List or array
        // written, one that does not (MessagePack) an array, and neither needs a copy here.
        var serialized = bucket switch
        {
            TRecord[] array => serializer.Serialize<IReadOnlyList<TRecord>>(array),
            List<TRecord> list => serializer.Serialize<IReadOnlyList<TRecord>>(list),
            _ => serializer.Serialize<IReadOnlyList<TRecord>>(bucket.ToArray()),
        };
        if (compress)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Lz4HeaderLength + LZ4Codec.MaximumOutputSize(serialized.Length));
            try
            {
                var compressed = LZ4Codec.Encode(serialized, buffer.AsSpan(Lz4HeaderLength), LZ4Level.L00_FAST);
                if (compressed > 0 && compressed + sizeof(int) < serialized.Length)
                {
                    buffer[0] = Lz4;
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), serialized.Length);
                    return buffer.AsSpan(0, Lz4HeaderLength + compressed).ToArray();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        var block = new byte[1 + serialized.Length];
        block[0] = Raw;
        serialized.CopyTo(block.AsSpan(1));
        return block;
    }

    /// <summary>The records of a block written by <see cref="Encode{TRecord}"/>. Throws <see cref="InvalidDataException"/> for other bytes.</summary>
    public static IReadOnlyList<TRecord> Decode<TRecord>(ISerializer serializer, ReadOnlyMemory<byte> block)
    {
        if (block.IsEmpty)
        {
            throw new InvalidDataException("A shuffle block is empty: it lacks even its codec byte.");
        }
        switch (block.Span[0])
        {
            case Raw:
                return serializer.Deserialize<IReadOnlyList<TRecord>>(block[1..]);
            case Lz4 when block.Length >= Lz4HeaderLength:
                var length = BinaryPrimitives.ReadInt32LittleEndian(block.Span[1..]);
                if (length < 0)
                {
                    throw new InvalidDataException($"A shuffle block announces a negative length ({length}).");
                }
                // Deserialized records never point into the buffer (MessagePack copies), so it goes back at once.
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    var decoded = LZ4Codec.Decode(block.Span[Lz4HeaderLength..], buffer.AsSpan(0, length));
                    if (decoded != length)
                    {
                        throw new InvalidDataException($"A shuffle block decompressed to {decoded} bytes, not the {length} it announces.");
                    }
                    return serializer.Deserialize<IReadOnlyList<TRecord>>(buffer.AsMemory(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            default:
                throw new InvalidDataException($"A shuffle block starts with codec {block.Span[0]}, not one Ember writes.");
        }
    }
}
