using System.Globalization;
using System.Text.RegularExpressions;
using Ember.Cluster.Control;

namespace Ember.Cluster;

/// <summary>
/// Reads the cluster's settings from <see cref="EmberOptions.Settings"/> (the <c>ember.cluster.</c> keys), with
/// Spark's duration syntax (<c>500ms</c>, <c>2s</c>, <c>1m</c>, <c>1h</c>; a bare number is seconds) and size syntax
/// (<c>64m</c>, <c>1g</c>; a bare number is bytes). An unknown key
/// under <c>ember.cluster.</c> or a malformed value fails the context, naming the key: a typo must not silently leave
/// a default in place.
/// </summary>
internal static partial class ClusterSettings
{
    public const string HeartbeatInterval = "ember.cluster.heartbeatInterval";
    public const string HeartbeatPause = "ember.cluster.heartbeatPause";
    public const string StableAfter = "ember.cluster.stableAfter";
    public const string BlockStoreMemory = "ember.cluster.blockStoreMemory";
    private const string Prefix = "ember.cluster.";

    private static readonly string[] Known = [HeartbeatInterval, HeartbeatPause, StableAfter, BlockStoreMemory];

    /// <summary>The control plane's options for a driver bound to <paramref name="host"/>:<paramref name="port"/>, from <paramref name="settings"/>.</summary>
    public static ClusterOptions Read(IDictionary<string, string> settings, string host, int port)
    {
        foreach (var key in settings.Keys.Where(key => key.StartsWith(Prefix, StringComparison.Ordinal) && !Known.Contains(key)))
        {
            throw new ArgumentException($"Unknown setting '{key}': the cluster reads {string.Join(", ", Known)}.", nameof(settings));
        }
        var defaults = new ClusterOptions();
        var options = defaults with
        {
            BindHost = host,
            Port = port,
            HeartbeatInterval = Duration(settings, HeartbeatInterval) ?? defaults.HeartbeatInterval,
            AcceptableHeartbeatPause = Duration(settings, HeartbeatPause) ?? defaults.AcceptableHeartbeatPause,
            StableAfter = Duration(settings, StableAfter) ?? defaults.StableAfter,
            BlockStoreMemory = Bytes(settings, BlockStoreMemory) ?? defaults.BlockStoreMemory,
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

    private static long? Bytes(IDictionary<string, string> settings, string key)
    {
        if (!settings.TryGetValue(key, out var text))
        {
            return null;
        }
        var match = BytesPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new ArgumentException($"Setting '{key}' is '{text}', not a size such as 64m, 1g or 1048576 (bytes).", nameof(settings));
        }
        var value = long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var shift = match.Groups["unit"].Value.ToLowerInvariant() switch { "k" => 10, "m" => 20, "g" => 30, _ => 0 };
        return value <= long.MaxValue >> shift
            ? value << shift
            : throw new ArgumentException($"Setting '{key}' is '{text}': too large.", nameof(settings));
    }

    [GeneratedRegex(@"^(?<value>\d{1,18})\s*(?<unit>[kmgKMG])?[bB]?$")]
    private static partial Regex BytesPattern();

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)\s*(?<unit>ms|s|m|min|h)?$")]
    private static partial Regex DurationPattern();
}
