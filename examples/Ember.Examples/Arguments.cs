using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Examples;

/// <summary>Parses example arguments, failing with a message that names the argument and the bad value.</summary>
internal static partial class Arguments
{
    public static int PositiveInt(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"Argument '{name}' must be a positive integer, not '{value}'.");

    public static int Port(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new ArgumentException($"Argument 'port' must be between 1 and 65535, not '{value}'.");

    public static TimeSpan Seconds(string value, string name) => TimeSpan.FromSeconds(PositiveInt(value, name));

    /// <summary>A duration written as <c>500ms</c>, <c>2s</c> or <c>1m</c>.</summary>
    public static TimeSpan Duration(string value, string name)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : value.EndsWith('m') ? (value[..^1], 60_000.0)
            : (value, -1.0);
        return unit > 0 && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? TimeSpan.FromMilliseconds(amount * unit)
            : throw new ArgumentException($"Argument '{name}' must be a positive duration such as 500ms, 2s or 1m, not '{value}'.");
    }

    /// <summary>The flag <c>--master</c> of the streaming examples, with its default.</summary>
    public const string MasterUsage = "[--master local[2]|local-cluster[N,C]|ember://host:port]";

    /// <summary>
    /// A master URL (<c>--master</c>, Spark's <c>spark.master</c>): <c>local</c>, <c>local[N]</c>, <c>local[*]</c>,
    /// <c>local[N,F]</c>, <c>local-cluster[N,C]</c> or <c>ember://host:port</c>. Checked here, before any broker or
    /// server starts, so a typo fails at once naming the flag rather than later inside the engine.
    /// </summary>
    public static string Master(string value)
    {
        var match = MasterPattern().Match(value);
        var valid = match.Success
            && (!match.Groups["port"].Success || int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) is >= 1 and <= 65535);
        if (!valid)
        {
            throw new ArgumentException(
                $"Argument 'master' must be local[N], local[*], local-cluster[N,C] (N executor processes with C cores each) or ember://host:port, not '{value}'.");
        }
        return value;
    }

    [GeneratedRegex(@"^(local|local\[(\*|[1-9]\d{0,5})(,[1-9]\d{0,5})?\]|local-cluster\[[1-9]\d{0,3},[1-9]\d{0,3}(,\d{1,9})?\]|ember://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):(?<port>\d{1,5}))$")]
    private static partial Regex MasterPattern();
}
