using System.Text.Json.Nodes;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// What a checkpoint records (<c>checkpoint-&lt;ms&gt;.json</c>): no code and no type layout, only data. The state of
/// every stateful operator at <see cref="StateTimeMs"/>, the batches generated since (to run again on recovery), and the
/// position of every source. Operators and sources are matched by their stable ids. <see cref="Held"/> (absent in
/// manifests written before it existed) keeps the state of each batch whose outputs failed, so that batch can run again
/// after recovery even when later snapshots moved <see cref="StateTimeMs"/> past it.
/// </summary>
internal sealed record CheckpointManifest(
    int Format,
    string Application,
    long BatchIntervalMs,
    long ZeroTimeMs,
    long StartTimeMs,
    long CheckpointTimeMs,
    long? StateTimeMs,
    IReadOnlyList<StateEntry> State,
    IReadOnlyList<BatchEntry> Batches,
    IReadOnlyDictionary<string, JsonNode?> Sources,
    IReadOnlyList<HeldState>? Held = null)
{
    public const int CurrentFormat = 1;

    /// <summary>Every state entry the manifest refers to: the snapshot's and those held for failed batches.</summary>
    public IEnumerable<StateEntry> AllState() => State.Concat(Held?.SelectMany(held => held.State) ?? []);
}

/// <summary>The snapshot of one stateful operator: its id, the types it was written with, and its part files.</summary>
internal sealed record StateEntry(string Id, string Signature, string Directory, IReadOnlyList<PartEntry> Parts);

/// <summary>
/// One state file: name, length and SHA-256, so a torn or corrupt file is detected before it is used; and its number of
/// records, as the task that wrote it counted them (absent in manifests written before it existed).
/// </summary>
internal sealed record PartEntry(string File, long Length, string Sha256, long? Records = null);

/// <summary>
/// The state of the stateful operators as of a batch whose outputs failed (listed as not completed in
/// <see cref="CheckpointManifest.Batches"/>): restored with the checkpoint, so that batch's outputs run again on the state
/// they saw. Kept until the batch completes.
/// </summary>
internal sealed record HeldState(long TimeMs, IReadOnlyList<StateEntry> State);

/// <summary>A batch generated after the state snapshot: run again on recovery (outputs only if it had not completed).</summary>
internal sealed record BatchEntry(long TimeMs, bool Completed);
