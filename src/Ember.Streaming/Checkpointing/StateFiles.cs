using System.Security.Cryptography;
using Ember.Serialization;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// The part files of one state snapshot (<c>state/&lt;id&gt;/&lt;ms&gt;/part-&lt;n&gt;</c> in the checkpoint store): each
/// partition's records serialized as one array. Tasks write them under temporary names (<see cref="Write{T}"/>, on
/// whichever executor holds the partition) that the driver commits (<see cref="Commit"/>); files are checked against the
/// manifest's length and SHA-256 before they are read. Plain data: it travels inside the tasks that write and read.
/// </summary>
internal sealed class StateFiles(ICheckpointStorage storage, string directory, ISerializer serializer, IReadOnlyList<PartEntry>? expected = null)
{
    private long recordsWritten;

    /// <summary>The snapshot's directory, relative to the store.</summary>
    public string Directory { get; } = directory;

    /// <summary>Records written so far through <see cref="Write{T}"/> in this process: a state snapshot holds one per key.</summary>
    public long RecordsWritten => Interlocked.Read(ref recordsWritten);

    public int PartCount => expected?.Count ?? throw new InvalidOperationException("A snapshot being written has no known part count.");

    /// <summary>
    /// Writes partition <paramref name="index"/>'s records (flushed to disk) under a temporary name of this attempt's
    /// own, and describes the file: a retried or duplicated task never writes over the file another attempt wrote.
    /// <paramref name="keys"/> counts the keys when a record is not one key (columns of many).
    /// </summary>
    public PartEntry Write<T>(int index, T[] records, long? keys = null)
    {
        var bytes = serializer.Serialize(records);
        var written = storage.WriteTemporary(Path.Combine(Directory, PartName(index)), bytes);
        return new PartEntry(Path.GetFileName(written), bytes.Length, Convert.ToHexString(SHA256.HashData(bytes)), keys ?? records.Length);
    }

    /// <summary>
    /// Gives the files <paramref name="written"/> (one per partition, in order) their final names (the driver's step,
    /// after every task succeeded) and returns their entries as the manifest records them. Files of other attempts stay
    /// behind under temporary names, removed with the directory's temporary name or pruned.
    /// </summary>
    public IReadOnlyList<PartEntry> Commit(IReadOnlyList<PartEntry> written)
    {
        var committed = new List<PartEntry>(written.Count);
        for (var index = 0; index < written.Count; index++)
        {
            var final = PartName(index);
            storage.Rename(Path.Combine(Directory, written[index].File), Path.Combine(Directory, final));
            committed.Add(written[index] with { File = final });
            Interlocked.Add(ref recordsWritten, written[index].Records ?? 0);
        }
        return committed;
    }

    /// <summary>Reads partition <paramref name="index"/>; a missing, truncated or altered file throws <see cref="CheckpointCorruptException"/>.</summary>
    public T[] Read<T>(int index) => serializer.Deserialize<T[]>(ReadChecked(index));

    /// <summary>Checks every part file without deserializing it.</summary>
    public void Verify()
    {
        for (var index = 0; index < (expected?.Count ?? 0); index++)
        {
            ReadChecked(index);
        }
    }

    private byte[] ReadChecked(int index)
    {
        var part = (expected ?? throw new InvalidOperationException("No manifest describes this snapshot."))[index];
        var path = Path.Combine(Directory, part.File);
        byte[] bytes;
        try
        {
            bytes = storage.Read(path);
        }
        catch (IOException error)
        {
            throw new CheckpointCorruptException($"State file '{path}' in '{storage.Location}' cannot be read: {error.Message}", error);
        }
        if (bytes.Length != part.Length || Convert.ToHexString(SHA256.HashData(bytes)) != part.Sha256)
        {
            throw new CheckpointCorruptException(
                $"State file '{path}' in '{storage.Location}' is corrupt: {bytes.Length} bytes where the checkpoint recorded {part.Length}, or its checksum differs.");
        }
        return bytes;
    }

    private static string PartName(int index) => $"part-{index:D5}";
}

/// <summary>A checkpoint file is torn, truncated or altered: recovery falls back to an older checkpoint.</summary>
public sealed class CheckpointCorruptException(string message, Exception? innerException = null) : Exception(message, innerException);
