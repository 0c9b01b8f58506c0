using Ember.Scheduling;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.DStreams;

/// <summary>
/// A stream whose RDD at each time depends on its RDD at the previous slide (state, incremental windows): persisted,
/// materialized after every batch, and saved in checkpoints. Where its lineage is cut depends on where partitions live:
/// in one process, after every batch (a local checkpoint: the partitions stay in this process's block store, which
/// never loses one alone), so the chain of RDDs never grows; on a cluster, at the latest durable snapshot, since the
/// partitions live in executors' block stores, which die with them: a lost partition is then recomputed, as a task of
/// its own, from its snapshot part file plus the batches since (Spark's checkpointed state RDDs).
/// </summary>
internal abstract class StatefulDStream<T> : DStream<T>, IStatefulStream
{
    private readonly bool cutsAtSnapshots;

    private protected StatefulDStream(StreamingContext context, string operation, TimeSpan checkpointInterval) : base(context, operation)
    {
        Persist();
        CheckpointInterval = checkpointInterval;
        cutsAtSnapshots = MasterUrl.Parse(context.EmberContext.Options.Master).IsCluster;
        context.Graph.AddMaintained(this);
    }

    string IStatefulStream.CheckpointId => CheckpointId ?? throw new InvalidOperationException($"{this} has no checkpoint id before the context starts.");

    public abstract string StateSignature { get; }

    public Func<CancellationToken, Task>? MaintenanceFor(Time time) => GeneratedAt(time) is not { } rdd
        ? null
        : cutsAtSnapshots ? cancellationToken => MaterializeAsync(rdd, cancellationToken) : rdd.LocalCheckpointAsync;

    public bool HasStateAt(Time time) => GeneratedAt(time) is not null;

    public Task<IReadOnlyList<PartEntry>> WriteStateAsync(Time time, StateFiles writer, CancellationToken cancellationToken) =>
        WriteStateAsync(GeneratedAt(time) ?? throw new InvalidOperationException($"{this} has no state at {time}."), writer, cancellationToken);

    public void RestoreState(Time time, StateFiles reader) => RestoreGenerated(time, ReadState(reader));

    public void StartFresh(Time time) => RestoreGenerated(time, InitialState(time));

    public void SnapshotCommitted(Time time, StateFiles saved)
    {
        // Cut on a cluster only: in one process the lineage was cut after the batch already. The stored partitions
        // stay in use; the files serve only a partition lost with its executor.
        if (cutsAtSnapshots && GeneratedAt(time) is { IsCheckpointed: false } rdd)
        {
            rdd.CutLineage(ReadState(saved), reliable: true);
        }
    }

    public void RememberForReplay(TimeSpan sinceSnapshot)
    {
        // On a cluster a lost partition replays the batches since the snapshot, each reading its parents' RDDs as far
        // back as this stream reaches (a window's length): their inputs must still be known then.
        var reach = cutsAtSnapshots ? ParentRememberExtra : TimeSpan.Zero;
        foreach (var parent in Dependencies)
        {
            parent.Remember(sinceSnapshot + reach);
        }
    }

    /// <summary>The state before the first batch (or for an operator new to a checkpoint), as of <paramref name="time"/>.</summary>
    private protected abstract Rdd<T> InitialState(Time time);

    /// <summary>The state of the previous slide: generated (or restored) already, computed from it, or the initial state.</summary>
    private protected Rdd<T> PreviousState(Time validTime) => GetOrCompute(validTime - SlideDuration) ?? InitialState(validTime);

    private protected abstract Task<IReadOnlyList<PartEntry>> WriteStateAsync(Rdd<T> state, StateFiles writer, CancellationToken cancellationToken);

    private protected abstract Rdd<T> ReadState(StateFiles reader);

    private protected static string Signature(string operation, params Type[] types) =>
        $"{operation}<{string.Join(", ", types.Select(Ember.Serialization.TypeNames.ToCSharp))}>";

    /// <summary>
    /// Computes every partition into the executors' block stores (most are stored already by the batch's outputs), so
    /// the next batch builds on stored partitions rather than on a lineage that grows with every batch.
    /// </summary>
    private static Task MaterializeAsync(Rdd<T> rdd, CancellationToken cancellationToken) =>
        rdd.Context.RunActionAsync("MaterializeState", rdd, static (_, items) =>
        {
            using var enumerator = items.GetEnumerator();
            while (enumerator.MoveNext())
            {
            }
            return true;
        }, cancellationToken: cancellationToken);
}
