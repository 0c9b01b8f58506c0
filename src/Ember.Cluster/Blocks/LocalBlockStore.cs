using System.Collections.Concurrent;

namespace Ember.Cluster.Blocks;

/// <summary>
/// The blocks one process holds (one per executor, one on the driver), by <see cref="BlockId"/>: in memory up to a
/// byte budget, and past it in files under a directory of its own, which it creates and deletes on
/// <see cref="Dispose"/>. Thread-safe; a block put again (a retried task) replaces the earlier one.
/// </summary>
/// <remarks>
/// Blocks are never spilled after the fact: a block that does not fit in the remaining budget goes to disk when it
/// is put, so a reader holding a block's bytes never sees them move. Removing a block a reader still holds is safe:
/// the memory stays alive until the reader drops it, and an open file stays readable until it is closed.
/// </remarks>
internal sealed class LocalBlockStore : IDisposable
{
    /// <summary>The default memory budget: 64 MiB of blocks before new ones go to disk.</summary>
    public const long DefaultMemoryBudgetBytes = 64L << 20;

    private readonly ConcurrentDictionary<BlockId, StoredBlock> blocks = new();
    // Swaps of a block (put over an existing one, remove) and the byte counts change together under this lock;
    // spill files are written before it is taken.
    private readonly Lock gate = new();
    private readonly long memoryBudget;
    private long memoryBytes;
    private long reservedMemoryBytes;
    private long diskBytes;
    private bool disposed;

    /// <param name="directory">Where spilled blocks go: created now, deleted with everything in it on <see cref="Dispose"/>. A new temporary directory when null.</param>
    /// <param name="memoryBudgetBytes">Bytes of blocks kept in memory before new blocks spill to files (0: every block on disk).</param>
    public LocalBlockStore(string? directory = null, long memoryBudgetBytes = DefaultMemoryBudgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBudgetBytes);
        Directory = directory ?? Path.Combine(Path.GetTempPath(), $"ember-blocks-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        memoryBudget = memoryBudgetBytes;
    }

    /// <summary>The directory spilled blocks are written to.</summary>
    public string Directory { get; }

    /// <summary>Bytes of blocks held in memory.</summary>
    public long MemoryBytes => Interlocked.Read(ref memoryBytes);

    /// <summary>Bytes of blocks spilled to files.</summary>
    public long DiskBytes => Interlocked.Read(ref diskBytes);

    /// <summary>How many blocks are stored.</summary>
    public int Count => blocks.Count;

    /// <summary>The ids of the stored blocks, at some moment.</summary>
    public IReadOnlyList<BlockId> Ids => [.. blocks.Keys];

    /// <summary>
    /// Stores <paramref name="bytes"/> as block <paramref name="id"/>, replacing any block of that id. The store keeps
    /// <paramref name="bytes"/> itself when it fits in memory: the caller must not change them afterwards.
    /// </summary>
    /// <returns>The stored block (in memory or spilled).</returns>
    public StoredBlock Put(BlockId id, ReadOnlyMemory<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var block = TryReserveMemory(bytes.Length) ? StoredBlock.InMemory(bytes) : Spill(id, bytes.Span);
        StoredBlock? replaced;
        lock (gate)
        {
            if (disposed)
            {
                Release(block);
                throw new ObjectDisposedException(nameof(LocalBlockStore));
            }
            blocks.TryGetValue(id, out replaced);
            blocks[id] = block;
            if (block.IsInMemory)
            {
                Interlocked.Add(ref reservedMemoryBytes, -block.Length);
                Interlocked.Add(ref memoryBytes, block.Length);
            }
            else
            {
                Interlocked.Add(ref diskBytes, block.Length);
            }
            if (replaced is not null)
            {
                Forget(replaced);
            }
        }
        return block;
    }

    /// <summary>The block stored as <paramref name="id"/>, or null.</summary>
    public StoredBlock? Get(BlockId id) => blocks.TryGetValue(id, out var block) ? block : null;

    /// <summary>The length in bytes of block <paramref name="id"/>, or null when it is not stored.</summary>
    public long? SizeOf(BlockId id) => Get(id)?.Length;

    /// <summary>Removes block <paramref name="id"/>; false when it was not stored.</summary>
    public bool Remove(BlockId id)
    {
        lock (gate)
        {
            if (!blocks.TryRemove(id, out var block))
            {
                return false;
            }
            Forget(block);
            return true;
        }
    }

    /// <summary>Removes every block of shuffle <paramref name="shuffleId"/> and returns how many there were.</summary>
    public int RemoveShuffle(int shuffleId) =>
        RemoveWhere(id => id.Kind == BlockKind.Shuffle && id.ShuffleId == shuffleId);

    /// <summary>Removes every block whose id matches <paramref name="predicate"/> and returns how many there were.</summary>
    public int RemoveWhere(Func<BlockId, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return blocks.Keys.Where(predicate).Count(Remove);
    }

    /// <summary>Drops every block and deletes the spill directory.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            foreach (var id in blocks.Keys)
            {
                if (blocks.TryRemove(id, out var block))
                {
                    Forget(block);
                }
            }
        }
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    // Reserved bytes count against the budget between the check and the block's publication, so two puts racing
    // for the last free bytes cannot both take them.
    private bool TryReserveMemory(long length)
    {
        while (true)
        {
            var reserved = Interlocked.Read(ref reservedMemoryBytes);
            if (MemoryBytes + reserved + length > memoryBudget)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref reservedMemoryBytes, reserved + length, reserved) == reserved)
            {
                return true;
            }
        }
    }

    private StoredBlock Spill(BlockId id, ReadOnlySpan<byte> bytes)
    {
        // A fresh name per put: a reader may still hold the file of the block this one replaces.
        var path = Path.Combine(Directory, $"{id}-{Guid.NewGuid():N}.block");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            file.Write(bytes);
        }
        return StoredBlock.OnDisk(path, bytes.Length);
    }

    // Called under the gate for a block no longer in the dictionary.
    private void Forget(StoredBlock block)
    {
        if (block.IsInMemory)
        {
            Interlocked.Add(ref memoryBytes, -block.Length);
        }
        else
        {
            Interlocked.Add(ref diskBytes, -block.Length);
            File.Delete(block.FilePath!);
        }
    }

    // A block prepared by a put that lost the race with Dispose.
    private void Release(StoredBlock block)
    {
        if (block.IsInMemory)
        {
            Interlocked.Add(ref reservedMemoryBytes, -block.Length);
        }
        else
        {
            File.Delete(block.FilePath!);
        }
    }
}
