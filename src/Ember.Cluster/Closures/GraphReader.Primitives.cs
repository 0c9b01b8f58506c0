using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ember.Cluster.Closures;

/// <summary>The byte-level half of <see cref="GraphReader"/>; every read is bounds-checked, so truncated bytes fail cleanly.</summary>
internal sealed partial class GraphReader
{
    private readonly byte[] data = data;
    private int position;

    /// <summary>True once every byte was read.</summary>
    public bool AtEnd => position == data.Length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || data.Length - position < count)
        {
            throw new InvalidDataException($"The task binary ends early: {count} more byte(s) needed at offset {position} of {data.Length}.");
        }
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => ReadByte() != 0;

    public ulong ReadVarUInt64()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = ReadByte();
            value |= (ulong)(next & 0x7f) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException($"The task binary holds a malformed varint before offset {position}.");
    }

    public long ReadVarInt64()
    {
        var raw = ReadVarUInt64();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadCount()
    {
        var count = ReadVarUInt64();
        // Every counted item takes at least one byte, except items of empty structs: a count past the bytes left is corrupt.
        if (count > (ulong)Array.MaxLength)
        {
            throw new InvalidDataException($"The task binary holds an impossible count ({count}) at offset {position}.");
        }
        return (int)count;
    }

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>Fills <paramref name="items"/> with raw memory written by <see cref="GraphWriter.WriteBlittable{T}"/>.</summary>
    public void ReadBlittable<T>(Span<T> items)
    {
        var target = MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(items)), items.Length * Unsafe.SizeOf<T>());
        Take(target.Length).CopyTo(target);
    }

    public string ReadString()
    {
        var header = ReadVarUInt64();
        if (header >> 1 > int.MaxValue)
        {
            throw new InvalidDataException($"The task binary holds an impossible string length at offset {position}.");
        }
        var bytes = Take((int)(header >> 1));
        return (header & 1) == 0 ? Encoding.UTF8.GetString(bytes) : new string(MemoryMarshal.Cast<byte, char>(bytes));
    }
}
