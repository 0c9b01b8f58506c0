namespace Ember.Streaming.Sources;

/// <summary>
/// The task side of a direct source: how a batch's allocation becomes partitions and records. A reader holds settings
/// only (a connection string, a format, a timeout), never a reference to a driver object: it travels with every task
/// of the source, together with the batch's allocation, and reads the same records each time it reads one allocation,
/// on whatever process the task runs.
/// </summary>
/// <typeparam name="TAllocation">What a batch reads, decided by the <see cref="DirectInputDStream{TAllocation, T}"/> on the driver.</typeparam>
/// <typeparam name="T">The records read.</typeparam>
/// <remarks>
/// Both methods run concurrently for different batches and partitions, so a reader must be thread-safe; keeping it
/// immutable is the simple way. A partition may be read more than once (a retried task, a window computing an old
/// batch again), so <see cref="Read"/> must not consume what it reads.
/// </remarks>
public abstract class SourceReader<TAllocation, T>
{
    /// <summary>
    /// The number of partitions (one task each) of the batch that reads <paramref name="allocation"/>; 0 for an empty
    /// batch. Called on the driver when the batch's RDD is built; must be cheap and do no I/O.
    /// </summary>
    public abstract int PartitionCount(TAllocation allocation);

    /// <summary>
    /// The records of partition <paramref name="partition"/> (0 to <see cref="PartitionCount"/> - 1) of the batch that
    /// reads <paramref name="allocation"/>, read lazily on a worker thread. Blocking I/O is fine here; watch
    /// <see cref="SourceReadContext.CancellationToken"/> while waiting, and report trouble that does not fail the task
    /// (a stall, skipped data) through <see cref="SourceReadContext.ReportProblem"/>. An exception fails the task
    /// (which is retried, then fails the batch's jobs).
    /// </summary>
    public abstract IEnumerable<T> Read(TAllocation allocation, int partition, SourceReadContext context);

    /// <summary>
    /// Where partition <paramref name="partition"/> of the batch that reads <paramref name="allocation"/> would rather
    /// be read: return <see cref="PartitionPlacement.Consistent"/> with a key naming the data read (the same key batch
    /// after batch) so that each executor keeps reading the same data and what it keeps for it (a connection, a cached
    /// consumer, see <see cref="SourceReadContext.ProcessResource{TResource}"/>) stays warm. Called on the driver each
    /// time a task is queued; must be cheap and do no I/O. <see cref="PartitionPlacement.Anywhere"/> by default.
    /// </summary>
    public virtual PartitionPlacement Placement(TAllocation allocation, int partition) => PartitionPlacement.Anywhere;
}
