namespace Ember.Streaming.Checkpointing;

/// <summary>A stream whose state carries from batch to batch and is saved in checkpoints (state, incremental windows).</summary>
internal interface IStatefulStream : IMaintainedStream
{
    /// <summary>The stable id: the name given with <c>WithName</c>, else derived from the stream's operation and order.</summary>
    string CheckpointId { get; }

    /// <summary>The operation and the types of its state, e.g. <c>UpdateStateByKey&lt;System.String, System.Int32&gt;</c>.</summary>
    string StateSignature { get; }

    /// <summary>How often its state must be saved: a multiple of its slide.</summary>
    TimeSpan? CheckpointInterval { get; }

    /// <summary>True when the stream has a (materialized) RDD for <paramref name="time"/>.</summary>
    bool HasStateAt(Time time);

    /// <summary>Writes the state of <paramref name="time"/>, one file per partition, through <paramref name="writer"/>.</summary>
    Task<IReadOnlyList<PartEntry>> WriteStateAsync(Time time, StateFiles writer, CancellationToken cancellationToken);

    /// <summary>Makes the state read from <paramref name="reader"/> the stream's RDD of <paramref name="time"/>.</summary>
    void RestoreState(Time time, StateFiles reader);

    /// <summary>Makes the stream's initial state (empty, or its initial state RDD) its RDD of <paramref name="time"/>: an operator a checkpoint does not know starts there.</summary>
    void StartFresh(Time time);

    /// <summary>
    /// The snapshot of <paramref name="time"/> is durable (its files committed, <paramref name="saved"/> reads them): on a
    /// cluster, the RDD of that time then reads a partition it no longer stores from there, not from its lineage.
    /// </summary>
    void SnapshotCommitted(Time time, StateFiles saved);

    /// <summary>
    /// Makes the streams it reads remember their batches for <paramref name="sinceSnapshot"/> (and as far back as each
    /// of those batches reaches), as long as recovery may need to replay them.
    /// </summary>
    void RememberForReplay(TimeSpan sinceSnapshot);
}
