using System.Collections.Concurrent;

namespace Ember.Storage;

/// <summary>
/// Blocks of records an input (a receiver) handed to the engine, by source and block id (Spark's stream blocks in
/// the block manager): put on the driver when a batch takes them, read by the tasks of that batch, removed when the
/// batch is forgotten. Tasks find a block by its ids alone, so the batch's RDD holds no reference to the input.
/// </summary>
/// <remarks>
/// Shared blocks (<see cref="PutShared{T}"/>) are those an input running on an executor stores there: numbered by the
/// input uniquely across processes, served to other processes through <see cref="Network"/> and read by a task
/// wherever it runs (<see cref="TryGetShared{T}"/>), from this process or from a location the block was reported at.
/// </remarks>
internal sealed class InputBlockStore
{
    private readonly ConcurrentDictionary<(string Source, long Block), Array> blocks = new();
    private readonly ConcurrentDictionary<long, Array> shared = new();

    public int Count => blocks.Count + shared.Count;

    /// <summary>In an executor's process, how shared blocks reach other processes; null on the driver and in local mode.</summary>
    public IInputBlockNetwork? Network { get; set; }

    /// <summary>Where this process serves its shared blocks (its block service's address); null without a <see cref="Network"/>.</summary>
    public string? Location => Network?.Location;

    public void Put<T>(string source, long block, T[] records) => blocks[(source, block)] = records;

    /// <summary>The records of a block, or null when the store does not hold it.</summary>
    public T[]? TryGet<T>(string source, long block) => blocks.TryGetValue((source, block), out var records) ? (T[])records : null;

    public void Remove(string source, long block) => blocks.TryRemove((source, block), out _);

    /// <summary>Keeps <paramref name="records"/> under the process-wide unique <paramref name="block"/> and serves them to other processes.</summary>
    public void PutShared<T>(long block, T[] records)
    {
        shared[block] = records;
        Network?.Publish(block, records);
    }

    /// <summary>
    /// The records of a shared block: this process's copy, else the first of <paramref name="locations"/> that still
    /// serves it; null when none does (every copy was lost with its process, or removed).
    /// </summary>
    public T[]? TryGetShared<T>(long block, IReadOnlyList<string> locations, CancellationToken cancellationToken = default)
    {
        if (shared.TryGetValue(block, out var records))
        {
            return (T[])records;
        }
        if (Network is not { } network)
        {
            return null;
        }
        // This process's own location first: a replicated copy kept here is read without the network.
        foreach (var location in locations.OrderBy(location => location == network.Location ? 0 : 1))
        {
            if (network.Fetch(location, block, cancellationToken) is T[] fetched)
            {
                return fetched;
            }
        }
        return null;
    }

    /// <summary>
    /// Copies a shared block this process holds to the first of <paramref name="candidates"/> (other processes) that
    /// takes it, and returns where it went; null when none did (or without a network).
    /// </summary>
    public string? Replicate(long block, IEnumerable<string> candidates, CancellationToken cancellationToken = default)
    {
        if (Network is not { } network)
        {
            return null;
        }
        foreach (var candidate in candidates)
        {
            if (candidate != network.Location && network.Replicate(block, candidate, cancellationToken))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Drops this process's copies of shared blocks; unknown ones are ignored.</summary>
    public void RemoveShared(IReadOnlyList<long> blocksToRemove)
    {
        foreach (var block in blocksToRemove)
        {
            shared.TryRemove(block, out _);
        }
        Network?.Remove(blocksToRemove);
    }
}

/// <summary>Tells an executor's processes to drop shared input blocks (a batch that read them was forgotten).</summary>
internal sealed record InputBlocksRemoved(long[] Blocks);

/// <summary>
/// How an executor serves its shared input blocks and fetches other executors' (the cluster's block service): the
/// cluster installs one in each executor's context.
/// </summary>
internal interface IInputBlockNetwork
{
    /// <summary>This process's address, as other processes fetch from it.</summary>
    string Location { get; }

    /// <summary>Makes a block's records fetchable by other processes.</summary>
    void Publish(long block, Array records);

    /// <summary>
    /// The block's records as <paramref name="location"/> serves them (this process's own location included: a copy
    /// replicated here), or null when it does not (or is gone).
    /// </summary>
    Array? Fetch(string location, long block, CancellationToken cancellationToken);

    /// <summary>Copies a block this process serves to <paramref name="location"/>; false when that process cannot take it.</summary>
    bool Replicate(long block, string location, CancellationToken cancellationToken);

    /// <summary>Stops serving the blocks.</summary>
    void Remove(IReadOnlyList<long> blocks);
}
