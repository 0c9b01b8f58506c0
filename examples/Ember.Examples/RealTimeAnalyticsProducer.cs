using Confluent.Kafka;

namespace Ember.Examples;

/// <summary>
/// The built-in producer of the embedded mode: 5 temperature sources (ids 1 to 5) each reporting a value in 15..35,
/// about 5 messages a second, from a fixed seed; one message in 50 is garbage, as real feeds have, to show that
/// malformed messages are counted and reported.
/// </summary>
internal static class RealTimeAnalyticsProducer
{
    public static Task RunAsync(string bootstrapServers, string topic, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5 }).Build();
        var random = new Random(42);
        var level = new[] { 20, 22, 25, 28, 31 };
        try
        {
            for (var sent = 1L; !cancellationToken.IsCancellationRequested; sent++)
            {
                var index = random.Next(level.Length);
                // A slow random walk per source, kept within 15..35.
                level[index] = Math.Clamp(level[index] + random.Next(-2, 3), 15, 35);
                var message = sent % 50 == 0 ? $"sensor-{index + 1} n/a" : $"{index + 1} {level[index]}";
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = message }, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        producer.Flush(TimeSpan.FromSeconds(5));
    }, CancellationToken.None);
}
