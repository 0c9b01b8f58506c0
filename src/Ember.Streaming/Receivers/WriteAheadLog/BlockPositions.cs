using System.Text.Json.Nodes;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.Receivers.WriteAheadLog;

/// <summary>The logged blocks one batch took, and whether the batch completed (its outputs ran).</summary>
internal sealed record BatchBlocks(long TimeMs, IReadOnlyList<long> Blocks, bool Completed);

/// <summary>
/// A receiver stream's position in a checkpoint manifest: which logged blocks each remembered batch took, where
/// allocation stands (every logged block numbered below <see cref="AllocatedUntil"/> went to a batch, those from it on
/// wait for the next one), and the metadata of the last block stored with some, so that it outlives its segment.
/// </summary>
/// <param name="AllocatedUntil">Blocks are allocated in the order they were logged: all below this number were.</param>
/// <param name="LoggedUntil">The next sequence number when the manifest was written (for inspection; the log itself is authoritative).</param>
/// <param name="LastBatchMs">The latest batch that took blocks: after a recovery, batches up to it get their own blocks back and no new ones.</param>
/// <param name="Batches">The remembered batches, oldest first.</param>
/// <param name="LastMetadata">The last stored metadata, with its block's sequence number.</param>
/// <param name="Retention">The lows <see cref="LogRetention"/> recorded, by key: what tells which segments no kept manifest needs.</param>
internal sealed record BlockPositions(
    long AllocatedUntil, long LoggedUntil, long? LastBatchMs, IReadOnlyList<BatchBlocks> Batches, StoredMetadata? LastMetadata,
    IReadOnlyList<(long Key, long Low)> Retention)
{
    public const int Format = 1;

    public JsonNode ToJson() => new JsonObject
    {
        ["format"] = Format,
        ["allocatedUntil"] = AllocatedUntil,
        ["loggedUntil"] = LoggedUntil,
        ["lastBatch"] = LastBatchMs,
        ["batches"] = new JsonArray([.. Batches.Select(batch => (JsonNode)new JsonObject
        {
            ["time"] = batch.TimeMs,
            ["blocks"] = new JsonArray([.. batch.Blocks.Select(block => (JsonNode?)block)]),
            ["completed"] = batch.Completed,
        })]),
        ["lastMetadata"] = LastMetadata is { Sequence: { } sequence, Serialized: { } bytes }
            ? new JsonObject { ["block"] = sequence, ["bytes"] = Convert.ToBase64String(bytes) }
            : null,
        ["retention"] = new JsonArray([.. Retention.Select(entry => (JsonNode)new JsonArray(entry.Key, entry.Low))]),
    };

    /// <summary>Reads positions written by <see cref="ToJson"/>; a missing or damaged field is a corrupt checkpoint.</summary>
    public static BlockPositions FromJson(JsonNode node, string stream)
    {
        JsonNode Field(JsonNode? parent, string name) =>
            parent?[name] ?? throw new CheckpointCorruptException($"The checkpoint's positions of {stream} lack '{name}'.");

        try
        {
            var format = Field(node, "format").GetValue<int>();
            if (format != Format)
            {
                throw new CheckpointCorruptException($"The checkpoint's positions of {stream} have format {format}; this version reads format {Format}.");
            }
            var metadata = node["lastMetadata"] is JsonObject last
                ? new StoredMetadata(Field(last, "block").GetValue<long>(), null, Convert.FromBase64String(Field(last, "bytes").GetValue<string>()))
                : null;
            return new BlockPositions(
                Field(node, "allocatedUntil").GetValue<long>(),
                Field(node, "loggedUntil").GetValue<long>(),
                node["lastBatch"]?.GetValue<long>(),
                [.. Field(node, "batches").AsArray().Select(batch => new BatchBlocks(
                    Field(batch, "time").GetValue<long>(),
                    [.. Field(batch, "blocks").AsArray().Select(block => block?.GetValue<long>()
                        ?? throw new CheckpointCorruptException($"The checkpoint's positions of {stream} hold a null block."))],
                    Field(batch, "completed").GetValue<bool>()))],
                metadata,
                [.. Field(node, "retention").AsArray().Select(entry => entry is JsonArray { Count: 2 } pair && pair[0] is { } key && pair[1] is { } low
                    ? (key.GetValue<long>(), low.GetValue<long>())
                    : throw new CheckpointCorruptException($"The checkpoint's positions of {stream} hold a damaged retention entry."))]);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException)
        {
            throw new CheckpointCorruptException($"The checkpoint's positions of {stream} cannot be read: {error.Message}", error);
        }
    }
}
