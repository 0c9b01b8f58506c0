using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.DStreams;

/// <summary>
/// A stream whose RDD at each time depends on its RDD at the previous slide (state, incremental windows): persisted,
/// materialized after every batch so the chain of RDDs never grows, and saved in checkpoints.
/// </summary>
internal abstract class StatefulDStream<T> : DStream<T>, IStatefulStream
{
    private protected StatefulDStream(StreamingContext context, string operation, TimeSpan checkpointInterval) : base(context, operation)
    {
        Persist();
        CheckpointInterval = checkpointInterval;
        context.Graph.AddMaintained(this);
    }

    string IStatefulStream.CheckpointId => CheckpointId ?? throw new InvalidOperationException($"{this} has no checkpoint id before the context starts.");

    public abstract string StateSignature { get; }

    public Func<CancellationToken, Task>? MaintenanceFor(Time time) => GeneratedAt(time) is { } rdd ? rdd.LocalCheckpointAsync : null;

    public bool HasStateAt(Time time) => GeneratedAt(time) is not null;

    public Task<IReadOnlyList<PartEntry>> WriteStateAsync(Time time, StateFiles writer, CancellationToken cancellationToken) =>
        WriteStateAsync(GeneratedAt(time) ?? throw new InvalidOperationException($"{this} has no state at {time}."), writer, cancellationToken);

    public void RestoreState(Time time, StateFiles reader) => RestoreGenerated(time, ReadState(reader));

    public void StartFresh(Time time) => RestoreGenerated(time, InitialState(time));

    /// <summary>The state before the first batch (or for an operator new to a checkpoint), as of <paramref name="time"/>.</summary>
    private protected abstract Rdd<T> InitialState(Time time);

    /// <summary>The state of the previous slide: generated (or restored) already, computed from it, or the initial state.</summary>
    private protected Rdd<T> PreviousState(Time validTime) => GetOrCompute(validTime - SlideDuration) ?? InitialState(validTime);

    private protected abstract Task<IReadOnlyList<PartEntry>> WriteStateAsync(Rdd<T> state, StateFiles writer, CancellationToken cancellationToken);

    private protected abstract Rdd<T> ReadState(StateFiles reader);

    private protected static string Signature(string operation, params Type[] types) =>
        $"{operation}<{string.Join(", ", types.Select(Ember.Serialization.TypeNames.ToCSharp))}>";
}
