using Ember.Partitioning;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.DStreams;

/// <summary>
/// ReduceByKeyAndWindow with an inverse function (Spark's ReducedWindowedDStream): each window is the previous
/// window, minus the batches that left (<c>inverse</c>), plus the batches that entered (<c>reduce</c>). Every input is
/// partitioned by one partitioner, so the merge (<see cref="ReducedWindowRdd{TKey,TValue}"/>) reads partition i of each
/// and shuffles nothing; each batch is reduced once, kept for the window's length and read twice (entering, leaving);
/// the window's RDD is materialized after each batch so the chain of windows never grows.
/// </summary>
internal sealed class ReducedWindowedDStream<TKey, TValue> : StatefulDStream<(TKey Key, TValue Value)>
{
    private readonly DStream<(TKey Key, TValue Value)> reduced;
    private readonly TimeSpan parentSlide;
    private readonly TimeSpan window;
    private readonly TimeSpan slide;
    private readonly Func<TValue, TValue, TValue> reducer;
    private readonly Func<TValue, TValue, TValue> inverse;
    private readonly Func<(TKey Key, TValue Value), bool>? filter;
    private readonly IPartitioner partitioner;

    public ReducedWindowedDStream(
        DStream<(TKey Key, TValue Value)> parent,
        Func<TValue, TValue, TValue> reducer,
        Func<TValue, TValue, TValue> inverse,
        Func<(TKey Key, TValue Value), bool>? filter,
        TimeSpan window,
        TimeSpan slide,
        IPartitioner partitioner) : base(parent.Context, "ReduceByKeyAndWindow", StateCheckpoint.DefaultInterval(slide))
    {
        Durations.RequireMultiple(window, "window duration", parent.SlideDuration, "parent's slide duration");
        Durations.RequireMultiple(slide, "slide duration", parent.SlideDuration, "parent's slide duration");
        parentSlide = parent.SlideDuration;
        this.window = window;
        this.slide = slide;
        this.reducer = reducer;
        this.inverse = inverse;
        this.filter = filter;
        this.partitioner = partitioner;
        reduced = DStreamExtensions.Transformed(parent, rdd => rdd.ReduceByKey(reducer, partitioner: partitioner), "ReduceByKey");
        reduced.Persist();
    }

    public override TimeSpan SlideDuration => slide;

    public override IReadOnlyList<DStream> Dependencies => [reduced];

    private protected override TimeSpan ParentRememberExtra => window;

    public override string StateSignature => Signature(Operation, typeof(TKey), typeof(TValue));

    private protected override Task<IReadOnlyList<PartEntry>> WriteStateAsync(Rdd<(TKey Key, TValue Value)> state, StateFiles writer, CancellationToken cancellationToken) =>
        CheckpointedRdd<(TKey Key, TValue Value)>.WriteAsync(state, writer, pairs => pairs.ToArray(), cancellationToken);

    private protected override Rdd<(TKey Key, TValue Value)> ReadState(StateFiles reader) =>
        CheckpointedRdd<(TKey Key, TValue Value)>.Partitioned<TKey, TValue>(Context.EmberContext, reader, partitioner);

    private protected override Rdd<(TKey Key, TValue Value)>? Compute(Time validTime)
    {
        var currentBegin = validTime - window + parentSlide;
        var previousBegin = currentBegin - slide;
        var previousEnd = validTime - slide;
        // With a slide longer than the window, batches between two windows belong to neither: clamping keeps them
        // out of both the batches that left and those that entered.
        var left = reduced.Slice(previousBegin, Min(currentBegin - parentSlide, previousEnd));
        var entered = reduced.Slice(Max(previousEnd + parentSlide, currentBegin), validTime);
        return new ReducedWindowRdd<TKey, TValue>(PreviousState(validTime), left, entered, reducer, inverse, filter, partitioner);
    }

    private static Time Min(Time a, Time b) => a < b ? a : b;

    private static Time Max(Time a, Time b) => a > b ? a : b;

    private protected override Rdd<(TKey Key, TValue Value)> InitialState(Time time) => Empty();

    private Rdd<(TKey Key, TValue Value)> Empty() =>
        Context.EmberContext.Parallelize(Array.Empty<(TKey Key, TValue Value)>(), 1).PartitionBy(partitioner);
}
