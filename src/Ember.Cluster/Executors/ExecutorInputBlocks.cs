using Ember.Cluster.Blocks;
using Ember.Cluster.Closures;
using Ember.Storage;

namespace Ember.Cluster.Executors;

/// <summary>
/// Serves an executor's shared input blocks (a receiver's blocks) through its block service and fetches other
/// executors' (Spark's stream blocks in the block manager): records are serialized with the object-graph codec, as
/// shuffle blocks are, so a fetched block holds what the receiver stored. A location is a block service's
/// <c>host:port</c>.
/// </summary>
internal sealed class ExecutorInputBlocks(LocalBlockStore blocks, BlockClient client, BlockPeer self, EmberContext context) : IInputBlockNetwork
{
    public string Location { get; } = self.ToString();

    public void Publish(long block, Array records) => blocks.Put(BlockId.Input(block), TaskBinary.Serialize(records, context));

    public Array? Fetch(string location, long block, CancellationToken cancellationToken)
    {
        if (location == Location)
        {
            // A copy another executor replicated here: kept as bytes only.
            return blocks.Get(BlockId.Input(block)) is { } stored ? TaskBinary.Deserialize(stored.ReadAll().Span, context) as Array : null;
        }
        if (ParsePeer(location) is not { } peer)
        {
            return null;
        }
        try
        {
            // A task thread, never Akka's: blocking on the fetch is what a task reading its input does.
            using var fetched = client.FetchAsync(peer, BlockId.Input(block), cancellationToken: cancellationToken).GetAwaiter().GetResult();
            return TaskBinary.Deserialize(fetched.Memory.Span, context) as Array;
        }
        catch (Exception error) when (error is BlockNotFoundException or BlockFetchFailedException)
        {
            // Lost with its executor, or removed: the caller tries the next copy.
            return null;
        }
    }

    public bool Replicate(long block, string location, CancellationToken cancellationToken)
    {
        if (location == Location || ParsePeer(location) is not { } peer || blocks.Get(BlockId.Input(block)) is not { } stored)
        {
            return false;
        }
        try
        {
            client.PutAsync(peer, BlockId.Input(block), stored.ReadAll(), cancellationToken).GetAwaiter().GetResult();
            return true;
        }
        catch (BlockFetchFailedException)
        {
            return false;
        }
    }

    public void Remove(IReadOnlyList<long> blocksToRemove)
    {
        foreach (var block in blocksToRemove)
        {
            blocks.Remove(BlockId.Input(block));
        }
    }

    private static BlockPeer? ParsePeer(string location)
    {
        var colon = location.LastIndexOf(':');
        return colon > 0 && int.TryParse(location.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535
            ? new BlockPeer(location[..colon], port)
            : null;
    }
}
