using Confluent.Kafka;

namespace Ember.Streaming.Kafka.Tests;

/// <summary>One embedded broker per test class, and helpers to produce to it.</summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    private EmbeddedKafka? kafka;
    private int topics;

    public EmbeddedKafka Kafka => kafka ?? throw new InvalidOperationException("Not started.");

    public string BootstrapServers => Kafka.BootstrapServers;

    public async Task InitializeAsync() => kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync()
    {
        if (kafka is not null)
        {
            await kafka.DisposeAsync();
        }
    }

    /// <summary>A new topic (4 partitions) with a name no other test uses.</summary>
    public async Task<string> NewTopicAsync()
    {
        var topic = $"topic-{Interlocked.Increment(ref topics)}-{Guid.NewGuid():N}";
        await Kafka.CreateTopicAsync(topic);
        return topic;
    }

    /// <summary>Produces "p{partition}-{i}" values (keys "k{i}") to the given partition, awaiting delivery of each.</summary>
    public Task ProduceAsync(string topic, int partition, int count, int firstIndex = 0) => ProduceAsync(BootstrapServers, topic, partition, count, firstIndex);

    /// <summary>As the instance method, on any cluster (a test that takes its brokers down runs its own).</summary>
    public static async Task ProduceAsync(string bootstrapServers, string topic, int partition, int count, int firstIndex = 0)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        for (var i = firstIndex; i < firstIndex + count; i++)
        {
            await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string, string>
            {
                Key = $"k{i}",
                Value = $"p{partition}-{i}",
                Headers = new Headers { { "h", [(byte)i] } },
            });
        }
    }

    public ConsumerConfig ConsumerConfig(string? group = null, AutoOffsetReset reset = AutoOffsetReset.Earliest) =>
        new() { BootstrapServers = BootstrapServers, GroupId = group, AutoOffsetReset = reset };
}
