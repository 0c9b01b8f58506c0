using Confluent.Kafka;
using Ember;
using Ember.Streaming;
using Ember.Streaming.Kafka;
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
    /// partition from its start; the RDD is handed out so each run counts it again, reading the same offset ranges
    /// with one task (and one assigned consumer) per partition, as a replayed batch would.
    /// </summary>
    public static async Task<(Rdd<ConsumeRecord<Ignore, string>> Batch, IAsyncDisposable Context)> EmberBatchAsync(string bootstrapServers, string topic, int threads)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var context = new StreamingContext(new EmberOptions { Master = $"local[{threads}]", AppName = "KafkaConsumeBenchmark" }, TimeSpan.FromSeconds(1),
            new StreamingOptions { TimeProvider = clock });
        var batch = new TaskCompletionSource<Rdd<ConsumeRecord<Ignore, string>>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, AutoOffsetReset = AutoOffsetReset.Earliest };
        KafkaUtils.CreateDirectStream(context, ConsumerStrategies.Subscribe<Ignore, string>([topic], config))
            .ForEachRdd(rdd => batch.TrySetResult(rdd));
        context.Start();
        clock.Advance(TimeSpan.FromSeconds(1));
        return (await batch.Task.WaitAsync(TimeSpan.FromMinutes(1)), context);
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
