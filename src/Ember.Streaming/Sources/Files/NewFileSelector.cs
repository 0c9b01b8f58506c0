namespace Ember.Streaming.Sources.Files;

/// <summary>
/// Decides which listed files a batch takes: Spark's FileInputDStream rule (a file modified within the remember
/// window, at or before the batch time, not taken before), plus a stability rule so that a file still being written
/// is never taken half-written. Holds no clock and does no I/O: the stream lists, this decides. Not thread-safe.
/// </summary>
internal sealed class NewFileSelector(TimeSpan batchInterval)
{
    private static readonly TimeSpan MinRememberDuration = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, Time> recentlySelected = new(StringComparer.Ordinal);
    private readonly List<Listing> listings = [];

    /// <summary>How long selected files are remembered, and how far back modification times are considered.</summary>
    public TimeSpan RememberWindow { get; } = RememberWindowFor(batchInterval);

    /// <summary>Files modified at or before this are never taken: the start time for new files only, else the epoch.</summary>
    public Time InitialThreshold { get; private set; }

    /// <summary>
    /// Spark's <c>ceil(60 s / batch)</c> batches (<c>spark.streaming.fileStream.minRememberDuration</c>), but never
    /// fewer than two: a file that must wait one batch to prove it is stable would otherwise fall below the ignore
    /// threshold while waiting, when batches are 60 s or longer.
    /// </summary>
    public static TimeSpan RememberWindowFor(TimeSpan batchInterval)
    {
        var batches = Math.Max(2, (MinRememberDuration.Ticks + batchInterval.Ticks - 1) / batchInterval.Ticks);
        return batchInterval * batches;
    }

    /// <summary>Sets the threshold below which files are never taken: the start time for new files only, else the epoch.</summary>
    public void Start(Time initialIgnoreThreshold) => InitialThreshold = initialIgnoreThreshold;

    /// <summary>Files whose modification time is at or below this are ignored at <paramref name="time"/>.</summary>
    public Time IgnoreThreshold(Time time)
    {
        var windowStart = time - RememberWindow;
        return windowStart > InitialThreshold ? windowStart : InitialThreshold;
    }

    /// <summary>
    /// The files of <paramref name="listing"/> (made at <paramref name="listedAt"/> on the context's clock) that the
    /// batch of <paramref name="time"/> takes, oldest modification first; they are remembered as selected.
    /// </summary>
    /// <remarks>
    /// A candidate is stable when its modification time is a batch interval older than the batch, or when an earlier
    /// listing saw it with the same length and modification time. That listing is the previous batch's, unless it was
    /// made less than half a batch interval before this one: batches computed back to back (a window sliding over
    /// several batches computes its parent's batches together) prove nothing, so the latest listing made at least
    /// half a batch interval earlier is used instead (half, so that timer jitter between batches does not void it).
    /// </remarks>
    public IReadOnlyList<ListedFile> Select(Time time, DateTimeOffset listedAt, IReadOnlyList<ListedFile> listing)
    {
        var threshold = IgnoreThreshold(time);
        var aged = time - batchInterval;
        var evidenceIndex = listings.FindLastIndex(earlier => earlier.ListedAt <= listedAt - (batchInterval / 2));
        var evidence = evidenceIndex < 0 ? null : listings[evidenceIndex].Files;
        var selected = new List<ListedFile>();
        var seen = new Dictionary<string, ListedFile>(listing.Count, StringComparer.Ordinal);
        foreach (var file in listing)
        {
            seen[file.Path] = file;
            var modified = file.ModificationTime;
            if (modified <= threshold || modified > time || recentlySelected.ContainsKey(file.Path))
            {
                continue;
            }
            var stable = modified <= aged
                || (evidence is not null && evidence.TryGetValue(file.Path, out var before)
                    && before.Length == file.Length && before.LastWriteUtc == file.LastWriteUtc);
            if (stable)
            {
                selected.Add(file);
            }
        }
        foreach (var file in selected)
        {
            recentlySelected[file.Path] = time;
        }
        // Listings older than the evidence used now can never be the evidence of a later listing.
        listings.RemoveRange(0, Math.Max(0, evidenceIndex));
        listings.Add(new Listing(listedAt, seen));
        selected.Sort((a, b) => a.LastWriteUtc != b.LastWriteUtc
            ? a.LastWriteUtc.CompareTo(b.LastWriteUtc)
            : StringComparer.Ordinal.Compare(a.Path, b.Path));
        return selected;
    }

    /// <summary>
    /// Forgets the files selected by the batch of <paramref name="time"/>. Safe once that batch is older than the
    /// remember window: their modification times are then at or below every later ignore threshold.
    /// </summary>
    public void Forget(Time time, IEnumerable<ListedFile> files)
    {
        foreach (var file in files)
        {
            if (recentlySelected.TryGetValue(file.Path, out var selectedAt) && selectedAt == time)
            {
                recentlySelected.Remove(file.Path);
            }
        }
    }

    /// <summary>Remembers <paramref name="files"/> as taken by the batch of <paramref name="time"/> (restored from a checkpoint, before the first batch).</summary>
    public void Taken(Time time, IEnumerable<ListedFile> files)
    {
        foreach (var file in files)
        {
            recentlySelected[file.Path] = time;
        }
    }

    private sealed record Listing(DateTimeOffset ListedAt, Dictionary<string, ListedFile> Files);
}
