using Ember.Streaming.Tests.Context;

namespace Ember.Streaming.Tests.Output;

public class SaveAsObjectFilesTests
{
    [Fact]
    public async Task SaveAsObjectFiles_PairBatches_RoundTripThroughObjectFile()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        var prefix = Path.Combine(temp.Path, "objects");
        h.Queue<(string Key, int Value)>([("a", 1), ("b", 2), ("c", 3)], [("d", 4)]).SaveAsObjectFiles(prefix, "bin");
        h.Context.Start();

        await h.RunBatchesAsync(2);

        Assert.Equal([("a", 1), ("b", 2), ("c", 3)], h.Ember.ObjectFile<(string Key, int Value)>($"{prefix}-{h.BatchTime(0).Milliseconds}.bin").Collect());
        Assert.Equal([("d", 4)], h.Ember.ObjectFile<(string Key, int Value)>($"{prefix}-{h.BatchTime(1).Milliseconds}.bin").Collect());
    }

    [Fact]
    public async Task SaveAsObjectFiles_BatchDirectoryAlreadyExists_SkipsBatchWithoutError()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        var prefix = Path.Combine(temp.Path, "objects");
        var existing = $"{prefix}-{h.BatchTime(0).Milliseconds}";
        Directory.CreateDirectory(existing);
        h.Queue<int>([1, 2], [3]).SaveAsObjectFiles(prefix);
        h.Context.Start();

        var batches = await h.RunBatchesAsync(2);

        Assert.Empty(Directory.GetFileSystemEntries(existing));
        Assert.Equal([3], h.Ember.ObjectFile<int>($"{prefix}-{h.BatchTime(1).Milliseconds}").Collect());
        Assert.All(batches, batch => Assert.Null(batch.OutputOperationInfos[0].FailureReason));
    }
}
