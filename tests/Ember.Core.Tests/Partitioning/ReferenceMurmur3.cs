using System.Buffers.Binary;
using System.Numerics;

namespace Ember.Tests.Partitioning;

/// <summary>A plain byte-at-a-time MurmurHash3 x86_32, written from the reference C code, to check the fast one against.</summary>
internal static class ReferenceMurmur3
{
    public static uint Hash(ReadOnlySpan<byte> data, uint seed)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]);
            k = BitOperations.RotateLeft(k * c1, 15) * c2;
            h = (BitOperations.RotateLeft(h ^ k, 13) * 5) + 0xe6546b64;
        }
        var tail = data[(blocks * 4)..];
        uint last = 0;
        for (var i = tail.Length - 1; i >= 0; i--)
        {
            last = (last << 8) | tail[i];
        }
        if (tail.Length > 0)
        {
            h ^= BitOperations.RotateLeft(last * c1, 15) * c2;
        }
        h ^= (uint)data.Length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >> 16);
    }
}
