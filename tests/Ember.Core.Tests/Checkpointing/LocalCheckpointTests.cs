using Ember.Dependencies;
using Ember.Scheduling;
using Ember.Tests.IO;

namespace Ember.Tests.Checkpointing;

public sealed class LocalCheckpointTests : IDisposable
{
    private readonly EmberContext context = new(new EmberOptions { Master = "local[2]" });
    private int computed;

    public void Dispose() => context.Dispose();

    [Fact]
    public async Task LocalCheckpointAsync_Done_LineageCutToStoredPartitionsWithoutRecomputing()
    {
        var source = context.Parallelize(Enumerable.Range(0, 100), 4);
        var mapped = source.Map(Counted);

        await mapped.LocalCheckpointAsync();
        var result = await mapped.CollectAsync();

        Assert.True(mapped.IsCheckpointed);
        Assert.Null(mapped.GetCheckpointFile());
        var dependency = Assert.IsType<OneToOneDependency>(Assert.Single(mapped.Dependencies));
        Assert.NotSame(source, dependency.Parent);
        Assert.Empty(dependency.Parent.Dependencies);
        Assert.Equal(Enumerable.Range(0, 100).Select(x => x * 2), result);
        Assert.Equal(100, Volatile.Read(ref computed));
    }

    [Fact]
    public async Task CollectAsync_LocalCheckpointUnpersisted_FailsNamingLostPartition()
    {
        var mapped = context.Parallelize(Enumerable.Range(0, 10), 2).Map(Counted);
        await mapped.LocalCheckpointAsync();

        mapped.Unpersist();
        var error = await Assert.ThrowsAsync<JobFailedException>(() => mapped.CollectAsync());

        Assert.Contains("was lost after its lineage was cut by LocalCheckpoint", error.InnerException!.Message);
    }

    [Fact]
    public async Task Checkpoint_AfterLocalCheckpoint_ReliableCheckpointReplacesItFromStoredPartitions()
    {
        using var directory = new TempDirectory();
        context.SetCheckpointDir(directory.Path);
        var mapped = context.Parallelize(Enumerable.Range(0, 100), 4).Map(Counted);
        await mapped.LocalCheckpointAsync();

        await mapped.Checkpoint().CountAsync();
        mapped.Unpersist();

        Assert.NotNull(mapped.GetCheckpointFile());
        Assert.Equal(Enumerable.Range(0, 100).Select(x => x * 2), await mapped.CollectAsync());
        Assert.Equal(100, Volatile.Read(ref computed));
    }

    private int Counted(int x)
    {
        Interlocked.Increment(ref computed);
        return x * 2;
    }
}
