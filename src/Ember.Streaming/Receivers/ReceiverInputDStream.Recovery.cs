using System.Text.Json.Nodes;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.Receivers.WriteAheadLog;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>
/// The write-ahead log side of a receiver stream: the log itself, the stream's positions in checkpoints, recovery,
/// and deletion of the log's segments once no checkpoint may need them.
/// </summary>
/// <remarks>
/// <para>
/// Blocks are numbered in the order they are logged, and batches take them in that order, so what was allocated is
/// always a prefix of the log: every block numbered below <c>allocatedUntil</c> went to a batch. A checkpoint records
/// that number, the blocks of every batch still remembered (or not yet completed), and the last stored metadata.
/// </para>
/// <para>
/// Recovery reads the log back: the batches the checkpoint knows (up to its last allocated batch) get exactly their
/// blocks again and take no new ones, whether the manifest replays them or the generator makes them again as missed
/// batches; every logged block from <c>allocatedUntil</c> on (including those logged after the checkpoint was written)
/// waits for the first later batch, ahead of what the receiver stores now. A start without positions reads the whole
/// log that way: a crash before the first checkpoint loses nothing either.
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
    private readonly LogRetention retention = new();
    private readonly HashSet<Time> restored = [];
    private ReceivedBlockLog<T>? log;
    private bool logRead;
    private long allocatedUntil;
    private Time? lastAllocated;
    private Time? replayThrough;

    /// <summary>The stream's write-ahead log directory, once the context started with <see cref="StreamingOptions.WriteAheadLog"/>.</summary>
    internal string? LogDirectory => log?.Directory;

    private string SourceId => CheckpointId ?? throw new InvalidOperationException($"{this} has no checkpoint id before the context starts.");

    /// <summary>Which logged blocks each remembered batch took, where allocation stands, the last metadata; null without a log.</summary>
    private protected override JsonNode? SaveAllocations()
    {
        if (log is null)
        {
            return null;
        }
        BlockPositions positions;
        lock (gate)
        {
            var low = allocated.Values.SelectMany(allocation => allocation.Blocks).Select(block => block.Sequence).OfType<long>().Append(allocatedUntil).Min();
            // The manifest these positions go into has a checkpoint time no later than this key (see LogRetention).
            var key = lastAllocated ?? Context.Graph.ZeroTime;
            retention.Record(key?.Milliseconds ?? long.MinValue, low);
            positions = new BlockPositions(
                allocatedUntil,
                log.NextSequence,
                lastAllocated?.Milliseconds,
                [.. allocated.Select(pair => new BatchBlocks(pair.Key.Milliseconds, [.. pair.Value.Blocks.Select(block => block.Sequence).OfType<long>()], pair.Value.Completed))],
                Supervisor.Blocks.LastMetadata,
                retention.Entries);
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
        return positions.ToJson();
    }

    /// <summary>Gives the batches of the checkpoint their logged blocks back, and queues the blocks no batch took.</summary>
    private protected override void RestoreAllocations(JsonNode? positions)
    {
        OpenLog();
        if (log is null)
        {
            if (positions is not null)
            {
                Context.Logger.LogWarning(
                    "{Stream}: the checkpoint has write-ahead log positions but WriteAheadLog is off: logged blocks no batch processed are not replayed", this);
            }
            return;
        }
        if (positions is null)
        {
            // The last run had no log: the start reads whatever the directory holds.
            return;
        }
        var saved = BlockPositions.FromJson(positions, ToString());
        var needed = saved.Batches.SelectMany(batch => batch.Blocks).ToHashSet();
        var found = log.Recover(block => block >= saved.AllocatedUntil || needed.Contains(block));
        lock (gate)
        {
            foreach (var batch in saved.Batches)
            {
                var time = new Time(batch.TimeMs);
                var missing = batch.Blocks.Where(block => !found.Blocks.ContainsKey(block)).ToList();
                if (missing.Count > 0)
                {
                    throw new CheckpointCorruptException(
                        $"The write-ahead log of {this} in '{log.Directory}' lacks block(s) {string.Join(", ", missing)} of batch {time}: it was damaged or deleted.");
                }
                allocated[time] = new Allocation([.. batch.Blocks.Select(block => found.Blocks[block])], batch.Completed);
                restored.Add(time);
            }
            allocatedUntil = saved.AllocatedUntil;
            retention.Restore(saved.Retention);
            lastAllocated = saved.LastBatchMs is { } last ? new Time(last) : null;
            replayThrough = lastAllocated;
        }
        var waiting = found.Blocks.Values.Where(block => block.Sequence >= saved.AllocatedUntil).OrderBy(block => block.Sequence).ToList();
        Supervisor.Blocks.UseLog(log, waiting, StoredMetadata.Newer(saved.LastMetadata, found.LastMetadata));
        logRead = true;
        Context.Logger.LogInformation(
            "{Stream}: restored the logged blocks of {Batches} batch(es); {Blocks} block(s) ({Records} records) logged and not yet in a batch go to the next one",
            this, saved.Batches.Count, waiting.Count, waiting.Sum(block => (long)block.Records.Length));
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
        var id = SourceId;
        // Segments per second at most: short batches would otherwise make many tiny files.
        var rollInterval = Context.BatchInterval > TimeSpan.FromSeconds(1) ? Context.BatchInterval : TimeSpan.FromSeconds(1);
        log = new ReceivedBlockLog<T>(Path.Combine(directory, "receivedData", Uri.EscapeDataString(id)), Context.EmberContext.Serializer,
            rollInterval, Context.Logger, ToString());
    }

    /// <summary>At start without restored positions: every block the log holds waits for the first batch.</summary>
    private void RecoverUnrestored()
    {
        OpenLog();
        if (log is null || logRead)
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

    /// <summary>
    /// True for a batch the checkpoint knows (at or before its last allocated batch): it gets its logged blocks back,
    /// or none when it was forgotten, and never new ones.
    /// </summary>
    private bool IsReplayed(Time time)
    {
        lock (gate)
        {
            if (replayThrough is not { } through || time > through)
            {
                return false;
            }
            if (!restored.Remove(time) && !allocated.ContainsKey(time))
            {
                Context.Logger.LogDebug("{Stream}: batch {Time} runs again after a recovery, but its blocks were forgotten; it is empty", this, time);
                allocated[time] = new Allocation([], completed: false);
            }
            return true;
        }
    }

    /// <summary>The first batch after a recovery's replay; the caller holds <see cref="gate"/>.</summary>
    private void EndReplay()
    {
        if (replayThrough is null)
        {
            return;
        }
        // Restored batches the recovery did not generate again will never run: the checkpoint had them done.
        foreach (var time in restored)
        {
            if (allocated.TryGetValue(time, out var allocation))
            {
                allocation.Completed = true;
            }
        }
        restored.Clear();
        replayThrough = null;
    }

    /// <summary>Moves allocation past the blocks a batch took; the caller holds <see cref="gate"/>.</summary>
    private void Allocated(Time time, Block<T>[] blocks)
    {
        if (blocks.Length > 0 && blocks[^1].Sequence is { } last)
        {
            allocatedUntil = Math.Max(allocatedUntil, last + 1);
        }
        if (lastAllocated is not { } latest || time > latest)
        {
            lastAllocated = time;
        }
    }
}
