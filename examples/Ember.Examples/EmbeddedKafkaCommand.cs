using System.Runtime.InteropServices;
using Ember.Streaming.Kafka;

namespace Ember.Examples;

/// <summary>
/// <c>embeddedkafka [--topic t] [--partitions 4] [--duration d]</c>: the embedded broker on its own, printing its
/// address, so that other tools (kcat, Python's kafka client, another job) can connect to it; stops on Ctrl+C.
/// </summary>
internal static class EmbeddedKafkaCommand
{
    private const string Usage = "Usage: embeddedkafka [--topic real-time-analytics] [--partitions 4] [--duration <d>]";

    public static async Task<int> RunAsync(string[] args)
    {
        var topic = "real-time-analytics";
        var partitions = 4;
        TimeSpan? duration = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--topic": topic = value; break;
                case "--partitions": partitions = Arguments.PositiveInt(value, "partitions"); break;
                case "--duration": duration = Arguments.Duration(value, "duration"); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(topic, partitions);
        Console.WriteLine($"Embedded Kafka broker at {kafka.BootstrapServers} with topic '{topic}' ({partitions} partitions). Ctrl+C stops it.");
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn);
        try
        {
            await Task.Delay(duration ?? Timeout.InfiniteTimeSpan, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;

        void StopOn(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
    }
}
