namespace Ember.Streaming.Tests.Files;

public sealed class FileStreamTests
{
    [Fact]
    public async Task FileStream_NewFilesOnlyFalse_ReadsFilePresentBeforeStartWithinWindow()
    {
        await using var harness = new FileSourceHarness();
        var recent = Path.Combine(harness.Watched, "recent.csv");
        File.WriteAllLines(recent, ["r1", "r2"]);
        File.SetLastWriteTimeUtc(recent, (harness.Now - TimeSpan.FromSeconds(5)).UtcDateTime);
        var ancient = Path.Combine(harness.Watched, "ancient.csv");
        File.WriteAllLines(ancient, ["too old"]);
        File.SetLastWriteTimeUtc(ancient, (harness.Now - TimeSpan.FromMinutes(5)).UtcDateTime);
        var outputs = harness.Collect(harness.Context.FileStream(harness.Watched, File.ReadLines, newFilesOnly: false));
        harness.Start();

        await harness.AdvanceAsync(3);

        Assert.Equal(["r1", "r2"], outputs[harness.BatchTimes[0]]);
        Assert.Empty(outputs[harness.BatchTimes[1]]);
        Assert.Empty(outputs[harness.BatchTimes[2]]);
    }

    [Fact]
    public async Task FileStream_NewFilesOnly_IgnoresFilePresentBeforeStart()
    {
        await using var harness = new FileSourceHarness();
        var path = Path.Combine(harness.Watched, "old.csv");
        File.WriteAllLines(path, ["old"]);
        File.SetLastWriteTimeUtc(path, (harness.Now - TimeSpan.FromSeconds(5)).UtcDateTime);
        var outputs = harness.Collect(harness.Context.FileStream(harness.Watched, File.ReadLines));
        harness.Start();

        await harness.AdvanceAsync(3);

        Assert.All(outputs.Values, Assert.Empty);
    }

    [Fact]
    public async Task FileStream_Filter_OnlyAcceptedFilesRead()
    {
        await using var harness = new FileSourceHarness();
        var offered = new System.Collections.Concurrent.ConcurrentBag<string>();
        var outputs = harness.Collect(harness.Context.FileStream(
            harness.Watched,
            File.ReadLines,
            filter: path =>
            {
                offered.Add(path);
                return path.EndsWith(".csv", StringComparison.Ordinal);
            }));
        harness.Start();
        await harness.AdvanceAsync();

        var accepted = harness.MoveIn("accepted.csv", ["yes"], harness.Now);
        var rejected = harness.MoveIn("rejected.txt", ["no"], harness.Now);
        await harness.AdvanceAsync(2);

        Assert.Equal(["yes"], outputs[harness.BatchTimes[1]]);
        Assert.Empty(outputs[harness.BatchTimes[2]]);
        Assert.Contains(accepted, offered);
        Assert.Contains(rejected, offered);
    }

    [Fact]
    public async Task FileStream_ReadFile_GetsFullPathOncePerFileOnePartitionEach()
    {
        await using var harness = new FileSourceHarness();
        var stream = harness.Context.FileStream(harness.Watched, path => new[] { (Path: path, Length: new FileInfo(path).Length) });
        var partitions = new System.Collections.Concurrent.ConcurrentDictionary<Time, int>();
        stream.ForEachRdd((rdd, time) => partitions[time] = rdd.Partitions.Count);
        var outputs = harness.Collect(stream);
        harness.Start();
        await harness.AdvanceAsync();

        var first = harness.MoveIn("first.dat", new byte[10], harness.Now - TimeSpan.FromMilliseconds(100));
        var second = harness.MoveIn("second.dat", new byte[20], harness.Now);
        await harness.AdvanceAsync();

        Assert.Equal(2, partitions[harness.BatchTimes[1]]);
        Assert.Equal([(first, 10L), (second, 20L)], outputs[harness.BatchTimes[1]]);
    }

    [Fact]
    public async Task FileStream_FileAtStartThreshold_Ignored()
    {
        await using var harness = new FileSourceHarness();
        var outputs = harness.Collect(harness.Context.FileStream(harness.Watched, File.ReadLines));
        var startedAt = harness.Now;
        harness.Start();
        await harness.AdvanceAsync();

        // Moved in after start, but stamped at the start time itself: at or below the ignore threshold (Spark's rule).
        harness.MoveIn("stamped-at-start.txt", ["never"], startedAt);
        harness.MoveIn("stamped-after-start.txt", ["read"], startedAt + TimeSpan.FromMilliseconds(1));
        await harness.AdvanceAsync(2);

        Assert.Equal(["read"], outputs.Values.SelectMany(records => records));
    }
}
