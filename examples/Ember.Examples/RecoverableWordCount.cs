using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Spark's RecoverableNetworkWordCount on files: cumulative word counts of the text files moved into a directory,
/// kept with UpdateStateByKey and saved every batch under <c>&lt;output&gt;/counts-&lt;ms&gt;</c>. Kill it at any
/// moment and start it again with the same arguments: it resumes from its checkpoint, and the counts neither lose
/// nor double a word.
/// </summary>
internal static class RecoverableWordCount
{
    private const string Usage = "Usage: recoverablewordcount --input <dir> --checkpoint <dir> --output <dir> [--batch-interval 500ms]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var ssc = StreamingContext.GetOrCreate(options.Checkpoint, () =>
        {
            var context = new StreamingContext(
                new EmberOptions { AppName = "RecoverableWordCount", Master = "local[2]" },
                options.BatchInterval,
                new StreamingOptions { StopGracefullyOnShutdown = true });
            context.Checkpoint(options.Checkpoint);
            context.TextFileStream(options.Input)
                .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Map(word => (word, 1L))
                .UpdateStateByKey((IReadOnlyList<long> counts, Option<long> total) => Option.Some(total.GetValueOrDefault(0) + counts.Sum()))
                .WithName("totals")
                .SaveAsTextFiles(Path.Combine(options.Output, "counts"));
            return context;
        });
        await using (ssc)
        {
            Console.Error.WriteLine(ssc.IsRecovering ? $"Recovering from {options.Checkpoint}" : "Starting fresh");
            ssc.Start();
            await ssc.AwaitTerminationAsync();
        }
        return 0;
    }

    private static (string Input, string Checkpoint, string Output, TimeSpan BatchInterval) Parse(string[] args)
    {
        string? input = null, checkpoint = null, output = null;
        var interval = TimeSpan.FromMilliseconds(500);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i++])
            {
                case "--input": input = value; break;
                case "--checkpoint": checkpoint = value; break;
                case "--output": output = value; break;
                case "--batch-interval": interval = Arguments.Duration(value, "batch-interval"); break;
                default: throw new ArgumentException($"Unknown argument '{args[i - 1]}'. {Usage}");
            }
        }
        return (input ?? throw new ArgumentException($"--input is required. {Usage}"),
            checkpoint ?? throw new ArgumentException($"--checkpoint is required. {Usage}"),
            output ?? throw new ArgumentException($"--output is required. {Usage}"),
            interval);
    }
}
