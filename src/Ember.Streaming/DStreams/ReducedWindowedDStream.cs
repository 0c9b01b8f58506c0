using Ember.Partitioning;
using Ember.Shuffle;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.DStreams;

/// <summary>
/// ReduceByKeyAndWindow with an inverse function (Spark's ReducedWindowedDStream): each window is the previous
/// window, minus the batches that left (<c>inverse</c>), plus the batches that entered (<c>reduce</c>). Every input is
/// partitioned by one partitioner, so the merge is a narrow zip of partitions; the window's RDD is materialized after
/// each batch so the chain of windows never grows.
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
        var left = reduced.Slice(previousBegin, Min(currentBegin - parentSlide, previousEnd)).Select(rdd => rdd.MapValues(value => (Entered: false, Value: value)));
        var entered = reduced.Slice(Max(previousEnd + parentSlide, currentBegin), validTime).Select(rdd => rdd.MapValues(value => (Entered: true, Value: value)));
        // The empty RDD keeps the union partitioned when no batch left or entered; it costs a shuffle stage, so only then.
        Rdd<(TKey Key, (bool Entered, TValue Value) Value)>[] changed = [.. left, .. entered];
        var changes = Context.EmberContext.Union(changed.Length > 0 ? changed : [Empty<(bool Entered, TValue Value)>()]);
        var previous = PreviousState(validTime);
        // Locals, so the task carries the functions and not this stream (which stays on the driver).
        var (reducer, inverse) = (this.reducer, this.inverse);
        var merged = previous.ZipPartitions(changes, (state, batch) => Merge(state, batch, reducer, inverse), preservesPartitioning: true);
        return filter is null ? merged : merged.Filter(filter);
    }

    private static Time Min(Time a, Time b) => a < b ? a : b;

    private static Time Max(Time a, Time b) => a > b ? a : b;

    private protected override Rdd<(TKey Key, TValue Value)> InitialState(Time time) => Empty<TValue>();

    private Rdd<(TKey Key, TV Value)> Empty<TV>() =>
        Context.EmberContext.Parallelize(Array.Empty<(TKey Key, TV Value)>(), 1).PartitionBy(partitioner);

    private static IEnumerable<(TKey Key, TValue Value)> Merge(
        IEnumerable<(TKey Key, TValue Value)> previous,
        IEnumerable<(TKey Key, (bool Entered, TValue Value) Value)> changes,
        Func<TValue, TValue, TValue> reducer,
        Func<TValue, TValue, TValue> inverse)
    {
        // Pooled: about as many keys change every batch, so the map's grown tables serve the next batch.
        var byKey = KeyedMapPool<TKey, Change>.Rent();
        try
        {
            foreach (var (key, (entered, value)) in changes)
            {
                ref var change = ref byKey.GetOrAddSlot(key, out _);
                if (entered)
                {
                    change.Entered = change.Entered.HasValue ? Option.Some(reducer(change.Entered.Value, value)) : Option.Some(value);
                }
                else
                {
                    change.Left = change.Left.HasValue ? Option.Some(reducer(change.Left.Value, value)) : Option.Some(value);
                }
            }
            foreach (var (key, value) in previous)
            {
                if (!byKey.ContainsKey(key))
                {
                    yield return (key, value);
                    continue;
                }
                ref var change = ref byKey.GetOrAddSlot(key, out _);
                var current = change.Left.HasValue ? inverse(value, change.Left.Value) : value;
                change.Applied = true;
                yield return (key, change.Entered.HasValue ? reducer(current, change.Entered.Value) : current);
            }
            foreach (var (key, change) in byKey.Where(pair => !pair.Value.Applied))
            {
                if (!change.Entered.HasValue)
                {
                    throw new InvalidOperationException(
                        $"Key '{key}' has values leaving the window but no value in the previous window and no new value: the filter function dropped a key " +
                        "that still had values in the window, or the key's Equals/GetHashCode are not consistent.");
                }
                yield return (key, change.Entered.Value);
            }
        }
        finally
        {
            KeyedMapPool<TKey, Change>.Return(byKey);
        }
    }

    private struct Change
    {
        public Option<TValue> Left;
        public Option<TValue> Entered;
        public bool Applied;
    }
}
