using System.Collections.Concurrent;

namespace Ember.Storage;

/// <summary>
/// Blocks of records an input (a receiver) handed to the engine, by source and block id (Spark's stream blocks in
/// the block manager): put on the driver when a batch takes them, read by the tasks of that batch, removed when the
/// batch is forgotten. Tasks find a block by its ids alone, so the batch's RDD holds no reference to the input.
/// </summary>
internal sealed class InputBlockStore
{
    private readonly ConcurrentDictionary<(string Source, long Block), Array> blocks = new();

    public int Count => blocks.Count;

    public void Put<T>(string source, long block, T[] records) => blocks[(source, block)] = records;

    /// <summary>The records of a block, or null when the store does not hold it.</summary>
    public T[]? TryGet<T>(string source, long block) => blocks.TryGetValue((source, block), out var records) ? (T[])records : null;

    public void Remove(string source, long block) => blocks.TryRemove((source, block), out _);
}
