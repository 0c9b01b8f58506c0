using System.Globalization;
using System.Text.RegularExpressions;
using Ember.Cluster.Control;

namespace Ember.Cluster;

/// <summary>
/// Reads the cluster's settings from <see cref="EmberOptions.Settings"/> (the <c>ember.cluster.</c> keys), with
/// Spark's duration syntax (<c>500ms</c>, <c>2s</c>, <c>1m</c>, <c>1h</c>; a bare number is seconds). An unknown key
/// under <c>ember.cluster.</c> or a malformed value fails the context, naming the key: a typo must not silently leave
/// a default in place.
/// </summary>
internal static partial class ClusterSettings
{
    public const string HeartbeatInterval = "ember.cluster.heartbeatInterval";
    public const string HeartbeatPause = "ember.cluster.heartbeatPause";
    public const string StableAfter = "ember.cluster.stableAfter";
    private const string Prefix = "ember.cluster.";

    private static readonly string[] Known = [HeartbeatInterval, HeartbeatPause, StableAfter];

    /// <summary>The control plane's options for a driver bound to <paramref name="host"/>:<paramref name="port"/>, from <paramref name="settings"/>.</summary>
    public static ClusterOptions Read(IDictionary<string, string> settings, string host, int port)
    {
        foreach (var key in settings.Keys.Where(key => key.StartsWith(Prefix, StringComparison.Ordinal) && !Known.Contains(key)))
        {
            throw new ArgumentException($"Unknown setting '{key}': the cluster reads {string.Join(", ", Known)}.", nameof(settings));
        }
        // Lenient defaults for real use: a long garbage collection or a busy machine must not cost an executor.
        var options = new ClusterOptions
        {
            BindHost = host,
            Port = port,
            HeartbeatInterval = Duration(settings, HeartbeatInterval) ?? TimeSpan.FromSeconds(1),
            AcceptableHeartbeatPause = Duration(settings, HeartbeatPause) ?? TimeSpan.FromSeconds(6),
            StableAfter = Duration(settings, StableAfter) ?? TimeSpan.FromSeconds(5),
        };
        options.Validate();
        return options;
    }

    private static TimeSpan? Duration(IDictionary<string, string> settings, string key)
    {
        if (!settings.TryGetValue(key, out var text))
        {
            return null;
        }
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new ArgumentException($"Setting '{key}' is '{text}', not a duration such as 500ms, 2s, 1m or 1h.", nameof(settings));
        }
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var duration = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "" or "s" => TimeSpan.FromSeconds(value),
            "m" or "min" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Setting '{key}' is '{text}': it must be positive.", nameof(settings));
        }
        return duration;
    }

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)\s*(?<unit>ms|s|m|min|h)?$")]
    private static partial Regex DurationPattern();
}
