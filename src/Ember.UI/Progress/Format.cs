using System.Globalization;
using Ember.Streaming;

namespace Ember.UI.Progress;

/// <summary>How the UI writes times, durations and counts for people (the JSON API writes numbers instead).</summary>
internal static class Format
{
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalMilliseconds: < 1000 } value => $"{value.TotalMilliseconds:0} ms",
        { TotalSeconds: < 60 } value => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.#} s"),
        { TotalHours: < 1 } value => $"{(int)value.TotalMinutes} min {value.Seconds} s",
        { } value => $"{(int)value.TotalHours} h {value.Minutes} min",
    };

    /// <summary>
    /// A batch time as Spark's pages show it, in UTC: <c>2026/11/24 08:03:20</c>, with milliseconds when the time is
    /// not on a whole second (batch intervals under a second would otherwise show the same time several times).
    /// </summary>
    public static string BatchTime(Time time) =>
        time.Milliseconds % 1000 == 0
            ? Instant(time.ToDateTimeOffset())
            : time.ToDateTimeOffset().UtcDateTime.ToString("yyyy/MM/dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
    };
}
