using System.Runtime.InteropServices;

namespace Ember.Benchmarks;

/// <summary>
/// One way to compute the full word → count map of a text file; <see cref="InputPartitions"/> tells, for an engine,
/// how many partitions it reads the file in.
/// </summary>
internal sealed record Contender(string Name, Func<string, Dictionary<string, int>> CountWords, Func<string, int>? InputPartitions = null);

internal static class Contenders
{
    /// <summary>
    /// The best honest single-pass loop: stream the lines, split each one as a span (no array, no word strings), and
    /// count through an alternate span lookup, so a word allocates a string only the first time it is seen. One
    /// hash lookup per word. This is the floor for this work on one core.
    /// </summary>
    public static Contender HandWritten { get; } = new("Hand-written loop (1 thread)", path =>
    {
        var counts = new Dictionary<string, int>();
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var line in File.ReadLines(path))
        {
            var span = line.AsSpan();
            foreach (var range in span.Split(' '))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, span[range], out _)++;
            }
        }
        return counts;
    });

    /// <summary>
    /// Ember's classic word count on <paramref name="master"/>, collected into a dictionary on the caller. The context
    /// is created inside the run: starting the workers is part of what a user pays.
    /// </summary>
    public static Contender Ember(string master, int minPartitions) => new($"Ember {master}", path =>
    {
        using var context = NewContext(master);
        var pairs = context.TextFile(path, minPartitions)
            .FlatMap(line => line.Split(' '))
            .Map(word => (word, 1))
            .ReduceByKey((a, b) => a + b)
            .Collect();
        var counts = new Dictionary<string, int>(pairs.Count);
        // Add, not the indexer: a word reduced into two output records is a bug and must fail the run.
        foreach (var (word, count) in pairs)
        {
            counts.Add(word, count);
        }
        return counts;
    },
    path =>
    {
        using var context = NewContext(master);
        return context.TextFile(path, minPartitions).Partitions.Count;
    });

    private static EmberContext NewContext(string master) => new(new EmberOptions { Master = master, AppName = "WordCountBenchmark" });
}
