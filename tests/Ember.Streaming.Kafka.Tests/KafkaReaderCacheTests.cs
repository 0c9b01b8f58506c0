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

    /// <summary>The context's consumer cache (an empty new one when the stream never made it).</summary>
    private static ConsumerCache CacheOf(StreamHarness harness) =>
        ProcessResources.Of(harness.Ember).GetOrCreate(KafkaReader<string, string>.CacheResourceKey, () => new ConsumerCache());
}
