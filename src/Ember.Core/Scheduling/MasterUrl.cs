using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Scheduling;

/// <summary>
/// A parsed master URL: <c>local</c> (1 worker thread), <c>local[N]</c>, <c>local[*]</c> (one per core) and
/// <c>local[N,F]</c> (F attempts per task), as Spark's.
/// </summary>
internal sealed partial record MasterUrl(int WorkerThreads, int? MaxTaskAttempts)
{
    public static MasterUrl Parse(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        var trimmed = master.Trim();
        if (trimmed == "local")
        {
            return new MasterUrl(1, null);
        }
        var match = LocalPattern().Match(trimmed);
        if (!match.Success)
        {
            throw new ArgumentException(
                $"Invalid master '{master}': expected 'local', 'local[N]', 'local[*]' or 'local[N,F]' (cluster masters are not supported yet).",
                nameof(master));
        }
        var threads = match.Groups["threads"].Value == "*"
            ? Environment.ProcessorCount
            : int.Parse(match.Groups["threads"].Value, CultureInfo.InvariantCulture);
        if (threads < 1)
        {
            throw new ArgumentException($"Invalid master '{master}': the number of worker threads must be at least 1.", nameof(master));
        }
        int? attempts = match.Groups["attempts"].Success ? int.Parse(match.Groups["attempts"].Value, CultureInfo.InvariantCulture) : null;
        if (attempts < 1)
        {
            throw new ArgumentException($"Invalid master '{master}': the number of task attempts must be at least 1.", nameof(master));
        }
        return new MasterUrl(threads, attempts);
    }

    [GeneratedRegex(@"^local\[(?<threads>\*|\d{1,6})(,(?<attempts>\d{1,6}))?\]$")]
    private static partial Regex LocalPattern();
}
