using System.Text;

namespace Ember.Benchmarks;

/// <summary>
/// Writes a deterministic text corpus: ASCII lines of 6 to 14 words (10 on average) separated by single spaces,
/// '\n' line ends. Words are drawn from a Zipf distribution (exponent 1.0) over a vocabulary of 100,000 synthetic
/// words; the word of rank k is "w" followed by k in base 36, so frequent words are short, as in natural text.
/// </summary>
internal static class CorpusGenerator
{
    public const int VocabularySize = 100_000;
    private const double Exponent = 1.0;
    private const int Seed = 20_240_601;

    public static void Write(string path, long targetBytes)
    {
        var vocabulary = Enumerable.Range(0, VocabularySize).Select(rank => "w" + ToBase36(rank)).ToArray();
        var cumulative = CumulativeWeights();
        var random = new Random(Seed);
        using var writer = new StreamWriter(path, append: false, Encoding.ASCII, bufferSize: 1 << 20);
        var written = 0L;
        while (written < targetBytes)
        {
            var words = random.Next(6, 15);
            for (var i = 0; i < words; i++)
            {
                if (i > 0)
                {
                    writer.Write(' ');
                    written++;
                }
                var word = vocabulary[Sample(cumulative, random.NextDouble())];
                writer.Write(word);
                written += word.Length;
            }
            writer.Write('\n');
            written++;
        }
    }

    private static double[] CumulativeWeights()
    {
        var cumulative = new double[VocabularySize];
        var sum = 0.0;
        for (var rank = 0; rank < VocabularySize; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, Exponent);
            cumulative[rank] = sum;
        }
        for (var rank = 0; rank < VocabularySize; rank++)
        {
            cumulative[rank] /= sum;
        }
        return cumulative;
    }

    /// <summary>The first rank whose cumulative probability exceeds <paramref name="uniform"/> (in [0, 1)).</summary>
    private static int Sample(double[] cumulative, double uniform)
    {
        var index = Array.BinarySearch(cumulative, uniform);
        return Math.Min(index < 0 ? ~index : index + 1, cumulative.Length - 1);
    }

    private static string ToBase36(int value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        Span<char> buffer = stackalloc char[8];
        var start = buffer.Length;
        do
        {
            buffer[--start] = Digits[value % 36];
            value /= 36;
        }
        while (value > 0);
        return new string(buffer[start..]);
    }
}
