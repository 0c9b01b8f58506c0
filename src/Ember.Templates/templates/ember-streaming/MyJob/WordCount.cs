using Ember.Streaming;

namespace MyJob;

/// <summary>The job's streaming operation, apart from its source and output so that a test can run it on given batches.</summary>
public static class WordCount
{
    private static readonly char[] Punctuation = ['.', ',', ';', ':', '!', '?', '"', '\'', '(', ')'];

    /// <summary>
    /// Counts the words of each batch's lines: lower-cased, punctuation trimmed, one (word, count) per word seen in the
    /// batch. Shuffles once (ReduceByKey); keeps no state, so it needs no checkpoint.
    /// </summary>
    public static DStream<(string Key, int Value)> CountWords(DStream<string> lines) =>
        lines.FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
             .Map(word => word.Trim(Punctuation).ToLowerInvariant())
             .Filter(word => word.Length > 0)
             .Map(word => (word, 1))
             .ReduceByKey((a, b) => a + b);
}
