using Ember.Streaming.Tests.Context;

namespace Ember.Streaming.Tests.Output;

public class SaveAsTextFilesTests
{
    [Fact]
    public async Task SaveAsTextFiles_WithSuffix_WritesDirectoryPrefixDashMsDotSuffixPerBatch()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        var prefix = Path.Combine(temp.Path, "words");
        h.Queue<string>(["a", "b", "c"], ["d"]).SaveAsTextFiles(prefix, "txt");
        h.Context.Start();

        await h.RunBatchesAsync(2);

        Assert.Equal(
            [$"words-{h.BatchTime(0).Milliseconds}.txt", $"words-{h.BatchTime(1).Milliseconds}.txt"],
            Directory.GetDirectories(temp.Path).Select(Path.GetFileName).Order());
        Assert.Equal(["a", "b", "c"], Lines($"{prefix}-{h.BatchTime(0).Milliseconds}.txt"));
        Assert.Equal(["d"], Lines($"{prefix}-{h.BatchTime(1).Milliseconds}.txt"));
    }

    [Fact]
    public async Task SaveAsTextFiles_NoSuffix_WritesDirectoryPrefixDashMsWithPartFiles()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        var prefix = Path.Combine(temp.Path, "out");
        h.Queue<int>([1, 2, 3, 4]).SaveAsTextFiles(prefix);
        h.Context.Start();

        await h.RunBatchAsync();

        var directory = $"{prefix}-{h.BatchTime(0).Milliseconds}";
        Assert.True(Directory.Exists(directory), $"missing {directory}");
        Assert.Equal(["_SUCCESS", "part-00000", "part-00001"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("1\n2\n", File.ReadAllText(Path.Combine(directory, "part-00000")));
        Assert.Equal("3\n4\n", File.ReadAllText(Path.Combine(directory, "part-00001")));
    }

    [Fact]
    public async Task SaveAsTextFiles_SeveralBatches_LeavesNoTemporaryDirectories()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        h.Queue<int>([1], [2], [3]).SaveAsTextFiles(Path.Combine(temp.Path, "out"), "txt");
        h.Context.Start();

        await h.RunBatchesAsync(3);

        var entries = Directory.GetFileSystemEntries(temp.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(entries, name => name!.StartsWith('.') || name.Contains("tmp", StringComparison.OrdinalIgnoreCase) || name.Contains(".attempt-"));
        Assert.Equal(3, Directory.GetDirectories(temp.Path).Length);
    }

    [Fact]
    public async Task SaveAsTextFiles_BatchDirectoryAlreadyExists_SkipsBatchWithoutError()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        var prefix = Path.Combine(temp.Path, "out");
        var existing = $"{prefix}-{h.BatchTime(0).Milliseconds}";
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "part-00000"), "written before the restart\n");
        h.Queue<int>([1, 2], [3]).SaveAsTextFiles(prefix);
        h.Context.Start();

        var batches = await h.RunBatchesAsync(2);
        await h.Context.StopAsync().WaitAsync(StreamingHarness.SafetyNet);

        Assert.Equal(["part-00000"], Directory.GetFiles(existing).Select(Path.GetFileName));
        Assert.Equal("written before the restart\n", File.ReadAllText(Path.Combine(existing, "part-00000")));
        Assert.Equal(["3"], Lines($"{prefix}-{h.BatchTime(1).Milliseconds}"));
        Assert.All(batches, batch => Assert.Null(batch.OutputOperationInfos[0].FailureReason));
        await h.Context.AwaitTerminationAsync().WaitAsync(StreamingHarness.SafetyNet);
    }

    [Fact]
    public async Task SaveAsTextFiles_EmptyBatch_WritesDirectoryWithNoRecords()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        var prefix = Path.Combine(temp.Path, "out");
        h.Queue<int>().SaveAsTextFiles(prefix);
        h.Context.Start();

        await h.RunBatchAsync();

        var directory = $"{prefix}-{h.BatchTime(0).Milliseconds}";
        Assert.True(File.Exists(Path.Combine(directory, "_SUCCESS")));
        Assert.Empty(Lines(directory));
    }

    [Fact]
    public async Task SaveAsTextFiles_BlankPrefix_ThrowsArgumentException()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1]);

        Assert.ThrowsAny<ArgumentException>(() => input.SaveAsTextFiles(" "));
    }

    /// <summary>The lines of every part file of a batch directory, in part order.</summary>
    private static IReadOnlyList<string> Lines(string directory) =>
        [.. Directory.GetFiles(directory, "part-*").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines)];
}
