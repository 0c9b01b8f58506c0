namespace Ember.Streaming.Receivers.WriteAheadLog;

/// <summary>
/// A receiver stream's position in a checkpoint manifest, beside the allocations of its remembered batches: where
/// allocation stands (every logged block numbered below <see cref="AllocatedUntil"/> went to a batch, those from it on
/// wait for the next one), and the metadata of the last block stored with some, so that it outlives its segment.
/// Written and read as typed JSON.
/// </summary>
/// <param name="Format">The layout's version.</param>
/// <param name="AllocatedUntil">Blocks are allocated in the order they were logged: all below this number were.</param>
/// <param name="LoggedUntil">The next sequence number when the manifest was written (for inspection; the log itself is authoritative).</param>
/// <param name="LastMetadata">The last stored metadata, with its block's sequence number.</param>
/// <param name="Retention">The lows <see cref="LogRetention"/> recorded, by key: what tells which segments no kept manifest needs.</param>
internal sealed record BlockPositions(int Format, long AllocatedUntil, long LoggedUntil, LoggedMetadata? LastMetadata, IReadOnlyList<RetentionEntry> Retention)
{
    public const int CurrentFormat = 2;
}

/// <summary>The metadata of a logged block, as its bytes were logged.</summary>
internal sealed record LoggedMetadata(long Block, byte[] Bytes);

/// <summary>One entry of <see cref="LogRetention"/>: the first low recorded under a key.</summary>
internal sealed record RetentionEntry(long Key, long Low);
