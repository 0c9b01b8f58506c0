using System.Runtime.InteropServices;

namespace Ember.Cluster.Blocks;

/// <summary>
/// A block as a <see cref="LocalBlockStore"/> holds it: bytes in memory, or a file it spilled to. Readers get the
/// stored bytes themselves (no copy) or a stream over the file.
/// </summary>
internal sealed class StoredBlock
{
    private StoredBlock(long length, ReadOnlyMemory<byte> memory, string? filePath)
    {
        Length = length;
        Memory = memory;
        FilePath = filePath;
    }

    public long Length { get; }

    /// <summary>The bytes of an in-memory block (empty for a spilled one). Never modified once stored.</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>The file of a spilled block, or null when it is in memory.</summary>
    public string? FilePath { get; }

    public bool IsInMemory => FilePath is null;

    public static StoredBlock InMemory(ReadOnlyMemory<byte> bytes) => new(bytes.Length, bytes, null);

    public static StoredBlock OnDisk(string path, long length) => new(length, ReadOnlyMemory<byte>.Empty, path);

    /// <summary>
    /// A stream over the block from its start. A spilled block removed meanwhile may already be gone
    /// (<see cref="FileNotFoundException"/>); one removed while its stream is open stays readable until it is closed.
    /// </summary>
    public Stream OpenRead() => FilePath is null
        ? MemoryMarshal.TryGetArray(Memory, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(Memory.ToArray(), writable: false)
        : new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>The whole block in memory: the stored bytes themselves, or the file read into a new array.</summary>
    public ReadOnlyMemory<byte> ReadAll() => FilePath is null ? Memory : File.ReadAllBytes(FilePath);
}
