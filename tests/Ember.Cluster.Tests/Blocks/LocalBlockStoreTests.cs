using Ember.Cluster.Blocks;

namespace Ember.Cluster.Tests.Blocks;

public sealed class LocalBlockStoreTests
{
    [Fact]
    public void Put_WithinMemoryBudget_KeepsTheBytesInMemory()
    {
        using var store = new LocalBlockStore(memoryBudgetBytes: 100);
        var bytes = new byte[] { 1, 2, 3 };

        var block = store.Put(BlockId.TaskResult(7), bytes);

        Assert.True(block.IsInMemory);
        Assert.Equal(bytes, store.Get(BlockId.TaskResult(7))!.ReadAll().ToArray());
        Assert.Equal(3, store.MemoryBytes);
        Assert.Equal(0, store.DiskBytes);
    }

    [Fact]
    public void Put_PastMemoryBudget_SpillsNewBlocksToFilesThatReadBack()
    {
        using var store = new LocalBlockStore(memoryBudgetBytes: 100);
        store.Put(BlockId.Shuffle(0, 0, 0), new byte[80]);
        var spilled = BlockNode.RandomBytes(50, seed: 1);

        var block = store.Put(BlockId.Shuffle(0, 1, 0), spilled);

        Assert.False(block.IsInMemory);
        Assert.StartsWith(store.Directory, block.FilePath);
        Assert.Equal(spilled, block.ReadAll().ToArray());
        using var stream = block.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(spilled, copy.ToArray());
        Assert.Equal(80, store.MemoryBytes);
        Assert.Equal(50, store.DiskBytes);
        Assert.Equal(50, store.SizeOf(BlockId.Shuffle(0, 1, 0)));
    }

    [Fact]
    public void Put_SameIdAgain_ReplacesTheBlockAndItsFile()
    {
        using var store = new LocalBlockStore(memoryBudgetBytes: 0);
        var first = store.Put(BlockId.StageBinary(2), new byte[] { 1 });

        store.Put(BlockId.StageBinary(2), new byte[] { 2, 2 });

        Assert.False(File.Exists(first.FilePath));
        Assert.Equal(new byte[] { 2, 2 }, store.Get(BlockId.StageBinary(2))!.ReadAll().ToArray());
        Assert.Equal(2, store.DiskBytes);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void RemoveShuffle_RemovesEveryBlockOfThatShuffleOnly()
    {
        using var store = new LocalBlockStore(memoryBudgetBytes: 10);
        store.Put(BlockId.Shuffle(1, 0, 0), new byte[8]);
        store.Put(BlockId.Shuffle(1, 0, 1), new byte[8]); // spilled
        store.Put(BlockId.Shuffle(2, 0, 0), new byte[1]);
        store.Put(BlockId.TaskResult(1), new byte[1]);

        var removed = store.RemoveShuffle(1);

        Assert.Equal(2, removed);
        Assert.Equal([BlockId.Shuffle(2, 0, 0), BlockId.TaskResult(1)], store.Ids.OrderBy(id => id.ToString()));
        Assert.Equal(2, store.MemoryBytes);
        Assert.Equal(0, store.DiskBytes);
        Assert.Empty(Directory.GetFiles(store.Directory));
    }

    [Fact]
    public void RemoveWhere_RemovesMatchingBlocks()
    {
        using var store = new LocalBlockStore();
        store.Put(BlockId.TaskResult(1), new byte[1]);
        store.Put(BlockId.TaskResult(2), new byte[1]);
        store.Put(BlockId.StageBinary(1), new byte[1]);

        Assert.Equal(2, store.RemoveWhere(id => id.Kind == BlockKind.TaskResult));
        Assert.False(store.Remove(BlockId.TaskResult(1)));
        Assert.Equal([BlockId.StageBinary(1)], store.Ids);
    }

    [Fact]
    public void Dispose_DeletesTheSpillDirectory()
    {
        var store = new LocalBlockStore(memoryBudgetBytes: 0);
        store.Put(BlockId.TaskResult(1), new byte[10]);

        store.Dispose();

        Assert.False(Directory.Exists(store.Directory));
    }

    [Fact]
    public void Put_ConcurrentlyFromManyThreads_NeverHoldsMoreThanTheBudgetInMemory()
    {
        using var store = new LocalBlockStore(memoryBudgetBytes: 1000);

        Parallel.For(0, 200, i => store.Put(BlockId.Shuffle(0, i, 0), new byte[37]));

        Assert.Equal(200, store.Count);
        Assert.InRange(store.MemoryBytes, 1000 - 36, 1000);
        Assert.Equal(200 * 37, store.MemoryBytes + store.DiskBytes);
    }
}
