namespace Ember.Streaming.Receivers;

/// <summary>
/// Keeps blocks in this process only (Spark's BlockManagerBasedBlockHandler): the block is the records themselves,
/// held by the batch that takes it and freed with it. Nothing survives the process: without a write-ahead log, records
/// received and not yet processed are lost on a crash.
/// </summary>
internal sealed class InMemoryBlockHandler<T> : IReceivedBlockHandler<T>
{
    public static InMemoryBlockHandler<T> Instance { get; } = new();

    private InMemoryBlockHandler()
    {
    }

    public Block<T> StoreBlock(T[] records, object? metadata, DateTimeOffset now) => new(records, metadata);
}
