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

    /// <summary>
    /// For every key in any of the three RDDs, the list of its values in each (Spark's <c>cogroup(other1, other2)</c>).
    /// Shuffles each side that is not already partitioned by the target partitioner (default: chosen over all three
    /// RDDs as for <see cref="ReduceByKey{TKey, TValue}"/>), once each; the grouping itself runs in one stage. Every
    /// value of a key is held in memory at once.
    /// </summary>
    public static Rdd<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther1> Other1, IReadOnlyList<TOther2> Other2) Value)> CoGroup<TKey, TValue, TOther1, TOther2>(
        this Rdd<(TKey Key, TValue Value)> rdd,
        Rdd<(TKey Key, TOther1 Value)> other1,
        Rdd<(TKey Key, TOther2 Value)> other2,
        int? partitions = null,
        IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(other1);
        ArgumentNullException.ThrowIfNull(other2);
        return CoGroup(rdd, other1, other2, ResolvePartitioner(partitions, partitioner, rdd, other1, other2));
    }

    /// <summary>
    /// For every key in any of the four RDDs, the list of its values in each (Spark's
    /// <c>cogroup(other1, other2, other3)</c>). Shuffles as
    /// <see cref="CoGroup{TKey, TValue, TOther1, TOther2}(Rdd{ValueTuple{TKey, TValue}}, Rdd{ValueTuple{TKey, TOther1}}, Rdd{ValueTuple{TKey, TOther2}}, int?, IPartitioner?)"/>,
    /// with the default partitioner chosen over all four RDDs.
    /// </summary>
    public static Rdd<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther1> Other1, IReadOnlyList<TOther2> Other2, IReadOnlyList<TOther3> Other3) Value)>
        CoGroup<TKey, TValue, TOther1, TOther2, TOther3>(
            this Rdd<(TKey Key, TValue Value)> rdd,
            Rdd<(TKey Key, TOther1 Value)> other1,
            Rdd<(TKey Key, TOther2 Value)> other2,
            Rdd<(TKey Key, TOther3 Value)> other3,
            int? partitions = null,
            IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(other1);
        ArgumentNullException.ThrowIfNull(other2);
        ArgumentNullException.ThrowIfNull(other3);
        var target = ResolvePartitioner(partitions, partitioner, rdd, other1, other2, other3);
        return CoGroupWith(CoGroup(rdd, other1, other2, target), other3, target, ([], [], []))
            .MapValues((IReadOnlyList<TValue>, IReadOnlyList<TOther1>, IReadOnlyList<TOther2>, IReadOnlyList<TOther3>) (groups) =>
                (groups.Left.Left, groups.Left.Other1, groups.Left.Other2, groups.Right));
    }

    /// <summary>Spark's <c>groupWith</c>: the same as <see cref="CoGroup{TKey, TValue, TOther}"/>.</summary>
    public static Rdd<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther> Right) Value)> GroupWith<TKey, TValue, TOther>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther Value)> other) =>
        rdd.CoGroup(other);

    /// <summary>Spark's <c>groupWith(other1, other2)</c>: the same as the three-RDD <c>CoGroup</c>.</summary>
    public static Rdd<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther1> Other1, IReadOnlyList<TOther2> Other2) Value)> GroupWith<TKey, TValue, TOther1, TOther2>(
        this Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther1 Value)> other1, Rdd<(TKey Key, TOther2 Value)> other2) =>
        rdd.CoGroup(other1, other2);

    /// <summary>Spark's <c>groupWith(other1, other2, other3)</c>: the same as the four-RDD <c>CoGroup</c>.</summary>
    public static Rdd<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther1> Other1, IReadOnlyList<TOther2> Other2, IReadOnlyList<TOther3> Other3) Value)>
        GroupWith<TKey, TValue, TOther1, TOther2, TOther3>(
            this Rdd<(TKey Key, TValue Value)> rdd,
            Rdd<(TKey Key, TOther1 Value)> other1,
            Rdd<(TKey Key, TOther2 Value)> other2,
            Rdd<(TKey Key, TOther3 Value)> other3) =>
        rdd.CoGroup(other1, other2, other3);

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

    private static Rdd<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther1> Other1, IReadOnlyList<TOther2> Other2) Value)> CoGroup<TKey, TValue, TOther1, TOther2>(
        Rdd<(TKey Key, TValue Value)> rdd, Rdd<(TKey Key, TOther1 Value)> other1, Rdd<(TKey Key, TOther2 Value)> other2, IPartitioner target) =>
        CoGroupWith(new CoGroupedRdd<TKey, TValue, TOther1>(rdd, other1, target), other2, target, ([], []))
            .MapValues((IReadOnlyList<TValue>, IReadOnlyList<TOther1>, IReadOnlyList<TOther2>) (groups) => (groups.Left.Left, groups.Left.Right, groups.Right));

    /// <summary>
    /// Groups <paramref name="next"/> onto an RDD already cogrouped by <paramref name="target"/>: the grouped side is
    /// read narrowly and only <paramref name="next"/> is shuffled, so N RDDs cost N shuffles, as Spark's N-way
    /// CoGroupedRDD. A key that only <paramref name="next"/> holds gets <paramref name="none"/> for the earlier RDDs.
    /// </summary>
    private static Rdd<(TKey Key, (TGroups Left, IReadOnlyList<TNext> Right) Value)> CoGroupWith<TKey, TGroups, TNext>(
        Rdd<(TKey Key, TGroups Value)> grouped, Rdd<(TKey Key, TNext Value)> next, IPartitioner target, TGroups none) =>
        new CoGroupedRdd<TKey, TGroups, TNext>(grouped, next, target)
            .MapValues(groups => (groups.Left.Count == 0 ? none : groups.Left[0], groups.Right));

    private static IEnumerable<Option<T>> Optional<T>(IReadOnlyList<T> values) =>
        values.Count == 0 ? [Option<T>.None] : values.Select(Option<T>.Some);
}
