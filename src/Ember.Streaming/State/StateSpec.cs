using Ember.Partitioning;

namespace Ember.Streaming;

/// <summary>Creates the specification of a <c>MapWithState</c> operation (Spark's StateSpec).</summary>
public static class StateSpec
{
    /// <summary>
    /// A specification whose function is called once per record of each batch with the key, the value and the key's
    /// <see cref="State{TState}"/>, and once more (value None, <see cref="State{TState}.IsTimingOut"/> true) for each key
    /// that times out; what it returns is emitted. Declare the lambda's parameter types here (nothing else tells C# the
    /// key and value types); for a state of the values' type, <c>stream.MapWithState((key, value, state) =&gt; ...)</c>
    /// takes an untyped lambda.
    /// </summary>
    public static StateSpec<TKey, TValue, TState, TMapped> Function<TKey, TValue, TState, TMapped>(Func<TKey, Option<TValue>, State<TState>, TMapped> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new StateSpec<TKey, TValue, TState, TMapped>((_, key, value, state) => Option.Some(function(key, value, state)));
    }

    /// <summary>As the other form, also given the batch time; returning None emits nothing for that call.</summary>
    public static StateSpec<TKey, TValue, TState, TMapped> Function<TKey, TValue, TState, TMapped>(Func<Time, TKey, Option<TValue>, State<TState>, Option<TMapped>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new StateSpec<TKey, TValue, TState, TMapped>(function);
    }
}

/// <summary>What a <c>MapWithState</c> does: its function, initial state, partitioning and idle timeout.</summary>
public sealed class StateSpec<TKey, TValue, TState, TMapped>
{
    internal StateSpec(Func<Time, TKey, Option<TValue>, State<TState>, Option<TMapped>> function) => MappingFunction = function;

    internal Func<Time, TKey, Option<TValue>, State<TState>, Option<TMapped>> MappingFunction { get; }

    internal Rdd<(TKey Key, TState Value)>? InitialStateRdd { get; private set; }

    internal int? Partitions { get; private set; }

    internal IPartitioner? PartitionerValue { get; private set; }

    internal TimeSpan? IdleTimeout { get; private set; }

    /// <summary>The state every key starts with before the first batch.</summary>
    public StateSpec<TKey, TValue, TState, TMapped> InitialState(Rdd<(TKey Key, TState Value)> initialState)
    {
        ArgumentNullException.ThrowIfNull(initialState);
        InitialStateRdd = initialState;
        return this;
    }

    /// <summary>Spreads the state over <paramref name="partitions"/> hash partitions (default: the default parallelism).</summary>
    public StateSpec<TKey, TValue, TState, TMapped> NumPartitions(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Partitions = partitions;
        PartitionerValue = null;
        return this;
    }

    /// <summary>Places the state by <paramref name="partitioner"/>.</summary>
    public StateSpec<TKey, TValue, TState, TMapped> Partitioner(IPartitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        PartitionerValue = partitioner;
        Partitions = null;
        return this;
    }

    /// <summary>
    /// Removes a key idle for longer than <paramref name="idleDuration"/> (no record for it), after a final call of the
    /// function with <see cref="State{TState}.IsTimingOut"/> set. Checked every batch.
    /// </summary>
    public StateSpec<TKey, TValue, TState, TMapped> Timeout(TimeSpan idleDuration)
    {
        Durations.ToMilliseconds(idleDuration, nameof(idleDuration));
        IdleTimeout = idleDuration;
        return this;
    }
}
