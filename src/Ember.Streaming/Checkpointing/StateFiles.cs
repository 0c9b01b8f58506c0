using System.Security.Cryptography;
using Ember.Serialization;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// The part files of one state snapshot (<c>state/&lt;id&gt;/&lt;ms&gt;/part-&lt;n&gt;</c>): each partition's records
/// serialized as one array. Files are checked against the manifest's length and SHA-256 before they are read.
/// </summary>
internal sealed class StateFiles(string directory, ISerializer serializer, IReadOnlyList<PartEntry>? expected = null)
{
    private long recordsWritten;

    public string Directory { get; } = directory;

    /// <summary>Records written so far through <see cref="Write{T}"/>: a state snapshot holds one per key.</summary>
    public long RecordsWritten => Interlocked.Read(ref recordsWritten);

    public int PartCount => expected?.Count ?? throw new InvalidOperationException("A snapshot being written has no known part count.");

    /// <summary>Writes partition <paramref name="index"/>'s records (flushed to disk) and describes the file.</summary>
    public PartEntry Write<T>(int index, T[] records)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"part-{index:D5}";
        var path = Path.Combine(Directory, name);
        var bytes = serializer.Serialize(records);
        Interlocked.Add(ref recordsWritten, records.Length);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        return new PartEntry(name, bytes.Length, Convert.ToHexString(SHA256.HashData(bytes)));
    }

    /// <summary>Reads partition <paramref name="index"/>; a missing, truncated or altered file throws <see cref="CheckpointCorruptException"/>.</summary>
    public T[] Read<T>(int index)
    {
        var part = (expected ?? throw new InvalidOperationException("No manifest describes this snapshot."))[index];
        var path = Path.Combine(Directory, part.File);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException error)
        {
            throw new CheckpointCorruptException($"State file '{path}' cannot be read: {error.Message}", error);
        }
        if (bytes.Length != part.Length || Convert.ToHexString(SHA256.HashData(bytes)) != part.Sha256)
        {
            throw new CheckpointCorruptException(
                $"State file '{path}' is corrupt: {bytes.Length} bytes where the checkpoint recorded {part.Length}, or its checksum differs.");
        }
        return serializer.Deserialize<T[]>(bytes);
    }

    /// <summary>Checks every part file without deserializing it.</summary>
    public void Verify()
    {
        foreach (var part in expected ?? [])
        {
            var path = Path.Combine(Directory, part.File);
            if (!File.Exists(path) || new FileInfo(path).Length != part.Length || Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) != part.Sha256)
            {
                throw new CheckpointCorruptException($"State file '{path}' is missing, truncated or corrupt.");
            }
        }
    }
}

/// <summary>A checkpoint file is torn, truncated or altered: recovery falls back to an older checkpoint.</summary>
public sealed class CheckpointCorruptException(string message, Exception? innerException = null) : Exception(message, innerException);
