using System.Collections.Concurrent;
using System.Diagnostics;
using Ember.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Benchmarks;

/// <summary>
/// Times batches one at a time, from the tick that generates each to its completion: a queue stream on local[2] and a
/// fake clock, so batches run back to back and no batch waits for a timer.
/// </summary>
internal static class QueuedBatchLatencies
{
    /// <summary>The milliseconds of <paramref name="batches"/> batches of <paramref name="batchInput"/> each, after <paramref name="warmUp"/> untimed ones.</summary>
    public static List<double> Measure<T>(string appName, IReadOnlyList<T> batchInput, Action<DStream<T>> output, int batches, int warmUp)
    {
        var clock = new FakeTimeProvider();
        using var ember = new EmberContext(new EmberOptions { Master = "local[2]", AppName = appName });
        var ssc = new StreamingContext(ember, TimeSpan.FromSeconds(1), new StreamingOptions { TimeProvider = clock });
        var queue = new ConcurrentQueue<Rdd<T>>();
        output(ssc.QueueStream(queue));
        var completed = new CompletedBatches();
        ssc.AddStreamingListener(completed);
        ssc.Start();
        var latencies = new List<double>();
        for (var batch = 0; batch < warmUp + batches; batch++)
        {
            queue.Enqueue(ember.Parallelize(batchInput, 2));
            var stopwatch = Stopwatch.StartNew();
            clock.Advance(TimeSpan.FromSeconds(1));
            completed.Next.Take();
            if (batch >= warmUp)
            {
                latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }
        ssc.StopAsync().GetAwaiter().GetResult();
        return latencies;
    }
}
