using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Confluent.Kafka;
using Ember;
using Ember.Streaming;
using Ember.Streaming.Kafka;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Kafka.Benchmarks;

/// <summary>The two ways of reading the same offsets, and the data they read.</summary>
internal static class ConsumeContenders
{
    public static async Task ProduceAsync(string bootstrapServers, string topic, int partitions, int perPartition)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 20, BatchSize = 1 << 20 }).Build();
        var value = new string('x', 100);
        for (var partition = 0; partition < partitions; partition++)
        {
            for (var i = 0; i < perPartition; i++)
            {
                producer.Produce(new TopicPartition(topic, partition), new Message<Null, string> { Value = value });
            }
        }
        producer.Flush(TimeSpan.FromMinutes(1));
        await Task.CompletedTask;
    }

    /// <summary>What a user would write without Ember: per partition an assigned consumer reading from 0 to the end, on a fixed number of threads.</summary>
    public static long BareLoop(string bootstrapServers, string topic, int partitions, int perPartition, int threads)
    {
        long read = 0;
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = threads }, partition =>
        {
            var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bare", EnableAutoCommit = false, EnablePartitionEof = true };
            using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
            consumer.Assign(new TopicPartitionOffset(topic, partition, 0));
            var count = 0L;
            while (count < perPartition)
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("The bare consumer got nothing for 10 s.");
                if (!result.IsPartitionEOF)
                {
                    count++;
                }
            }
            Interlocked.Add(ref read, count);
        });
        return read;
    }

    /// <summary>
    /// Ember's real path up to the batch's RDD: a direct stream on <c>local[threads]</c> whose first batch cuts every
    /// partition from its start; the RDDs are handed out so each run counts one again, reading the same offset ranges
    /// with one task per partition, as a replayed batch would. Two streams over the same topic, one reading through
    /// the process's consumer cache (the default) and one making a consumer per read.
    /// </summary>
    public static async Task<(Rdd<ConsumeRecord<Ignore, string>> Cached, Rdd<ConsumeRecord<Ignore, string>> Uncached, IAsyncDisposable Context)> EmberBatchesAsync(
        string bootstrapServers, string topic, int threads)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var context = new StreamingContext(new EmberOptions { Master = $"local[{threads}]", AppName = "KafkaConsumeBenchmark" }, TimeSpan.FromSeconds(1),
            new StreamingOptions { TimeProvider = clock });
        var batches = new[] { true, false }.Select(cache =>
        {
            var batch = new TaskCompletionSource<Rdd<ConsumeRecord<Ignore, string>>>(TaskCreationOptions.RunContinuationsAsynchronously);
            KafkaUtils.CreateDirectStream(context, ConsumerStrategies.Subscribe<Ignore, string>([topic], Config(bootstrapServers)), new KafkaStreamOptions { CacheConsumers = cache })
                .ForEachRdd(rdd => batch.TrySetResult(rdd));
            return batch.Task;
        }).ToList();
        context.Start();
        clock.Advance(TimeSpan.FromSeconds(1));
        var rdds = await Task.WhenAll(batches).WaitAsync(TimeSpan.FromMinutes(1));
        return (rdds[0], rdds[1], context);
    }

    /// <summary>
    /// A running direct stream of small batches: a fresh context (not timed), then batch after batch of
    /// <paramref name="perBatch"/> offsets per partition (the rate bound) counted, until all are read (timed).
    /// </summary>
    public static async Task<(long Records, TimeSpan Elapsed)> SmallBatchesAsync(string bootstrapServers, string topic, int threads, int perBatch, long total, bool cacheConsumers)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var context = new StreamingContext(new EmberOptions { Master = $"local[{threads}]", AppName = "KafkaSmallBatches" }, TimeSpan.FromSeconds(1),
            new StreamingOptions { TimeProvider = clock });
        var completed = Channel.CreateUnbounded<BatchInfo>();
        context.AddStreamingListener(new BatchEnds(completed.Writer));
        long read = 0;
        KafkaUtils.CreateDirectStream(context, ConsumerStrategies.Subscribe<Ignore, string>([topic], Config(bootstrapServers)),
                new KafkaStreamOptions { CacheConsumers = cacheConsumers, MaxRatePerPartition = perBatch })
            .ForEachRdd(rdd => Interlocked.Add(ref read, rdd.Count()));
        context.Start();
        var stopwatch = Stopwatch.StartNew();
        while (Interlocked.Read(ref read) < total)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await completed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        }
        return (Interlocked.Read(ref read), stopwatch.Elapsed);
    }

    private static ConsumerConfig Config(string bootstrapServers) => new() { BootstrapServers = bootstrapServers, AutoOffsetReset = AutoOffsetReset.Earliest };

    private sealed class BatchEnds(ChannelWriter<BatchInfo> completed) : IStreamingListener
    {
        public void OnBatchCompleted(BatchInfo batch) => completed.TryWrite(batch);
    }

    /// <summary>The machine a report was taken on: cores, OS, runtime and GC mode.</summary>
    public static string Machine() =>
        $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC";

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
