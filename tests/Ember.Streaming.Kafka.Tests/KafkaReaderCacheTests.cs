using Ember.Streaming.Sources;

namespace Ember.Streaming.Kafka.Tests;

/// <summary>
/// The direct stream's reads through the process's consumer cache: one consumer per partition, reused batch after
/// batch with exact records, closed when the context stops; none kept when the cache is off.
/// </summary>
public sealed class KafkaReaderCacheTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    [Fact]
    public async Task Read_BatchAfterBatch_ReusesOneCachedConsumerPerPartitionAndClosesThemOnStop()
    {
        var topic = await kafka.NewTopicAsync();
        var harness = new StreamHarness();
        ConsumerCache cache;
        try
        {
            var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
            harness.Collect(stream);
            harness.Context.Start();
            for (var batch = 0; batch < 3; batch++)
            {
                for (var partition = 0; partition < 4; partition++)
                {
                    await kafka.ProduceAsync(topic, partition, 2, firstIndex: batch * 2);
                }

                var (ranges, records) = await harness.RunBatchAsync();

                Assert.Equal(Enumerable.Range(0, 4).Select(p => new OffsetRange(topic, p, batch * 2, batch * 2 + 2)), ranges);
                Assert.Equal(
                    Enumerable.Range(0, 4).SelectMany(p => new[] { $"p{p}-{batch * 2}", $"p{p}-{batch * 2 + 1}" }).Order(),
                    records.Select(r => r.Value).Order());
            }
            cache = CacheOf(harness);

            // Each partition was read six times (three batches, collected twice), one task at a time: always its cached consumer.
            Assert.Equal(4, cache.Count);
        }
        finally
        {
            await harness.DisposeAsync();
        }
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Read_CacheConsumersOff_KeepsNoConsumer()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 1, 3);
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()),
            new KafkaStreamOptions { CacheConsumers = false });
        harness.Collect(stream);
        harness.Context.Start();

        var (_, records) = await harness.RunBatchAsync();

        Assert.Equal(["p1-0", "p1-1", "p1-2"], records.Select(r => r.Value));
        Assert.Equal(0, CacheOf(harness).Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Read_ReadCommittedTransactionsBatchAfterBatch_ExactRecordsAcrossTheMarkers(bool cacheConsumers)
    {
        var topic = await kafka.NewTopicAsync();
        var config = kafka.ConsumerConfig();
        config.IsolationLevel = Confluent.Kafka.IsolationLevel.ReadCommitted;
        var harness = new StreamHarness();
        try
        {
            var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], config),
                new KafkaStreamOptions { CacheConsumers = cacheConsumers });
            harness.Collect(stream);
            harness.Context.Start();
            List<string> read = [];
            List<OffsetRange> ranges = [];
            for (var batch = 0; batch < 3; batch++)
            {
                // Each batch's range ends with a transaction marker: an offset without a record.
                await ProduceTransactionAsync(topic, $"kept-{batch}");

                var (batchRanges, records) = await harness.RunBatchAsync();

                ranges.Add(batchRanges[0]);
                read.AddRange(records.Select(r => r.Value));
            }

            Assert.Equal(["kept-0-0", "kept-0-1", "kept-1-0", "kept-1-1", "kept-2-0", "kept-2-1"], read);
            Assert.Equal([new OffsetRange(topic, 0, 0, 3), new OffsetRange(topic, 0, 3, 6), new OffsetRange(topic, 0, 6, 9)], ranges);
            Assert.Equal(cacheConsumers ? 1 : 0, CacheOf(harness).Count);
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    /// <summary>
    /// Two records to partition 0 in one committed transaction (then its marker). Not aborted ones: the embedded
    /// (mock) cluster hands aborted records to read_committed consumers too, with or without the cache.
    /// </summary>
    private async Task ProduceTransactionAsync(string topic, string prefix)
    {
        using var producer = new Confluent.Kafka.ProducerBuilder<string, string>(new Confluent.Kafka.ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            TransactionalId = $"tx-{Guid.NewGuid():N}",
        }).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        for (var i = 0; i < 2; i++)
        {
            await producer.ProduceAsync(new Confluent.Kafka.TopicPartition(topic, 0), new Confluent.Kafka.Message<string, string> { Key = "k", Value = $"{prefix}-{i}" });
        }
        producer.CommitTransaction(TimeSpan.FromSeconds(30));
    }

    /// <summary>The context's consumer cache (an empty new one when the stream never made it).</summary>
    private static ConsumerCache CacheOf(StreamHarness harness) =>
        ProcessResources.Of(harness.Ember).GetOrCreate(KafkaReader<string, string>.CacheResourceKey, () => new ConsumerCache());
}
