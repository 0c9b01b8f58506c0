using Ember.Streaming;
using Ember.Streaming.Sources;

namespace Ember.Examples.LogDirectory;

/// <summary>
/// A direct source written against Ember's public API only: an append-only log directory read by byte offsets.
/// Writers append newline-terminated UTF-8 lines to files of the directory and may add files at any time; each batch
/// reads, per file, the whole lines written since the previous batch. A line still being written (no newline yet)
/// waits for a later batch. Hidden files (name starting with '.') are ignored, so a writer can stage a file there.
/// </summary>
/// <remarks>
/// The batch's <see cref="LogAllocation"/> is decided on the driver (<see cref="Allocate"/>), read in tasks by
/// <see cref="LogDirectoryReader"/>, and kept by Ember in checkpoints: a batch replayed after a crash reads exactly
/// the bytes it read before, and the source goes on from the end of the last allocation, so no line is lost or read
/// twice. Files must only grow (a file shorter than what was read fails the batch) and stay until the batches that
/// read them are complete. Each batch costs one directory listing and, per file, a read of its last partial line.
/// </remarks>
public sealed class LogDirectoryStream : DirectInputDStream<LogAllocation, string>
{
    private const int TailBytes = 4096;
    private readonly string directory;

    // Where the next batch starts reading each file: the ends of the latest allocation. Used by Allocate and
    // OnRestored only, which Ember never calls concurrently.
    private Dictionary<string, long> next = new(StringComparer.Ordinal);

    /// <summary>Creates the source over <paramref name="directory"/> (which may not exist yet) in <paramref name="context"/>.</summary>
    /// <param name="context">The streaming context, not started yet.</param>
    /// <param name="directory">The log directory.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or blank.</exception>
    public LogDirectoryStream(StreamingContext context, string directory)
        : this(context, ReaderOf(directory))
    {
    }

    private LogDirectoryStream(StreamingContext context, LogDirectoryReader reader)
        : base(context, "LogDirectoryStream", reader) => directory = reader.Directory;

    private static LogDirectoryReader ReaderOf(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new LogDirectoryReader(Path.GetFullPath(directory));
    }

    /// <summary>Every file of the directory with the lines completed since the previous batch; called by Ember on the driver.</summary>
    protected override LogAllocation Allocate(Time batchTime, CancellationToken cancellationToken)
    {
        var ranges = new List<LogFileRange>();
        foreach (var name in FileNames())
        {
            var from = next.GetValueOrDefault(name);
            if (LastLineEnd(Path.Combine(directory, name), from) is { } until)
            {
                ranges.Add(new LogFileRange(name, from, until));
            }
        }
        next = Ends(ranges);
        return new LogAllocation(ranges);
    }

    /// <summary>Goes on from the ends of the last allocation the checkpoint remembers (from the start of every file when there is none).</summary>
    protected override void OnRestored(IReadOnlyList<(Time BatchTime, LogAllocation Allocation)> allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        next = Ends(allocations.Count == 0 ? [] : allocations[^1].Allocation.Files);
    }

    /// <summary>Where the next batch starts in each file: the end of its range.</summary>
    private static Dictionary<string, long> Ends(IEnumerable<LogFileRange> ranges) =>
        ranges.ToDictionary(range => range.File, range => range.Until, StringComparer.Ordinal);

    /// <summary>The names of the directory's files, hidden ones (a writer's staging) left out, in ordinal order; none while the directory does not exist.</summary>
    private List<string> FileNames() =>
        System.IO.Directory.Exists(directory)
            ? [.. System.IO.Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>()
                .Where(name => !name.StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The offset just after the last newline of the file at or after <paramref name="from"/> (<paramref name="from"/> when there is none); null when the file is gone.</summary>
    private static long? LastLineEnd(string path, long from)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            // Deleted since the listing: it is no longer part of the log.
            return null;
        }
        using (file)
        {
            var length = file.Length;
            if (length < from)
            {
                throw new IOException($"'{path}' has {length} bytes, fewer than the {from} already read: files of a log directory may only be appended to.");
            }
            // Backwards from the end: a batch costs the last partial line, not a second read of all the new data.
            var buffer = new byte[TailBytes];
            for (var end = length; end > from;)
            {
                var start = Math.Max(from, end - TailBytes);
                var count = (int)(end - start);
                file.Position = start;
                file.ReadExactly(buffer, 0, count);
                var newline = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
                if (newline >= 0)
                {
                    return start + newline + 1;
                }
                end = start;
            }
            return from;
        }
    }
}
