namespace Ember.Streaming.Checkpointing;

/// <summary>
/// The checkpoint store in a directory every process sees at the same path: a local directory for one process or
/// <c>local-cluster</c>, a shared mount (NFS, SMB, a cloud file share) for executors on other machines. Durability is
/// the file system's: files are flushed to disk before they count, and renames within the directory are atomic.
/// </summary>
internal sealed class SharedDirectoryStorage(string root) : ICheckpointStorage
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Location => Root;

    public string FullPath(string path) => Path.Combine(Root, path);

    public string WriteTemporary(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        Write(FullPath(temporary), bytes);
        return temporary;
    }

    public void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var final = FullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.tmp");
        try
        {
            Write(temporary, bytes);
            File.Move(temporary, final, overwrite: true);
        }
        catch
        {
            // A full disk leaves a partly written (often empty) temporary file: removed, or it keeps the disk full.
            CheckpointStore.Discard(temporary);
            throw;
        }
    }

    public byte[] Read(string path) => File.ReadAllBytes(FullPath(path));

    public void Rename(string from, string to)
    {
        var (source, target) = (FullPath(from), FullPath(to));
        if (Directory.Exists(source))
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(source, target);
        }
        else
        {
            File.Move(source, target, overwrite: true);
        }
    }

    public IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(FullPath(directory)) ? [.. Directory.EnumerateFiles(FullPath(directory)).Select(Path.GetFileName).OfType<string>()] : [];

    public IReadOnlyList<string> Directories(string directory) =>
        Directory.Exists(FullPath(directory)) ? [.. Directory.EnumerateDirectories(FullPath(directory)).Select(Path.GetFileName).OfType<string>()] : [];

    public void Delete(string path) => CheckpointStore.Discard(FullPath(path));

    private static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}
