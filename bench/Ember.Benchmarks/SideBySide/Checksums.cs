namespace Ember.Benchmarks.SideBySide;

/// <summary>The checksum every contender of a keyed workload computes from its (key, value) results: order does not matter.</summary>
internal static class Checksums
{
    public static long Of(long key, long value) => unchecked(key * 1_000_003 + value);

    /// <summary>Word keys: the hash of a string and of its characters as a span are equal within a process.</summary>
    public static long Of(string word, long count) => Of(word.GetHashCode(), count);

    public static long Of(ReadOnlySpan<char> word, long count) => Of(string.GetHashCode(word), count);

    public static long Of(Dictionary<long, long> counts)
    {
        var sum = 0L;
        foreach (var (key, value) in counts)
        {
            sum += Of(key, value);
        }
        return sum;
    }
}
