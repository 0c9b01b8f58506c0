using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Configuration;

/// <summary>
/// Reads configuration text as .NET values, accepting .NET's and Spark's formats alike: durations as a
/// <see cref="TimeSpan"/> (<c>00:00:10</c>) or with Spark's units (<c>200ms</c>, <c>10s</c>, <c>1m</c>, <c>1h</c>,
/// <c>1d</c>), booleans as <c>true</c>/<c>false</c> in any case, numbers in the invariant culture, enums by name.
/// </summary>
internal static partial class ConfigurationValues
{
    /// <summary>
    /// The value of <paramref name="text"/> as a <paramref name="type"/> (nullable types accepted), or null with
    /// <paramref name="error"/> saying what was expected. <paramref name="bareNumberUnit"/> is the unit of a duration
    /// written as a bare number (Spark's keys: milliseconds); null refuses bare numbers as ambiguous.
    /// </summary>
    public static object? Parse(Type type, string text, TimeSpan? bareNumberUnit, out string? error)
    {
        error = null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var trimmed = text.Trim();
        object? value = target switch
        {
            _ when target == typeof(string) => text,
            _ when target == typeof(TimeSpan) => Duration(trimmed, bareNumberUnit),
            _ when target == typeof(bool) => bool.TryParse(trimmed, out var flag) ? flag : null,
            _ when target == typeof(int) => int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ when target == typeof(long) => long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ when target == typeof(double) => double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null,
            _ when target.IsEnum => Enum.TryParse(target, trimmed, ignoreCase: true, out var member) && Enum.IsDefined(target, member!) && !char.IsDigit(trimmed[0]) ? member : null,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Configuration binds strings, durations, booleans, numbers and enums only."),
        };
        if (value is null)
        {
            error = $"'{text}' is not {Expected(target, bareNumberUnit)}";
        }
        return value;
    }

    private static string Expected(Type type, TimeSpan? bareNumberUnit) => type switch
    {
        _ when type == typeof(TimeSpan) => bareNumberUnit is null
            ? "a duration such as 00:00:10, 10s, 200ms, 1m or 1h"
            : $"a duration such as 10s, 200ms, 1m or 1h (a bare number is {Unit(bareNumberUnit.Value)})",
        _ when type == typeof(bool) => "a boolean (true or false)",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) => "a number such as 0.2",
        _ => $"one of {string.Join(", ", Enum.GetNames(type))}",
    };

    private static string Unit(TimeSpan unit) => unit == TimeSpan.FromMilliseconds(1) ? "milliseconds" : $"a multiple of {unit}";

    private static TimeSpan? Duration(string text, TimeSpan? bareNumberUnit)
    {
        if (SparkDuration().Match(text) is { Success: true } match)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var unit = match.Groups["unit"].Value.ToLowerInvariant();
            if (unit.Length == 0)
            {
                return bareNumberUnit is { } bare ? bare * amount : null;
            }
            return unit switch
            {
                "us" => TimeSpan.FromMicroseconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" or "min" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && text.Contains(':') ? span : null;
    }

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)\s*(?<unit>us|ms|s|m|min|h|d)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SparkDuration();
}
