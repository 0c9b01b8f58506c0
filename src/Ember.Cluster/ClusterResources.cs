using Ember.Cluster.Blocks;
using Ember.Cluster.Control;
using Ember.Cluster.Processes;

namespace Ember.Cluster;

/// <summary>What a driver on a cluster owns, stopped in order: executors first (they leave while the driver still listens), then its services.</summary>
internal sealed class ClusterResources : IAsyncDisposable
{
    public DriverEndpoint? Control { get; set; }

    public LocalBlockStore? Blocks { get; set; }

    public BlockServer? BlockServer { get; set; }

    public BlockClient? BlockClient { get; set; }

    public LocalExecutors? Executors { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Control is not null)
        {
            await Control.DisposeAsync().ConfigureAwait(false);
        }
        if (Executors is not null)
        {
            await Executors.DisposeAsync().ConfigureAwait(false);
        }
        if (BlockServer is not null)
        {
            await BlockServer.DisposeAsync().ConfigureAwait(false);
        }
        BlockClient?.Dispose();
        Blocks?.Dispose();
    }
}
