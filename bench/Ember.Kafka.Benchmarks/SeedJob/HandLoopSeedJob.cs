using System.Runtime.InteropServices;
using Confluent.Kafka;
using Ember.Examples;

namespace Ember.Kafka.Benchmarks.SeedJob;

/// <summary>
/// The floor: what a user would write by hand for this job. One thread per partition, each with an assigned consumer
/// reading its partition from 0 to the end, parsing each message and adding it to its own dictionaries (total per
/// source; sum and count per source and event-time second); merged at the end into the totals and the window averages.
/// </summary>
internal static class HandLoopSeedJob
{
    public static SeedJobResult Run(string bootstrapServers, string topic, int partitions)
    {
        var perPartition = new Partial[partitions];
        var threads = Enumerable.Range(0, partitions).Select(partition => new Thread(() => perPartition[partition] = Read(bootstrapServers, topic, partition))).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        var totals = new Dictionary<int, long>();
        var seconds = new Dictionary<(int Source, long Second), (long Sum, long Count)>();
        foreach (var partial in perPartition)
        {
            foreach (var (source, total) in partial.Totals)
            {
                totals[source] = totals.GetValueOrDefault(source) + total;
            }
            foreach (var (key, (sum, count)) in partial.Seconds)
            {
                var (s, c) = seconds.GetValueOrDefault(key);
                seconds[key] = (s + sum, c + count);
            }
        }
        // The averages per source over each window of the example's schedule (every slide, the last window's seconds).
        var last = seconds.Keys.Max(key => key.Second);
        var windows = new List<WindowAverage>();
        for (var end = SeedJobData.SlideBatches - 1L; end <= last; end += SeedJobData.SlideBatches)
        {
            foreach (var source in totals.Keys)
            {
                long sum = 0, count = 0;
                for (var second = end - SeedJobData.WindowBatches + 1; second <= end; second++)
                {
                    var (s, c) = seconds.GetValueOrDefault((source, second));
                    sum += s;
                    count += c;
                }
                if (count > 0)
                {
                    windows.Add(new WindowAverage(end - SeedJobData.WindowBatches + 1, end, source, (double)sum / count));
                }
            }
        }
        return new SeedJobResult(totals, windows, perPartition.Sum(partial => partial.Malformed));
    }

    private static Partial Read(string bootstrapServers, string topic, int partition)
    {
        // Only the timestamp of the result fields: a hand loop that knows its topic and ignores headers asks for no more.
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "seed-job-hand-loop", EnableAutoCommit = false, ConsumeResultFields = "timestamp" };
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        var topicPartition = new TopicPartition(topic, partition);
        var end = consumer.QueryWatermarkOffsets(topicPartition, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(topicPartition, 0));
        var partial = new Partial();
        var next = 0L;
        while (next < end)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"Partition {partition}: nothing for 10 s at offset {next}.");
            next = result.Offset.Value + 1;
            var reading = RealTimeAnalyticsReading.Parse(result.Message.Value);
            if (!reading.IsValid)
            {
                partial.Malformed++;
                continue;
            }
            CollectionsMarshal.GetValueRefOrAddDefault(partial.Totals, reading.Source, out _) += reading.Value;
            var second = (result.Message.Timestamp.UnixTimestampMs - SeedJobData.BaseTimestampMs) / 1000;
            ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(partial.Seconds, (reading.Source, second), out _);
            bucket = (bucket.Sum + reading.Value, bucket.Count + 1);
        }
        return partial;
    }

    private sealed class Partial
    {
        public Dictionary<int, long> Totals { get; } = [];

        public Dictionary<(int Source, long Second), (long Sum, long Count)> Seconds { get; } = [];

        public long Malformed { get; set; }
    }
}
