using System.Text;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// Deterministic in-memory inputs (fixed seeds), built before any run so that sources are not what is measured.
/// Batches are drawn from pools: a batch holds references into a pool, as a receiver's block holds its records.
/// </summary>
internal static class Data
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz      ";

    /// <summary><paramref name="count"/> distinct 100-character ASCII lines; about one in eight contains <see cref="GrepWorkload.Word"/>.</summary>
    public static string[] Lines(int count)
    {
        var random = new Random(1);
        var lines = new string[count];
        var buffer = new StringBuilder(100);
        for (var i = 0; i < count; i++)
        {
            buffer.Clear();
            while (buffer.Length < 100)
            {
                buffer.Append(Alphabet[random.Next(Alphabet.Length)]);
            }
            if (random.Next(8) == 0)
            {
                buffer.Remove(random.Next(95), 5).Insert(random.Next(95), GrepWorkload.Word);
            }
            lines[i] = buffer.ToString(0, 100);
        }
        return lines;
    }

    /// <summary><paramref name="batches"/> batches of <paramref name="size"/> records drawn uniformly from <paramref name="pool"/>.</summary>
    public static T[][] Draw<T>(T[] pool, int size, int batches)
    {
        var random = new Random(2);
        return [.. Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, size).Select(_ => pool[random.Next(pool.Length)]).ToArray())];
    }

    /// <summary>Batches of (key, value) pairs, keys uniform over [0, <paramref name="keys"/>), values in [1, 10] (or all 1).</summary>
    public static (long Key, long Value)[][] Pairs(int keys, int size, int batches, bool unitValues = false)
    {
        var random = new Random(3);
        return [.. Enumerable.Range(0, batches).Select(_ =>
            Enumerable.Range(0, size).Select(_ => ((long)random.Next(keys), unitValues ? 1L : random.Next(1, 11))).ToArray())];
    }

    /// <summary>
    /// Lines of 6 to 14 words drawn from a Zipf distribution (exponent 1) over a 100,000-word vocabulary, as the
    /// word-count corpus.
    /// </summary>
    public static string[] ZipfLines(int count)
    {
        const int Vocabulary = 100_000;
        var words = Enumerable.Range(0, Vocabulary).Select(rank => "w" + rank.ToString("x")).ToArray();
        var cumulative = new double[Vocabulary];
        var sum = 0.0;
        for (var rank = 0; rank < Vocabulary; rank++)
        {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        var random = new Random(4);
        var lines = new string[count];
        var line = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            line.Clear();
            var length = random.Next(6, 15);
            for (var w = 0; w < length; w++)
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * sum);
                line.Append(w == 0 ? "" : " ").Append(words[Math.Min(index < 0 ? ~index : index, Vocabulary - 1)]);
            }
            lines[i] = line.ToString();
        }
        return lines;
    }
}
