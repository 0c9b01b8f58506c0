namespace Ember.Streaming.Receivers;

/// <summary>
/// Stores each block a receiver's records make before the block may go to a batch (Spark's ReceivedBlockHandler):
/// <see cref="InMemoryBlockHandler{T}"/> keeps it in this process only; <see cref="WriteAheadLog.WriteAheadLogBlockHandler{T}"/>
/// first makes it durable in the stream's write-ahead log, so that a recovery can give it to a batch again.
/// </summary>
/// <remarks>
/// The caller stores one block at a time, in the order batches take them (<see cref="ReceivedBlocks{T}"/> holds its
/// lock across the call), so the blocks a batch takes are always stored before the blocks of later batches.
/// </remarks>
internal interface IReceivedBlockHandler<T>
{
    /// <summary>
    /// Stores <paramref name="records"/> as one block with <paramref name="metadata"/>, and returns the block as a batch
    /// reads it: the same records, in order, and the metadata; numbered (<see cref="Block{T}.Sequence"/>, growing with
    /// each block) and with the metadata serialized (<see cref="Block{T}.SerializedMetadata"/>) when the handler can
    /// read the block back after a restart. Throws when the block cannot be stored: nothing is stored then, and the
    /// next call may succeed.
    /// </summary>
    /// <param name="records">The block's records; the handler keeps the array.</param>
    /// <param name="metadata">What the receiver stored the block with, or null.</param>
    /// <param name="now">The context's clock, read by the caller before it took its locks.</param>
    Block<T> StoreBlock(T[] records, object? metadata, DateTimeOffset now);
}
