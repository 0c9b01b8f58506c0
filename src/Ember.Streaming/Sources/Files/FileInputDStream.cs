using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Sources.Files;

/// <summary>
/// A source of the files that appear in a directory, or a glob of directories (Spark's FileInputDStream): at each
/// batch time the directories are listed on the driver, <see cref="NewFileSelector"/> picks the new, stable files,
/// and they are the batch's allocation, read through an <see cref="IFileFormat{T}"/>. No receiver; nothing is
/// buffered between batches. The stream remembers its batches for the selector's remember window, so the files of
/// every batch a checkpoint keeps are known after a recovery, and never taken again.
/// </summary>
internal sealed class FileInputDStream<T> : DirectInputDStream<FileBatch, T>
{
    private static readonly JsonSerializerOptions Json = new();
    private readonly Lock gate = new();
    private readonly DirectoryGlob directory;
    private readonly IFileFormat<T> format;
    private readonly Func<string, bool>? filter;
    private readonly bool newFilesOnly;
    private readonly NewFileSelector selector;
    private Time? restoredThreshold;

    public FileInputDStream(
        StreamingContext context,
        string operation,
        DirectoryGlob directory,
        IFileFormat<T> format,
        Func<string, bool>? filter,
        bool newFilesOnly) : base(context, operation, new FileReader<T>(format))
    {
        this.directory = directory;
        this.format = format;
        this.filter = filter;
        this.newFilesOnly = newFilesOnly;
        selector = new NewFileSelector(context.BatchInterval);
    }

    /// <summary>How long selected files are remembered (and how old a modification time may be).</summary>
    public TimeSpan RememberWindow => selector.RememberWindow;

    internal override void Initialize(Time zeroTime)
    {
        base.Initialize(zeroTime);
        // A batch's files stay known (and are not taken again) until it is older than the remember window.
        Remember(RememberWindow);
    }

    protected override void Start()
    {
        var threshold = restoredThreshold ?? (newFilesOnly ? Time.From(Context.TimeProvider.GetUtcNow()) : new Time(0));
        lock (gate)
        {
            selector.Start(threshold);
        }
    }

    protected override FileBatch Allocate(Time batchTime, CancellationToken cancellationToken)
    {
        // Listing is I/O: done outside the selector's lock so that batch completion (OnForgotten) does not wait for it.
        var listedAt = Context.TimeProvider.GetUtcNow();
        var listing = directory.ListFiles(filter, (path, error) =>
            Context.EmberContext.Logger.LogWarning(error, "{Stream}: cannot list '{Path}'; its files wait for a later batch", this, path));
        IReadOnlyList<ListedFile> selected;
        lock (gate)
        {
            selected = selector.Select(batchTime, listedAt, listing);
        }
        if (selected.Count > 0)
        {
            Context.EmberContext.Logger.LogDebug("{Stream}: batch {Time} takes {Count} new file(s) from '{Directory}'", this, batchTime, selected.Count, directory);
        }
        return new FileBatch(selected);
    }

    protected override long? CountRecords(FileBatch allocation) => format.CountRecords(allocation.Files);

    protected override void OnForgotten(Time batchTime, FileBatch allocation)
    {
        lock (gate)
        {
            selector.Forget(batchTime, allocation.Files);
        }
    }

    /// <summary>The files of every remembered batch count as taken: a recovery never takes them again.</summary>
    protected override void OnRestored(IReadOnlyList<(Time BatchTime, FileBatch Allocation)> allocations)
    {
        lock (gate)
        {
            foreach (var (time, batch) in allocations)
            {
                selector.Taken(time, batch.Files);
            }
        }
    }

    /// <summary>The ignore threshold: the start time of the first run (new files only), kept across recoveries.</summary>
    private protected override JsonNode? SavePosition()
    {
        lock (gate)
        {
            return JsonSerializer.SerializeToNode(new FilePosition(selector.InitialThreshold.Milliseconds), Json);
        }
    }

    private protected override void RestorePosition(JsonNode? position)
    {
        if (position?.Deserialize<FilePosition>(Json) is { } saved)
        {
            restoredThreshold = new Time(saved.IgnoreThresholdMs);
        }
    }

    private sealed record FilePosition(long IgnoreThresholdMs);
}
