using Confluent.Kafka;

namespace Ember.Streaming.Kafka.Tests;

public sealed class EmbeddedKafkaTests
{
    [Fact]
    public async Task StartAsync_PlainClients_ProduceAndConsume()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        Assert.False(string.IsNullOrWhiteSpace(kafka.BootstrapServers));

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync("auto-created", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
            }
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var topic = admin.GetMetadata("auto-created", TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(4, topic.Partitions.Count);

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "plain",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("auto-created");
        var values = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (values.Count < 10 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                values.Add(result.Message.Value);
            }
        }
        consumer.Close();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"v{i}").Order(), values.Order());
    }

    [Fact]
    public async Task StartAsync_ThreeBrokers_AllListed()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(brokers: 3);
        Assert.Equal(3, kafka.BootstrapServers.Split(',').Length);
    }

    [Fact]
    public async Task StartAsync_NoBroker_Throws() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => EmbeddedKafka.StartAsync(0));
}
