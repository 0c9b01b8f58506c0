using Ember.Checkpointing;
using Ember.Storage;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>
    /// Marks this RDD for a reliable checkpoint (Spark's checkpoint): after the next action that computes it (any
    /// job on it or on an RDD built from it), before that action returns, every partition is written to
    /// <c>&lt;<see cref="EmberContext.CheckpointDir"/>&gt;/rdd-&lt;<see cref="Rdd.Id"/>&gt;/part-NNNNN</c> through the
    /// context's serializer, then the lineage is cut: <see cref="Rdd.Dependencies"/> becomes one dependency on the
    /// files, the parents and their shuffle outputs can be freed, and later jobs read the files instead of computing.
    /// The partitioner is kept. Marking an RDD that is marked already, or that an earlier job computed, is fine.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Cost: the write runs as a job of its own that computes the RDD a second time, unless it is persisted, when it
    /// reads the stored partitions; so <see cref="Persist"/> an RDD before checkpointing it, unless it is cheap to
    /// compute. Each part file is written atomically (temporary file, flush to disk, rename) with a CRC-32C checksum,
    /// and <c>_metadata.json</c> is written last: a directory without it is not a checkpoint. A part file found torn
    /// or altered when read fails the task with an <see cref="InvalidDataException"/> naming the file and partition.
    /// </para>
    /// <para>
    /// When the write fails (a task fails on every attempt), the action fails with that error, the partial files are
    /// deleted, the RDD keeps its lineage and stays marked, and the next action tries the write again. The files stay
    /// after the context is disposed, so another run can read them with <see cref="EmberContext.CheckpointFile{T}"/>;
    /// <see cref="EmberOptions.CleanCheckpoints"/> deletes them once the RDD is garbage-collected.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">No checkpoint directory was set with <see cref="EmberContext.SetCheckpointDir"/>.</exception>
    public Rdd<T> Checkpoint()
    {
        var checkpointDir = Context.CheckpointDir
            ?? throw new InvalidOperationException($"Checkpoint directory has not been set in the EmberContext: call {nameof(EmberContext.SetCheckpointDir)} before checkpointing {this}.");
        if (MarkForCheckpoint(ReliableCheckpointData.For(this, checkpointDir)))
        {
            Context.MarkedForCheckpoint();
        }
        return this;
    }

    /// <summary>
    /// Computes every partition into storage (<see cref="StorageLevel.MemoryOnly"/> unless persisted otherwise) and
    /// then cuts the lineage, so that parents and their shuffle outputs can be freed (Spark's localCheckpoint, done
    /// now rather than at the next action). Streaming state uses it every batch to keep its lineage one step long.
    /// Partitions are not recomputable afterwards: <see cref="Unpersist"/> makes the RDD unusable. Does nothing on an
    /// RDD already checkpointed; a later reliable checkpoint (<see cref="Checkpoint"/>) replaces it.
    /// </summary>
    public async Task LocalCheckpointAsync(CancellationToken cancellationToken = default)
    {
        if (IsCheckpointed)
        {
            return;
        }
        if (StorageLevel == StorageLevel.None)
        {
            Persist();
        }
        // In one process the jobs that used the RDD have usually stored every partition already: a job would only re-read them.
        if (Context.RunsOnExecutors || !Context.BlockManager.HoldsAll(Id, Partitions.Count))
        {
            await Context.RunActionAsync("LocalCheckpoint", this, (_, items) =>
            {
                using var enumerator = items.GetEnumerator();
                while (enumerator.MoveNext())
                {
                }
                return true;
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        CutLineage(new LocalCheckpointRdd<T>(this), reliable: false);
    }
}
