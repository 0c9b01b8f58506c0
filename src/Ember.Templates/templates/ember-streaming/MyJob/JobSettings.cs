namespace MyJob;

/// <summary>
/// The job's settings, from its arguments: <c>--bootstrap-servers host:port[,host:port]</c> (or the
/// <c>KAFKA_BOOTSTRAP_SERVERS</c> environment variable) for a real Kafka cluster, none for an embedded broker;
/// <c>--topic</c>, <c>--batch-interval</c> and <c>--duration</c> (as TimeSpans: 00:00:05).
/// </summary>
public sealed record JobSettings(string? BootstrapServers, string Topic, TimeSpan BatchInterval, TimeSpan? Duration)
{
    public static JobSettings Parse(string[] args, string? bootstrapServersFromEnvironment)
    {
        var settings = new JobSettings(
            string.IsNullOrWhiteSpace(bootstrapServersFromEnvironment) ? null : bootstrapServersFromEnvironment,
            Topic: "lines",
            BatchInterval: TimeSpan.FromSeconds(2),
            Duration: null);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--bootstrap-servers" => settings with { BootstrapServers = value },
                "--topic" => settings with { Topic = value },
                "--batch-interval" => settings with { BatchInterval = TimeSpan.Parse(value) },
                "--duration" => settings with { Duration = TimeSpan.Parse(value) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--bootstrap-servers host:port] [--topic lines] [--batch-interval 00:00:02] [--duration 00:00:10]"),
            };
        }
        return settings;
    }
}
