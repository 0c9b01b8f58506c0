using System.Runtime.InteropServices;

namespace Ember.Cluster.Benchmarks;

/// <summary>
/// Incompressible bytes that are cheap to make (xorshift64, seeded), so LZ4 stores shuffle blocks raw and the
/// measured bytes are the bytes moved; and an order-independent digest to check that every byte arrived.
/// </summary>
internal static class Payload
{
    public static void Fill(long seed, Span<byte> bytes)
    {
        var state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;
        foreach (ref var word in MemoryMarshal.Cast<byte, ulong>(bytes))
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word = state;
        }
    }

    /// <summary>The wrapping sum of the bytes' 64-bit words (lengths are multiples of 8) plus the length.</summary>
    public static long Digest(ReadOnlySpan<byte> bytes)
    {
        ulong sum = (ulong)bytes.Length;
        foreach (var word in MemoryMarshal.Cast<byte, ulong>(bytes))
        {
            sum += word;
        }
        return (long)sum;
    }
}
