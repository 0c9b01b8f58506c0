namespace Ember.Streaming.DStreams;

/// <summary>
/// Every per-batch operator (Map, Filter, ReduceByKey, Transform, ...): the parent's RDD of a batch, transformed by
/// an RDD function on the driver. Spark has one class per operator; each would differ only in this function.
/// </summary>
internal sealed class TransformedDStream<TSource, TResult>(DStream<TSource> parent, Func<Rdd<TSource>, Time, Rdd<TResult>> transform, string operation)
    : DStream<TResult>(parent.Context, operation)
{
    public override TimeSpan SlideDuration => parent.SlideDuration;

    public override IReadOnlyList<DStream> Dependencies { get; } = [parent];

    /// <summary>For a view of a stateful stream (ReduceByWindow's values): the stream WithName and Checkpoint configure.</summary>
    internal DStream? ViewOf { get; init; }

    internal override DStream ConfiguredStream => ViewOf ?? this;

    private protected override Rdd<TResult>? Compute(Time validTime) =>
        parent.GetOrCompute(validTime) is { } rdd ? TransformedDStream.NotNull(transform(rdd, validTime)) : null;
}

/// <summary>What every transformed stream checks of a user's RDD function.</summary>
internal static class TransformedDStream
{
    /// <summary>
    /// Fails with Spark's message when a transform function returned null: a null would otherwise read as "no RDD for
    /// this batch", and the batch's outputs would be skipped without a word.
    /// </summary>
    public static Rdd<T> NotNull<T>(Rdd<T>? result) => result ?? throw new InvalidOperationException(
        "Transform function must not return null. Return EmberContext.EmptyRdd<T>() instead to represent no element as the result of transformation.");
}
