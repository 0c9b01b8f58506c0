using System.Diagnostics;
using Ember.Streaming;
using Ember.Streaming.Receivers;

namespace Ember.Benchmarks.SideBySide;

/// <summary>What the latency run measured: the sustainable rate, the rate offered, and per-batch mean and worst record latency.</summary>
internal sealed record LatencyResult(double SustainableRecordsPerSecond, double RecordsPerSecond, double[] MeanMilliseconds, double[] MaxMilliseconds, TimeSpan BlockInterval);

/// <summary>
/// End-to-end latency on the real clock: a receiver stores Grep lines stamped with their creation time, 100 ms
/// batches, 50 ms blocks; when a batch's output runs, each surviving record's latency is now less its stamp. A first
/// run stores as fast as the receiver takes lines: the lines processed per second are the sustainable rate. The
/// measured run offers half of it, and keeps per batch the mean and the worst record latency.
/// </summary>
internal static class LatencyBenchmark
{
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BlockInterval = TimeSpan.FromMilliseconds(50);

    public static LatencyResult Run(TimeSpan duration)
    {
        var lines = Data.Lines(20_000);
        var (flooded, _) = Measure(lines, double.PositiveInfinity, TimeSpan.FromSeconds(3));
        var sustainable = flooded.Sum() / 3.0;
        var rate = sustainable / 2;
        Console.WriteLine($"Latency: 100 ms batches at {rate / 1e6:F2} M lines/s (half of the sustainable {sustainable / 1e6:F2} M/s) for {duration.TotalSeconds:F0} s");
        var (_, latencies) = Measure(lines, rate, duration);
        return new LatencyResult(sustainable, rate, [.. latencies.Select(latency => latency.Mean)], [.. latencies.Select(latency => latency.Max)], BlockInterval);
    }

    /// <summary>Runs the job for <paramref name="duration"/> after a one-second warm-up; returns per batch the lines read and the latencies.</summary>
    private static (List<long> Lines, List<(double Mean, double Max)> Latencies) Measure(string[] lines, double rate, TimeSpan duration)
    {
        var counts = new List<long>();
        var latencies = new List<(double Mean, double Max)>();
        var context = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "Latency" }, BatchInterval,
            new StreamingOptions { BlockInterval = BlockInterval });
        context.ReceiverStream(new StampedLines(lines, rate))
            .Map(record => (Lines: 1L, Matches: record.Line.Contains(GrepWorkload.Word, StringComparison.Ordinal) ? 1L : 0L, record.Stamp))
            .ForEachRdd(rdd =>
            {
                var (read, count, oldest, sum) = rdd.Aggregate((Read: 0L, Count: 0L, Oldest: long.MaxValue, Sum: 0.0),
                    (acc, record) => record.Matches == 0
                        ? acc with { Read = acc.Read + 1 }
                        : (acc.Read + 1, acc.Count + 1, Math.Min(acc.Oldest, record.Stamp), acc.Sum + record.Stamp),
                    (a, b) => (a.Read + b.Read, a.Count + b.Count, Math.Min(a.Oldest, b.Oldest), a.Sum + b.Sum));
                var now = Stopwatch.GetTimestamp();
                lock (counts)
                {
                    counts.Add(read);
                    if (count > 0)
                    {
                        latencies.Add(((now - sum / count) * 1000.0 / Stopwatch.Frequency, (now - oldest) * 1000.0 / Stopwatch.Frequency));
                    }
                }
            });
        context.Start();
        Thread.Sleep(TimeSpan.FromSeconds(1));
        lock (counts)
        {
            counts.Clear();
            latencies.Clear();
        }
        Thread.Sleep(duration);
        context.StopAsync().GetAwaiter().GetResult();
        context.EmberContext.Dispose();
        lock (counts)
        {
            return ([.. counts], [.. latencies]);
        }
    }

    /// <summary>
    /// Stores lines at a steady rate, a small bunch every millisecond, each stamped with the time it was made; at an
    /// infinite rate, bunches of 1,000 back to back, as fast as the receiver takes them.
    /// </summary>
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
                var due = double.IsPositiveInfinity(perSecond) ? sent + 1000 : (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond);
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
                if (!double.IsPositiveInfinity(perSecond))
                {
                    Thread.Sleep(1);
                }
            }
        }
    }
}
