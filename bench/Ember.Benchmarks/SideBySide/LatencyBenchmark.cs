using System.Diagnostics;
using Ember.Streaming;
using Ember.Streaming.Receivers;

namespace Ember.Benchmarks.SideBySide;

/// <summary>What the latency run measured: the rate offered, and per-batch mean and worst record latency.</summary>
internal sealed record LatencyResult(double RecordsPerSecond, double[] MeanMilliseconds, double[] MaxMilliseconds, TimeSpan BlockInterval);

/// <summary>
/// End-to-end latency on the real clock: a receiver stores Grep lines stamped with their creation time at half the
/// sustainable rate, 100 ms batches, 50 ms blocks; when a batch's output runs, each surviving record's latency is now
/// less its stamp. Per batch, the mean and the worst record latency are kept.
/// </summary>
internal static class LatencyBenchmark
{
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BlockInterval = TimeSpan.FromMilliseconds(50);

    public static LatencyResult Run(double sustainableRecordsPerSecond, TimeSpan duration)
    {
        var rate = sustainableRecordsPerSecond / 2;
        Console.WriteLine($"Latency: 100 ms batches at {rate / 1e6:F2} M lines/s (half of the sustainable {sustainableRecordsPerSecond / 1e6:F2} M/s) for {duration.TotalSeconds:F0} s");
        var means = new List<double>();
        var maxima = new List<double>();
        var lines = Data.Lines(20_000);
        var context = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "Latency" }, BatchInterval,
            new StreamingOptions { BlockInterval = BlockInterval });
        context.ReceiverStream(new StampedLines(lines, rate))
            .Filter(record => record.Line.Contains(GrepWorkload.Word, StringComparison.Ordinal))
            .Map(record => record.Stamp)
            .ForEachRdd(rdd =>
            {
                var (count, oldest, sum) = rdd.Aggregate((Count: 0L, Oldest: long.MaxValue, Sum: 0.0),
                    (acc, stamp) => (acc.Count + 1, Math.Min(acc.Oldest, stamp), acc.Sum + stamp),
                    (a, b) => (a.Count + b.Count, Math.Min(a.Oldest, b.Oldest), a.Sum + b.Sum));
                if (count == 0)
                {
                    return;
                }
                var now = Stopwatch.GetTimestamp();
                lock (means)
                {
                    means.Add((now - sum / count) * 1000.0 / Stopwatch.Frequency);
                    maxima.Add((now - oldest) * 1000.0 / Stopwatch.Frequency);
                }
            });
        context.Start();
        Thread.Sleep(TimeSpan.FromSeconds(1));
        lock (means)
        {
            means.Clear();
            maxima.Clear();
        }
        Thread.Sleep(duration);
        context.StopAsync().GetAwaiter().GetResult();
        context.EmberContext.Dispose();
        lock (means)
        {
            return new LatencyResult(rate, [.. means], [.. maxima], BlockInterval);
        }
    }

    /// <summary>Stores lines at a steady rate, a small bunch every millisecond, each stamped with the time it was made.</summary>
    private sealed class StampedLines(string[] lines, double perSecond) : Receiver<(long Stamp, string Line)>
    {
        private Thread? producer;

        protected override void OnStart()
        {
            producer = new Thread(Produce) { IsBackground = true, Name = "stamped-lines" };
            producer.Start();
        }

        protected override void OnStop() => producer?.Join();

        private void Produce()
        {
            var start = Stopwatch.GetTimestamp();
            var sent = 0L;
            var bunch = new List<(long, string)>();
            while (!StoppingToken.IsCancellationRequested)
            {
                var due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond);
                bunch.Clear();
                var now = Stopwatch.GetTimestamp();
                for (; sent < due; sent++)
                {
                    bunch.Add((now, lines[sent % lines.Length]));
                }
                if (bunch.Count > 0)
                {
                    Store(bunch.ToArray());
                }
                Thread.Sleep(1);
            }
        }
    }
}
