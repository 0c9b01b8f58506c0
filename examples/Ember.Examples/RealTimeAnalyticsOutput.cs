using System.Globalization;

namespace Ember.Examples;

/// <summary>Writes a result file on the driver: one <c>id, value</c> line per source sorted by id, replaced atomically.</summary>
internal static class RealTimeAnalyticsOutput
{
    public static void Write<TValue>(string path, IEnumerable<(int Key, TValue Value)> rows, Func<TValue, string> format)
    {
        var lines = rows.OrderBy(row => row.Key).Select(row => $"{row.Key.ToString(CultureInfo.InvariantCulture)}, {format(row.Value)}");
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(temporary, lines);
        // Readers see the old file or the new one, never a half-written one.
        File.Move(temporary, path, overwrite: true);
    }

    public static string Total(long total) => total.ToString(CultureInfo.InvariantCulture);

    public static string Average(double average) => average.ToString("0.###", CultureInfo.InvariantCulture);
}
