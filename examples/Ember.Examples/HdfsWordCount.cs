using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Spark's HdfsWordCount on a local directory: counts the words of the text files moved into it, every 2 seconds.
/// Move files in atomically (write elsewhere, then <c>mv</c>); files already there at start are ignored.
/// </summary>
internal static class HdfsWordCount
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1)
        {
            throw new ArgumentException("Usage: hdfswordcount <directory>");
        }
        await using var ssc = new StreamingContext(new EmberOptions { AppName = "HdfsWordCount" }, TimeSpan.FromSeconds(2));
        ssc.TextFileStream(args[0])
           .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
           .Map(word => (word, 1))
           .ReduceByKey((a, b) => a + b)
           .Print();
        return await StreamingRunner.RunUntilCancelledAsync(ssc);
    }
}
