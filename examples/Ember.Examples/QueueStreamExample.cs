using System.Collections.Concurrent;
using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Spark's QueueStream example: an RDD of 1..1000 is queued every second, and each batch counts the numbers by their
/// last digit. Runs for a few batches, then stops gracefully.
/// </summary>
internal static class QueueStreamExample
{
    public static async Task<int> RunAsync(string[] args)
    {
        var batches = args.Length > 0 ? Arguments.PositiveInt(args[0], "batches") : 5;
        await using var ssc = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "QueueStream" }, TimeSpan.FromSeconds(1));
        var queue = new ConcurrentQueue<Rdd<int>>();
        ssc.QueueStream(queue)
           .Map(x => (x % 10, 1))
           .ReduceByKey((a, b) => a + b)
           .Print();
        ssc.Start();
        for (var i = 0; i < batches; i++)
        {
            queue.Enqueue(ssc.EmberContext.Parallelize(Enumerable.Range(1, 1000), 10));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await ssc.StopAsync(graceful: true);
        return 0;
    }
}
