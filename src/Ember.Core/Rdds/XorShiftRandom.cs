using System.Buffers.Binary;
using Ember.Partitioning;

namespace Ember.Rdds;

/// <summary>
/// Spark's XORShiftRandom: the seed is spread by MurmurHash3 first (so seeds 0, 1, 2 ... give unrelated streams,
/// unlike <see cref="Random"/>'s), then Marsaglia's xorshift (21, 35, 4) feeds <c>java.util.Random</c>'s derivations.
/// The same seed gives the same numbers as Spark, so <c>Repartition</c> places records as Spark does.
/// </summary>
internal sealed class XorShiftRandom(long seed)
{
    // Scala's MurmurHash3.arraySeed, the seed Scala hashes byte arrays with.
    private const uint ArraySeed = 0x3c074a61;

    private long state = HashSeed(seed);

    /// <summary>A number in [0, <paramref name="bound"/>), as <c>java.util.Random.nextInt(bound)</c>.</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        var r = Next(31);
        var m = bound - 1;
        if ((bound & m) == 0)
        {
            return (int)((bound * (long)r) >> 31);
        }
        // Rejects the top, partial range of 31-bit values so every result is equally likely.
        for (var u = r; u - (r = u % bound) + m < 0; u = Next(31))
        {
        }
        return r;
    }

    /// <summary>A number in [0, 1), as <c>java.util.Random.nextDouble()</c>.</summary>
    public double NextDouble() => (((long)Next(26) << 27) + Next(27)) * (1.0 / (1L << 53));

    private int Next(int bits)
    {
        var next = state ^ (state << 21);
        next ^= (long)((ulong)next >> 35);
        next ^= next << 4;
        state = next;
        return (int)(next & ((1L << bits) - 1));
    }

    /// <summary>Spark's hashSeed: MurmurHash3 of the seed's big-endian bytes, twice, for the low and high halves.</summary>
    private static long HashSeed(long seed)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, seed);
        var low = BytesHash(bytes, ArraySeed);
        var high = BytesHash(bytes, low);
        return ((long)high << 32) | low;
    }

    /// <summary>MurmurHash3 x86_32 of 8 bytes read as two little-endian blocks (Scala's bytesHash).</summary>
    private static uint BytesHash(ReadOnlySpan<byte> bytes, uint hashSeed)
    {
        var h = HashMixer.Combine(hashSeed, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        h = HashMixer.Combine(h, BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]));
        return (uint)HashMixer.Finish(h, bytes.Length);
    }
}
