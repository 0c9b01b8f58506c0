using System.Collections.Concurrent;
using System.Text;
using Ember.Streaming.Sources.Files;

namespace Ember.Streaming.Tests.Files;

public sealed class TextFileStreamTests
{
    private static readonly TimeSpan HalfBatch = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task TextFileStream_FileMovedIn_ReadInExactlyOneBatchWithAllLines()
    {
        await using var harness = new FileSourceHarness();
        var stream = harness.Context.TextFileStream(harness.Watched);
        var outputs = harness.Collect(stream);
        harness.Start();
        await harness.AdvanceAsync();
        var lines = Lines("moved", 1000);

        // Written elsewhere during the first batch, then renamed in: its modification time is a batch old already.
        var path = harness.MoveIn("moved.txt", lines, harness.Now);
        await harness.AdvanceAsync(4);

        Assert.Empty(outputs[harness.BatchTimes[0]]);
        Assert.Equal(lines, outputs[harness.BatchTimes[1]]);
        Assert.All(harness.BatchTimes.Skip(2), time => Assert.Empty(outputs[time]));
        Assert.Equal([path], ((FileInputDStream<string>)stream).AllocationAt(harness.BatchTimes[1]).Files.Select(file => file.Path));
    }

    [Fact]
    public async Task TextFileStream_FileWrittenInPlaceInTwoSteps_ReadOnceCompleteNeverHalf()
    {
        await using var harness = new FileSourceHarness();
        var outputs = harness.Collect(harness.Context.TextFileStream(harness.Watched));
        harness.Start();
        await harness.AdvanceAsync();
        var lines = Lines("growing", 200);
        var path = Path.Combine(harness.Watched, "growing.txt");

        // A writer working in place between batches: each write stamps the file with the (fake) time of writing.
        File.WriteAllText(path, Text(lines.Take(100)));
        File.SetLastWriteTimeUtc(path, (harness.Now + HalfBatch).UtcDateTime);
        await harness.AdvanceAsync();
        File.AppendAllText(path, Text(lines.Skip(100)));
        File.SetLastWriteTimeUtc(path, (harness.Now + HalfBatch).UtcDateTime);
        await harness.AdvanceAsync(4);

        var nonEmpty = harness.BatchTimes.Where(time => outputs[time].Count > 0).ToList();
        Assert.Equal([harness.BatchTimes[3]], nonEmpty);
        Assert.Equal(lines, outputs[harness.BatchTimes[3]]);
    }

    [Fact]
    public async Task TextFileStream_UnderWindowSlidingTwoBatches_FileWrittenInPlaceNeverReadHalf()
    {
        await using var harness = new FileSourceHarness();
        var twoBatches = FileSourceHarness.Interval * 2;
        var outputs = harness.Collect(harness.Context.TextFileStream(harness.Watched).Window(twoBatches, twoBatches));
        harness.Start();
        var lines = Lines("windowed", 100);
        var path = Path.Combine(harness.Watched, "windowed.txt");
        await harness.AdvanceAsync();

        // The window computes the file stream's two batches back to back, so the first listing is no evidence
        // that the half-written file is stable.
        File.WriteAllText(path, Text(lines.Take(50)));
        File.SetLastWriteTimeUtc(path, (harness.Now + HalfBatch).UtcDateTime);
        await harness.AdvanceAsync();
        File.AppendAllText(path, Text(lines.Skip(50)));
        File.SetLastWriteTimeUtc(path, (harness.Now + HalfBatch).UtcDateTime);
        await harness.AdvanceAsync(4);

        Assert.Equal([harness.BatchTimes[1], harness.BatchTimes[3], harness.BatchTimes[5]], outputs.Keys.Order());
        Assert.Empty(outputs[harness.BatchTimes[1]]);
        Assert.Equal(lines, outputs[harness.BatchTimes[3]]);
        Assert.Empty(outputs[harness.BatchTimes[5]]);
    }

    [Fact]
    public async Task TextFileStream_FileUnchangedSinceLastListing_TakenBeforeItsTimeIsABatchOld()
    {
        await using var harness = new FileSourceHarness();
        var outputs = harness.Collect(harness.Context.TextFileStream(harness.Watched));
        harness.Start();
        await harness.AdvanceAsync();

        // Stamped after the next batch time (a writer whose clock runs ahead, or a listing that ran late): the next
        // listing sees it but may not take it; the one after takes it because it did not change in between.
        harness.MoveIn("ahead.txt", ["ahead"], harness.Now + FileSourceHarness.Interval + HalfBatch);
        await harness.AdvanceAsync(3);

        Assert.Empty(outputs[harness.BatchTimes[1]]);
        Assert.Equal(["ahead"], outputs[harness.BatchTimes[2]]);
        Assert.Empty(outputs[harness.BatchTimes[3]]);
    }

    [Fact]
    public async Task TextFileStream_FileChangedAfterItWasRead_NotReadAgain()
    {
        await using var harness = new FileSourceHarness();
        var outputs = harness.Collect(harness.Context.TextFileStream(harness.Watched));
        harness.Start();
        await harness.AdvanceAsync();
        var path = harness.MoveIn("once.txt", ["one", "two"], harness.Now);
        await harness.AdvanceAsync();

        File.AppendAllText(path, "three\n");
        File.SetLastWriteTimeUtc(path, (harness.Now + HalfBatch).UtcDateTime);
        await harness.AdvanceAsync(4);

        Assert.Equal(["one", "two"], outputs[harness.BatchTimes[1]]);
        Assert.All(harness.BatchTimes.Skip(2), time => Assert.Empty(outputs[time]));
    }

    [Fact]
    public async Task TextFileStream_FilePresentBeforeStart_Ignored()
    {
        await using var harness = new FileSourceHarness();
        var path = Path.Combine(harness.Watched, "old.txt");
        File.WriteAllText(path, "old\n");
        File.SetLastWriteTimeUtc(path, (harness.Now - TimeSpan.FromSeconds(5)).UtcDateTime);
        var outputs = harness.Collect(harness.Context.TextFileStream(harness.Watched));
        harness.Start();

        await harness.AdvanceAsync(3);

        Assert.Equal(3, outputs.Count);
        Assert.All(outputs.Values, Assert.Empty);
    }

    [Fact]
    public async Task TextFileStream_DotAndUnderscoreFiles_Ignored()
    {
        await using var harness = new FileSourceHarness();
        var outputs = harness.Collect(harness.Context.TextFileStream(harness.Watched));
        harness.Start();
        await harness.AdvanceAsync();

        harness.MoveIn(".hidden.txt", ["hidden"], harness.Now);
        harness.MoveIn("_COPYING_", ["copying"], harness.Now);
        harness.MoveIn("visible.txt", ["visible"], harness.Now);
        await harness.AdvanceAsync(2);

        Assert.Equal(["visible"], outputs[harness.BatchTimes[1]]);
        Assert.Empty(outputs[harness.BatchTimes[2]]);
    }

    [Fact]
    public async Task TextFileStream_GlobOfDirectories_ReadsMatchingDirectoriesIncludingNewOnes()
    {
        await using var harness = new FileSourceHarness();
        var data = Path.Combine(harness.Root, "data");
        var a = Directory.CreateDirectory(Path.Combine(data, "a", "logs")).FullName;
        var b = Directory.CreateDirectory(Path.Combine(data, "b", "logs")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(data, "b", "other")).FullName;
        var hidden = Directory.CreateDirectory(Path.Combine(data, "_temporary", "logs")).FullName;
        var outputs = harness.Collect(harness.Context.TextFileStream(Path.Combine(data, "*", "logs")));
        harness.Start();
        await harness.AdvanceAsync();

        var c = Directory.CreateDirectory(Path.Combine(data, "c", "logs")).FullName;
        harness.MoveIn("a.txt", ["from a"], harness.Now, a);
        harness.MoveIn("b.txt", ["from b"], harness.Now, b);
        harness.MoveIn("c.txt", ["from c"], harness.Now, c);
        harness.MoveIn("other.txt", ["from other"], harness.Now, other);
        harness.MoveIn("hidden.txt", ["from _temporary"], harness.Now, hidden);
        await harness.AdvanceAsync(2);

        Assert.Equal(["from a", "from b", "from c"], outputs[harness.BatchTimes[1]].Order());
        Assert.Empty(outputs[harness.BatchTimes[2]]);
    }

    [Fact]
    public async Task TextFileStream_QuestionMarkGlob_MatchesOneCharacter()
    {
        await using var harness = new FileSourceHarness();
        var one = Directory.CreateDirectory(Path.Combine(harness.Root, "day1")).FullName;
        var two = Directory.CreateDirectory(Path.Combine(harness.Root, "day2")).FullName;
        var ten = Directory.CreateDirectory(Path.Combine(harness.Root, "day10")).FullName;
        var outputs = harness.Collect(harness.Context.TextFileStream(Path.Combine(harness.Root, "day?")));
        harness.Start();
        await harness.AdvanceAsync();

        harness.MoveIn("1.txt", ["1"], harness.Now, one);
        harness.MoveIn("2.txt", ["2"], harness.Now, two);
        harness.MoveIn("10.txt", ["10"], harness.Now, ten);
        await harness.AdvanceAsync();

        Assert.Equal(["1", "2"], outputs[harness.BatchTimes[1]].Order());
    }

    [Fact]
    public async Task TextFileStream_NoFiles_EmptyBatchesAndNoRecordCount()
    {
        await using var harness = new FileSourceHarness();
        var stream = harness.Context.TextFileStream(harness.Watched);
        var outputs = harness.Collect(stream);
        harness.Start();

        var infos = new List<Listener.BatchInfo>();
        for (var i = 0; i < 3; i++)
        {
            infos.Add(await harness.AdvanceAsync());
        }

        Assert.Equal(harness.BatchTimes, outputs.Keys.Order());
        Assert.All(outputs.Values, Assert.Empty);
        Assert.All(infos, info => Assert.False(info.StreamIdToInputInfo.ContainsKey(stream.Id)));
    }

    [Fact]
    public async Task TextFileStream_LargeFile_SplitIntoSeveralPartitionsWithCompleteLines()
    {
        await using var harness = new FileSourceHarness();
        var partitions = new ConcurrentDictionary<Time, int>();
        var stream = harness.Context.TextFileStream(harness.Watched);
        stream.ForEachRdd((rdd, time) => partitions[time] = rdd.Partitions.Count);
        var outputs = harness.Collect(stream);
        harness.Start();
        await harness.AdvanceAsync();
        var lines = Lines("a fairly long line of text, to make a file of a few megabytes", 60_000);

        harness.MoveIn("large.txt", lines, harness.Now);
        await harness.AdvanceAsync();

        Assert.True(partitions[harness.BatchTimes[1]] > 1, $"expected several partitions, got {partitions[harness.BatchTimes[1]]}");
        Assert.Equal(lines, outputs[harness.BatchTimes[1]]);
    }

    [Fact]
    public async Task TextFileStream_SelectedFiles_ForgottenAfterRememberWindowAndNeverReadAgain()
    {
        await using var harness = new FileSourceHarness();
        var stream = (FileInputDStream<string>)harness.Context.TextFileStream(harness.Watched);
        var outputs = harness.Collect(stream);
        harness.Start();
        await harness.AdvanceAsync();
        var path = harness.MoveIn("remembered.txt", ["once"], harness.Now);
        await harness.AdvanceAsync();
        var taken = harness.BatchTimes[1];
        Assert.Equal(TimeSpan.FromSeconds(60), stream.RememberWindow);

        // Batch `taken` is forgotten once a batch completes the remember window after it.
        while (harness.BatchTimes[^1] < taken + stream.RememberWindow - FileSourceHarness.Interval)
        {
            await harness.AdvanceAsync();
        }
        Assert.Equal([path], stream.AllocationAt(taken).Files.Select(file => file.Path));
        await harness.AdvanceAsync();
        var forgotten = Assert.Throws<InvalidOperationException>(() => stream.AllocationAt(taken));
        Assert.Contains(taken.ToString(), forgotten.Message, StringComparison.Ordinal);
        await harness.AdvanceAsync(2);

        Assert.Equal(["once"], outputs.Values.SelectMany(lines => lines));
    }

    [Fact]
    public async Task TextFileStream_MissingDirectory_ThrowsNamingIt()
    {
        await using var harness = new FileSourceHarness();
        var missing = Path.Combine(harness.Root, "missing");

        var error = Assert.Throws<DirectoryNotFoundException>(() => harness.Context.TextFileStream(missing));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task TextFileStream_GlobWithMissingFixedPrefix_ThrowsNamingIt()
    {
        await using var harness = new FileSourceHarness();
        var missing = Path.Combine(harness.Root, "missing");

        var error = Assert.Throws<DirectoryNotFoundException>(() => harness.Context.TextFileStream(Path.Combine(missing, "*", "logs")));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task TextFileStream_GlobWithNoMatchYet_Accepted()
    {
        await using var harness = new FileSourceHarness();
        var outputs = harness.Collect(harness.Context.TextFileStream(Path.Combine(harness.Root, "*", "logs")));
        harness.Start();

        await harness.AdvanceAsync(2);

        Assert.All(outputs.Values, Assert.Empty);
    }

    [Fact]
    public async Task TextFileStream_AfterStart_Throws()
    {
        await using var harness = new FileSourceHarness();
        harness.Collect(harness.Context.TextFileStream(harness.Watched));
        harness.Start();

        Assert.Throws<InvalidOperationException>(() => harness.Context.TextFileStream(harness.Watched));
    }

    internal static List<string> Lines(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix} {i}")];

    private static string Text(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }
}
