using Ember.Cluster.Scheduling;

namespace Ember.Cluster.Processes;

/// <summary>
/// Lets an executor be pointed at its driver with the master URL itself: <c>--driver ember://host:port</c> names the
/// driver's actor system there, over TLS when this executor holds the cluster's secret.
/// </summary>
internal static class DriverAddresses
{
    /// <summary>The Akka address of the driver <paramref name="driver"/> names; an Akka address is kept as given.</summary>
    public static string Resolve(string driver, bool tls)
    {
        if (!driver.StartsWith("ember://", StringComparison.Ordinal))
        {
            return driver;
        }
        var master = ClusterMaster.Parse(driver);
        return $"akka{(tls ? ".ssl" : "")}.tcp://{ClusterNames.ActorSystem}@{master.Host}:{master.Port}";
    }
}
