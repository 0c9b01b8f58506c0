using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// The checkpoint directory: <c>checkpoint-&lt;ms&gt;.json</c> manifests written atomically (temporary file, flush,
/// rename), the last <see cref="Kept"/> of them kept, and <c>state/&lt;id&gt;/&lt;ms&gt;/</c> snapshots, deleted once
/// no kept manifest refers to them. Reading takes the newest manifest whose checksum and state files are intact.
/// </summary>
internal sealed class CheckpointStore(string directory, ILogger logger)
{
    public const int Kept = 10;
    private const string Prefix = "checkpoint-";
    private const string Suffix = ".json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    // The state directories each kept manifest refers to, so pruning after every write reads only the manifests this
    // process did not write (those of an earlier run), once. Accessed under the checkpointer's lock, as writes are.
    private readonly Dictionary<string, IReadOnlyList<string>> references = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    /// <summary>Where the snapshot of stateful stream <paramref name="id"/> at <paramref name="timeMs"/> lives.</summary>
    public string StateDirectory(string id, long timeMs) =>
        Path.Combine(Directory, "state", Uri.EscapeDataString(id), timeMs.ToString(CultureInfo.InvariantCulture));

    /// <summary>A fresh directory to write a snapshot into before <see cref="CommitState"/> renames it into place.</summary>
    public string TemporaryStateDirectory(string id, long timeMs) => $"{StateDirectory(id, timeMs)}.tmp-{Guid.NewGuid():N}";

    public static void CommitState(string temporary, string final)
    {
        if (System.IO.Directory.Exists(final))
        {
            System.IO.Directory.Delete(final, recursive: true);
        }
        System.IO.Directory.Move(temporary, final);
    }

    public void Write(CheckpointManifest manifest)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var body = JsonSerializer.SerializeToNode(manifest, Json)!;
        var text = body.ToJsonString(Json);
        var envelope = new JsonObject { ["sha256"] = Hash(text), ["manifest"] = JsonNode.Parse(text) };
        var path = Path.Combine(Directory, $"{Prefix}{manifest.CheckpointTimeMs}{Suffix}");
        var temporary = Path.Combine(Directory, $".{Prefix}{manifest.CheckpointTimeMs}{Suffix}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(envelope.ToJsonString(Json)));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A full disk leaves a partly written (often empty) temporary file: removed, or it keeps the disk full.
            Discard(temporary);
            throw;
        }
        references[Path.GetFullPath(path)] = StateReferences(manifest);
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
        foreach (var path in Manifests().Reverse())
        {
            try
            {
                var manifest = Read(path);
                foreach (var state in manifest.AllState())
                {
                    new StateFiles(Path.Combine(Directory, state.Directory), serializer, state.Parts).Verify();
                }
                return manifest;
            }
            catch (Exception error) when (error is CheckpointCorruptException or JsonException or IOException or InvalidOperationException)
            {
                problems.Add($"{Path.GetFileName(path)}: {error.Message}");
                logger.LogWarning("Checkpoint {Path} is unusable ({Reason}); trying an older one", path, error.Message);
            }
        }
        return null;
    }

    /// <summary>True when the directory holds at least one manifest, readable or not.</summary>
    public bool HasManifests => Manifests().Any();

    private static CheckpointManifest Read(string path)
    {
        var envelope = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
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

    private IEnumerable<string> Manifests() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, $"{Prefix}*{Suffix}")
                .Select(path => (Path: path, Time: TimeOf(path)))
                .Where(entry => entry.Time is not null)
                .OrderBy(entry => entry.Time)
                .Select(entry => entry.Path)
            : [];

    private static long? TimeOf(string path)
    {
        var name = Path.GetFileName(path);
        return long.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var time)
            ? time
            : null;
    }

    private void Prune()
    {
        var manifests = Manifests().ToList();
        foreach (var old in manifests.Take(Math.Max(0, manifests.Count - Kept)))
        {
            File.Delete(old);
        }
        var kept = manifests.Skip(Math.Max(0, manifests.Count - Kept)).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
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
        var stateRoot = Path.Combine(Directory, "state");
        if (!System.IO.Directory.Exists(stateRoot))
        {
            return;
        }
        foreach (var snapshot in System.IO.Directory.EnumerateDirectories(stateRoot).SelectMany(System.IO.Directory.EnumerateDirectories).ToList())
        {
            // Snapshots and manifests are written by one writer, one at a time, so a temporary directory here is a crash's leftover.
            if (!referenced.Contains(Path.GetFullPath(snapshot)))
            {
                System.IO.Directory.Delete(snapshot, recursive: true);
            }
        }
    }

    private IReadOnlyList<string> StateReferences(CheckpointManifest manifest) =>
        [.. manifest.AllState()
            .Select(state => Path.GetFullPath(Path.Combine(Directory, state.Directory)))];

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
