using Ember.Shuffle;

namespace Ember.Cluster;

/// <summary>
/// A driver on a cluster runs no tasks, so it neither writes nor reads shuffle blocks: reaching here means a task ran
/// on the driver, which is a bug, reported as such rather than as an empty shuffle.
/// </summary>
internal sealed class DriverShuffleSide : IShuffleStore, IShuffleReader
{
    public long[]? CommitMapOutput<TRecord>(int shuffleId, int mapId, IReadOnlyList<TRecord>[] buckets) =>
        throw new InvalidOperationException($"Map task {mapId} of shuffle {shuffleId} ran on the driver; on a cluster, tasks run on executors.");

    public void RemoveShuffle(int shuffleId)
    {
        // The driver holds no blocks; the tracker tells the executors.
    }

    public IEnumerable<TRecord> Read<TRecord>(int shuffleId, int reduceId, int mapCount) =>
        throw new InvalidOperationException($"Reduce partition {reduceId} of shuffle {shuffleId} was read on the driver; on a cluster, tasks run on executors.");
}
