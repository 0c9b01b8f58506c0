using Ember.Partitioning;
using Ember.Streaming.DStreams;

namespace Ember.Streaming;

public static partial class PairDStreamExtensions
{
    /// <summary>
    /// A running state per key (Spark's updateStateByKey): each batch, <paramref name="update"/> gets the batch's values
    /// of a key (maybe none) and its previous state (maybe None), for <b>every</b> key that has a state or new values,
    /// and returns the new state, or None to remove the key. Shuffles the batch's values only (the state stays
    /// partitioned); stateful, so it needs a checkpoint directory. Prefer <see cref="MapWithState"/> when few keys
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

    /// <summary>As the other form, the update function also given the batch time and the key.</summary>
    public static DStream<(TKey Key, TState Value)> UpdateStateByKey<TKey, TValue, TState>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<Time, TKey, IReadOnlyList<TValue>, Option<TState>, Option<TState>> update,
        int? partitions = null,
        IPartitioner? partitioner = null,
        Rdd<(TKey Key, TState Value)>? initialState = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        return stream.UpdateStateByKey<TKey, TValue, TState>((time, keys) => keys.SelectMany(entry =>
        {
            var next = update(time, entry.Key, entry.Values, entry.State);
            return next.HasValue ? (IEnumerable<(TKey, TState)>)[(entry.Key, next.Value)] : [];
        }), partitions, partitioner, initialState);
    }

    /// <summary>
    /// The whole-partition form: <paramref name="update"/> gets, for one partition, every key with its batch values and
    /// previous state, and returns the keys' new states (a key left out is removed). It must keep keys where they are
    /// (return only keys it was given).
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
        return new StateDStream<TKey, TValue, TState>(stream, update, Partitioner(stream.Context, partitions, partitioner), initialState);
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
}
