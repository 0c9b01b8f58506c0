namespace Ember.Cluster.Blocks;

/// <summary>
/// A block could not be fetched from <see cref="Peer"/>: the peer is unreachable, died during the transfer, or (as
/// <see cref="BlockNotFoundException"/>) no longer holds the block. Carries the peer so the scheduler can tell which
/// executor lost its output.
/// </summary>
internal class BlockFetchFailedException : Exception
{
    public BlockFetchFailedException(BlockPeer peer, BlockId blockId, Exception? innerException)
        : this(peer, blockId, $"Fetching block {blockId} from {peer} failed: {innerException?.Message ?? "no reason given"}", innerException)
    {
    }

    protected BlockFetchFailedException(BlockPeer peer, BlockId blockId, string message, Exception? innerException)
        : base(message, innerException)
    {
        Peer = peer;
        BlockId = blockId;
    }

    /// <summary>The block service that was asked.</summary>
    public BlockPeer Peer { get; }

    /// <summary>The block that was asked for.</summary>
    public BlockId BlockId { get; }
}
