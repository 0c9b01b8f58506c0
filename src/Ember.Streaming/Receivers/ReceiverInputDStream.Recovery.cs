using System.Text.Json;
using System.Text.Json.Nodes;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.Receivers.WriteAheadLog;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>
/// The write-ahead log side of a receiver stream: the log itself, the stream's position in checkpoints, recovery,
/// and deletion of the log's segments once no checkpoint may need them.
/// </summary>
/// <remarks>
/// <para>
/// Blocks are numbered in the order they are logged, and batches take them in that order, so what was allocated is
/// always a prefix of the log: every block numbered below <c>allocatedUntil</c> went to a batch. A checkpoint records
/// the allocations of the remembered batches (by the shared ledger) and, as the stream's position, that number, the
/// last stored metadata and the retention table.
/// </para>
/// <para>
/// Recovery reads the log back: the batches the checkpoint knows get exactly their blocks again, and batches up to
/// the last allocated one take no new ones (the ledger sees to that); every logged block from <c>allocatedUntil</c>
/// on (including those logged after the checkpoint was written) waits for the first later batch, ahead of what the
/// receiver stores now. A start without a position reads the whole log that way: a crash before the first checkpoint
/// loses nothing either.
/// </para>
/// <para>
/// Segments are deleted once every block in them is below the lowest block any kept manifest refers to (a recovery
/// may read any of them, if the newer ones are torn; <see cref="LogRetention"/> tells which blocks that is). A manifest
/// refers to the blocks of the batches it remembers and to the unallocated ones, and a batch is forgotten only once it
/// completed and is older than the stream's remember duration, which covers the batches since the last state snapshot.
/// </para>
/// </remarks>
internal sealed partial class ReceiverInputDStream<T>
{
    private static readonly JsonSerializerOptions Json = new() { RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true };
    private readonly LogRetention retention = new();
    private ReceivedBlockLog<T>? log;
    private BlockPositions? restoredPosition;
    private bool logRead;
    private long allocatedUntil;
    private TimeSpan logRollInterval;

    /// <summary>The stream's write-ahead log directory, once the context started with <see cref="StreamingOptions.WriteAheadLog"/>.</summary>
    internal string? LogDirectory => log?.Directory;

    /// <summary>Where allocation stands in the log, the last metadata, the retention table; null without a log.</summary>
    private protected override JsonNode? SavePosition()
    {
        if (log is null)
        {
            return null;
        }
        BlockPositions position;
        var remembered = AllocationsRemembered;
        lock (gate)
        {
            var low = remembered.SelectMany(batch => batch.Allocation.Blocks).Select(block => block.Id).Append(allocatedUntil).Min();
            // The manifest this position goes into has a checkpoint time no later than this key (see LogRetention).
            var key = remembered.Count > 0 ? remembered[^1].BatchTime : Context.Graph.ZeroTime;
            retention.Record(key?.Milliseconds ?? long.MinValue, low);
            // A receiver on an executor keeps its metadata in the log alone (whose segments the driver never deletes).
            var metadata = local?.Blocks.LastMetadata is { Sequence: { } sequence, Serialized: { } bytes } ? new LoggedMetadata(sequence, bytes) : null;
            position = new BlockPositions(BlockPositions.CurrentFormat, allocatedUntil, tracker?.ReportedUntil ?? log.NextSequence, metadata,
                [.. retention.Entries.Select(entry => new RetentionEntry(entry.Key, entry.Low))]);
        }
        try
        {
            if (retention.DeletableBelow(Context.CheckpointDirectory!) is { } below && log.DeleteBelow(below) is > 0 and var deleted)
            {
                Context.Logger.LogDebug("{Stream}: deleted {Count} write-ahead log segment(s) below block {Block}", this, deleted, below);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Deleting is housekeeping: the checkpoint itself must still be written.
            Context.Logger.LogWarning(error, "{Stream}: old write-ahead log segments cannot be deleted now; retried at the next checkpoint", this);
        }
        return JsonSerializer.SerializeToNode(position, Json);
    }

    private protected override void RestorePosition(JsonNode? position)
    {
        OpenLog();
        if (position is null || log is null)
        {
            // The last run had no log: the start reads whatever the directory holds.
            return;
        }
        try
        {
            restoredPosition = position.Deserialize<BlockPositions>(Json) ?? throw new JsonException("The position is null.");
        }
        catch (JsonException error)
        {
            throw new CheckpointCorruptException($"The checkpoint's write-ahead log position of {this} cannot be read: {error.Message}", error);
        }
        if (restoredPosition.Format != BlockPositions.CurrentFormat)
        {
            throw new CheckpointCorruptException($"The checkpoint's write-ahead log position of {this} has format {restoredPosition.Format}; this version reads format {BlockPositions.CurrentFormat}.");
        }
    }

    /// <summary>Gives the batches of the checkpoint their logged blocks back, and queues the blocks no batch took.</summary>
    protected override void OnRestored(IReadOnlyList<(Time BatchTime, ReceivedBlockIds Allocation)> allocations)
    {
        if (log is null || restoredPosition is not { } saved)
        {
            return;
        }
        if (tracker is not null)
        {
            // The restored batches' tasks read their blocks from the log; the receiver reports those logged after.
            lock (gate)
            {
                allocatedUntil = saved.AllocatedUntil;
                retention.Restore(saved.Retention.Select(entry => (entry.Key, entry.Low)));
            }
            logRead = true;
            return;
        }
        var needed = allocations.SelectMany(batch => batch.Allocation.Blocks).Select(block => block.Id).ToHashSet();
        var found = log.Recover(block => block >= saved.AllocatedUntil || needed.Contains(block));
        lock (gate)
        {
            foreach (var (time, batch) in allocations)
            {
                var missing = batch.Blocks.Where(block => !found.Blocks.ContainsKey(block.Id)).Select(block => block.Id).ToList();
                if (missing.Count > 0)
                {
                    throw new CheckpointCorruptException(
                        $"The write-ahead log of {this} in '{log.Directory}' lacks block(s) {string.Join(", ", missing)} of batch {time}: it was damaged or deleted.");
                }
                foreach (var block in batch.Blocks)
                {
                    Store(found.Blocks[block.Id]);
                }
            }
            allocatedUntil = saved.AllocatedUntil;
            retention.Restore(saved.Retention.Select(entry => (entry.Key, entry.Low)));
        }
        var waiting = found.Blocks.Values.Where(block => block.Sequence >= saved.AllocatedUntil).OrderBy(block => block.Sequence).ToList();
        var metadata = saved.LastMetadata is { } last ? new StoredMetadata(last.Block, null, last.Bytes) : null;
        Supervisor.Blocks.UseLog(log, waiting, StoredMetadata.Newer(metadata, found.LastMetadata));
        logRead = true;
        Context.Logger.LogInformation(
            "{Stream}: restored the logged blocks of {Batches} batch(es); {Blocks} block(s) ({Records} records) logged and not yet in a batch go to the next one",
            this, allocations.Count, waiting.Count, waiting.Sum(block => (long)block.Records.Length));
    }

    /// <summary>Creates the log object when the option is on; throws when there is no checkpoint directory to put it in.</summary>
    private void OpenLog()
    {
        if (!Context.Options.WriteAheadLog || log is not null)
        {
            return;
        }
        if (Context.CheckpointDirectory is not { } directory)
        {
            throw new InvalidOperationException(
                $"StreamingOptions.WriteAheadLog (spark.streaming.receiver.writeAheadLog.enable) is on, but no checkpoint directory is set: {this} " +
                "writes received blocks under it. Call Checkpoint(directory), or create the context through StreamingContext.GetOrCreate, before Start.");
        }
        var id = CheckpointId ?? throw new InvalidOperationException($"{this} has no checkpoint id before the context starts.");
        // Segments per second at most: short batches would otherwise make many tiny files.
        logRollInterval = Context.BatchInterval > TimeSpan.FromSeconds(1) ? Context.BatchInterval : TimeSpan.FromSeconds(1);
        log = new ReceivedBlockLog<T>(Path.Combine(directory, "receivedData", Uri.EscapeDataString(id)), Context.EmberContext.Serializer,
            logRollInterval, Context.Logger, ToString());
        // Tasks that find no copy of a block read it from the log (a receiver's executor lost, or a restored batch).
        reader.LogDirectory = log.Directory;
    }

    /// <summary>At start without a restored position: every block the log holds waits for the first batch.</summary>
    private void RecoverUnrestored()
    {
        OpenLog();
        if (log is null || logRead || tracker is not null)
        {
            return;
        }
        var found = log.Recover(_ => true);
        var waiting = found.Blocks.Values.OrderBy(block => block.Sequence).ToList();
        if (waiting.Count > 0)
        {
            Context.Logger.LogWarning(
                "{Stream}: no checkpoint positions, but the write-ahead log holds {Blocks} block(s) ({Records} records) stored before: they go to the first batch",
                this, waiting.Count, waiting.Sum(block => (long)block.Records.Length));
        }
        Supervisor.Blocks.UseLog(log, waiting, found.LastMetadata);
        logRead = true;
    }
}
