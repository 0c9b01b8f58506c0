namespace Ember.Cluster.Blocks;

/// <summary>
/// Where one map task's output lives and how big each of its blocks is (Spark's MapStatus): what the driver tells
/// a reducer, so it can fetch from the right executor, skip empty blocks and reserve bytes before fetching.
/// </summary>
/// <param name="ExecutorId">The executor that wrote the output and serves it.</param>
/// <param name="Peer">That executor's block service.</param>
/// <param name="BlockSizes">The stored size in bytes of the block for each reduce partition; 0 for an empty bucket, which is not stored.</param>
internal sealed record MapStatus(string ExecutorId, BlockPeer Peer, IReadOnlyList<long> BlockSizes);
