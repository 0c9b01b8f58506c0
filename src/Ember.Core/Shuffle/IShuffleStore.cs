namespace Ember.Shuffle;

/// <summary>
/// Where map tasks put their output, in the process they run in: one bucket of records per reduce partition. In
/// local mode buckets stay objects in memory; an executor's store serializes them and serves them to other processes.
/// </summary>
internal interface IShuffleStore
{
    /// <summary>
    /// Publishes the complete output of map task <paramref name="mapId"/>; a retried attempt replaces an earlier one.
    /// Returns the stored size of each bucket in bytes, or null when the buckets stay objects in this process.
    /// </summary>
    long[]? CommitMapOutput<TRecord>(int shuffleId, int mapId, IReadOnlyList<TRecord>[] buckets);

    /// <summary>Forgets every output of <paramref name="shuffleId"/> held here.</summary>
    void RemoveShuffle(int shuffleId);
}

/// <summary>Reads, on the reduce side, every map task's bucket for one reduce partition.</summary>
internal interface IShuffleReader
{
    /// <summary>
    /// The records of reduce partition <paramref name="reduceId"/>, map task by map task in order. Throws
    /// <see cref="ShuffleOutputMissingException"/> when a map output is gone, so the scheduler can recompute it.
    /// </summary>
    IEnumerable<TRecord> Read<TRecord>(int shuffleId, int reduceId, int mapCount);
}

/// <summary>
/// A reduce task found a map output missing (lost executor, removed shuffle): the map stage must run again. Not
/// sealed: the cluster backend's fetch failure adds the executor that lost the output.
/// </summary>
internal class ShuffleOutputMissingException(int shuffleId, int mapId, string? message = null, Exception? innerException = null)
    : Exception(message ?? $"Output of map task {mapId} of shuffle {shuffleId} is missing.", innerException)
{
    /// <summary>The shuffle whose output is missing.</summary>
    public int ShuffleId { get; } = shuffleId;

    /// <summary>The map task whose output is missing.</summary>
    public int MapId { get; } = mapId;
}
