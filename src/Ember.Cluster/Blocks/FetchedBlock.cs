using System.Buffers;

namespace Ember.Cluster.Blocks;

/// <summary>
/// A block fetched by a <see cref="BlockClient"/>: its bytes in one buffer rented from the shared pool, counted in the
/// client's bytes in flight until disposed. Deserialize from <see cref="Memory"/>, then dispose at once: disposing
/// returns the buffer and lets the next fetch proceed.
/// </summary>
internal sealed class FetchedBlock : IDisposable
{
    private readonly ByteBudget budget;
    private readonly long reserved;
    private byte[]? buffer;

    internal FetchedBlock(BlockId id, byte[] buffer, int length, ByteBudget budget, long reserved)
    {
        Id = id;
        this.buffer = buffer;
        Length = length;
        this.budget = budget;
        this.reserved = reserved;
    }

    public BlockId Id { get; }

    public int Length { get; }

    /// <summary>The block's bytes; invalid once disposed.</summary>
    public ReadOnlyMemory<byte> Memory => buffer is { } bytes
        ? bytes.AsMemory(0, Length)
        : throw new ObjectDisposedException(nameof(FetchedBlock));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref buffer, null) is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            budget.Release(reserved);
        }
    }
}
