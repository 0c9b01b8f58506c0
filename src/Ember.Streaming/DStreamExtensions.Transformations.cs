using Ember.Streaming.DStreams;

namespace Ember.Streaming;

/// <summary>
/// Operations on any <see cref="DStream{T}"/>, as Spark's DStream methods. Per-batch operators apply the RDD operation
/// of the same name to each batch's RDD: "shuffles" and "narrow" below refer to that RDD operation. None needs a
/// checkpoint unless it says so.
/// </summary>
public static partial class DStreamExtensions
{
    /// <summary>Applies <paramref name="selector"/> to every record. Narrow.</summary>
    public static DStream<TResult> Map<T, TResult>(this DStream<T> stream, Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Transformed(stream, rdd => rdd.Map(selector), "Map");
    }

    /// <summary>Replaces every record by the records <paramref name="selector"/> returns. Narrow.</summary>
    public static DStream<TResult> FlatMap<T, TResult>(this DStream<T> stream, Func<T, IEnumerable<TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Transformed(stream, rdd => rdd.FlatMap(selector), "FlatMap");
    }

    /// <summary>Keeps the records for which <paramref name="predicate"/> is true. Narrow.</summary>
    public static DStream<T> Filter<T>(this DStream<T> stream, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Transformed(stream, rdd => rdd.Filter(predicate), "Filter");
    }

    /// <summary>Transforms each partition of each batch as a whole. Narrow.</summary>
    public static DStream<TResult> MapPartitions<T, TResult>(this DStream<T> stream, Func<IEnumerable<T>, IEnumerable<TResult>> transform, bool preservesPartitioning = false)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return Transformed(stream, rdd => rdd.MapPartitions(transform, preservesPartitioning), "MapPartitions");
    }

    /// <summary>Each partition of each batch as one array. Narrow.</summary>
    public static DStream<T[]> Glom<T>(this DStream<T> stream) => Transformed(stream, rdd => rdd.Glom(), "Glom");

    /// <summary>Each batch redistributed evenly over <paramref name="partitions"/> partitions. Shuffles.</summary>
    public static DStream<T> Repartition<T>(this DStream<T> stream, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return Transformed(stream, rdd => rdd.Repartition(partitions), "Repartition");
    }

    /// <summary>The records of both streams, batch by batch. The streams must have the same slide duration. Narrow.</summary>
    public static DStream<T> Union<T>(this DStream<T> stream, DStream<T> other)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(other);
        return new UnionDStream<T>(stream.Context, [stream, other]);
    }

    /// <summary>One record per batch: its number of records, 0 for an empty batch. No shuffle (one final task sums).</summary>
    public static DStream<long> Count<T>(this DStream<T> stream)
    {
        // A batch without partitions counts 0: one RDD holding [0], made once and shared by such batches (RDDs never change).
        Rdd<long>? zero = null;
        return Transformed(stream, rdd => rdd.Partitions.Count == 0
            ? zero ??= rdd.Context.Parallelize((long[])[0], 1)
            : rdd.MapPartitions(items => (long[])[items.LongCount()])
                .Coalesce(1)
                .MapPartitions(counts => (long[])[counts.Sum()]), "Count");
    }

    /// <summary>
    /// One record per non-empty batch: its records combined by <paramref name="reducer"/> (associative and commutative);
    /// nothing for an empty batch. No shuffle (partitions reduce in parallel, one final task merges).
    /// </summary>
    public static DStream<T> Reduce<T>(this DStream<T> stream, Func<T, T, T> reducer)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return Transformed(stream, rdd => rdd.MapPartitions(items => ReduceAll(items, reducer)).Coalesce(1).MapPartitions(items => ReduceAll(items, reducer)), "Reduce");
    }

    /// <summary>Per batch, each distinct record with its number of occurrences. Shuffles.</summary>
    public static DStream<(T Key, long Value)> CountByValue<T>(this DStream<T> stream, int? partitions = null) =>
        stream.Map(item => (item, 1L)).ReduceByKey((a, b) => a + b, partitions);

    /// <summary>Replaces each batch's RDD by what <paramref name="transform"/> returns; it runs on the driver each batch and may use any RDD operation.</summary>
    public static DStream<TResult> Transform<T, TResult>(this DStream<T> stream, Func<Rdd<T>, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return Transformed(stream, transform, "Transform");
    }

    /// <summary>As <see cref="Transform{T, TResult}(DStream{T}, Func{Rdd{T}, Rdd{TResult}})"/>, also given the batch time.</summary>
    public static DStream<TResult> Transform<T, TResult>(this DStream<T> stream, Func<Rdd<T>, Time, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(transform);
        return new TransformedDStream<T, TResult>(stream, transform, "Transform");
    }

    /// <summary>Combines the two streams' RDDs of each batch with <paramref name="transform"/> (same slide duration required).</summary>
    public static DStream<TResult> TransformWith<T, TOther, TResult>(this DStream<T> stream, DStream<TOther> other, Func<Rdd<T>, Rdd<TOther>, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return stream.TransformWith(other, (left, right, _) => transform(left, right));
    }

    /// <summary>As <see cref="TransformWith{T, TOther, TResult}(DStream{T}, DStream{TOther}, Func{Rdd{T}, Rdd{TOther}, Rdd{TResult}})"/>, also given the batch time.</summary>
    public static DStream<TResult> TransformWith<T, TOther, TResult>(this DStream<T> stream, DStream<TOther> other, Func<Rdd<T>, Rdd<TOther>, Time, Rdd<TResult>> transform)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(transform);
        return new TransformedWithDStream<T, TOther, TResult>(stream, other, transform, "TransformWith");
    }

    /// <summary>
    /// Marks the stream for data checkpoints every <paramref name="interval"/>, a multiple of its slide duration
    /// (stateful streams default to the slide times ceil(10 s / slide)).
    /// </summary>
    public static DStream<T> Checkpoint<T>(this DStream<T> stream, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Durations.RequireMultiple(interval, "checkpoint interval", stream.SlideDuration, "slide duration");
        stream.Context.EnsureBuildable(nameof(Checkpoint));
        stream.CheckpointInterval = interval;
        stream.ConfiguredStream.CheckpointInterval = interval;
        return stream;
    }

    internal static DStream<TResult> Transformed<T, TResult>(DStream<T> stream, Func<Rdd<T>, Rdd<TResult>> transform, string operation)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new TransformedDStream<T, TResult>(stream, (rdd, _) => transform(rdd), operation);
    }

    private static IEnumerable<T> ReduceAll<T>(IEnumerable<T> items, Func<T, T, T> reducer)
    {
        using var enumerator = items.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            yield break;
        }
        var accumulator = enumerator.Current;
        while (enumerator.MoveNext())
        {
            accumulator = reducer(accumulator, enumerator.Current);
        }
        yield return accumulator;
    }
}
