using Ember.Streaming.DStreams;

namespace Ember.Streaming;

/// <summary>
/// The stream a <c>MapWithState</c> returns: what the mapping function emitted in each batch. Its
/// <see cref="StateSnapshots"/> gives every key's state after each batch.
/// </summary>
public sealed class MapWithStateDStream<TKey, TValue, TState, TMapped> : DStream<TMapped>
{
    private readonly MapWithStateRecordsDStream<TKey, TValue, TState, TMapped> records;

    internal MapWithStateDStream(DStream<(TKey Key, TValue Value)> parent, StateSpec<TKey, TValue, TState, TMapped> spec)
        : base(parent.Context, "MapWithState") =>
        records = new MapWithStateRecordsDStream<TKey, TValue, TState, TMapped>(parent, spec);

    /// <inheritdoc />
    public override TimeSpan SlideDuration => records.SlideDuration;

    internal override DStream ConfiguredStream => records;

    /// <inheritdoc />
    public override IReadOnlyList<DStream> Dependencies => [records];

    /// <summary>Every key with its state after each batch (all keys, not only those touched by the batch).</summary>
    public DStream<(TKey Key, TState Value)> StateSnapshots() =>
        DStreamExtensions.Transformed(records, rdd => rdd.FlatMap(record => record.States.Select(pair => (pair.Key, pair.Value.State))), "StateSnapshots");

    private protected override Rdd<TMapped>? Compute(Time validTime) =>
        records.GetOrCompute(validTime)?.FlatMap(record => record.Mapped);
}
