using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// The driver's side of the checkpoint store (<see cref="ICheckpointStorage"/>): <c>checkpoint-&lt;ms&gt;.json</c>
/// manifests written atomically, the last <see cref="Kept"/> of them kept, and <c>state/&lt;id&gt;/&lt;ms&gt;/</c>
/// snapshots, committed here and deleted once no kept manifest refers to them. Only the driver writes metadata.
/// Reading takes the newest manifest whose checksum and state files are intact.
/// </summary>
internal sealed class CheckpointStore(ICheckpointStorage storage, ILogger logger)
{
    public const int Kept = 10;
    private const string Prefix = "checkpoint-";
    private const string Suffix = ".json";
    private const string StateRoot = "state";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    // The state directories each kept manifest refers to, so pruning after every write reads only the manifests this
    // process did not write (those of an earlier run), once. Accessed under the checkpointer's lock, as writes are.
    private readonly Dictionary<string, IReadOnlyList<string>> references = new(StringComparer.Ordinal);

    public ICheckpointStorage Storage { get; } = storage;

    /// <summary>Where the store is, for messages.</summary>
    public string Directory => Storage.Location;

    /// <summary>Where the snapshot of stateful stream <paramref name="id"/> at <paramref name="timeMs"/> lives, relative to the store.</summary>
    public static string StateDirectory(string id, long timeMs) =>
        Path.Combine(StateRoot, Uri.EscapeDataString(id), timeMs.ToString(CultureInfo.InvariantCulture));

    /// <summary>A fresh directory to write a snapshot into before <see cref="CommitState"/> renames it into place.</summary>
    public static string TemporaryStateDirectory(string id, long timeMs) => $"{StateDirectory(id, timeMs)}.tmp-{Guid.NewGuid():N}";

    /// <summary>Gives a snapshot written (every part file committed) into <paramref name="temporary"/> its final name.</summary>
    public void CommitState(string temporary, string final) => Storage.Rename(temporary, final);

    public void Write(CheckpointManifest manifest)
    {
        var body = JsonSerializer.SerializeToNode(manifest, Json)!;
        var text = body.ToJsonString(Json);
        var envelope = new JsonObject { ["sha256"] = Hash(text), ["manifest"] = JsonNode.Parse(text) };
        var name = $"{Prefix}{manifest.CheckpointTimeMs}{Suffix}";
        Storage.WriteAtomically(name, Encoding.UTF8.GetBytes(envelope.ToJsonString(Json)));
        references[name] = StateReferences(manifest);
        Prune();
    }

    /// <summary>
    /// The newest intact manifest (with its state files checked), or null when there is none. Damaged manifests are
    /// reported in <paramref name="rejected"/>, newest first.
    /// </summary>
    public CheckpointManifest? ReadLatest(Ember.Serialization.ISerializer serializer, out IReadOnlyList<string> rejected)
    {
        var problems = new List<string>();
        rejected = problems;
        foreach (var name in Manifests().Reverse())
        {
            try
            {
                var manifest = Read(name);
                foreach (var state in manifest.AllState())
                {
                    new StateFiles(Storage, state.Directory, serializer, state.Parts).Verify();
                }
                return manifest;
            }
            catch (Exception error) when (error is CheckpointCorruptException or JsonException or IOException or InvalidOperationException)
            {
                problems.Add($"{name}: {error.Message}");
                logger.LogWarning("Checkpoint {Path} in {Directory} is unusable ({Reason}); trying an older one", name, Directory, error.Message);
            }
        }
        return null;
    }

    /// <summary>True when the directory holds at least one manifest, readable or not.</summary>
    public bool HasManifests => Manifests().Any();

    private CheckpointManifest Read(string path)
    {
        var envelope = JsonNode.Parse(Encoding.UTF8.GetString(Storage.Read(path))) as JsonObject
            ?? throw new CheckpointCorruptException($"'{path}' is not a checkpoint manifest.");
        var body = envelope["manifest"] ?? throw new CheckpointCorruptException($"'{path}' has no manifest.");
        var text = body.ToJsonString(Json);
        if (envelope["sha256"]?.GetValue<string>() != Hash(text))
        {
            throw new CheckpointCorruptException($"'{path}' fails its checksum (torn or edited).");
        }
        var manifest = body.Deserialize<CheckpointManifest>(Json) ?? throw new CheckpointCorruptException($"'{path}' has an empty manifest.");
        if (manifest.Format != CheckpointManifest.CurrentFormat)
        {
            throw new CheckpointCorruptException($"'{path}' has format {manifest.Format}; this version reads format {CheckpointManifest.CurrentFormat}.");
        }
        return manifest;
    }

    /// <summary>The manifests' names, oldest first.</summary>
    private IEnumerable<string> Manifests() =>
        Storage.Files("")
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal))
            .Select(name => (Name: name, Time: TimeOf(name)))
            .Where(entry => entry.Time is not null)
            .OrderBy(entry => entry.Time)
            .Select(entry => entry.Name);

    private static long? TimeOf(string name) =>
        long.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var time)
            ? time
            : null;

    private void Prune()
    {
        var manifests = Manifests().ToList();
        foreach (var old in manifests.Take(Math.Max(0, manifests.Count - Kept)))
        {
            Storage.Delete(old);
        }
        var kept = manifests.Skip(Math.Max(0, manifests.Count - Kept)).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in references.Keys.Where(path => !kept.Contains(path)).ToList())
        {
            references.Remove(gone);
        }
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in kept)
        {
            if (!references.TryGetValue(path, out var states))
            {
                try
                {
                    states = StateReferences(Read(path));
                }
                catch (Exception error) when (error is CheckpointCorruptException or JsonException or IOException)
                {
                    // An unreadable manifest refers to nothing worth keeping.
                    states = [];
                }
                references[path] = states;
            }
            referenced.UnionWith(states);
        }
        var snapshots = Storage.Directories(StateRoot)
            .SelectMany(stream => Storage.Directories(Path.Combine(StateRoot, stream)).Select(time => Path.Combine(StateRoot, stream, time)))
            .ToList();
        foreach (var snapshot in snapshots)
        {
            // Snapshots and manifests are written by one writer, one at a time, so a temporary directory here is a crash's leftover.
            if (!referenced.Contains(Normalized(snapshot)))
            {
                Storage.Delete(snapshot);
            }
        }
    }

    private static IReadOnlyList<string> StateReferences(CheckpointManifest manifest) =>
        [.. manifest.AllState().Select(state => Normalized(state.Directory))];

    /// <summary>A relative path as one string whatever the separators it was written with.</summary>
    private static string Normalized(string path) => path.Replace('\\', '/');

    /// <summary>
    /// Removes what a failed write left (a temporary file, a half-written snapshot directory), best effort: the write's
    /// own error is the one reported, and a leftover that cannot go now is pruned after the next successful write.
    /// </summary>
    public static void Discard(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
