using Ember.Serialization;
using Ember.Shuffle;

namespace Ember.Cluster.Blocks;

/// <summary>
/// The map side of a shuffle on a cluster: each bucket of a map task's output is serialized (and LZ4-compressed,
/// as Spark's <c>spark.shuffle.compress</c>, on by default) into block (shuffle, map, reduce) of this process's
/// <see cref="LocalBlockStore"/>, where reducers fetch it through the block service.
/// </summary>
internal sealed class NetworkShuffleWriter(LocalBlockStore store, ISerializer serializer, bool compress = true) : IShuffleStore
{
    /// <summary>
    /// Stores every non-empty bucket of map task <paramref name="mapId"/> and returns the stored size of each reduce
    /// partition's block (0 for an empty bucket: nothing is stored), for the task's <see cref="MapStatus"/>.
    /// A retried attempt replaces the earlier attempt's blocks.
    /// </summary>
    public long[] Write<TRecord>(int shuffleId, int mapId, IReadOnlyList<TRecord>[] buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var sizes = new long[buckets.Length];
        for (var reduce = 0; reduce < buckets.Length; reduce++)
        {
            var id = BlockId.Shuffle(shuffleId, mapId, reduce);
            if (buckets[reduce].Count == 0)
            {
                store.Remove(id); // an earlier attempt may have stored records there
                continue;
            }
            var block = ShuffleBlockFormat.Encode(serializer, buckets[reduce], compress);
            store.Put(id, block);
            sizes[reduce] = block.Length;
        }
        return sizes;
    }

    /// <inheritdoc />
    public long[]? CommitMapOutput<TRecord>(int shuffleId, int mapId, IReadOnlyList<TRecord>[] buckets) =>
        Write(shuffleId, mapId, buckets);

    /// <inheritdoc />
    public void RemoveShuffle(int shuffleId) => store.RemoveShuffle(shuffleId);
}
