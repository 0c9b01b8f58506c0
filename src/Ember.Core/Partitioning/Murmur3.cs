using System.Numerics;
using System.Runtime.InteropServices;

namespace Ember.Partitioning;

/// <summary>
/// MurmurHash3 x86_32 over UTF-16 text, defined as the hash of its little-endian bytes so that the result is the
/// same on big-endian machines and can be checked against any reference implementation.
/// </summary>
internal static class Murmur3
{
    public static int Hash(ReadOnlySpan<char> text, uint seed = 0)
    {
        var h = seed;

        // Two chars make one 4-byte block. Read natively, a block holds the first char in its low half only on a
        // little-endian machine; elsewhere the halves are swapped back to keep the little-endian definition.
        foreach (var raw in MemoryMarshal.Cast<char, uint>(text))
        {
            var block = BitConverter.IsLittleEndian ? raw : BitOperations.RotateLeft(raw, 16);
            h = HashMixer.Combine(h, (int)block);
        }

        if ((text.Length & 1) != 0)
        {
            h ^= HashMixer.Scramble(text[^1]);
        }

        return HashMixer.Finish(h, text.Length * sizeof(char));
    }
}
