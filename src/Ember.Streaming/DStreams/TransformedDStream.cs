namespace Ember.Streaming.DStreams;

/// <summary>
/// Every per-batch operator (Map, Filter, ReduceByKey, Transform, ...): the parent's RDD of a batch, transformed by
/// an RDD function on the driver. Spark has one class per operator; each would differ only in this function.
/// </summary>
internal sealed class TransformedDStream<TSource, TResult>(DStream<TSource> parent, Func<Rdd<TSource>, Time, Rdd<TResult>> transform, string operation)
    : DStream<TResult>(parent.Context, operation)
{
    public override TimeSpan SlideDuration => parent.SlideDuration;

    public override IReadOnlyList<DStream> Dependencies => [parent];

    /// <summary>For a view of a stateful stream (ReduceByWindow's values): the stream WithName and Checkpoint configure.</summary>
    internal DStream? ViewOf { get; init; }

    internal override DStream ConfiguredStream => ViewOf ?? this;

    private protected override Rdd<TResult>? Compute(Time validTime) =>
        parent.GetOrCompute(validTime) is { } rdd ? transform(rdd, validTime) : null;
}
