using System.Text.Json.Nodes;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// What a checkpoint records (<c>checkpoint-&lt;ms&gt;.json</c>): no code and no type layout, only data. The state of
/// every stateful operator at <see cref="StateTimeMs"/>, the batches generated since (to run again on recovery), and the
/// position of every source. Operators and sources are matched by their stable ids.
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
    IReadOnlyDictionary<string, JsonNode?> Sources)
{
    public const int CurrentFormat = 1;
}

/// <summary>The snapshot of one stateful operator: its id, the types it was written with, and its part files.</summary>
internal sealed record StateEntry(string Id, string Signature, string Directory, IReadOnlyList<PartEntry> Parts);

/// <summary>One state file: name, length and SHA-256, so a torn or corrupt file is detected before it is used.</summary>
internal sealed record PartEntry(string File, long Length, string Sha256);

/// <summary>A batch generated after the state snapshot: run again on recovery (outputs only if it had not completed).</summary>
internal sealed record BatchEntry(long TimeMs, bool Completed);
