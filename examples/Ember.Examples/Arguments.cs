using System.Globalization;

namespace Ember.Examples;

/// <summary>Parses example arguments, failing with a message that names the argument and the bad value.</summary>
internal static class Arguments
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
}
