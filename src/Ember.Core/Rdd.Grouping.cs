using Ember.Partitioning;
using Ember.Rdds;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>Each record paired with the key <paramref name="keySelector"/> gives it: <c>(key, record)</c>. Narrow, no shuffle.</summary>
    public Rdd<(TKey Key, T Value)> KeyBy<TKey>(Func<T, TKey> keySelector)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        return new MapPartitionsRdd<T, (TKey Key, T Value)>(this, (_, items) => items.Select(item => (keySelector(item), item)), false, "KeyBy");
    }

    /// <summary>
    /// The records grouped by the key <paramref name="keySelector"/> gives them, each group in one list (in no
    /// particular order). Shuffles every record, with no map-side combine, as <c>GroupByKey</c> (give at most one of
    /// <paramref name="partitions"/> and <paramref name="partitioner"/>): to aggregate, prefer <c>KeyBy</c> then
    /// <c>ReduceByKey</c> or <c>AggregateByKey</c>.
    /// </summary>
    public Rdd<(TKey Key, IReadOnlyList<T> Value)> GroupBy<TKey>(Func<T, TKey> keySelector, int? partitions = null, IPartitioner? partitioner = null) =>
        KeyBy(keySelector).GroupByKey(partitions, partitioner);
}
