using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Confluent.Kafka;
using Ember.Examples;
using Ember.Streaming;
using Ember.Streaming.Kafka;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Kafka.Benchmarks.SeedJob;

/// <summary>
/// Ember's job: the graph of the example's <c>RealTimeAnalyticsJob</c> (direct stream of string keys and values,
/// parse, cache, malformed count, running totals by <c>UpdateStateByKey</c>, windowed average by the inverse
/// <c>ReduceByKeyAndWindow</c>; the same <c>SourceAggregates</c> and parser, compiled from the example's files), on
/// <c>local[2]</c> with a checkpoint directory. The results are collected on the driver every batch, as the example
/// does before writing its files. Batches are size-bounded: a 1 s interval and <c>MaxRatePerPartition</c> =
/// records per batch, so each batch reads that many offsets of every partition; a fake clock cuts them back to back.
/// </summary>
internal static class EmberSeedJob
{
    /// <summary>Runs the job until <paramref name="records"/> records are read; returns its results and each batch's wall time (from the clock's tick to the batch's end) and the process's CPU time meanwhile.</summary>
    public static async Task<(SeedJobResult Result, IReadOnlyList<(TimeSpan Wall, TimeSpan Cpu)> Batches)> RunAsync(string bootstrapServers, string topic, long records, int recordsPerBatch)
    {
        var checkpoint = Path.Combine(Path.GetTempPath(), $"ember-seedjob-{Guid.NewGuid():N}");
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var completed = Channel.CreateUnbounded<BatchInfo>();
        var batches = new List<(TimeSpan Wall, TimeSpan Cpu)>();
        using var process = Process.GetCurrentProcess();
        var windows = new ConcurrentBag<WindowAverage>();
        IReadOnlyDictionary<int, long> totals = new Dictionary<int, long>();
        long malformed = 0;
        Time? first = null;
        try
        {
            await using (var context = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "RealTimeAnalytics" }, TimeSpan.FromSeconds(1),
                new StreamingOptions { TimeProvider = clock }))
            {
                context.Checkpoint(checkpoint);
                context.AddStreamingListener(new BatchEnds(completed.Writer));
                var consumer = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "real-time-analytics", AutoOffsetReset = AutoOffsetReset.Earliest };
                var readings = KafkaUtils.CreateDirectStream(context, ConsumerStrategies.Subscribe<string, string>([topic], consumer),
                        new KafkaStreamOptions { MaxRatePerPartition = recordsPerBatch })
                    .Map(record => RealTimeAnalyticsReading.Parse(record.Value))
                    .Cache();
                readings.ForEachRdd((rdd, time) =>
                {
                    first ??= time;
                    malformed += rdd.Filter(reading => !reading.IsValid).Count();
                });
                var values = readings.Filter(reading => reading.IsValid).Map(reading => (reading.Source, (long)reading.Value));
                SourceAggregates.RunningTotals(values, "totals").ForEachRdd(rdd => totals = rdd.Collect().ToDictionary(pair => pair.Source, pair => pair.Total));
                SourceAggregates.WindowAverages(values, TimeSpan.FromSeconds(SeedJobData.WindowBatches), TimeSpan.FromSeconds(SeedJobData.SlideBatches), "window-sums")
                    .ForEachRdd((rdd, time) =>
                    {
                        var last = (long)((time.ToDateTimeOffset() - first!.Value.ToDateTimeOffset()) / TimeSpan.FromSeconds(1));
                        foreach (var (source, average) in rdd.Collect())
                        {
                            windows.Add(new WindowAverage(last - SeedJobData.WindowBatches + 1, last, source, average));
                        }
                    });
                context.Start();
                for (long read = 0; read < records;)
                {
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var started = Stopwatch.GetTimestamp();
                    clock.Advance(TimeSpan.FromSeconds(1));
                    var batch = await completed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(2));
                    var wall = Stopwatch.GetElapsedTime(started);
                    process.Refresh();
                    batches.Add((wall, process.TotalProcessorTime - cpu));
                    read += batch.NumRecords;
                }
            }
            return (new SeedJobResult(totals, windows, malformed), batches);
        }
        finally
        {
            if (Directory.Exists(checkpoint))
            {
                Directory.Delete(checkpoint, recursive: true);
            }
        }
    }

    private sealed class BatchEnds(ChannelWriter<BatchInfo> completed) : IStreamingListener
    {
        public void OnBatchCompleted(BatchInfo batch) => completed.TryWrite(batch);
    }
}
