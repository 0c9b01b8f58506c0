using Ember.Shuffle;

namespace Ember;

public static partial class PairRddExtensions
{
    /// <summary>
    /// The records as a dictionary on the caller; of several records with one key, the last in partition order wins
    /// (the null key included). Runs one job, as <c>Collect</c>: every record reaches the caller.
    /// </summary>
    public static async Task<IReadOnlyDictionary<TKey, TValue>> CollectAsMapAsync<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var records = await rdd.CollectAsync(cancellationToken).ConfigureAwait(false);
        var map = new KeyedMap<TKey, TValue>(capacity: records.Count);
        foreach (var (key, value) in records)
        {
            map.GetOrAddSlot(key, out _) = value;
        }
        return map;
    }

    /// <inheritdoc cref="CollectAsMapAsync"/>
    public static IReadOnlyDictionary<TKey, TValue> CollectAsMap<TKey, TValue>(this Rdd<(TKey Key, TValue Value)> rdd) =>
        rdd.CollectAsMapAsync().ConfigureAwait(false).GetAwaiter().GetResult();

    /// <summary>
    /// Every value of <paramref name="key"/> (null included), in partition order. When the RDD has a partitioner,
    /// one task scans the one partition that can hold the key; otherwise a job scans every partition. Keys are
    /// compared with <see cref="EqualityComparer{T}.Default"/>.
    /// </summary>
    public static async Task<IReadOnlyList<TValue>> LookupAsync<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var equality = EqualityComparer<TKey>.Default;
        Func<TaskContext, IEnumerable<(TKey Key, TValue Value)>, TValue[]> matches = (_, items) =>
            [.. items.Where(pair => equality.Equals(pair.Key, key)).Select(pair => pair.Value)];
        IReadOnlyList<int>? partitions = rdd.Partitioner is { } partitioner ? [partitioner.GetPartition(key)] : null;
        var parts = await rdd.Context.RunActionAsync("Lookup", rdd, matches, partitions, cancellationToken).ConfigureAwait(false);
        return [.. parts.SelectMany(part => part)];
    }

    /// <inheritdoc cref="LookupAsync"/>
    public static IReadOnlyList<TValue> Lookup<TKey, TValue>(this Rdd<(TKey Key, TValue Value)> rdd, TKey key) =>
        rdd.LookupAsync(key).ConfigureAwait(false).GetAwaiter().GetResult();
}
