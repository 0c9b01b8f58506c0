using System.Globalization;
using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Writes a result file on the driver: one <c>id, value</c> line per source sorted by id, replaced atomically; and
/// prints the same rows on one console line, so a run can be followed without opening the files.
/// </summary>
internal static class RealTimeAnalyticsOutput
{
    public static void Write<TValue>(string path, IEnumerable<(int Key, TValue Value)> rows, Func<TValue, string> format, Time time, string title)
    {
        var sorted = rows.OrderBy(row => row.Key).Select(row => (Id: row.Key.ToString(CultureInfo.InvariantCulture), Value: format(row.Value))).ToList();
        var lines = sorted.Select(row => $"{row.Id}, {row.Value}");
        Console.WriteLine($"{time.ToDateTimeOffset().ToLocalTime():HH:mm:ss} {title,-15} {(sorted.Count == 0 ? "(none)" : string.Join("  ", sorted.Select(row => $"{row.Id}: {row.Value}")))}");
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(temporary, lines);
        // Readers see the old file or the new one, never a half-written one.
        File.Move(temporary, path, overwrite: true);
    }

    public static string Total(long total) => total.ToString(CultureInfo.InvariantCulture);

    public static string Average(double average) => average.ToString("0.###", CultureInfo.InvariantCulture);
}
