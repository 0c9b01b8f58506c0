using System.Numerics;

namespace Ember.Partitioning;

/// <summary>
/// MurmurHash3's finalizers and block step. These constants are part of the persisted hash format: changing any of
/// them moves every key to another partition, so they never change.
/// </summary>
internal static class HashMixer
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    /// <summary>MurmurHash3 fmix32: a bijection, so distinct 32-bit inputs never collide.</summary>
    public static int Mix32(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return (int)h;
    }

    /// <summary>MurmurHash3 fmix64, folded to 32 bits.</summary>
    public static int Mix64(ulong k)
    {
        k = Fmix64(k);
        return (int)(uint)(k ^ (k >> 32));
    }

    /// <summary>MurmurHash3 fmix64: a bijection on 64 bits, so distinct 64-bit inputs never collide.</summary>
    public static ulong Fmix64(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        return k ^ (k >> 33);
    }

    /// <summary>Mixes one 32-bit block into the running state (the MurmurHash3 x86_32 body).</summary>
    public static uint Combine(uint h, int block)
    {
        h ^= Scramble((uint)block);
        h = BitOperations.RotateLeft(h, 13);
        return (h * 5) + 0xe6546b64;
    }

    /// <summary>Ends a hash over <paramref name="length"/> units, so that (a, b) and (a, b, 0) differ.</summary>
    public static int Finish(uint h, int length) => Mix32(h ^ (uint)length);

    /// <summary>The per-block scramble; also used alone for MurmurHash3's tail.</summary>
    public static uint Scramble(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }
}
