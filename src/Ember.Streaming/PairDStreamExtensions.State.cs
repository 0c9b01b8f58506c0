using System.Runtime.CompilerServices;
using Ember.Partitioning;
using Ember.Streaming.DStreams;

namespace Ember.Streaming;

public static partial class PairDStreamExtensions
{
    /// <summary>
    /// A running state per key (Spark's updateStateByKey): each batch, <paramref name="update"/> gets the batch's values
    /// of a key (maybe none) and its previous state (maybe None), for <b>every</b> key that has a state or new values,
    /// and returns the new state, or None to remove the key. Shuffles the batch's values only (the state stays
    /// partitioned); stateful, so it needs a checkpoint directory. Prefer <c>MapWithState</c> when few keys
    /// change per batch.
    /// </summary>
    public static DStream<(TKey Key, TState Value)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<IReadOnlyList<TValue>, Option<TState>, Option<TState>> update,
        int? partitions = null,
        IPartitioner? partitioner = null,
        Rdd<(TKey Key, TState Value)>? initialState = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        return stream.UpdateStateByKey((_, _, values, state) => update(values, state), partitions, partitioner, initialState);
    }

    /// <summary>
    /// The form for a state of the values' own type (a running count or sum), which compiles with an untyped lambda as
    /// in Scala: <c>pairs.UpdateStateByKey((values, state) =&gt; values.Sum() + state.GetValueOrDefault(0))</c> (a plain
    /// value converts to <c>Some</c>). Otherwise as the general form; C# cannot infer a state type that only the
    /// lambda's parameters mention, so for a state of another type declare the lambda's parameter types, or pass
    /// <paramref name="initialState"/>.
    /// </summary>
    // Preferred over the general form when both apply (a typed lambda whose state is of the values' type), which
    // would otherwise be ambiguous; an untyped lambda only ever applies to this one.
    [OverloadResolutionPriority(1)]
    public static DStream<(TKey Key, TValue Value)> UpdateStateByKey<TKey, TValue>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<IReadOnlyList<TValue>, Option<TValue>, Option<TValue>> update,
        int? partitions = null,
        IPartitioner? partitioner = null,
        Rdd<(TKey Key, TValue Value)>? initialState = null) =>
        stream.UpdateStateByKey<TKey, TValue, TValue>(update, partitions, partitioner, initialState);

    /// <summary>As the other form, the update function also given the batch time and the key.</summary>
    public static DStream<(TKey Key, TState Value)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<Time, TKey, IReadOnlyList<TValue>, Option<TState>, Option<TState>> update,
        int? partitions = null,
        IPartitioner? partitioner = null,
        Rdd<(TKey Key, TState Value)>? initialState = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(update);
        return new StateDStream<TKey, TValue, TState>(stream, (time, keys) => UpdateEach(time, keys, update),
            Partitioner(stream.Context, partitions, partitioner), initialState, keysMayRepeat: false);
    }

    // An iterator rather than SelectMany, which would allocate a sequence for every key.
    private static IEnumerable<(TKey Key, TState State)> UpdateEach<TKey, TValue, TState>(
        Time time, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Option<TState> State)> keys, Func<Time, TKey, IReadOnlyList<TValue>, Option<TState>, Option<TState>> update)
    {
        foreach (var (key, values, state) in keys)
        {
            var next = update(time, key, values, state);
            if (next.HasValue)
            {
                yield return (key, next.Value);
            }
        }
    }

    /// <summary>
    /// The whole-partition form: <paramref name="update"/> gets, for one partition, every key with its batch values and
    /// previous state, and returns the keys' new states (a key left out is removed). It must keep keys where they are
    /// (return only keys it was given). A key returned twice is in the state stream twice for that batch; the next
    /// batch sees it once, with the first of its states (Spark's co-group keeps the first).
    /// </summary>
    public static DStream<(TKey Key, TState Value)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<Time, IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Option<TState> State)>, IEnumerable<(TKey Key, TState State)>> update,
        int? partitions = null,
        IPartitioner? partitioner = null,
        Rdd<(TKey Key, TState Value)>? initialState = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(update);
        return new StateDStream<TKey, TValue, TState>(stream, update, Partitioner(stream.Context, partitions, partitioner), initialState, keysMayRepeat: true);
    }

    /// <summary>
    /// A state per key updated record by record (Spark's mapWithState): the spec's function is called once per record
    /// of each batch, and once more for each key that times out; the stream carries what it returns, and
    /// <see cref="MapWithStateDStream{TKey, TValue, TState, TMapped}.StateSnapshots"/> every key's state. Only keys with
    /// records (or timing out) are visited. Shuffles the batch's values only; stateful, so it needs a checkpoint directory.
    /// </summary>
    public static MapWithStateDStream<TKey, TValue, TState, TMapped> MapWithState<TKey, TValue, TState, TMapped>(
        this DStream<(TKey Key, TValue Value)> stream, StateSpec<TKey, TValue, TState, TMapped> spec)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spec);
        return new MapWithStateDStream<TKey, TValue, TState, TMapped>(stream, spec);
    }

    /// <summary>
    /// <see cref="MapWithState{TKey, TValue, TState, TMapped}(DStream{ValueTuple{TKey, TValue}}, StateSpec{TKey, TValue, TState, TMapped})"/>
    /// with the spec's function and settings given here, for a state of the values' own type: it compiles with an
    /// untyped lambda, as <c>StateSpec.function</c> does in Scala, because the stream gives the key and value types
    /// (<c>StateSpec.Function</c> alone has nothing to infer them from). Example:
    /// <c>words.MapWithState((word, one, state) =&gt; { var sum = one.GetValueOrDefault(0) + state.GetOption().GetValueOrDefault(0); state.Update(sum); return (word, sum); })</c>.
    /// <paramref name="timeout"/>, <paramref name="initialState"/>, <paramref name="partitions"/> and
    /// <paramref name="partitioner"/> are the spec's <c>Timeout</c>, <c>InitialState</c>, <c>NumPartitions</c> and
    /// <c>Partitioner</c>.
    /// </summary>
    public static MapWithStateDStream<TKey, TValue, TValue, TMapped> MapWithState<TKey, TValue, TMapped>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<TKey, Option<TValue>, State<TValue>, TMapped> function,
        TimeSpan? timeout = null,
        Rdd<(TKey Key, TValue Value)>? initialState = null,
        int? partitions = null,
        IPartitioner? partitioner = null)
    {
        var spec = StateSpec.Function(function);
        if (timeout is { } idle)
        {
            spec.Timeout(idle);
        }
        if (initialState is not null)
        {
            spec.InitialState(initialState);
        }
        if (partitions is { } count)
        {
            spec.NumPartitions(count);
        }
        if (partitioner is not null)
        {
            spec.Partitioner(partitioner);
        }
        return stream.MapWithState(spec);
    }
}
