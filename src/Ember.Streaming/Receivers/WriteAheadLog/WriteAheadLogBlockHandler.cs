namespace Ember.Streaming.Receivers.WriteAheadLog;

/// <summary>
/// Appends every block to the stream's write-ahead log, fsync'd, before it may go to a batch (Spark's
/// WriteAheadLogBasedBlockHandler): a block a batch takes is always in the log, numbered, so that a recovery gives the
/// batch exactly its blocks again. The records also stay in memory for the batch that takes them; the log is read
/// only by a recovery.
/// </summary>
internal sealed class WriteAheadLogBlockHandler<T>(ReceivedBlockLog<T> log) : IReceivedBlockHandler<T>
{
    public Block<T> StoreBlock(T[] records, object? metadata, DateTimeOffset now) => log.Append(records, metadata, now);
}
