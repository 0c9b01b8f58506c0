using System.Net;
using Ember.Cluster.Blocks;
using Ember.Cluster.Control;
using Ember.Cluster.Processes;
using Ember.Cluster.Scheduling;
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

    public EngineParts Start(EmberContext context, string master)
    {
        var parsed = ClusterMaster.Parse(master);
        // Off the caller's thread: a context may be created under a synchronization context that the awaits would need.
        return Task.Run(() => StartAsync(context, parsed)).GetAwaiter().GetResult();
    }

    private static async Task<EngineParts> StartAsync(EmberContext context, ClusterMaster master)
    {
        var loggerFactory = context.Options.LoggerFactory ?? NullLoggerFactory.Instance;
        var resources = new ClusterResources();
        try
        {
            var options = ClusterSettings.Read(context.Options.Settings, master.Host, master.Port);
            resources.Control = await DriverEndpoint.StartAsync(options, loggerFactory: loggerFactory).ConfigureAwait(false);
            resources.Blocks = new LocalBlockStore();
            resources.BlockServer = new BlockServer(resources.Blocks, IPAddress.Parse(master.Host), loggerFactory: loggerFactory);
            await resources.BlockServer.StartAsync().ConfigureAwait(false);
            resources.BlockClient = new BlockClient();
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
