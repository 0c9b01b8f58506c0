using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ember.Cluster.Closures;

/// <summary>The byte-level half of <see cref="GraphWriter"/>: little-endian scalars, varints, strings and raw spans.</summary>
internal sealed partial class GraphWriter
{
    // Strict, so a string with a lone surrogate is detected and sent as UTF-16 instead of being silently altered.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] buffer = new byte[512];
    private int position;

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => buffer.AsSpan(0, position).ToArray();

    private Span<byte> Reserve(int count)
    {
        if (buffer.Length - position < count)
        {
            Array.Resize(ref buffer, (int)Math.Min(Array.MaxLength, Math.Max((long)buffer.Length * 2, (long)position + count)));
        }
        var span = buffer.AsSpan(position, count);
        position += count;
        return span;
    }

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteVarUInt64(ulong value)
    {
        var span = Reserve(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[length++] = (byte)value;
        position -= 10 - length;
    }

    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteCount(int count) => WriteVarUInt64((uint)count);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>The raw memory of values without references (primitives, plain structs): one copy, no per-item work.</summary>
    public void WriteBlittable<T>(ReadOnlySpan<T> items)
    {
        WriteBytes(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(items)), items.Length * Unsafe.SizeOf<T>()));
    }

    /// <summary>A string as a varint (byte length × 2 + 1 when UTF-16) then its bytes: UTF-8 unless it holds a lone surrogate.</summary>
    public void WriteString(string value)
    {
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            var raw = MemoryMarshal.AsBytes(value.AsSpan());
            WriteVarUInt64(((ulong)raw.Length << 1) | 1);
            WriteBytes(raw);
            return;
        }
        WriteVarUInt64((ulong)length << 1);
        StrictUtf8.GetBytes(value, Reserve(length));
    }
}
