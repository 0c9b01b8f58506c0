using Confluent.Kafka;

namespace MyJob;

/// <summary>Writes sample lines to the embedded broker's topic, a few per second, so the job has something to count.</summary>
public static class SampleProducer
{
    private static readonly string[] Lines =
    [
        "the quick brown fox jumps over the lazy dog",
        "a stream is a sequence of small batches",
        "each batch is counted in parallel",
        "the fox counts the batches of the stream",
    ];

    public static async Task RunAsync(string bootstrapServers, string topic, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        try
        {
            for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
            {
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = Lines[i % Lines.Length] }, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
