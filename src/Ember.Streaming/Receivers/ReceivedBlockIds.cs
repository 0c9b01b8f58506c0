using Ember.Streaming.Sources;

namespace Ember.Streaming.Receivers;

/// <summary>
/// One block a batch took: its id (with a write-ahead log, its sequence number in the log) and its number of records;
/// for a receiver on an executor, where its copies are (block service addresses), under the cluster-wide unique
/// <paramref name="CopyId"/> (with a log; without one, the id itself is that).
/// </summary>
internal sealed record ReceivedBlockId(long Id, int Records, IReadOnlyList<string>? Locations = null, long? CopyId = null);

/// <summary>What one batch of a receiver stream reads: the blocks it took, in the order they were cut (one partition each).</summary>
internal sealed record ReceivedBlockIds(IReadOnlyList<ReceivedBlockId> Blocks);

/// <summary>
/// The task side of a receiver stream (Spark's BlockRDD, and WriteAheadLogBackedBlockRDD with a log): each partition
/// is one block, found by the stream's block source key and the block's id in the block store of the process the task
/// runs in, or for a receiver on an executor at one of its copies; with the write-ahead log, a block no copy of which
/// is found is read from the log.
/// </summary>
/// <param name="source">The stream's key in the block store.</param>
internal sealed class ReceivedBlockReader<T>(string source) : SourceReader<ReceivedBlockIds, T>
{
    public string Source => source;

    /// <summary>The stream's write-ahead log, read when a block is found nowhere else; null without a log.</summary>
    public string? LogDirectory { get; set; }

    public override int PartitionCount(ReceivedBlockIds allocation) => allocation.Blocks.Count;

    public override IEnumerable<T> Read(ReceivedBlockIds allocation, int partition, SourceReadContext context)
    {
        var block = allocation.Blocks[partition];
        var found = block.Locations is { } copies
            ? context.Ember.InputBlocks.TryGetShared<T>(block.CopyId ?? block.Id, copies, context.CancellationToken)
            : context.Ember.InputBlocks.TryGet<T>(source, block.Id);
        if (found is null && LogDirectory is { } directory && (block.CopyId is not null || block.Locations is null))
        {
            found = ReadLogged(directory, block.Id, context);
        }
        if (block.Locations is { } locations)
        {
            return found
                ?? throw new InvalidOperationException(
                    $"Could not compute split: block {block.Id} of batch {context.BatchTime} of receiver stream '{source}' was not found at " +
                    $"{string.Join(", ", locations)}: every copy was lost with its executor, or its batch was forgotten.");
        }
        return found
            ?? throw new InvalidOperationException(
                $"Block {block.Id} of batch {context.BatchTime} of receiver stream '{source}' is not in the block store: its batch was forgotten before this task read it.");
    }

    private T[]? ReadLogged(string directory, long sequence, SourceReadContext context)
    {
        // A reader's own instance, which never appends: recovering reads the segments, skipping a torn last record.
        var log = new WriteAheadLog.ReceivedBlockLog<T>(directory, context.Ember.Serializer, TimeSpan.FromSeconds(1), context.Ember.Logger, source);
        return log.Recover(logged => logged == sequence).Blocks.TryGetValue(sequence, out var block) ? block.Records : null;
    }
}
