using Ember.Partitioning;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.State;

namespace Ember.Streaming.DStreams;

/// <summary>One partition of MapWithState: its keys' states (with the time each was last updated) and what the batch emitted.</summary>
internal sealed record MapWithStateRecord<TKey, TState, TMapped>(StateMap<TKey, TState> States, IReadOnlyList<TMapped> Mapped);

/// <summary>
/// The state behind MapWithState (Spark's InternalMapWithStateDStream): one record per partition holding that
/// partition's states, zipped each batch with the batch's values partitioned the same way. Only keys with records
/// (and keys timing out) call the function. Materialized after each batch, cutting lineage.
/// </summary>
internal sealed class MapWithStateRecordsDStream<TKey, TValue, TState, TMapped> : StatefulDStream<MapWithStateRecord<TKey, TState, TMapped>>
{
    private readonly DStream<(TKey Key, TValue Value)> parent;
    private readonly StateSpec<TKey, TValue, TState, TMapped> spec;
    private readonly IPartitioner partitioner;

    public MapWithStateRecordsDStream(DStream<(TKey Key, TValue Value)> parent, StateSpec<TKey, TValue, TState, TMapped> spec)
        : base(parent.Context, "MapWithState", parent.SlideDuration * 10)
    {
        this.parent = parent;
        this.spec = spec;
        partitioner = spec.PartitionerValue ?? new HashPartitioner(spec.Partitions ?? Context.EmberContext.DefaultParallelism);
    }

    public override TimeSpan SlideDuration => parent.SlideDuration;

    public override IReadOnlyList<DStream> Dependencies => [parent];

    public override string StateSignature => Signature(Operation, typeof(TKey), typeof(TState));

    private protected override Task<IReadOnlyList<PartEntry>> WriteStateAsync(
        Rdd<MapWithStateRecord<TKey, TState, TMapped>> state, StateFiles writer, CancellationToken cancellationToken) =>
        CheckpointedRdd<MapWithStateRecord<TKey, TState, TMapped>>.WriteAsync<MapWithStateRecord<TKey, TState, TMapped>, StateColumns<TKey, TState>>(state, writer,
            records => [.. records.Select(record => record.States.ToColumns())], cancellationToken, parts => parts.Sum(part => (long)part.Keys.Length));

    private protected override Rdd<MapWithStateRecord<TKey, TState, TMapped>> ReadState(StateFiles reader)
    {
        var tracksTimes = spec.IdleTimeout is not null;
        return StateColumnsRdd<TKey, TState>.Partitioned(Context.EmberContext, reader, partitioner)
            .MapPartitions(entries => (MapWithStateRecord<TKey, TState, TMapped>[])
                [new(StateMap<TKey, TState>.Of(entries.Select(entry => (entry.Key, entry.Value.State, new Time(entry.Value.UpdatedMs))), tracksTimes), [])],
                preservesPartitioning: true);
    }

    private protected override Rdd<MapWithStateRecord<TKey, TState, TMapped>>? Compute(Time validTime)
    {
        var previous = PreviousState(validTime);
        var values = (parent.GetOrCompute(validTime) ?? Context.EmberContext.EmptyRdd<(TKey Key, TValue Value)>()).PartitionBy(partitioner);
        var function = spec.MappingFunction;
        var timeout = spec.IdleTimeout;
        return previous.ZipPartitions<(TKey Key, TValue Value), MapWithStateRecord<TKey, TState, TMapped>>(values, (records, batch) => [Update(records.Single(), batch, validTime, function, timeout)], preservesPartitioning: true);
    }

    /// <summary>Initial states count as updated at <paramref name="time"/> (the first batch), so their idle time starts there (as Spark).</summary>
    private protected override Rdd<MapWithStateRecord<TKey, TState, TMapped>> InitialState(Time time)
    {
        var initial = spec.InitialStateRdd ?? Context.EmberContext.Parallelize(Array.Empty<(TKey Key, TState Value)>(), 1);
        var tracksTimes = spec.IdleTimeout is not null;
        return initial.PartitionBy(partitioner).MapPartitions(pairs => (MapWithStateRecord<TKey, TState, TMapped>[])
            [new(StateMap<TKey, TState>.Of(pairs.Select(pair => (pair.Key, pair.Value, time)), tracksTimes), [])],
            preservesPartitioning: true);
    }

    private static MapWithStateRecord<TKey, TState, TMapped> Update(
        MapWithStateRecord<TKey, TState, TMapped> previous,
        IEnumerable<(TKey Key, TValue Value)> batch,
        Time time,
        Func<Time, TKey, Option<TValue>, State<TState>, Option<TMapped>> function,
        TimeSpan? timeout)
    {
        // The previous record stays valid (a replayed batch reads it again), so the new states are a delta over it.
        var states = previous.States.NewDelta();
        var mapped = new List<TMapped>();
        var state = new State<TState>();
        foreach (var (key, value) in batch)
        {
            state.Reset(states.TryGetValue(key, out var entry) ? Option.Some(entry.State) : Option<TState>.None, timingOut: false);
            Emit(mapped, function(time, key, Option.Some(value), state));
            if (state.IsRemoved)
            {
                states.Remove(key);
            }
            else if (state.IsUpdated || (state.Exists && timeout is not null))
            {
                // With a timeout, a record for the key counts as activity even when the state is unchanged (as Spark).
                states.Set(key, state.Get(), time);
            }
        }
        if (timeout is { } idle)
        {
            foreach (var (key, idleState) in states.IdleSince(time - idle))
            {
                state.Reset(Option.Some(idleState), timingOut: true);
                Emit(mapped, function(time, key, Option<TValue>.None, state));
                states.Remove(key);
            }
        }
        return new MapWithStateRecord<TKey, TState, TMapped>(states, mapped);
    }

    private static void Emit(List<TMapped> mapped, Option<TMapped> value)
    {
        if (value.HasValue)
        {
            mapped.Add(value.Value);
        }
    }
}
