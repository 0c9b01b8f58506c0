using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Ember.Benchmarks.SideBySide;
using Ember.Streaming;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Benchmarks;

/// <summary>
/// What checkpoints cost with a large state: <c>UpdateStateByKey</c> over 1,000,000 <c>long</c> keys, the batch
/// latency with a snapshot at every batch against a run that never snapshots, the size on disk, and the time to
/// recover (GetOrCreate, Start, first batch done).
/// </summary>
internal static class CheckpointBenchmark
{
    private const int Keys = 1_000_000;
    private const int Batches = 5;

    public static string Run()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ember-checkpoint-bench-{Guid.NewGuid():N}");
        try
        {
            var without = RunBatches(Path.Combine(root, "rare"), snapshotEveryBatch: false, out _);
            var with = RunBatches(Path.Combine(root, "every"), snapshotEveryBatch: true, out var clockEnd);
            var bytes = new DirectoryInfo(Path.Combine(root, "every", "state")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length)
                        / Math.Max(1, new DirectoryInfo(Path.Combine(root, "every", "state")).EnumerateDirectories("*", SearchOption.AllDirectories).Count(d => d.Name.All(char.IsDigit)));
            var restart = Recover(Path.Combine(root, "every"), clockEnd);

            var text = new StringBuilder();
            text.AppendLine("# Checkpoints with 1,000,000 keys of long state");
            text.AppendLine();
            text.AppendLine($"- Command: `dotnet run -c Release --project bench/Ember.Benchmarks -- checkpoint`; {Environment.ProcessorCount} logical cores; local[2]; fake clock, batches back to back");
            text.AppendLine($"- Job: `UpdateStateByKey((values, total) => total + values.Sum())` over {Keys:N0} keys (initial state), each batch touching 10,000 keys; {Batches} batches measured");
            text.AppendLine();
            text.AppendLine("| Measure | Value |");
            text.AppendLine("|---|---:|");
            text.AppendLine($"| Batch, no snapshot (median) | {Statistics.Median(without):F0} ms |");
            text.AppendLine($"| Batch with a snapshot of the whole state (median) | {Statistics.Median(with):F0} ms |");
            text.AppendLine($"| Snapshot write time (difference) | {Statistics.Median(with) - Statistics.Median(without):F0} ms |");
            text.AppendLine($"| Snapshot size on disk | {bytes / (1024.0 * 1024.0):F1} MB ({bytes / (double)Keys:F1} bytes per key) |");
            text.AppendLine($"| Recovery: GetOrCreate + Start + first batch completed | {restart:F0} ms |");
            return text.ToString();
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static List<double> RunBatches(string checkpoint, bool snapshotEveryBatch, out DateTimeOffset clockEnd)
    {
        var clock = new FakeTimeProvider();
        var ssc = StreamingContext.GetOrCreate(checkpoint, () => Build(clock, snapshotEveryBatch ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1000), out _));
        var completed = new CompletedBatches();
        ssc.AddStreamingListener(completed);
        ssc.Start();
        var latencies = new List<double>();
        for (var batch = 0; batch < Batches + 1; batch++)
        {
            var stopwatch = Stopwatch.StartNew();
            clock.Advance(TimeSpan.FromSeconds(1));
            completed.Next.Take();
            if (batch > 0)
            {
                latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }
        ssc.StopAsync().GetAwaiter().GetResult();
        clockEnd = clock.GetUtcNow();
        return latencies;
    }

    private static double Recover(string checkpoint, DateTimeOffset clockStart)
    {
        var clock = new FakeTimeProvider(clockStart);
        var stopwatch = Stopwatch.StartNew();
        var ssc = StreamingContext.GetOrCreate(checkpoint, () => Build(clock, TimeSpan.FromSeconds(1), out _));
        var completed = new CompletedBatches();
        ssc.AddStreamingListener(completed);
        ssc.Start();
        clock.Advance(TimeSpan.FromSeconds(1));
        completed.Next.Take();
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        ssc.StopAsync().GetAwaiter().GetResult();
        return elapsed;
    }

    private static StreamingContext Build(FakeTimeProvider clock, TimeSpan interval, out ConcurrentQueue<Rdd<(long, long)>> queue)
    {
        var ssc = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "CheckpointBenchmark" }, TimeSpan.FromSeconds(1),
            new StreamingOptions { TimeProvider = clock });
        var initial = ssc.EmberContext.Parallelize(Enumerable.Range(0, Keys).Select(key => ((long)key, 1L)), 4);
        var random = new Random(1);
        var batch = ssc.EmberContext.Parallelize(Enumerable.Range(0, 10_000).Select(_ => ((long)random.Next(Keys), 1L)), 2);
        queue = new ConcurrentQueue<Rdd<(long, long)>>();
        ssc.QueueStream(queue, defaultRdd: batch)
            .UpdateStateByKey((IReadOnlyList<long> values, Option<long> total) => Option.Some(total.GetValueOrDefault(0) + values.Sum()),
                partitions: 4, initialState: initial)
            .WithName("totals")
            .Checkpoint(interval)
            .ForEachRdd(_ => { });
        return ssc;
    }
}
