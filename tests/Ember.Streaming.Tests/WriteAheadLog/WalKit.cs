using System.Collections.Concurrent;
using Ember.Serialization;
using Ember.Streaming.Receivers;
using Ember.Streaming.Receivers.WriteAheadLog;
using Ember.Streaming.Tests.Checkpointing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Streaming.Tests.WriteAheadLog;

/// <summary>A position in a source, as a reliable receiver stores it with each chunk (a record type, so restore is typed).</summary>
public sealed record SourcePosition(string Source, long Offset);

/// <summary>
/// A receiver the test drives: the test calls <c>Store</c> on it directly. At each start it records the metadata of the
/// last block stored (restored from the log after a recovery), as a reliable receiver would read it to resume.
/// </summary>
internal sealed class PushReceiver : Receiver<string>
{
    private readonly ConcurrentQueue<SourcePosition?> resumedFrom = new();

    /// <summary>What <see cref="Receiver{T}.TryGetLastStoredMetadata{TMetadata}"/> gave at each start (null: nothing).</summary>
    public IReadOnlyList<SourcePosition?> ResumedFrom => [.. resumedFrom];

    protected override void OnStart() =>
        resumedFrom.Enqueue(TryGetLastStoredMetadata<SourcePosition>(out var position) ? position : null);

    protected override void OnStop()
    {
    }
}

/// <summary>One program over a <see cref="PushReceiver"/> with the write-ahead log on, run after run on one checkpoint.</summary>
internal sealed class WalProgram
{
    private readonly ConcurrentQueue<(Time Time, string Record)> seen = new();

    /// <summary>The receiver of the latest run.</summary>
    public PushReceiver Receiver { get; private set; } = null!;

    /// <summary>The receiver stream of the latest run.</summary>
    public ReceiverInputDStream<string> Stream { get; private set; } = null!;

    /// <summary>Every record the output saw, with its batch time, across runs (an output cancelled by a stop records nothing).</summary>
    public IReadOnlyList<(Time Time, string Record)> Seen => [.. seen];

    /// <summary>Running word totals per batch, when <see cref="Open"/> was asked for state.</summary>
    public Recorder<(string Key, int Value)> Totals { get; } = new();

    /// <summary>The batch whose output blocks until the context stops (its records are then not seen), if any.</summary>
    public Time? BlockAt { get; set; }

    /// <summary>Completes when the blocked output started.</summary>
    public TaskCompletionSource Blocked { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Opens a run (GetOrCreate) of the program with the write-ahead log on; not started.</summary>
    public RecoveryRun Open(CheckpointFixture fixture, DateTimeOffset? clockAt = null, bool withState = false, Action<StreamingOptions>? configure = null)
    {
        Blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return fixture.Open(ssc =>
        {
            Receiver = new PushReceiver();
            var stream = ssc.ReceiverStream(Receiver);
            Stream = (ReceiverInputDStream<string>)stream;
            stream.ForEachRddAsync(async (rdd, time, cancellationToken) =>
            {
                if (time == BlockAt)
                {
                    Blocked.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                foreach (var record in rdd.Collect())
                {
                    seen.Enqueue((time, record));
                }
            });
            if (withState)
            {
                Totals.Attach(WordCount.TotalsOf(stream));
            }
        }, clockAt, configure: options =>
        {
            options.WriteAheadLog = true;
            configure?.Invoke(options);
        });
    }

    /// <summary>How often each record was seen, over all runs.</summary>
    public IReadOnlyDictionary<string, int> Counts() =>
        Seen.GroupBy(entry => entry.Record, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    /// <summary>The records the output saw for batch <paramref name="time"/>, in order.</summary>
    public IReadOnlyList<string> At(Time time) => [.. Seen.Where(entry => entry.Time == time).Select(entry => entry.Record)];
}

/// <summary>Reads a write-ahead log directory the way recovery does.</summary>
internal static class LogFiles
{
    public static IReadOnlyList<string> Segments(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "log-*.wal").OrderBy(path => LogSegment.FirstSequenceOf(path))]
            : [];

    /// <summary>
    /// Every whole record of every segment, oldest first, with its records and metadata decoded. A running context's
    /// checkpoint writer deletes old segments off the batch path, so a segment listed may be gone when read: it is skipped.
    /// </summary>
    public static IReadOnlyList<(long Sequence, string[] Records, byte[]? Metadata)> Records(string directory) =>
        [.. Segments(directory).SelectMany(ReadIfPresent)
            .Select(record => (record.Sequence, MessagePackEmberSerializer.Default.Deserialize<string[]>(record.Records!), record.Metadata))];

    private static IReadOnlyList<LoggedRecord> ReadIfPresent(string path)
    {
        try
        {
            return LogSegment.Read(path, _ => true).Records;
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    /// <summary>A log of string blocks in <paramref name="directory"/>, not yet read back.</summary>
    public static ReceivedBlockLog<string> Create(string directory) =>
        new(directory, MessagePackEmberSerializer.Default, TimeSpan.FromSeconds(1), NullLogger.Instance, "test stream");

    /// <summary>A log in <paramref name="directory"/> read back as a stream reads it before its first append.</summary>
    public static ReceivedBlockLog<string> OpenForAppends(string directory)
    {
        var log = Create(directory);
        log.Recover(_ => false);
        return log;
    }

    /// <summary>Puts a file where the log's <paramref name="directory"/> goes, so that no segment can be created until it is deleted.</summary>
    public static void BlockDirectory(string directory)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        File.WriteAllText(directory, "a file where the log's directory goes");
    }

    public static T Decode<T>(byte[]? bytes) => MessagePackEmberSerializer.Default.Deserialize<T>(bytes ?? throw new Xunit.Sdk.XunitException("No metadata."));
}
