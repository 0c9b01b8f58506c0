namespace Ember.Shuffle;

/// <summary>
/// Where map tasks put their output: one bucket of records per reduce partition. In local mode buckets stay
/// objects in memory; a network implementation serializes them and serves them to other processes.
/// </summary>
internal interface IShuffleStore
{
    /// <summary>Publishes the complete output of map task <paramref name="mapId"/>. A retried attempt replaces an earlier one.</summary>
    void CommitMapOutput<TRecord>(int shuffleId, int mapId, IReadOnlyList<TRecord>[] buckets);

    /// <summary>The map tasks of <paramref name="shuffleId"/> (out of <paramref name="mapCount"/>) whose output is not available.</summary>
    IReadOnlyList<int> MissingMapOutputs(int shuffleId, int mapCount);

    /// <summary>Forgets every output of <paramref name="shuffleId"/>.</summary>
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
