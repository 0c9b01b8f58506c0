using Ember.Shuffle;

namespace Ember.Cluster.Blocks;

/// <summary>
/// A reducer could not fetch a map output's block (Spark's FetchFailed): the executor that wrote it is gone or no
/// longer holds it. The scheduler unregisters <see cref="ExecutorId"/>'s outputs and reruns the map stage.
/// </summary>
internal sealed class FetchFailedException(int shuffleId, int mapId, int reduceId, string executorId, BlockPeer peer, Exception innerException)
    : ShuffleOutputMissingException(
        shuffleId,
        mapId,
        $"Fetching the output of map task {mapId} of shuffle {shuffleId} (reduce partition {reduceId}) from executor {executorId} at {peer} failed: {innerException.Message}",
        innerException)
{
    /// <summary>The reduce partition being read.</summary>
    public int ReduceId { get; } = reduceId;

    /// <summary>The executor whose output could not be fetched.</summary>
    public string ExecutorId { get; } = executorId;

    /// <summary>That executor's block service.</summary>
    public BlockPeer Peer { get; } = peer;
}
