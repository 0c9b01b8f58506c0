namespace Ember.Examples;

/// <summary>The options of the realtimeanalytics example, parsed and checked.</summary>
internal sealed record RealTimeAnalyticsOptions(
    string? BootstrapServers,
    string Topic,
    TimeSpan BatchInterval,
    TimeSpan Window,
    TimeSpan Slide,
    string? Checkpoint,
    string Output,
    TimeSpan? Duration,
    int? UiPort = Ember.UI.StreamingContextWebUIExtensions.DefaultPort,
    string Master = RealTimeAnalyticsOptions.DefaultMaster)
{
    /// <summary>Two worker threads in this process, as the seed's job.</summary>
    public const string DefaultMaster = "local[2]";

    public const string Usage =
        "Usage: realtimeanalytics [--bootstrap-servers host:port] [--topic real-time-analytics] [--batch-interval 10s] " +
        "[--window 5m] [--slide 1m] [--checkpoint <dir>] [--output ./output] [--duration <d>] [--ui-port 4040|off] " +
        Arguments.MasterUsage;

    /// <summary>Parses the flags, naming any bad or missing value; window and slide must be multiples of the batch interval.</summary>
    public static RealTimeAnalyticsOptions Parse(string[] args)
    {
        string? servers = null, checkpoint = null;
        var topic = "real-time-analytics";
        var output = "./output";
        var batch = TimeSpan.FromSeconds(10);
        var window = TimeSpan.FromMinutes(5);
        var slide = TimeSpan.FromMinutes(1);
        TimeSpan? duration = null;
        int? uiPort = Ember.UI.StreamingContextWebUIExtensions.DefaultPort;
        var master = DefaultMaster;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "-h" or "--help")
            {
                throw new HelpRequestedException(Usage);
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--bootstrap-servers": servers = NotBlank(value, "bootstrap-servers"); break;
                case "--topic": topic = NotBlank(value, "topic"); break;
                case "--batch-interval": batch = Arguments.Duration(value, "batch-interval"); break;
                case "--window": window = Arguments.Duration(value, "window"); break;
                case "--slide": slide = Arguments.Duration(value, "slide"); break;
                case "--checkpoint": checkpoint = NotBlank(value, "checkpoint"); break;
                case "--output": output = NotBlank(value, "output"); break;
                case "--duration": duration = Arguments.Duration(value, "duration"); break;
                case "--ui-port": uiPort = value == "off" ? null : Arguments.Port(value); break;
                case "--master": master = Arguments.Master(value); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        MultipleOf(window, "window", batch);
        MultipleOf(slide, "slide", batch);
        return new RealTimeAnalyticsOptions(servers, topic, batch, window, slide, checkpoint, output, duration, uiPort, master);
    }

    private static string NotBlank(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"Argument '{name}' must not be blank. {Usage}") : value;

    private static void MultipleOf(TimeSpan value, string name, TimeSpan batch)
    {
        if (value.Ticks % batch.Ticks != 0)
        {
            throw new ArgumentException(
                $"Argument '{name}' ({value.TotalMilliseconds} ms) must be a multiple of the batch interval ({batch.TotalMilliseconds} ms).");
        }
    }
}
