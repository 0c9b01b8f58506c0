using System.Text;
using System.Text.Json;
using Ember.Examples.LogDirectory;
using Ember.Serialization;
using Ember.Streaming;

namespace Ember.Examples.Tests.LogDirectory;

/// <summary>
/// The custom source of the examples, in process: whole lines by byte offsets, partial lines waiting, new files
/// picked up, a restart going on after the checkpoint's last allocation, and allocations as the contract wants them.
/// </summary>
public sealed class LogDirectoryStreamTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"ember-logdir-{Guid.NewGuid():N}")).FullName;

    private string Log => Path.Combine(root, "log");

    private string Checkpoint => Path.Combine(root, "checkpoint");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Batches_PartialLineAndNewFile_WholeLinesOnlyAndTheTailWaitsForItsNewline()
    {
        Directory.CreateDirectory(Log);
        Append("app.log", "INFO a\nWARN b\nINFO par");
        await using var run = LogDirectoryRun.Start(Log, Checkpoint, Start);

        var first = await run.NextBatchAsync();
        Append("app.log", "tial\n");
        Append("db.log", "ERROR c\n");
        var second = await run.NextBatchAsync();
        var third = await run.NextBatchAsync();

        Assert.Equal(["INFO a", "WARN b"], first.Lines);
        Assert.Equal([new LogFileRange("app.log", 0, 14)], first.Allocation.Files);
        Assert.Equal(["INFO partial", "ERROR c"], second.Lines);
        Assert.Equal([new LogFileRange("app.log", 14, 27), new LogFileRange("db.log", 0, 8)], second.Allocation.Files);
        Assert.Empty(third.Lines);
        Assert.Equal([new LogFileRange("app.log", 27, 27), new LogFileRange("db.log", 8, 8)], third.Allocation.Files);
    }

    [Fact]
    public async Task Restart_FromCheckpoint_GoesOnAfterTheLastAllocationWithoutRereading()
    {
        Append("app.log", "INFO one\n");
        DateTimeOffset stoppedAt;
        await using (var run1 = LogDirectoryRun.Start(Log, Checkpoint, Start))
        {
            Assert.Equal(["INFO one"], (await run1.NextBatchAsync()).Lines);
            Append("app.log", "INFO two\n");
            Assert.Equal(["INFO two"], (await run1.NextBatchAsync()).Lines);
            stoppedAt = run1.Now;
        }
        Append("app.log", "INFO three\n");
        Append("new.log", "WARN four\n");

        await using var run2 = LogDirectoryRun.Start(Log, Checkpoint, stoppedAt);
        var next = await run2.NextBatchAsync();

        Assert.Equal(["INFO three", "WARN four"], next.Lines);
        Assert.Equal([new LogFileRange("app.log", 18, 29), new LogFileRange("new.log", 0, 10)], next.Allocation.Files);
    }

    [Fact]
    public async Task AllocationAt_BatchNoLongerRemembered_ThrowsNamingTheStreamAndTheTime()
    {
        Append("app.log", "INFO one\n");
        await using var run = LogDirectoryRun.Start(Log, Checkpoint, Start);
        for (var batch = 0; batch < 4; batch++)
        {
            await run.NextBatchAsync();
        }

        var forgotten = Time.From(Start + LogDirectoryRun.Interval);
        var error = Assert.Throws<InvalidOperationException>(() => run.Source.AllocationAt(forgotten));
        Assert.StartsWith("log ", error.Message, StringComparison.Ordinal);
        Assert.Contains(forgotten.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocation_ThroughJsonAndTheContextSerializer_RoundTrips()
    {
        var allocation = new LogAllocation([new LogFileRange("app.log", 14, 27), new LogFileRange("db.log", 8, 8)]);

        var json = JsonSerializer.Deserialize<LogAllocation>(JsonSerializer.Serialize(allocation))!;
        var packed = MessagePackEmberSerializer.Default.Deserialize<LogAllocation>(MessagePackEmberSerializer.Default.Serialize(allocation));

        Assert.Equal(allocation.Files, json.Files);
        Assert.Equal(allocation.Files, packed.Files);
        Assert.Equal("app.log[14..27)", allocation.ToString());
    }

    private void Append(string file, string text)
    {
        Directory.CreateDirectory(Log);
        File.AppendAllText(Path.Combine(Log, file), text, new UTF8Encoding(false));
    }
}
