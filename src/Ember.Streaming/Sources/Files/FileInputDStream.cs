using System.Text.Json.Nodes;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.DStreams;
using Ember.Streaming.Scheduling;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Sources.Files;

/// <summary>
/// A source of the files that appear in a directory, or a glob of directories (Spark's FileInputDStream): at each
/// batch time the directories are listed on the driver, <see cref="NewFileSelector"/> picks the new, stable files,
/// and the batch's RDD reads them through a <see cref="IFileFormat{T}"/>. No receiver; nothing is buffered between
/// batches. The files each batch took are recorded, for recovery, until the remember window has passed.
/// </summary>
internal sealed class FileInputDStream<T> : InputDStream<T>, IReportsRecords, IRecoverableSource
{
    private bool restored;
    private readonly Lock computing = new();
    private readonly Lock gate = new();
    private readonly DirectoryGlob directory;
    private readonly IFileFormat<T> format;
    private readonly Func<string, bool>? filter;
    private readonly bool newFilesOnly;
    private readonly NewFileSelector selector;
    private readonly SortedDictionary<Time, Selection> selections = [];

    public FileInputDStream(
        StreamingContext context,
        string operation,
        DirectoryGlob directory,
        IFileFormat<T> format,
        Func<string, bool>? filter,
        bool newFilesOnly) : base(context, operation)
    {
        this.directory = directory;
        this.format = format;
        this.filter = filter;
        this.newFilesOnly = newFilesOnly;
        selector = new NewFileSelector(context.BatchInterval);
    }

    /// <summary>The directory or glob the stream watches (absolute).</summary>
    public string DirectoryPattern => directory.Pattern;

    /// <summary>How long selected files are remembered (and how old a modification time may be).</summary>
    public TimeSpan RememberWindow => selector.RememberWindow;

    /// <summary>
    /// The files the batch of <paramref name="time"/> took, in the order they were read; empty when it took none, or
    /// when the batch completed more than <see cref="RememberWindow"/> ago and was forgotten.
    /// </summary>
    internal IReadOnlyList<string> FilesAt(Time time)
    {
        lock (gate)
        {
            return selections.TryGetValue(time, out var selection) ? [.. selection.Files.Select(file => file.Path)] : [];
        }
    }

    /// <inheritdoc />
    public long? RecordsAt(Time time)
    {
        lock (gate)
        {
            return selections.TryGetValue(time, out var selection) ? selection.Records : null;
        }
    }

    string IRecoverableSource.CheckpointId => CheckpointId ?? throw new InvalidOperationException($"{this} has no checkpoint id before the context starts.");

    /// <summary>The files of every remembered batch, the remembered selections and the ignore threshold.</summary>
    public JsonNode? SavePositions()
    {
        lock (gate)
        {
            var (threshold, selected, last) = selector.Save();
            return new JsonObject
            {
                ["threshold"] = threshold.Milliseconds,
                ["lastSelection"] = last?.Milliseconds,
                ["batches"] = new JsonArray([.. selections.Select(pair => (JsonNode)new JsonObject
                {
                    ["time"] = pair.Key.Milliseconds,
                    ["records"] = pair.Value.Records,
                    ["files"] = new JsonArray([.. pair.Value.Files.Select(file => (JsonNode)new JsonObject
                    {
                        ["path"] = file.Path,
                        ["length"] = file.Length,
                        ["modified"] = file.LastWriteUtc.Ticks,
                    })]),
                })]),
                ["selected"] = new JsonObject([.. selected.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value.Milliseconds))]),
            };
        }
    }

    /// <summary>Batches computed again after recovery read exactly the files they took before the crash.</summary>
    public void RestorePositions(JsonNode? positions)
    {
        if (positions is null)
        {
            return;
        }
        lock (gate)
        {
            foreach (var batch in positions["batches"]!.AsArray())
            {
                var files = batch!["files"]!.AsArray()
                    .Select(file => new ListedFile(file!["path"]!.GetValue<string>(), file["length"]!.GetValue<long>(),
                        new DateTime(file["modified"]!.GetValue<long>(), DateTimeKind.Utc)))
                    .ToList();
                selections[new Time(batch["time"]!.GetValue<long>())] = new Selection(files, batch["records"]?.GetValue<long>());
            }
            var selected = positions["selected"]!.AsObject().ToDictionary(pair => pair.Key, pair => new Time(pair.Value!.GetValue<long>()), StringComparer.Ordinal);
            var last = positions["lastSelection"]?.GetValue<long>();
            selector.Restore(new Time(positions["threshold"]!.GetValue<long>()), selected, last is { } ms ? new Time(ms) : null);
            restored = true;
        }
    }

    private protected override void Start()
    {
        if (restored)
        {
            return;
        }
        var threshold = newFilesOnly ? Time.From(Context.TimeProvider.GetUtcNow()) : new Time(0);
        lock (gate)
        {
            selector.Start(threshold);
        }
    }

    private protected override Rdd<T>? Compute(Time validTime)
    {
        IReadOnlyList<ListedFile> files;
        lock (computing)
        {
            files = SelectFiles(validTime);
        }
        return files.Count == 0 ? Context.EmberContext.EmptyRdd<T>() : format.CreateRdd(Context.EmberContext, files);
    }

    internal override void ClearMetadata(Time time)
    {
        base.ClearMetadata(time);
        lock (gate)
        {
            // Kept as long as windows over this stream may need its batches again (after a recovery, for instance),
            // and while a batch whose outputs failed waits to run again after a restart.
            var limit = Context.Graph.ForgetLimit(time - (RememberWindow > RememberDuration ? RememberWindow : RememberDuration));
            foreach (var (batch, selection) in selections.TakeWhile(pair => pair.Key < limit).ToList())
            {
                selector.Forget(batch, selection.Files);
                selections.Remove(batch);
            }
        }
    }

    private IReadOnlyList<ListedFile> SelectFiles(Time time)
    {
        lock (gate)
        {
            // A batch computed again (or restored) reads the files it took the first time.
            if (selections.TryGetValue(time, out var known))
            {
                return known.Files;
            }
            if (selector.LastSelectionTime is { } last && time <= last)
            {
                Context.Logger.LogWarning(
                    "{Stream}: batch {Time} is before the last listed batch {Last} and its files were forgotten; it is empty", this, time, last);
                return [];
            }
        }
        // Listing is I/O: done outside the state lock so that batch completion (ClearMetadata) does not wait for it.
        var listedAt = Context.TimeProvider.GetUtcNow();
        var listing = directory.ListFiles(filter, (path, error) =>
            Context.Logger.LogWarning(error, "{Stream}: cannot list '{Path}'; its files wait for a later batch", this, path));
        lock (gate)
        {
            var selected = selector.Select(time, listedAt, listing);
            selections[time] = new Selection(selected, format.CountRecords(selected));
            if (selected.Count > 0)
            {
                Context.Logger.LogDebug("{Stream}: batch {Time} takes {Count} new file(s) from '{Directory}'", this, time, selected.Count, directory);
            }
            return selected;
        }
    }

    private sealed record Selection(IReadOnlyList<ListedFile> Files, long? Records);
}
