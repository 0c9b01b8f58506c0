using Ember.Partitioning;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.State;

namespace Ember.Streaming.DStreams;

/// <summary>
/// UpdateStateByKey (Spark's StateDStream): each batch, the previous state zipped partition by partition with the
/// batch's values (placed by the same partitioner, the only shuffle), and the update function called for every key
/// that has a state or new values. Materialized after each batch, cutting lineage. A whole-partition function may
/// return a key twice: as Spark's co-group, the next batch sees such a key once, with its first state.
/// </summary>
internal sealed class StateDStream<TKey, TValue, TState> : StatefulDStream<(TKey Key, TState Value)>
{
    private readonly DStream<(TKey Key, TValue Value)> parent;
    private readonly Func<Time, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Option<TState> State)>, IEnumerable<(TKey Key, TState State)>> update;
    private readonly IPartitioner partitioner;
    private readonly Rdd<(TKey Key, TState Value)>? initialState;
    private readonly bool keysMayRepeat;

    public StateDStream(
        DStream<(TKey Key, TValue Value)> parent,
        Func<Time, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Option<TState> State)>, IEnumerable<(TKey Key, TState State)>> update,
        IPartitioner partitioner,
        Rdd<(TKey Key, TState Value)>? initialState,
        bool keysMayRepeat)
        : base(parent.Context, "UpdateStateByKey", StateCheckpoint.DefaultInterval(parent.SlideDuration))
    {
        this.parent = parent;
        this.update = update;
        this.partitioner = partitioner;
        this.initialState = initialState;
        this.keysMayRepeat = keysMayRepeat;
    }

    public override TimeSpan SlideDuration => parent.SlideDuration;

    public override IReadOnlyList<DStream> Dependencies => [parent];

    public override string StateSignature => Signature(Operation, typeof(TKey), typeof(TState));

    private protected override Rdd<(TKey Key, TState Value)>? Compute(Time validTime)
    {
        var previous = PreviousState(validTime);
        // Only the batch's values are shuffled: the previous state is placed by the same partitioner already.
        var values = (parent.GetOrCompute(validTime) ?? Context.EmberContext.EmptyRdd<(TKey Key, TValue Value)>()).PartitionBy(partitioner);
        // A local, so the task carries the function and not this stream (which stays on the driver).
        var update = this.update;
        // Per-key functions return each key once, so only a whole-partition function pays for the check (O(all keys)).
        Func<IEnumerable<(TKey Key, TState Value)>, IEnumerable<(TKey Key, TState Value)>> distinct = keysMayRepeat ? KeyedUpdates.FirstPerKey : states => states;
        return previous.ZipPartitions<(TKey Key, TValue Value), (TKey Key, TState Value)>(values,
            (states, batch) => update(validTime, KeyedUpdates.Of(distinct(states), batch)), preservesPartitioning: true);
    }

    private protected override Rdd<(TKey Key, TState Value)> InitialState(Time time) =>
        (initialState ?? Context.EmberContext.Parallelize(Array.Empty<(TKey Key, TState Value)>(), 1)).PartitionBy(partitioner)
            .MapPartitions(KeyedUpdates.FirstPerKey, preservesPartitioning: true);

    private protected override Task<IReadOnlyList<PartEntry>> WriteStateAsync(Rdd<(TKey Key, TState Value)> state, StateFiles writer, CancellationToken cancellationToken) =>
        CheckpointedRdd<(TKey Key, TState Value)>.WriteAsync(state, writer, pairs => pairs.ToArray(), cancellationToken);

    private protected override Rdd<(TKey Key, TState Value)> ReadState(StateFiles reader) =>
        CheckpointedRdd<(TKey Key, TState Value)>.Partitioned<TKey, TState>(Context.EmberContext, reader, partitioner);
}
