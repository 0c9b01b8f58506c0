using Confluent.Kafka;
using Ember.Streaming.Kafka;

namespace Ember.Cluster.Benchmarks.Streaming;

/// <summary>An embedded Kafka cluster with the readings topic (4 partitions) the streaming measurements read.</summary>
internal sealed class AnalyticsTopic : IAsyncDisposable
{
    public const string Topic = "readings";
    public const int Sources = 100;

    private readonly EmbeddedKafka kafka;
    private readonly IProducer<string, string> producer;
    private long produced;
    private long valueSum;

    private AnalyticsTopic(EmbeddedKafka kafka)
    {
        this.kafka = kafka;
        producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 5 }).Build();
    }

    public string BootstrapServers => kafka.BootstrapServers;

    /// <summary>Records produced so far.</summary>
    public long Produced => Interlocked.Read(ref produced);

    /// <summary>The sum of every value produced: what the running totals add up to once all is read.</summary>
    public long ValueSum => Interlocked.Read(ref valueSum);

    public static async Task<AnalyticsTopic> StartAsync()
    {
        var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(Topic, partitions: 4);
        return new AnalyticsTopic(kafka);
    }

    /// <summary>Produces <paramref name="count"/> readings "&lt;source&gt; &lt;value&gt;" and waits until Kafka has them all.</summary>
    public void Produce(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref produced);
            var value = n % 1_000;
            Interlocked.Add(ref valueSum, value);
            producer.Produce(Topic, new Message<string, string> { Key = (n % Sources).ToString(), Value = $"{n % Sources} {value}" });
        }
        producer.Flush(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        producer.Dispose();
        await kafka.DisposeAsync();
    }
}
