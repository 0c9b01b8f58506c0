using System.Net;
using Ember.Cluster.Blocks;
using Ember.Cluster.Control;
using Ember.Cluster.Processes;
using Ember.Cluster.Scheduling;
using Ember.Cluster.Security;
using Ember.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Cluster;

/// <summary>
/// Starts a context's engine on a cluster master (found by Ember.Core by name, as Spark finds an external cluster
/// manager): the driver's control endpoint and block service, and for <c>local-cluster[N,C]</c> the N executor
/// processes, waiting until all of them have registered so the first job has its cores.
/// </summary>
internal sealed class ClusterManager : IClusterManager
{
    /// <summary>How long <c>local-cluster</c> waits for its executors to register before the context fails.</summary>
    private static readonly TimeSpan RegistrationTimeout = TimeSpan.FromSeconds(60);

    private readonly Func<ClusterSecret?> secret;

    /// <summary>The manager Ember.Core creates by name: the cluster's secret comes from <see cref="ClusterSecret.EnvironmentVariable"/>.</summary>
    public ClusterManager() : this(ClusterSecret.FromEnvironment)
    {
    }

    /// <summary>A manager whose cluster uses the secret <paramref name="secret"/> gives when a context starts (null: none).</summary>
    internal ClusterManager(Func<ClusterSecret?> secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        this.secret = secret;
    }

    public EngineParts Start(EmberContext context, string master)
    {
        var parsed = ClusterMaster.Parse(master);
        var clusterSecret = secret();
        // Off the caller's thread: a context may be created under a synchronization context that the awaits would need.
        return Task.Run(() => StartAsync(context, parsed, clusterSecret)).GetAwaiter().GetResult();
    }

    private static async Task<EngineParts> StartAsync(EmberContext context, ClusterMaster master, ClusterSecret? secret)
    {
        var loggerFactory = context.Options.LoggerFactory ?? NullLoggerFactory.Instance;
        var resources = new ClusterResources();
        try
        {
            ClusterSecret.WarnIfExposed(secret, master.Host, context.Logger);
            var options = ClusterSettings.Read(context.Options.Settings, master.Host, master.Port) with { Secret = secret };
            resources.Control = await DriverEndpoint.StartAsync(options, loggerFactory: loggerFactory).ConfigureAwait(false);
            resources.Blocks = new LocalBlockStore(memoryBudgetBytes: options.BlockStoreMemory);
            resources.BlockServer = new BlockServer(resources.Blocks, IPAddress.Parse(master.Host), loggerFactory: loggerFactory, secret: secret);
            await resources.BlockServer.StartAsync().ConfigureAwait(false);
            resources.BlockClient = new BlockClient(new BlockClientOptions { Secret = secret });
            var backend = new ClusterSchedulerBackend(context, resources, master.LocalExecutors * master.CoresPerExecutor);
            if (master.LocalExecutors is { } count)
            {
                var logger = loggerFactory.CreateLogger("Ember.Cluster.Executors");
                var launcher = new ExecutorProcessLauncher(resources.Control.Address, options, logger: logger);
                resources.Executors = await LocalExecutors.StartAsync(launcher, resources.Control, count, master.CoresPerExecutor,
                    RegistrationTimeout, logger).ConfigureAwait(false);
            }
            context.Logger.LogInformation("Cluster driver at {Address}, block service at {Peer}", resources.Control.Address, resources.BlockServer.Peer);
            var driverSide = new DriverShuffleSide();
            return new EngineParts(backend, backend.Tracker, driverSide, driverSide, backend.RemoveCachedRdd);
        }
        catch
        {
            await resources.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
