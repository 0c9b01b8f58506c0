using System.Globalization;
using Ember.Cluster.Control;

namespace Ember.Cluster.Processes;

/// <summary>
/// The executor process's command line: who it is, where its driver is, and the cluster options, which must equal the
/// driver's (the failure detector and split-brain resolver assume identical settings on all nodes).
/// <c>--driver akka.tcp://ember@host:port --executor-id 1 --cores 2 [--host 127.0.0.1] [--heartbeat-interval 1]
/// [--acceptable-heartbeat-pause 6] [--stable-after 5] [--join-timeout 30] [--block-store-memory bytes]</c> (durations
/// in seconds).
/// </summary>
internal sealed record ExecutorArguments(string DriverAddress, string ExecutorId, int Cores, ClusterOptions Options)
{
    public const string Usage =
        "Ember.Executor --driver akka.tcp://ember@host:port --executor-id ID --cores N [--host 127.0.0.1] " +
        "[--heartbeat-interval s] [--acceptable-heartbeat-pause s] [--stable-after s] [--join-timeout s] [--block-store-memory bytes]";

    /// <summary>The arguments that reproduce these, for a process to be launched.</summary>
    public IReadOnlyList<string> Format() =>
    [
        "--driver", DriverAddress, "--executor-id", ExecutorId, "--cores", Cores.ToString(CultureInfo.InvariantCulture),
        "--host", Options.BindHost,
        "--heartbeat-interval", Seconds(Options.HeartbeatInterval),
        "--acceptable-heartbeat-pause", Seconds(Options.AcceptableHeartbeatPause),
        "--stable-after", Seconds(Options.StableAfter),
        "--join-timeout", Seconds(Options.JoinTimeout),
        "--block-store-memory", Options.BlockStoreMemory.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Parses a command line; throws <see cref="ArgumentException"/> naming what is missing or wrong.</summary>
    public static ExecutorArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'. Usage: {Usage}", nameof(args));
            values[args[i][2..]] = args[i + 1];
        }
        string Required(string name) => values.Remove(name, out var v)
            ? v : throw new ArgumentException($"Missing --{name}. Usage: {Usage}", nameof(args));
        TimeSpan Duration(string name, TimeSpan fallback) => values.Remove(name, out var v)
            ? TimeSpan.FromSeconds(double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)) : fallback;
        var defaults = new ClusterOptions();
        var driver = Required("driver");
        var executorId = Required("executor-id");
        var cores = int.Parse(Required("cores"), NumberStyles.None, CultureInfo.InvariantCulture);
        if (cores < 1)
            throw new ArgumentOutOfRangeException(nameof(args), cores, "--cores must be at least 1.");
        var options = defaults with
        {
            BindHost = values.Remove("host", out var host) ? host : defaults.BindHost,
            HeartbeatInterval = Duration("heartbeat-interval", defaults.HeartbeatInterval),
            AcceptableHeartbeatPause = Duration("acceptable-heartbeat-pause", defaults.AcceptableHeartbeatPause),
            StableAfter = Duration("stable-after", defaults.StableAfter),
            JoinTimeout = Duration("join-timeout", defaults.JoinTimeout),
            BlockStoreMemory = values.Remove("block-store-memory", out var memory)
                ? long.Parse(memory, NumberStyles.None, CultureInfo.InvariantCulture) : defaults.BlockStoreMemory,
        };
        if (values.Count > 0)
            throw new ArgumentException($"Unknown option --{values.Keys.First()}. Usage: {Usage}", nameof(args));
        options.Validate();
        return new ExecutorArguments(driver, executorId, cores, options);
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
}
