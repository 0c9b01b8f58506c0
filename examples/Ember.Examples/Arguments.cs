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
}
