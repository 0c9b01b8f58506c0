using System.Collections.Concurrent;
using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// The main job on embedded defaults: the lines of a text file arrive as a stream (a few lines per second, through a
/// queue, so nothing needs installing), and every batch prints its top words and the running totals kept with
/// UpdateStateByKey.
/// </summary>
internal static class StreamingWordCount
{
    public static async Task<int> RunAsync(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "streams.txt");
        var batches = args.Length > 1 ? Arguments.PositiveInt(args[1], "batches") : 4;
        var lines = File.ReadAllLines(path);

        await using var ssc = new StreamingContext(new EmberOptions { AppName = "StreamingWordCount" }, TimeSpan.FromSeconds(1));
        ssc.Checkpoint(StreamingRunner.CheckpointDirectory("streaming-word-count"));
        var queue = new ConcurrentQueue<Rdd<string>>();
        var words = ssc.QueueStream(queue)
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Map(word => (word.Trim('.', ',', ';', ':', '!', '?', '"').ToLowerInvariant(), 1))
            .Filter(pair => pair.Item1.Length > 0);

        var completed = new TaskCompletionSource();
        var seen = 0;
        words.ReduceByKey((a, b) => a + b).ForEachRdd((rdd, time) =>
            Console.WriteLine($"Batch {time.ToDateTimeOffset():HH:mm:ss}: {rdd.Values().Fold(0, (a, b) => a + b)} words; top: {Top(rdd)}"));
        words.UpdateStateByKey((IReadOnlyList<int> counts, Option<int> total) => Option.Some(total.GetValueOrDefault(0) + counts.Sum()))
             .ForEachRdd(rdd =>
             {
                 Console.WriteLine($"  running totals, top: {Top(rdd)}");
                 if (Interlocked.Increment(ref seen) == batches)
                 {
                     completed.TrySetResult();
                 }
             });

        var perBatch = (lines.Length + batches - 1) / batches;
        foreach (var chunk in lines.Chunk(perBatch))
        {
            queue.Enqueue(ssc.EmberContext.Parallelize(chunk, 2));
        }
        ssc.Start();
        // Ends after the last batch, or at once when a batch fails (AwaitTerminationAsync then rethrows the error).
        await Task.WhenAny(completed.Task, ssc.AwaitTerminationAsync());
        await ssc.StopAsync(graceful: true);
        await ssc.AwaitTerminationAsync();
        return 0;
    }

    private static string Top(Rdd<(string Key, int Value)> counts) =>
        string.Join(", ", counts.Collect().OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(5)
            .Select(pair => $"{pair.Key} {pair.Value}"));
}
