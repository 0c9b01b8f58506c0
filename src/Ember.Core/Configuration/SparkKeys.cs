using Microsoft.Extensions.Configuration;

namespace Ember.Configuration;

/// <summary>
/// Spark's configuration keys as Ember reads them, for every Ember package in one table, so a ported
/// <c>spark-defaults.conf</c> is checked against all of Ember at once, whichever packages a program uses. Spark keys
/// may sit at the root of the configuration (as a <c>spark-defaults.conf</c> puts them) or inside the <c>Ember</c>
/// section (<c>"Ember": { "spark.master": "local[4]" }</c>); the Ember name of the same option wins over both.
/// </summary>
/// <remarks>
/// A Spark key in <see cref="Supported"/> sets the Ember option at its path. A Spark key Ember knowingly has no use for
/// (JVM sizing, cluster managers, Kryo, the event log) is logged as a warning with the reason when
/// <c>GetEmberOptions</c> binds. Any other <c>spark.</c> key is an error naming it: a typo in
/// <c>spark.streaming.backpressure.enabled</c> must not leave backpressure off in silence.
/// </remarks>
public static class SparkKeys
{
    /// <summary>The section Ember's options live under (<c>Ember:Master</c>, <c>Ember:Streaming:BatchInterval</c>, <c>Ember:Kafka:...</c>).</summary>
    public const string EmberSection = "Ember";

    /// <summary>The prefix of Spark's keys.</summary>
    public const string Prefix = "spark.";

    /// <summary>The prefix of the keys that go to <see cref="EmberOptions.Settings"/> as they are (<c>ember.cluster.heartbeatPause</c>).</summary>
    public const string EmberSettingsPrefix = "ember.";

    /// <summary>Every Spark key Ember binds, with the path of the Ember option it sets.</summary>
    public static IReadOnlyDictionary<string, string> Supported { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["spark.master"] = "Ember:Master",
        ["spark.app.name"] = "Ember:AppName",
        ["spark.default.parallelism"] = "Ember:DefaultParallelism",
        ["spark.task.maxFailures"] = "Ember:MaxTaskAttempts",
        ["spark.local.dir"] = "Ember:LocalDirectory",
        ["spark.cleaner.referenceTracking.cleanCheckpoints"] = "Ember:CleanCheckpoints",
        ["spark.ui.showConsoleProgress"] = "Ember:ShowConsoleProgress",
        ["spark.streaming.blockInterval"] = "Ember:Streaming:BlockInterval",
        ["spark.streaming.concurrentJobs"] = "Ember:Streaming:ConcurrentJobs",
        ["spark.streaming.gracefulStopTimeout"] = "Ember:Streaming:GracefulStopTimeout",
        ["spark.streaming.receiverRestartDelay"] = "Ember:Streaming:ReceiverRestartDelay",
        ["spark.streaming.receiver.maxRate"] = "Ember:Streaming:ReceiverMaxRate",
        ["spark.streaming.backpressure.enabled"] = "Ember:Streaming:BackpressureEnabled",
        ["spark.streaming.backpressure.initialRate"] = "Ember:Streaming:BackpressureInitialRate",
        ["spark.streaming.backpressure.pid.proportional"] = "Ember:Streaming:BackpressureProportional",
        ["spark.streaming.backpressure.pid.integral"] = "Ember:Streaming:BackpressureIntegral",
        ["spark.streaming.backpressure.pid.derived"] = "Ember:Streaming:BackpressureDerivative",
        ["spark.streaming.backpressure.pid.minRate"] = "Ember:Streaming:BackpressureMinRate",
        ["spark.streaming.stopGracefullyOnShutdown"] = "Ember:Streaming:StopGracefullyOnShutdown",
        ["spark.streaming.receiver.writeAheadLog.enable"] = "Ember:Streaming:WriteAheadLog",
        ["spark.streaming.kafka.maxRatePerPartition"] = "Ember:Kafka:MaxRatePerPartition",
        ["spark.streaming.kafka.consumer.poll.ms"] = "Ember:Kafka:PollTimeout",
        ["spark.streaming.kafka.consumer.cache.enabled"] = "Ember:Kafka:CacheConsumers",
    };

    /// <summary>
    /// Spark keys a package without an options class of its own reads from <see cref="EmberOptions.Settings"/> under
    /// the same name (Ember.Graph's Pregel checkpoint interval); bound there as they are.
    /// </summary>
    public static IReadOnlyList<string> Settings { get; } = ["spark.graphx.pregel.checkpointInterval"];

    // Exact keys, or prefixes ending in '.', that Spark users carry over and Ember has no use for; checked after Supported.
    private static readonly (string Key, string Reason)[] Ignored =
    [
        ("spark.executor.", "JVM executors: Ember runs tasks on the master's threads (local[N]) or executor processes (local-cluster[N,C])"),
        ("spark.driver.", "JVM driver settings: the driver is this .NET process"),
        ("spark.memory.", "JVM memory regions"),
        ("spark.serializer", "Ember serializes with EmberOptions.Serializer (MessagePack by default)"),
        ("spark.kryo.", "Ember serializes with EmberOptions.Serializer (MessagePack by default)"),
        ("spark.kryoserializer.", "Ember serializes with EmberOptions.Serializer (MessagePack by default)"),
        ("spark.eventLog.", "no event log: Ember.UI reads listener events live"),
        ("spark.history.", "no history server: Ember.UI reads listener events live"),
        ("spark.ui.", "Ember.UI takes its port and limits in code (UseWebUI)"),
        ("spark.streaming.ui.", "Ember.UI takes its limits in code (UseWebUI)"),
        ("spark.sql.", "Ember.Sql runs DuckDB in process, configured in code"),
        ("spark.hadoop.", "no Hadoop: files are read through .NET"),
        ("spark.yarn.", "no cluster manager: executors join the driver (ember://host:port)"),
        ("spark.kubernetes.", "no cluster manager: executors join the driver (ember://host:port)"),
        ("spark.mesos.", "no cluster manager: executors join the driver (ember://host:port)"),
        ("spark.submit.", "no spark-submit: an Ember job is a .NET program"),
        ("spark.jars", "no JVM class path: an Ember job is a .NET program"),
        ("spark.files", "no spark-submit: an Ember job is a .NET program"),
        ("spark.dynamicAllocation.", "executors are fixed by the master"),
        ("spark.shuffle.service.", "no external shuffle service: executors serve their own blocks"),
        ("spark.authenticate", "Ember.Cluster authenticates when the EMBER_AUTH_SECRET environment variable is set, never from a configuration file"),
        ("spark.network.timeout", "Ember.Cluster's failure detection reads ember.cluster.heartbeatPause"),
        ("spark.streaming.unpersist", "always on: RDDs older than the remember duration are dropped"),
        ("spark.streaming.kafka.minRatePerPartition", "fixed at 1 record per partition with records waiting"),
        ("spark.streaming.kafka.consumer.cache.", "the consumer cache holds at most 64 consumers per process"),
    ];

    /// <summary>The Spark key that sets the option at <paramref name="emberPath"/>, if any.</summary>
    internal static string? SparkKeyOf(string emberPath) =>
        Supported.FirstOrDefault(entry => entry.Value.Equals(emberPath, StringComparison.OrdinalIgnoreCase)).Key;

    internal static bool IsSetting(string sparkKey) => Settings.Contains(sparkKey, StringComparer.OrdinalIgnoreCase);

    /// <summary>Why Ember ignores <paramref name="sparkKey"/>, or null when it is not a key Ember knowingly ignores.</summary>
    internal static string? IgnoredBecause(string sparkKey) =>
        Supported.ContainsKey(sparkKey) ? null : Ignored.FirstOrDefault(ignored => ignored.Key.EndsWith('.')
            ? sparkKey.StartsWith(ignored.Key, StringComparison.OrdinalIgnoreCase)
            : sparkKey.Equals(ignored.Key, StringComparison.OrdinalIgnoreCase) || sparkKey.StartsWith(ignored.Key + ".", StringComparison.OrdinalIgnoreCase)).Reason;

    /// <summary>
    /// Sorts the Spark keys of <paramref name="configuration"/> (at its root and in the Ember section) Ember does not
    /// bind: those it knowingly ignores, with the reason (to log), and unknown ones (errors).
    /// </summary>
    internal static (List<ConfigurationProblem> Ignored, List<ConfigurationProblem> Unknown) Check(IConfiguration configuration)
    {
        var ignored = new List<ConfigurationProblem>();
        var unknown = new List<ConfigurationProblem>();
        var candidates = configuration.GetChildren().Concat(configuration.GetSection(EmberSection).GetChildren());
        foreach (var entry in candidates.Where(entry => entry.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)))
        {
            if (IsSetting(entry.Key) || Supported.ContainsKey(entry.Key))
            {
                continue;
            }
            if (IgnoredBecause(entry.Key) is { } reason)
            {
                ignored.Add(new ConfigurationProblem(entry.Path, $"ignored: {reason}."));
            }
            else
            {
                unknown.Add(new ConfigurationProblem(entry.Path,
                    "not a Spark key Ember supports (SparkKeys.Supported and SparkKeys.Settings list them); remove it, or set the Ember option under 'Ember'."));
            }
        }
        return (ignored, unknown);
    }
}
