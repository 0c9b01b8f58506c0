using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Scheduling;

/// <summary>
/// A parsed master URL. Local masters, as Spark's: <c>local</c> (1 worker thread), <c>local[N]</c>, <c>local[*]</c>
/// (one per core) and <c>local[N,F]</c> (F attempts per task). Cluster masters (<c>local-cluster[N,C]</c>,
/// <c>ember://host:port</c>) are recognised here and parsed by the cluster backend, which owns their syntax.
/// </summary>
internal sealed partial record MasterUrl(int WorkerThreads, int? MaxTaskAttempts, bool IsCluster = false)
{
    /// <summary>The prefixes of the masters a cluster backend runs.</summary>
    public static readonly IReadOnlyList<string> ClusterPrefixes = ["local-cluster[", "ember://"];

    public static MasterUrl Parse(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        var trimmed = master.Trim();
        if (trimmed == "local")
        {
            return new MasterUrl(1, null);
        }
        if (ClusterPrefixes.Any(prefix => trimmed.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return new MasterUrl(0, null, IsCluster: true);
        }
        var match = LocalPattern().Match(trimmed);
        if (!match.Success)
        {
            throw new ArgumentException(
                $"Invalid master '{master}': expected 'local', 'local[N]', 'local[*]', 'local[N,F]', 'local-cluster[N,C]' or 'ember://host:port'.",
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
