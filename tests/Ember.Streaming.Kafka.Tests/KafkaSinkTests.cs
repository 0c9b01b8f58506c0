using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Ember.Streaming.Kafka.Tests;

public sealed class KafkaSinkTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    [Fact]
    public async Task SaveToKafka_RecordsOfEveryPartitionAndBatch_ReadBackByAPlainConsumer()
    {
        var topic = await kafka.NewTopicAsync();
        await using var harness = new StreamHarness();
        var queue = new ConcurrentQueue<Rdd<int>>();
        queue.Enqueue(harness.Ember.Parallelize(Enumerable.Range(0, 10), 3));
        queue.Enqueue(harness.Ember.Parallelize(Enumerable.Range(10, 5), 2));
        var stream = harness.Context.QueueStream(queue);
        stream.SaveToKafka(topic, new ProducerConfig { BootstrapServers = kafka.BootstrapServers }, n => $"key-{n % 3}", n => $"value-{n}");
        var done = new Counter();
        stream.ForEachRdd(_ => done.Add());
        harness.Context.Start();

        for (var i = 1; i <= 2; i++)
        {
            harness.Clock.Advance(harness.BatchInterval);
            await done.WaitForAsync(i);
        }

        var read = ReadAll(topic, 15);
        Assert.Equal(Enumerable.Range(0, 15).Select(n => ((string?)$"key-{n % 3}", $"value-{n}")).Order(), read.Select(r => (r.Key, r.Value)).Order());
        // Same key, same partition (the producer's partitioner).
        Assert.All(read.GroupBy(record => record.Key), group => Assert.Single(group.Select(r => r.Partition).Distinct()));
    }

    [Fact]
    public async Task SaveToKafka_DefaultSelectors_NoKeyAndToString()
    {
        var topic = await kafka.NewTopicAsync();
        await using var harness = new StreamHarness();
        var queue = new ConcurrentQueue<Rdd<int>>();
        queue.Enqueue(harness.Ember.Parallelize([7, 8], 2));
        harness.Context.QueueStream(queue).SaveToKafka(topic, new ProducerConfig { BootstrapServers = kafka.BootstrapServers });
        var done = new Counter();
        harness.Context.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForEachRdd(_ => done.Add());
        harness.Context.Start();
        harness.Clock.Advance(harness.BatchInterval);
        await done.WaitForAsync(1);

        Assert.Equal([((string?)null, "7"), (null, "8")], ReadAll(topic, 2).Select(r => (r.Key, r.Value)).Order());
    }

    [Fact]
    public async Task SaveToKafka_DeliveryFails_BatchFailsNamingTopicAndError()
    {
        await using var harness = new StreamHarness();
        var queue = new ConcurrentQueue<Rdd<string>>();
        queue.Enqueue(harness.Ember.Parallelize(["a", "b", "c"], 2));
        // Nothing listens there: every record times out, reported through its delivery report.
        var config = new ProducerConfig { BootstrapServers = "127.0.0.1:1", MessageTimeoutMs = 500, SocketConnectionSetupTimeoutMs = 1000 };
        harness.Context.QueueStream(queue).SaveToKafka("unreachable-topic", config);
        harness.Context.Start();
        harness.Clock.Advance(harness.BatchInterval);

        var error = await Assert.ThrowsAsync<StreamingJobException>(() => harness.Context.AwaitTerminationAsync().WaitAsync(StreamHarness.SafetyNet));
        var message = error.ToString();
        Assert.Contains("not delivered to topic 'unreachable-topic'", message);
        Assert.Contains("Local_MsgTimedOut", message);
    }

    [Fact]
    public async Task SaveToKafka_BadArguments_Throw()
    {
        await using var harness = new StreamHarness();
        var stream = harness.Context.QueueStream(new ConcurrentQueue<Rdd<int>>());
        Assert.Throws<ArgumentException>(() => stream.SaveToKafka(" ", new ProducerConfig { BootstrapServers = kafka.BootstrapServers }));
        Assert.Throws<ArgumentException>(() => stream.SaveToKafka("t", new ProducerConfig()));
        Assert.Throws<ArgumentNullException>(() => stream.SaveToKafka("t", null!));
    }

    private List<(string? Key, string Value, int Partition)> ReadAll(string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<string?, string>(kafka.ConsumerConfig($"reader-{Guid.NewGuid():N}")).Build();
        consumer.Subscribe(topic);
        var read = new List<(string? Key, string Value, int Partition)>();
        var deadline = DateTime.UtcNow + StreamHarness.SafetyNet;
        while (read.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                read.Add((result.Message.Key, result.Message.Value, result.Partition.Value));
            }
        }
        // Nothing more than expected arrives.
        var extra = consumer.Consume(TimeSpan.FromSeconds(1));
        Assert.Null(extra?.Message);
        consumer.Close();
        return read;
    }

    /// <summary>Counts batches done, for waiting on.</summary>
    private sealed class Counter
    {
        private int count;

        public void Add() => Interlocked.Increment(ref count);

        public async Task WaitForAsync(int target)
        {
            var deadline = DateTime.UtcNow + StreamHarness.SafetyNet;
            while (Volatile.Read(ref count) < target)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {count} of {target} batches completed.");
                await Task.Delay(20);
            }
        }
    }
}
