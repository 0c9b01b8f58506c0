using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// A cluster master URL. <c>local-cluster[N,C]</c> (Spark's test master; <c>local-cluster[N,C,M]</c> is accepted and
/// its memory ignored): the context starts N executor processes with C task threads each on 127.0.0.1 and stops them
/// with itself. <c>ember://host:port</c>: the driver listens on host:port and executors started elsewhere join it.
/// </summary>
internal sealed partial record ClusterMaster(int? LocalExecutors, int CoresPerExecutor, string Host, int Port)
{
    /// <summary>Whether the context starts its own executor processes.</summary>
    public bool StartsExecutors => LocalExecutors is not null;

    public static ClusterMaster Parse(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        var trimmed = master.Trim();
        if (LocalClusterPattern().Match(trimmed) is { Success: true } local)
        {
            var executors = int.Parse(local.Groups["executors"].Value, CultureInfo.InvariantCulture);
            var cores = int.Parse(local.Groups["cores"].Value, CultureInfo.InvariantCulture);
            if (executors < 1 || cores < 1)
            {
                throw new ArgumentException($"Invalid master '{master}': local-cluster needs at least 1 executor with at least 1 core.", nameof(master));
            }
            return new ClusterMaster(executors, cores, "127.0.0.1", 0);
        }
        if (RemotePattern().Match(trimmed) is { Success: true } remote)
        {
            var port = int.Parse(remote.Groups["port"].Value, CultureInfo.InvariantCulture);
            if (port is < 1 or > 65535)
            {
                throw new ArgumentException($"Invalid master '{master}': port {port} is outside 1-65535.", nameof(master));
            }
            return new ClusterMaster(null, 0, remote.Groups["host"].Value, port);
        }
        throw new ArgumentException(
            $"Invalid master '{master}': expected 'local-cluster[N,C]' (N executor processes with C task threads each) or 'ember://host:port'.",
            nameof(master));
    }

    [GeneratedRegex(@"^local-cluster\[\s*(?<executors>\d{1,4})\s*,\s*(?<cores>\d{1,4})\s*(,\s*\d{1,9}\s*)?\]$")]
    private static partial Regex LocalClusterPattern();

    [GeneratedRegex(@"^ember://(?<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):(?<port>\d{1,5})$")]
    private static partial Regex RemotePattern();
}
