using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Ember.Examples;
using Ember.Streaming.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;

namespace Ember.Kafka.Benchmarks.SeedJob;

/// <summary>
/// The peer: the same job in Streamiz.Kafka.Net (the .NET port of Kafka Streams), as its documentation writes it: one
/// topology, the records grouped by their key (the source, so no repartition topic), a running total as an
/// <c>Aggregate</c> into an in-memory key-value store, the window sums as a hopping-window <c>Aggregate</c> into an
/// in-memory window store (30 s every 6 s of event time), both with the store cache on (the docs' throughput setting:
/// updates reach the changelog and downstream once per commit, not once per record), changelogs on (its fault tolerance,
/// as Ember's checkpoint), 1 stream thread (its default; see <see cref="RunAsync"/>), default commit interval (30 s), at-least-once. It stops as soon as its
/// last record is processed (counted by a <c>Peek</c>), when closing flushes the caches, so no commit interval is waited out. The changelog topics are
/// created before the start because the embedded broker has no CreateTopics.
/// </summary>
internal static class StreamizSeedJob
{
    public static readonly string[] Stores = ["totals", "window-sums"];

    /// <summary>
    /// Runs the topology until every record is processed. With more than one stream thread the threads join the
    /// group one after the other, and on a loaded machine the second joins after the first has processed records it
    /// has not committed yet (commits every 30 s): the rebalance hands them over and at-least-once processes them
    /// again; a run with 2 threads was seen to end with totals off by that. One thread has no such start.
    /// </summary>
    public static async Task<SeedJobResult> RunAsync(EmbeddedKafka kafka, string topic, int partitions, SeedJobData data, int run, int threads)
    {
        var applicationId = $"seed-job-streamiz-{run}";
        foreach (var store in Stores)
        {
            await kafka.CreateTopicAsync($"{applicationId}-{store}-changelog", partitions);
        }
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = applicationId,
            BootstrapServers = kafka.BootstrapServers,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            NumStreamThreads = threads,
            Logger = NullLoggerFactory.Instance,
        };

        var totals = new ConcurrentDictionary<int, long>();
        var windows = new ConcurrentDictionary<(long Start, int Source), double>();
        long malformed = 0, seen = 0;
        var builder = new StreamBuilder();
        // Counts the records taken in, to stop as soon as the last one is processed rather than at the next commit.
        var readings = builder.Stream<string, string>(topic).Peek((_, _, _) => Interlocked.Increment(ref seen)).MapValues((value, _) => RealTimeAnalyticsReading.Parse(value));
        readings.Filter((_, reading, _) => !reading.IsValid).Foreach((_, _, _) => Interlocked.Increment(ref malformed));
        var values = readings.Filter((_, reading, _) => reading.IsValid).MapValues((reading, _) => (long)reading.Value).GroupByKey<StringSerDes, Int64SerDes>();
        values.Aggregate(() => 0L, (_, value, total) => total + value,
                InMemory.As<string, long>("totals").WithValueSerdes<Int64SerDes>().WithCachingEnabled())
            .ToStream()
            .Foreach((source, total, _) => totals[int.Parse(source, CultureInfo.InvariantCulture)] = total);
        values.WindowedBy(HoppingWindowOptions.Of(TimeSpan.FromSeconds(SeedJobData.WindowBatches), TimeSpan.FromSeconds(SeedJobData.SlideBatches)))
            .Aggregate(() => new SumCount(0, 0), (_, value, sums) => new SumCount(sums.Sum + value, sums.Count + 1),
                InMemoryWindows.As<string, SumCount>("window-sums").WithValueSerdes(new SumCountSerDes()).WithCachingEnabled())
            .MapValues((sums, _) => (double)sums.Sum / sums.Count)
            .ToStream()
            .Foreach((window, average, _) => windows[(window.Window.StartMs, int.Parse(window.Key, CultureInfo.InvariantCulture))] = average);

        var stream = new KafkaStream(builder.Build(), config);
        try
        {
            await stream.StartAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(30);
            while (Interlocked.Read(ref seen) < data.Records)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Streamiz processed {Interlocked.Read(ref seen)} of {data.Records} records in 30 minutes.");
                }
                await Task.Delay(50);
            }
        }
        finally
        {
            // Closing commits and flushes the stores' caches: the last totals and window values are forwarded (checked by the caller).
            stream.Dispose();
        }
        return new SeedJobResult(totals, [.. windows.Select(pair =>
        {
            var first = (pair.Key.Start - SeedJobData.BaseTimestampMs) / 1000;
            return new WindowAverage(first, first + SeedJobData.WindowBatches - 1, pair.Key.Source, pair.Value);
        })], Interlocked.Read(ref malformed));
    }

    /// <summary>A window's running sum and count.</summary>
    internal readonly record struct SumCount(long Sum, long Count);

    /// <summary>16 bytes, big-endian, as a Kafka Streams user writes a serde for a small struct.</summary>
    internal sealed class SumCountSerDes : AbstractSerDes<SumCount>
    {
        public override byte[] Serialize(SumCount data, SerializationContext context)
        {
            var bytes = new byte[16];
            BinaryPrimitives.WriteInt64BigEndian(bytes, data.Sum);
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), data.Count);
            return bytes;
        }

        public override SumCount Deserialize(byte[] data, SerializationContext context) =>
            new(BinaryPrimitives.ReadInt64BigEndian(data), BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(8)));
    }
}
