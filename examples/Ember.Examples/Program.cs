using Ember.Examples;

// One program, one sub-command per example, as Spark's run-example.
var commands = new Dictionary<string, (string Usage, Func<string[], Task<int>> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["realtimeanalytics"] = ($"realtimeanalytics [--bootstrap-servers h:p] [--topic t] [--batch-interval 10s] [--window 5m] [--slide 1m] [--checkpoint dir] [--output ./output] [--duration d] {Arguments.MasterUsage}   the main job (the default): per-source totals and windowed averages from Kafka (embedded broker and sample producer without --bootstrap-servers)", RealTimeAnalytics.RunAsync),
    ["embeddedkafka"] = ("embeddedkafka [--topic t] [--partitions 4] [--duration d]   the embedded Kafka broker alone, printing its address for other clients", EmbeddedKafkaCommand.RunAsync),
    ["streamingwordcount"] = ("streamingwordcount [file] [batches]       a text file streamed a few lines a second", StreamingWordCount.RunAsync),
    ["wordcount"] = ("wordcount [file-or-directory] [master]   batch word count on Rdd", WordCount.RunAsync),
    ["tour"] = ("tour                                      the README's first Rdd", _ => Tour.RunAsync()),
    ["queuestream"] = ("queuestream [batches]                     a stream fed from a queue of RDDs", QueueStreamExample.RunAsync),
    ["networkwordcount"] = ("networkwordcount <host> <port>            word counts of text from a TCP server, per second", NetworkWordCount.RunAsync),
    ["statefulnetworkwordcount"] = ("statefulnetworkwordcount <host> <port>    running word counts (MapWithState)", StatefulNetworkWordCount.RunAsync),
    ["windowedwordcount"] = ("windowedwordcount <host> <port> <window> <slide>   word counts over a sliding window (seconds)", WindowedWordCount.RunAsync),
    ["recoverablewordcount"] = ("recoverablewordcount --input <dir> --checkpoint <dir> --output <dir> [--batch-interval 500ms] [--master m]   survives kill -9", RecoverableWordCount.RunAsync),
    ["hostedwordcount"] = ($"{HostedWordCount.Usage}   RecoverableWordCount on the .NET generic host: settings from configuration, SIGTERM stops it gracefully", HostedWordCount.RunAsync),
    ["logdirectory"] = ("logdirectory --input <dir> --checkpoint <dir> --output <dir> [--batch-interval 500ms] [--master m]   a custom direct source: running counts of an append-only log directory read by byte offsets, survives kill -9", Ember.Examples.LogDirectory.LogDirectoryCount.RunAsync),
    ["reliablereceivercount"] = ("reliablereceivercount --source <file> --checkpoint <dir> --output <dir> [--batch-interval 200ms] [--master m]   reliable receiver + write-ahead log, survives kill -9", ReliableReceiverCount.RunAsync),
    ["loganalytics"] = ("loganalytics [--batches 20] [--window 10s] [--slide 2s] [--threshold 0.10] [--top 5] [--master m]   generated web access logs: status counts, top URLs, error-rate alerts", Ember.Examples.Scenarios.LogAnalytics.LogAnalyticsScenario.RunAsync),
    ["anomalies"] = ("anomalies [--batches 20] [--window 30s] [--deviations 5] [--min-trades 20] [--master m]   generated trades: per-symbol mean and deviation over a window, outliers flagged", Ember.Examples.Scenarios.Anomalies.AnomaliesScenario.RunAsync),
    ["iotsensors"] = ("iotsensors [--batches 20] [--meters 10] [--window 6s] [--slide 2s] [--offline-after 3s] [--master m]   generated meter readings: running totals, windowed averages, meters going offline", Ember.Examples.Scenarios.IotSensors.IotSensorsScenario.RunAsync),
    ["socialmedia"] = ("socialmedia [--batches 20] [--window 6s] [--slide 2s] [--top 5] [--words file] [--master m]   generated posts: mentions and sentiment per tag, and the mention graph's top accounts and communities, over a window", Ember.Examples.Scenarios.SocialMedia.SocialMediaScenario.RunAsync),
    ["tracing"] = ("tracing [batches]                         Ember's spans (batch, output, job, stage) on OpenTelemetry's console exporter, over an embedded Kafka broker", TracingExample.RunAsync),
    ["hdfswordcount"] = ("hdfswordcount <directory>                 word counts of files moved into a directory", HdfsWordCount.RunAsync),
};

if (args.Length > 0 && args[0] is "-h" or "--help" or "help")
{
    return Usage(Console.Out);
}
// No example named, or only options: the main job, with those options.
var named = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal);
var name = named ? args[0] : "realtimeanalytics";
if (!commands.TryGetValue(name, out var command))
{
    Console.Error.WriteLine($"Unknown example '{name}'.");
    return Usage(Console.Error) + 2;
}
try
{
    return await command.Run(named ? args[1..] : args);
}
catch (HelpRequestedException help)
{
    Console.WriteLine(help.Message);
    return 0;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

int Usage(TextWriter writer)
{
    writer.WriteLine("Usage: dotnet run --project examples/Ember.Examples -- <example> [arguments]");
    foreach (var (_, (usage, _)) in commands)
    {
        writer.WriteLine($"  {usage}");
    }
    return 0;
}
