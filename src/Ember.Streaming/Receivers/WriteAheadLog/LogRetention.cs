using System.Globalization;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.Receivers.WriteAheadLog;

/// <summary>
/// Decides how much of a receiver's log no kept checkpoint manifest can need, without reading the manifests.
/// </summary>
/// <remarks>
/// <para>
/// Each time the stream's positions are saved it records its <em>low</em> (the lowest block the positions refer to)
/// under a <em>key</em>: its last allocated batch time (the zero time before any). Keys and lows only grow, in the
/// order positions are saved, also across a recovery (which continues from the recovered positions, this table
/// included). The manifest of checkpoint time <c>c</c> is written after batch <c>c</c> was allocated, so its key is
/// at least <c>c</c>, and its low is at least the low first recorded with a key at least <c>c</c>.
/// </para>
/// <para>
/// The manifests a recovery may read are the <see cref="CheckpointStore.Kept"/> newest in the directory, oldest time
/// <c>cMin</c>: every block below the low first recorded with a key at least <c>cMin</c> is needed by none of them.
/// When the table does not reach back to <c>cMin</c> (a manifest older than anything recorded, e.g. left by an
/// earlier, unreadable run), nothing is deleted.
/// </para>
/// </remarks>
internal sealed class LogRetention
{
    private const string ManifestPrefix = "checkpoint-";
    private const string ManifestSuffix = ".json";
    private readonly SortedDictionary<long, long> lows = [];

    /// <summary>The recorded (key, first low) pairs, oldest first.</summary>
    public IReadOnlyList<(long Key, long Low)> Entries => [.. lows.Select(pair => (pair.Key, pair.Value))];

    /// <summary>Takes back entries saved in a checkpoint (before any new one is recorded).</summary>
    public void Restore(IEnumerable<(long Key, long Low)> entries)
    {
        foreach (var (key, low) in entries)
        {
            lows.TryAdd(key, low);
        }
    }

    /// <summary>Records the low of positions being saved with <paramref name="key"/> (the first low per key is kept: lows only grow).</summary>
    public void Record(long key, long low) => lows.TryAdd(key, low);

    /// <summary>
    /// The sequence number below which no kept manifest in <paramref name="checkpointDirectory"/> refers to a block, or
    /// null when that cannot be told; forgets entries no kept manifest can need.
    /// </summary>
    public long? DeletableBelow(string checkpointDirectory)
    {
        var kept = KeptManifestTimes(checkpointDirectory);
        if (kept.Count == 0)
        {
            return null;
        }
        var oldest = kept.Min();
        if (!lows.Keys.Any(key => key <= oldest))
        {
            return null;
        }
        long? below = null;
        foreach (var (key, low) in lows)
        {
            if (key >= oldest)
            {
                below = low;
                break;
            }
        }
        // Keep the last key before the oldest manifest: it shows the table still reaches back far enough.
        foreach (var key in lows.Keys.Where(key => key < oldest).SkipLast(1).ToList())
        {
            lows.Remove(key);
        }
        return below;
    }

    /// <summary>The checkpoint times of the manifests a recovery may read: the <see cref="CheckpointStore.Kept"/> newest.</summary>
    private static IReadOnlyList<long> KeptManifestTimes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(directory, $"{ManifestPrefix}*{ManifestSuffix}")
            .Select(path => Path.GetFileName(path))
            .Select(name => long.TryParse(name.AsSpan(ManifestPrefix.Length, name.Length - ManifestPrefix.Length - ManifestSuffix.Length),
                NumberStyles.None, CultureInfo.InvariantCulture, out var time) ? time : (long?)null)
            .OfType<long>()
            .OrderDescending()
            .Take(CheckpointStore.Kept)];
    }
}
