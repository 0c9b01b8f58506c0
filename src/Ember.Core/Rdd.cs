using Ember.Storage;

namespace Ember;

/// <summary>
/// A resilient distributed dataset: an immutable, lazily computed, partitioned collection of <typeparamref name="T"/>.
/// Transformations build new RDDs and run nothing; actions (<c>Collect</c>, <c>Count</c>, ...) run a job.
/// </summary>
/// <remarks>
/// Narrow transformations (<c>Map</c>, <c>Filter</c>, <c>FlatMap</c>, <c>MapPartitions</c>, <c>Union</c>,
/// <c>Coalesce</c>, ...) are pipelined inside one task with no intermediate collection. Wide ones (marked "shuffles"
/// in their docs) cut the job into stages. User functions run on worker threads, possibly several at once and
/// possibly more than once (a failed task is retried), so they must be thread-safe and free of side effects that
/// must not repeat.
/// </remarks>
public abstract partial class Rdd<T> : Rdd
{
    /// <summary>Creates an RDD in <paramref name="context"/>; <paramref name="operation"/> names it in errors and logs.</summary>
    protected Rdd(EmberContext context, string operation) : base(context, operation) { }

    /// <summary>Computes one partition from the parents. Called by <see cref="Iterator"/>, never directly.</summary>
    protected internal abstract IEnumerable<T> Compute(Partition partition, TaskContext context);

    /// <summary>The records of <paramref name="partition"/>: read from storage when persisted, else computed.</summary>
    public IEnumerable<T> Iterator(Partition partition, TaskContext context)
    {
        if (IsLineageTruncated)
        {
            return Context.BlockManager.TryGet<T>(Id, partition.Index)
                ?? throw new InvalidOperationException($"Partition {partition.Index} of {this} was lost after its lineage was cut by LocalCheckpoint.");
        }
        return StorageLevel == StorageLevel.None ? Compute(partition, context) : Context.BlockManager.GetOrCompute(this, partition, context);
    }

    /// <summary>Gives this RDD a name shown in errors, logs and the UI.</summary>
    public Rdd<T> SetName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        return this;
    }

    /// <summary>
    /// Keeps computed partitions at <paramref name="level"/> the first time an action computes them, so later actions
    /// reuse them. The level of an RDD cannot change once set (except back to none through <see cref="Unpersist"/>).
    /// </summary>
    public Rdd<T> Persist(StorageLevel level = StorageLevel.MemoryOnly)
    {
        if (level == StorageLevel.None)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Use Unpersist to stop persisting.");
        }
        if (StorageLevel != StorageLevel.None && StorageLevel != level)
        {
            throw new InvalidOperationException($"Cannot change the storage level of {this} from {StorageLevel} to {level}.");
        }
        if (StorageLevel == StorageLevel.None)
        {
            StorageLevel = level;
            Context.BlockManager.Track(this);
        }
        return this;
    }

    /// <summary>Same as <c>Persist(StorageLevel.MemoryOnly)</c>.</summary>
    public Rdd<T> Cache() => Persist(StorageLevel.MemoryOnly);

    /// <summary>
    /// Computes every partition into storage (<see cref="StorageLevel.MemoryOnly"/> unless persisted otherwise) and
    /// then cuts the lineage, so that parents and their shuffle outputs can be freed (Spark's localCheckpoint, done
    /// now rather than at the next action). Streaming state uses it every batch to keep its lineage one step long.
    /// Partitions are not recomputable afterwards: <see cref="Unpersist"/> makes the RDD unusable.
    /// </summary>
    public async Task LocalCheckpointAsync(CancellationToken cancellationToken = default)
    {
        if (IsLineageTruncated)
        {
            return;
        }
        if (StorageLevel == StorageLevel.None)
        {
            Persist();
        }
        await Context.RunActionAsync("LocalCheckpoint", this, (_, items) =>
        {
            using var enumerator = items.GetEnumerator();
            while (enumerator.MoveNext())
            {
            }
            return true;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        TruncateLineage();
    }

    /// <summary>Drops the kept partitions and stops persisting.</summary>
    public Rdd<T> Unpersist()
    {
        StorageLevel = StorageLevel.None;
        Context.BlockManager.Remove(Id);
        return this;
    }
}
