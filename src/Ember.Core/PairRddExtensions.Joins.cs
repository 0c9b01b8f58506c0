using Ember.Partitioning;
using Ember.Rdds;

namespace Ember;

public static partial class PairRddExtensions
{
    /// <summary>
    /// For every key in either RDD, the list of its values in each. Shuffles each side that is not already partitioned
    /// by the target partitioner (default: as <see cref="ReduceByKey{TKey, TValue}"/>).
    /// </summary>
    public static Rdd<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther> Right) Value)> CoGroup<TKey, TValue, TOther>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(other);
        return new CoGroupedRdd<TKey, TValue, TOther>(rdd, other, ResolvePartitioner(partitions, partitioner, rdd, other));
    }

    /// <summary>Every pair of values with equal keys (inner join). Shuffles as <see cref="CoGroup{TKey, TValue, TOther}"/>.</summary>
    public static Rdd<(TKey Key, (TValue Left, TOther Right) Value)> Join<TKey, TValue, TOther>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        rdd.CoGroup(other, partitions, partitioner).FlatMapValues(groups =>
            from left in groups.Left
            from right in groups.Right
            select (left, right));

    /// <summary>
    /// Every value of this RDD with each matching value of <paramref name="other"/>, or <see cref="Option{T}.None"/>
    /// when the key has none there. Shuffles as <see cref="CoGroup{TKey, TValue, TOther}"/>.
    /// </summary>
    public static Rdd<(TKey Key, (TValue Left, Option<TOther> Right) Value)> LeftOuterJoin<TKey, TValue, TOther>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        rdd.CoGroup(other, partitions, partitioner).FlatMapValues(groups =>
            from left in groups.Left
            from right in Optional(groups.Right)
            select (left, right));

    /// <summary>
    /// Every value of <paramref name="other"/> with each matching value of this RDD, or <see cref="Option{T}.None"/>
    /// when the key has none here. Shuffles as <see cref="CoGroup{TKey, TValue, TOther}"/>.
    /// </summary>
    public static Rdd<(TKey Key, (Option<TValue> Left, TOther Right) Value)> RightOuterJoin<TKey, TValue, TOther>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        rdd.CoGroup(other, partitions, partitioner).FlatMapValues(groups =>
            from left in Optional(groups.Left)
            from right in groups.Right
            select (left, right));

    /// <summary>
    /// Every key of either RDD with each pair of its values, <see cref="Option{T}.None"/> standing for a side that has
    /// no value for the key. Shuffles as <see cref="CoGroup{TKey, TValue, TOther}"/>.
    /// </summary>
    public static Rdd<(TKey Key, (Option<TValue> Left, Option<TOther> Right) Value)> FullOuterJoin<TKey, TValue, TOther>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        rdd.CoGroup(other, partitions, partitioner).FlatMapValues(groups =>
            from left in Optional(groups.Left)
            from right in Optional(groups.Right)
            select (left, right));

    /// <summary>
    /// The records whose key does not occur in <paramref name="other"/>. Shuffles as
    /// <see cref="CoGroup{TKey, TValue, TOther}"/>, into as many partitions as this RDD by default.
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> SubtractByKey<TKey, TValue, TOther>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var target = partitions is null && partitioner is null
            ? rdd.Partitioner ?? new HashPartitioner(Math.Max(1, rdd.Partitions.Count))
            : ResolvePartitioner(partitions, partitioner, rdd);
        return rdd.CoGroup(other, partitioner: target).FlatMapValues(groups => groups.Right.Count == 0 ? groups.Left : []);
    }

    private static IEnumerable<Option<T>> Optional<T>(IReadOnlyList<T> values) =>
        values.Count == 0 ? [Option<T>.None] : values.Select(Option<T>.Some);
}
