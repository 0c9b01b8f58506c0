using System.Runtime.CompilerServices;
using Ember.Dependencies;
using Ember.Partitioning;
using Ember.Scheduling;
using Ember.Tests.IO;

namespace Ember.Tests.Checkpointing;

public sealed class ReliableCheckpointTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly EmberContext context = new(new EmberOptions { Master = "local[2]" });
    private int computed;

    public ReliableCheckpointTests() => context.SetCheckpointDir(root.Path);

    public void Dispose()
    {
        context.Dispose();
        root.Dispose();
    }

    [Fact]
    public void Checkpoint_NoCheckpointDirSet_ThrowsNamingSetCheckpointDir()
    {
        using var fresh = new EmberContext(new EmberOptions { Master = "local[1]" });
        var rdd = fresh.Parallelize([1, 2, 3]);

        var error = Assert.Throws<InvalidOperationException>(() => rdd.Checkpoint());

        Assert.Null(fresh.CheckpointDir);
        Assert.Contains("Checkpoint directory has not been set", error.Message);
        Assert.Contains(nameof(EmberContext.SetCheckpointDir), error.Message);
    }

    [Fact]
    public void SetCheckpointDir_TwoContextsOnOnePath_EachWritesUnderItsOwnNewDirectory()
    {
        using var other = new EmberContext(new EmberOptions { Master = "local[1]" });
        other.SetCheckpointDir(root.Path);

        Assert.NotEqual(context.CheckpointDir, other.CheckpointDir);
        Assert.All([context.CheckpointDir!, other.CheckpointDir!], directory =>
        {
            Assert.True(Directory.Exists(directory));
            Assert.Equal(Path.GetFullPath(root.Path), Path.GetDirectoryName(directory));
        });
    }

    [Fact]
    public async Task Checkpoint_ThenAction_LineageCutToPartFilesAndNothingElse()
    {
        var source = context.Parallelize(Enumerable.Range(0, 100), 4);
        var mapped = source.Map(Counted).Checkpoint();
        Assert.False(mapped.IsCheckpointed);
        Assert.Null(mapped.GetCheckpointFile());
        Assert.Same(source, Assert.Single(mapped.Dependencies).Parent);

        Assert.Equal(100, await mapped.CountAsync());

        Assert.True(mapped.IsCheckpointed);
        var path = mapped.GetCheckpointFile();
        Assert.Equal(Path.Combine(context.CheckpointDir!, $"rdd-{mapped.Id}"), path);
        var dependency = Assert.IsType<OneToOneDependency>(Assert.Single(mapped.Dependencies));
        Assert.NotSame(source, dependency.Parent);
        Assert.Empty(dependency.Parent.Dependencies);
        Assert.Equal(["_metadata.json", "part-00000", "part-00001", "part-00002", "part-00003"], FilesUnder(path!));
    }

    [Fact]
    public async Task CollectAsync_AfterCheckpoint_ReadsFilesWithoutComputingParents()
    {
        var mapped = context.Parallelize(Enumerable.Range(0, 100), 4).Map(Counted).Checkpoint();

        var first = await mapped.CollectAsync();
        var computedByFirstAction = Volatile.Read(ref computed);
        var second = await mapped.CollectAsync();
        var sum = await mapped.ReduceAsync((a, b) => a + b);

        var expected = Enumerable.Range(0, 100).Select(x => x * 2).ToList();
        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
        Assert.Equal(expected.Sum(), sum);
        // The action computed each record once and the checkpoint write once more (it is not persisted), then no more.
        Assert.Equal(200, computedByFirstAction);
        Assert.Equal(200, Volatile.Read(ref computed));
    }

    [Fact]
    public async Task Checkpoint_PersistedRdd_WriteReadsStoredPartitionsInsteadOfComputing()
    {
        var mapped = context.Parallelize(Enumerable.Range(0, 100), 4).Map(Counted).Persist().Checkpoint();

        await mapped.CountAsync();
        mapped.Unpersist();

        Assert.Equal(Enumerable.Range(0, 100).Select(x => x * 2), await mapped.CollectAsync());
        Assert.Equal(100, Volatile.Read(ref computed));
    }

    [Fact]
    public async Task Checkpoint_AfterRddWasComputed_WrittenAtTheNextAction()
    {
        var mapped = context.Parallelize(Enumerable.Range(0, 10), 2).Map(Counted);
        await mapped.CountAsync();

        mapped.Checkpoint();
        Assert.False(mapped.IsCheckpointed);
        await mapped.TakeAsync(1);

        Assert.True(mapped.IsCheckpointed);
        Assert.Equal(Enumerable.Range(0, 10).Select(x => x * 2), await mapped.CollectAsync());
    }

    [Fact]
    public async Task Checkpoint_TwoActionsAtOnce_WrittenOnceAndBothAnswerRight()
    {
        var mapped = context.Parallelize(Enumerable.Range(0, 100), 4).Map(Counted).Checkpoint();

        var counts = await Task.WhenAll(mapped.CountAsync(), mapped.CountAsync(), mapped.Filter(x => x < 20).CountAsync());

        Assert.Equal([100, 100, 10], counts);
        Assert.True(mapped.IsCheckpointed);
        Assert.Equal(["_metadata.json", "part-00000", "part-00001", "part-00002", "part-00003"], FilesUnder(mapped.GetCheckpointFile()!));
        // At most three jobs and one write computed the records; reading the checkpoint computes nothing.
        var computedByTheActions = Volatile.Read(ref computed);
        Assert.InRange(computedByTheActions, 200, 400);
        Assert.Equal(Enumerable.Range(0, 100).Select(x => x * 2), await mapped.CollectAsync());
        Assert.Equal(computedByTheActions, Volatile.Read(ref computed));
    }

    [Fact]
    public async Task Checkpoint_MarkedAncestor_WrittenByAJobOnItsDescendant()
    {
        var parent = context.Parallelize(Enumerable.Range(0, 10), 2).Map(Counted).Checkpoint();
        var child = parent.Filter(x => x % 4 == 0);

        Assert.Equal([0, 4, 8, 12, 16], await child.CollectAsync());

        Assert.True(parent.IsCheckpointed);
        Assert.False(child.IsCheckpointed);
        Assert.Same(parent, Assert.Single(child.Dependencies).Parent);
    }

    [Fact]
    public async Task Checkpoint_ReduceByKey_PartitionerKeptInThisContextAndRecordedForTheNext()
    {
        var words = context.Parallelize(Enumerable.Range(0, 300).Select(i => (Key: $"w{i % 17}", Value: 1)), 5);
        var counts = words.ReduceByKey((a, b) => a + b, partitions: 3).Checkpoint();
        var expected = (await counts.CollectAsync()).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();

        Assert.True(counts.IsCheckpointed);
        Assert.Equal(new HashPartitioner(3), counts.Partitioner);
        // Co-partitioned with the checkpoint: aggregating it again needs no shuffle.
        Assert.IsType<OneToOneDependency>(Assert.Single(counts.ReduceByKey((a, b) => a + b, partitions: 3).Dependencies));

        using var reader = new EmberContext(new EmberOptions { Master = "local[2]" });
        var restored = reader.CheckpointFile<(string Key, int Value)>(counts.GetCheckpointFile()!);
        Assert.Equal(new HashPartitioner(3), restored.Partitioner);
        Assert.Equal(expected, (await restored.CollectAsync()).OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.All(await restored.Glom().CollectAsync(), (part, index) =>
            Assert.All(part, pair => Assert.Equal(index, new HashPartitioner(3).GetPartition(pair.Key))));
    }

    [Theory]
    [InlineData("ReduceByKey")]
    [InlineData("CoGroup")]
    public async Task Checkpoint_ShuffledRdd_ShuffleOutputsFreedWhileCheckpointStaysReadable(string operation)
    {
        var counts = CheckpointedCounts(context, operation);
        Assert.Equal(10, await counts.CountAsync());
        var source = context.Parallelize(Enumerable.Range(0, 10), 2);

        // As in ShuffleReuseTests: a worker may keep its last task's graph reachable until it takes another task.
        for (var round = 0; round < 50 && ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount > 0; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Equal(10, await source.CountAsync());
        }

        Assert.Equal(0, ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount);
        Assert.Equal(Enumerable.Range(0, 10).Select(key => (key, 10)), (await counts.CollectAsync()).OrderBy(pair => pair.Key));
    }

    [Fact]
    public async Task Checkpoint_TaskFailsOnEveryAttemptOfTheWrite_NothingCountedAsCheckpointedAndNextActionWrites()
    {
        var failing = true;
        var runs = new int[2];
        var source = context.Parallelize(Enumerable.Range(0, 3000), 2);
        var rdd = source.MapPartitionsWithIndex((index, items) =>
            // The action's own job computes each partition once; the write job's attempts compute it again and fail.
            Interlocked.Increment(ref runs[index]) > 1 && index == 1 && Volatile.Read(ref failing) ? FailAfter(items, 2000) : items).Checkpoint();

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CountAsync());

        Assert.Equal(1, error.PartitionId);
        Assert.False(rdd.IsCheckpointed);
        Assert.Null(rdd.GetCheckpointFile());
        var directory = Path.Combine(context.CheckpointDir!, $"rdd-{rdd.Id}");
        Assert.False(Directory.Exists(directory));
        Assert.Empty(FilesUnder(root.Path));
        Assert.Same(source, Assert.Single(rdd.Dependencies).Parent);
        Assert.Throws<DirectoryNotFoundException>(() => context.CheckpointFile<int>(directory));

        Volatile.Write(ref failing, false);
        Assert.Equal(3000, await rdd.CountAsync());

        Assert.True(rdd.IsCheckpointed);
        Assert.Equal(Enumerable.Range(0, 3000), await context.CheckpointFile<int>(directory).CollectAsync());
    }

    [Fact]
    public async Task Checkpoint_AttemptFailsMidWrite_RetrySucceedsAndNoTemporaryFileLeft()
    {
        var runs = 0;
        var temporaryFilesAtFailure = -1;
        string? directory = null;
        var rdd = context.Parallelize(Enumerable.Range(0, 6000), 2).MapPartitionsWithIndex((index, items) =>
            // Run 1 of partition 0 is the action's; run 2 is the write's first attempt, which dies after two chunks.
            index == 0 && Interlocked.Increment(ref runs) == 2
                ? FailAfter(items, 2500, () => temporaryFilesAtFailure = Directory.GetFiles(directory!, ".part-00000.*.tmp").Length)
                : items).Checkpoint();
        directory = Path.Combine(context.CheckpointDir!, $"rdd-{rdd.Id}");

        Assert.Equal(6000, await rdd.CountAsync());

        Assert.True(rdd.IsCheckpointed);
        Assert.Equal(1, temporaryFilesAtFailure);
        Assert.Equal(3, Volatile.Read(ref runs));
        Assert.Equal(["_metadata.json", "part-00000", "part-00001"], FilesUnder(rdd.GetCheckpointFile()!));
        Assert.Equal(Enumerable.Range(0, 6000), await rdd.CollectAsync());
    }

    [Fact]
    public async Task CleanCheckpoints_RddCollected_FilesDeleted()
    {
        using var cleaning = new EmberContext(new EmberOptions { Master = "local[2]", CleanCheckpoints = true });
        cleaning.SetCheckpointDir(root.Path);
        var path = await CheckpointAndForget(cleaning);
        Assert.True(Directory.Exists(path));
        var source = cleaning.Parallelize([1, 2, 3]);

        for (var round = 0; round < 50 && Directory.Exists(path); round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Equal(3, await source.CountAsync());
        }

        Assert.False(Directory.Exists(path));
    }

    /// <summary>Ten keys counted ten times each by a shuffle, checkpointed; built here so that no local keeps the parents.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Rdd<(int Key, int Value)> CheckpointedCounts(EmberContext context, string operation)
    {
        var pairs = context.Parallelize(Enumerable.Range(0, 100), 4).Map(i => (Key: i % 10, Value: 1));
        if (operation == "ReduceByKey")
        {
            return pairs.ReduceByKey((a, b) => a + b, partitions: 2).Checkpoint();
        }
        var grouped = pairs.CoGroup(context.Parallelize(Enumerable.Range(0, 10).Select(key => (Key: key, Value: "x")), 3), partitions: 2).Checkpoint();
        return grouped.Map(pair => (pair.Key, pair.Value.Left.Count));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<string> CheckpointAndForget(EmberContext context)
    {
        var rdd = context.Parallelize(Enumerable.Range(0, 10), 2).Checkpoint();
        await rdd.CountAsync();
        return rdd.GetCheckpointFile()!;
    }

    private static IEnumerable<T> FailAfter<T>(IEnumerable<T> items, int count, Action? beforeFailing = null)
    {
        foreach (var item in items.Take(count))
        {
            yield return item;
        }
        beforeFailing?.Invoke();
        throw new IOException($"disk gone after {count} records");
    }

    /// <summary>The files under <paramref name="directory"/>, named relative to it, in ordinal order (temporary files included).</summary>
    private static List<string> FilesUnder(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(directory, file))
            .Order(StringComparer.Ordinal)];

    private int Counted(int x)
    {
        Interlocked.Increment(ref computed);
        return x * 2;
    }
}
