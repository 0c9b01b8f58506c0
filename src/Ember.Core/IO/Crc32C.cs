using System.Buffers.Binary;
using System.Numerics;

namespace Ember.IO;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of write-ahead log records and RDD checkpoint files: it tells data torn by a
/// crash mid-write, or altered on disk, from whole data. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the
/// processor's CRC instruction where there is one, eight bytes at a time, so checksumming costs far less than the I/O.
/// </summary>
internal static class Crc32C
{
    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// The checksum of the bytes that gave <paramref name="checksum"/> followed by <paramref name="data"/>, so a stream
    /// is checksummed piece by piece (<c>Append(Compute(a), b) == Compute(a + b)</c>; start from 0).
    /// </summary>
    public static uint Append(uint checksum, ReadOnlySpan<byte> data)
    {
        var crc = ~checksum;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return ~crc;
    }
}
