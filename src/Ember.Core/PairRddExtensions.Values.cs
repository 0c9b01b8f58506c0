using Ember.Rdds;

namespace Ember;

/// <summary>
/// Operations on key-value RDDs (<c>Rdd&lt;(TKey Key, TValue Value)&gt;</c>), Spark's PairRDDFunctions. Keys may be
/// <c>null</c>; they are placed by <see cref="Partitioning.StableHash"/>, identical in every process.
/// </summary>
public static partial class PairRddExtensions
{
    /// <summary>Applies <paramref name="selector"/> to every value, keeping keys. Narrow, no shuffle; keeps the partitioner.</summary>
    public static Rdd<(TKey Key, TResult Value)> MapValues<TKey, TValue, TResult>(this Rdd<(TKey Key, TValue Value)> rdd, Func<TValue, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(selector);
        return new MapPartitionsRdd<(TKey Key, TValue Value), (TKey, TResult)>(rdd,
            (_, items) => items.Select(pair => (pair.Key, selector(pair.Value))), true, "MapValues");
    }

    /// <summary>Replaces every value by the values <paramref name="selector"/> returns, each with the same key. Narrow; keeps the partitioner.</summary>
    public static Rdd<(TKey Key, TResult Value)> FlatMapValues<TKey, TValue, TResult>(this Rdd<(TKey Key, TValue Value)> rdd, Func<TValue, IEnumerable<TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(selector);
        return new MapPartitionsRdd<(TKey Key, TValue Value), (TKey, TResult)>(rdd,
            (_, items) => items.SelectMany(pair => selector(pair.Value).Select(value => (pair.Key, value))), true, "FlatMapValues");
    }

    /// <summary>The keys. Narrow, no shuffle.</summary>
    public static Rdd<TKey> Keys<TKey, TValue>(this Rdd<(TKey Key, TValue Value)> rdd)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        return new MapPartitionsRdd<(TKey Key, TValue Value), TKey>(rdd, (_, items) => items.Select(pair => pair.Key), false, "Keys");
    }

    /// <summary>The values. Narrow, no shuffle.</summary>
    public static Rdd<TValue> Values<TKey, TValue>(this Rdd<(TKey Key, TValue Value)> rdd)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        return new MapPartitionsRdd<(TKey Key, TValue Value), TValue>(rdd, (_, items) => items.Select(pair => pair.Value), false, "Values");
    }
}
