using Ember.Partitioning;
using Ember.Streaming.DStreams;

namespace Ember.Streaming;

public static partial class PairDStreamExtensions
{
    /// <summary>Per batch, every key of either stream with its values in each. Shuffles; the streams must have the same slide.</summary>
    public static DStream<(TKey Key, (IReadOnlyList<TValue> Left, IReadOnlyList<TOther> Right) Value)> CoGroup<TKey, TValue, TOther>(
        this DStream<(TKey Key, TValue Value)> stream, DStream<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        Joined(stream, other, partitions, partitioner, (left, right, target) => left.CoGroup(right, partitioner: target), "CoGroup");

    /// <summary>Per batch, every pair of values with equal keys (inner join). Shuffles; same slide required.</summary>
    public static DStream<(TKey Key, (TValue Left, TOther Right) Value)> Join<TKey, TValue, TOther>(
        this DStream<(TKey Key, TValue Value)> stream, DStream<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        Joined(stream, other, partitions, partitioner, (left, right, target) => left.Join(right, partitioner: target), "Join");

    /// <summary>Per batch, every value of this stream with each matching value of <paramref name="other"/>, or None. Shuffles.</summary>
    public static DStream<(TKey Key, (TValue Left, Option<TOther> Right) Value)> LeftOuterJoin<TKey, TValue, TOther>(
        this DStream<(TKey Key, TValue Value)> stream, DStream<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        Joined(stream, other, partitions, partitioner, (left, right, target) => left.LeftOuterJoin(right, partitioner: target), "LeftOuterJoin");

    /// <summary>Per batch, every value of <paramref name="other"/> with each matching value of this stream, or None. Shuffles.</summary>
    public static DStream<(TKey Key, (Option<TValue> Left, TOther Right) Value)> RightOuterJoin<TKey, TValue, TOther>(
        this DStream<(TKey Key, TValue Value)> stream, DStream<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        Joined(stream, other, partitions, partitioner, (left, right, target) => left.RightOuterJoin(right, partitioner: target), "RightOuterJoin");

    /// <summary>Per batch, every key of either stream with each pair of its values, None for a missing side. Shuffles.</summary>
    public static DStream<(TKey Key, (Option<TValue> Left, Option<TOther> Right) Value)> FullOuterJoin<TKey, TValue, TOther>(
        this DStream<(TKey Key, TValue Value)> stream, DStream<(TKey Key, TOther Value)> other, int? partitions = null, IPartitioner? partitioner = null) =>
        Joined(stream, other, partitions, partitioner, (left, right, target) => left.FullOuterJoin(right, partitioner: target), "FullOuterJoin");

    private static DStream<TResult> Joined<TKey, TValue, TOther, TResult>(
        DStream<(TKey Key, TValue Value)> stream,
        DStream<(TKey Key, TOther Value)> other,
        int? partitions,
        IPartitioner? partitioner,
        Func<Rdd<(TKey Key, TValue Value)>, Rdd<(TKey Key, TOther Value)>, IPartitioner, Rdd<TResult>> join,
        string operation)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(other);
        var target = Partitioner(stream.Context, partitions, partitioner);
        return new TransformedWithDStream<(TKey Key, TValue Value), (TKey Key, TOther Value), TResult>(
            stream, other, (left, right, _) => join(left, right, target), operation);
    }
}
