namespace Ember.Cluster.Blocks;

/// <summary>The peer answered, but does not hold the block (never written, removed, or its process restarted).</summary>
internal sealed class BlockNotFoundException(BlockPeer peer, BlockId blockId, Exception? innerException = null)
    : BlockFetchFailedException(peer, blockId, $"Block {blockId} is not stored at {peer}.", innerException);
