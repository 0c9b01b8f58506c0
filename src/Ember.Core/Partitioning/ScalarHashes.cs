using System.Buffers.Binary;

namespace Ember.Partitioning;

/// <summary>
/// Typed hash functions for the built-in value types and <see cref="string"/>, looked up by type once. Each one
/// hashes exactly what its type's Equals compares, so equal values hash alike.
/// </summary>
internal static class ScalarHashes
{
    private static readonly Dictionary<Type, Delegate> ByType = new()
    {
        [typeof(string)] = (Func<string?, int>)OfString,
        [typeof(bool)] = (Func<bool, int>)(v => HashMixer.Mix32(v ? 1u : 0u)),
        [typeof(char)] = (Func<char, int>)(v => HashMixer.Mix32(v)),
        [typeof(byte)] = (Func<byte, int>)(v => HashMixer.Mix32(v)),
        [typeof(sbyte)] = (Func<sbyte, int>)(v => HashMixer.Mix32((uint)v)),
        [typeof(short)] = (Func<short, int>)(v => HashMixer.Mix32((uint)v)),
        [typeof(ushort)] = (Func<ushort, int>)(v => HashMixer.Mix32(v)),
        [typeof(int)] = (Func<int, int>)(v => HashMixer.Mix32((uint)v)),
        [typeof(uint)] = (Func<uint, int>)HashMixer.Mix32,
        [typeof(long)] = (Func<long, int>)(v => HashMixer.Mix64((ulong)v)),
        [typeof(ulong)] = (Func<ulong, int>)HashMixer.Mix64,
        [typeof(nint)] = (Func<nint, int>)(v => HashMixer.Mix64((ulong)(long)v)),
        [typeof(nuint)] = (Func<nuint, int>)(v => HashMixer.Mix64(v)),
        [typeof(Int128)] = (Func<Int128, int>)(v => OfPair((ulong)v, (ulong)(v >> 64))),
        [typeof(UInt128)] = (Func<UInt128, int>)(v => OfPair((ulong)v, (ulong)(v >> 64))),
        [typeof(Half)] = (Func<Half, int>)(v => OfSingle((float)v)),
        [typeof(float)] = (Func<float, int>)OfSingle,
        [typeof(double)] = (Func<double, int>)OfDouble,
        [typeof(decimal)] = (Func<decimal, int>)OfDecimal,
        [typeof(Guid)] = (Func<Guid, int>)OfGuid,
        [typeof(DateTime)] = (Func<DateTime, int>)(v => HashMixer.Mix64((ulong)v.Ticks)),
        [typeof(DateTimeOffset)] = (Func<DateTimeOffset, int>)(v => HashMixer.Mix64((ulong)v.UtcTicks)),
        [typeof(TimeSpan)] = (Func<TimeSpan, int>)(v => HashMixer.Mix64((ulong)v.Ticks)),
        [typeof(DateOnly)] = (Func<DateOnly, int>)(v => HashMixer.Mix32((uint)v.DayNumber)),
        [typeof(TimeOnly)] = (Func<TimeOnly, int>)(v => HashMixer.Mix64((ulong)v.Ticks)),
    };

    /// <summary>The typed function for <typeparamref name="T"/>, or <c>null</c> when it is not a scalar.</summary>
    public static Func<T, int>? TryGet<T>() =>
        ByType.TryGetValue(typeof(T), out var hash) ? (Func<T, int>)hash : null;

    private static int OfString(string? value) => value is null ? 0 : Murmur3.Hash(value);

    private static int OfSingle(float value)
    {
        // Equals treats 0.0 and -0.0 as equal, and every NaN as equal to every other: hash one bit pattern for each.
        if (value == 0f)
        {
            value = 0f;
        }
        else if (float.IsNaN(value))
        {
            value = float.NaN;
        }
        return HashMixer.Mix32(BitConverter.SingleToUInt32Bits(value));
    }

    private static int OfDouble(double value) => HashMixer.Mix64(CanonicalBits(value));

    /// <summary>The bits of <paramref name="value"/> with one pattern for 0.0 and -0.0 and one for every NaN, which Equals treats alike.</summary>
    public static ulong CanonicalBits(double value)
    {
        if (value == 0d)
        {
            value = 0d;
        }
        else if (double.IsNaN(value))
        {
            value = double.NaN;
        }
        return BitConverter.DoubleToUInt64Bits(value);
    }

    private static int OfDecimal(decimal value)
    {
        // 1.0m == 1.00m (same number, different scale), and -0m == 0m: hash the value with trailing zeros removed.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        if (mantissa == UInt128.Zero)
        {
            return 0;
        }
        var scale = (bits[3] >> 16) & 0xFF;
        while (scale > 0)
        {
            var (quotient, remainder) = UInt128.DivRem(mantissa, 10);
            if (remainder != UInt128.Zero)
            {
                break;
            }
            mantissa = quotient;
            scale--;
        }
        var h = HashMixer.Combine(0, (int)(uint)mantissa);
        h = HashMixer.Combine(h, (int)(uint)(mantissa >> 32));
        h = HashMixer.Combine(h, (int)(uint)(mantissa >> 64));
        h = HashMixer.Combine(h, scale | (bits[3] < 0 ? 0x100 : 0));
        return HashMixer.Finish(h, 4);
    }

    private static int OfGuid(Guid value)
    {
        // TryWriteBytes has one documented layout on every machine, unlike reinterpreting the struct's memory.
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        return OfPair(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }

    private static int OfPair(ulong low, ulong high) =>
        HashMixer.Finish(HashMixer.Combine(HashMixer.Combine(0, HashMixer.Mix64(low)), HashMixer.Mix64(high)), 2);
}
