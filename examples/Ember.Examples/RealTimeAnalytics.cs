using Ember.Streaming;
using Ember.Streaming.Kafka;
using Ember.UI;

namespace Ember.Examples;

/// <summary>
/// The seed's "real-time analytics with Kafka" job: messages <c>"&lt;sourceId&gt; &lt;value&gt;"</c>; after every batch,
/// <c>&lt;output&gt;/total-bytes-received.txt</c> (running total per source) and <c>&lt;output&gt;/average-temperature.txt</c>
/// (average per source over the last window, every slide). Without <c>--bootstrap-servers</c> it starts an embedded
/// broker and a sample producer, so it runs with nothing installed.
/// </summary>
internal static class RealTimeAnalytics
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = RealTimeAnalyticsOptions.Parse(args);
        Directory.CreateDirectory(options.Output);
        EmbeddedKafka? embedded = null;
        using var stopProducer = new CancellationTokenSource();
        var producer = Task.CompletedTask;
        string? temporaryCheckpoint = null;
        try
        {
            var servers = options.BootstrapServers;
            if (servers is null)
            {
                embedded = await EmbeddedKafka.StartAsync();
                await embedded.CreateTopicAsync(options.Topic);
                servers = embedded.BootstrapServers;
                Console.WriteLine($"Embedded Kafka broker at {servers} (topic '{options.Topic}'), fed by the built-in sample producer.");
                producer = RealTimeAnalyticsProducer.RunAsync(servers, options.Topic, stopProducer.Token);
            }
            // The embedded broker lives in memory: its offsets mean nothing to a later run, so by default its
            // checkpoint is a fresh directory of this run. Against a real Kafka the default checkpoint persists.
            var checkpoint = options.Checkpoint
                ?? (embedded is null
                    ? Path.Combine(options.Output, "checkpoint")
                    : temporaryCheckpoint = Path.Combine(options.Output, $".checkpoint-{Guid.NewGuid():N}"));

            var ssc = StreamingContext.GetOrCreate(checkpoint, () => RealTimeAnalyticsJob.Create(options, servers, checkpoint));
            await using (ssc)
            {
                Console.WriteLine($"{(ssc.IsRecovering ? "Recovering from" : "Starting fresh with checkpoint")} {checkpoint}; writing to {Path.GetFullPath(options.Output)}");
                if (options.UiPort is { } uiPort)
                {
                    Console.WriteLine($"Web UI at {ssc.UseWebUI(uiPort).StreamingPage}");
                }
                ssc.Start();
                if (options.Duration is { } duration && !await ssc.AwaitTerminationOrTimeoutAsync(duration))
                {
                    await ssc.StopAsync(graceful: true);
                }
                await ssc.AwaitTerminationAsync();
            }
            return 0;
        }
        catch (Exception error) when (error is not ArgumentException)
        {
            Console.Error.WriteLine($"realtimeanalytics failed: {error.Message}");
            return 1;
        }
        finally
        {
            await stopProducer.CancelAsync();
            await producer;
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }
            if (temporaryCheckpoint is not null && Directory.Exists(temporaryCheckpoint))
            {
                Directory.Delete(temporaryCheckpoint, recursive: true);
            }
        }
    }
}
