using Ember.Cluster.Blocks;
using Ember.Cluster.Closures;
using Ember.Cluster.Control;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// Reads a finished task's value on the driver: inline in its status when small, else fetched from the executor's
/// block store and then removed there (Spark's indirect task results).
/// </summary>
internal sealed class TaskResults(EmberContext context, BlockClient blockClient, ILogger logger)
{
    /// <summary>The value the task returned, deserialized with the driver's context.</summary>
    public async Task<object?> ReadAsync(StatusUpdate status)
    {
        if (status.ResultBlock is not { } reference)
        {
            return status.InlineResult is null ? null : TaskBinary.Deserialize(status.InlineResult, context);
        }
        var peer = new BlockPeer(reference.Host, reference.Port);
        var id = BlockId.Parse(reference.BlockId);
        object? result;
        using (var block = await blockClient.FetchAsync(peer, id, reference.Size).ConfigureAwait(false))
        {
            result = TaskBinary.Deserialize(block.Memory.Span, context);
        }
        // The executor keeps the block until told otherwise (Spark's driver removes a result block once fetched).
        _ = blockClient.RemoveAsync(peer, [id]).ContinueWith(removal => logger.LogDebug(removal.Exception, "Could not remove {Block} from {Peer}", id, peer),
            TaskContinuationOptions.OnlyOnFaulted);
        return result;
    }
}
