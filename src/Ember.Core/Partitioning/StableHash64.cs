namespace Ember.Partitioning;

/// <summary>
/// 64-bit hashes that are the same in every process and run, for sketches that count distinct values
/// (HyperLogLog++ needs 64 bits: with 32, distinct values start to collide in the hundreds of millions).
/// </summary>
/// <remarks>
/// Strings and the built-in scalar types of 64 bits or fewer get a full 64-bit hash: a bijective mix of their bits
/// (normalized as <see cref="StableHash"/> normalizes them, so equal values hash alike), and for strings two
/// MurmurHash3 passes with different seeds. Every other type (tuples, records, decimals, types implementing
/// <see cref="IStableHashable"/>) spreads its 32-bit <see cref="StableHash"/> code over 64 bits, so it has 2^32
/// distinct codes: counts of such values beyond about 10^8 read low by the collisions (1% at 10^8).
/// </remarks>
internal static class StableHash64
{
    // A second, independent MurmurHash3 seed gives strings 32 more bits.
    private const uint SecondSeed = 0x9747b28c;

    public static ulong Of<T>(T value) => Hasher<T>.Hash(value);

    private static class Hasher<T>
    {
        public static readonly Func<T, ulong> Hash = Create();

        private static Func<T, ulong> Create()
        {
            Delegate? scalar = default(T) switch
            {
                _ when typeof(T) == typeof(string) => (Func<string?, ulong>)OfString,
                long => (Func<long, ulong>)(v => HashMixer.Fmix64((ulong)v)),
                ulong => (Func<ulong, ulong>)HashMixer.Fmix64,
                int => (Func<int, ulong>)(v => HashMixer.Fmix64((ulong)v)),
                uint => (Func<uint, ulong>)(v => HashMixer.Fmix64(v)),
                short => (Func<short, ulong>)(v => HashMixer.Fmix64((ulong)v)),
                ushort => (Func<ushort, ulong>)(v => HashMixer.Fmix64(v)),
                byte => (Func<byte, ulong>)(v => HashMixer.Fmix64(v)),
                sbyte => (Func<sbyte, ulong>)(v => HashMixer.Fmix64((ulong)v)),
                char => (Func<char, ulong>)(v => HashMixer.Fmix64(v)),
                double => (Func<double, ulong>)OfDouble,
                float => (Func<float, ulong>)(v => OfDouble(v)),
                DateTime => (Func<DateTime, ulong>)(v => HashMixer.Fmix64((ulong)v.Ticks)),
                DateTimeOffset => (Func<DateTimeOffset, ulong>)(v => HashMixer.Fmix64((ulong)v.UtcTicks)),
                TimeSpan => (Func<TimeSpan, ulong>)(v => HashMixer.Fmix64((ulong)v.Ticks)),
                _ => null,
            };
            return scalar as Func<T, ulong> ?? (value => HashMixer.Fmix64((uint)StableHash.Of(value)));
        }
    }

    // The seeded hash goes on top: sketches index by the top bits, and MurmurHash3 with seed 0 maps "" to 0, as null.
    private static ulong OfString(string? value) =>
        value is null ? 0 : ((ulong)(uint)Murmur3.Hash(value, SecondSeed) << 32) | (uint)Murmur3.Hash(value);

    // As StableHash: 0.0 and -0.0 are equal, and so are all NaNs.
    private static ulong OfDouble(double value) => HashMixer.Fmix64(ScalarHashes.CanonicalBits(value));
}
