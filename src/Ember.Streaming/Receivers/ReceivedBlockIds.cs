using Ember.Streaming.Sources;

namespace Ember.Streaming.Receivers;

/// <summary>
/// One block a batch took: its id (with a write-ahead log, its sequence number in the log) and its number of records;
/// for a receiver on an executor, where its copies are (block service addresses; the id is then unique cluster-wide).
/// </summary>
internal sealed record ReceivedBlockId(long Id, int Records, IReadOnlyList<string>? Locations = null);

/// <summary>What one batch of a receiver stream reads: the blocks it took, in the order they were cut (one partition each).</summary>
internal sealed record ReceivedBlockIds(IReadOnlyList<ReceivedBlockId> Blocks);

/// <summary>
/// The task side of a receiver stream (Spark's BlockRDD): each partition is one block, found by the stream's block
/// source key and the block's id in the block store of the process the task runs in.
/// </summary>
/// <param name="source">The stream's key in the block store.</param>
internal sealed class ReceivedBlockReader<T>(string source) : SourceReader<ReceivedBlockIds, T>
{
    public override int PartitionCount(ReceivedBlockIds allocation) => allocation.Blocks.Count;

    public override IEnumerable<T> Read(ReceivedBlockIds allocation, int partition, SourceReadContext context)
    {
        var block = allocation.Blocks[partition];
        if (block.Locations is { } locations)
        {
            return context.Ember.InputBlocks.TryGetShared<T>(block.Id, locations, context.CancellationToken)
                ?? throw new InvalidOperationException(
                    $"Could not compute split: block {block.Id} of batch {context.BatchTime} of receiver stream '{source}' was not found at " +
                    $"{string.Join(", ", locations)}: every copy was lost with its executor, or its batch was forgotten.");
        }
        return context.Ember.InputBlocks.TryGet<T>(source, block.Id)
            ?? throw new InvalidOperationException(
                $"Block {block.Id} of batch {context.BatchTime} of receiver stream '{source}' is not in the block store: its batch was forgotten before this task read it.");
    }
}
