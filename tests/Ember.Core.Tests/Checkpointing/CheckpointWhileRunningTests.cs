using Ember.Tests.IO;

namespace Ember.Tests.Checkpointing;

/// <summary>
/// A reliable checkpoint cuts the lineage of an RDD that tasks of other jobs may be computing at that moment (one
/// process shares the RDD objects, where Spark's tasks hold deserialized copies): those tasks must still answer right.
/// </summary>
public sealed class CheckpointWhileRunningTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory root = new();

    // One attempt per task: a task that failed on the cut lineage and was retried would hide the failure.
    private readonly EmberContext context = new(new EmberOptions { Master = "local[2]", MaxTaskAttempts = 1 });

    public CheckpointWhileRunningTests() => context.SetCheckpointDir(root.Path);

    public void Dispose()
    {
        context.Dispose();
        root.Dispose();
    }

    [Fact]
    public Task Checkpoint_CoGroupCutWhileATaskReadsIt_TheTaskAnswersRight() =>
        AssertTaskSurvivesCut(
            context.Parallelize([(1, "a"), (2, "b"), (1, "c")], 1).CoGroup(context.Parallelize([(1, 10), (3, 30)], 1), partitions: 1),
            group => $"{group.Key}:{string.Join(",", group.Value.Left.Order())}:{string.Join(",", group.Value.Right.Order())}");

    [Fact]
    public Task Checkpoint_CartesianCutWhileATaskReadsIt_TheTaskAnswersRight() =>
        AssertTaskSurvivesCut(context.Parallelize([1, 2, 3], 1).Cartesian(context.Parallelize(["x", "y"], 1)), pair => $"{pair.Left}{pair.Right}");

    [Fact]
    public Task Checkpoint_ZipWithIndexCutWhileATaskReadsIt_TheTaskAnswersRight() =>
        AssertTaskSurvivesCut(context.Parallelize(["a", "b", "c"], 1).ZipWithIndex(), pair => $"{pair.Item}{pair.Index}");

    /// <summary>
    /// Starts a job whose one task has asked <paramref name="rdd"/> for its records but not yet read them, checkpoints
    /// <paramref name="rdd"/> with a second job meanwhile, then lets the first task read.
    /// </summary>
    private async Task AssertTaskSurvivesCut<T>(Rdd<T> rdd, Func<T, string> format)
    {
        var expected = (await rdd.CollectAsync()).Select(format).Order().ToList();
        rdd.Checkpoint();
        using var asked = new ManualResetEventSlim();
        using var cut = new ManualResetEventSlim();
        var running = rdd.MapPartitions(records =>
        {
            asked.Set();
            Assert.True(cut.Wait(Deadline), "The checkpoint was never written.");
            return records;
        }).Map(format).CollectAsync();
        Assert.True(asked.Wait(Deadline), "The first job never started.");

        await rdd.CountAsync();
        Assert.True(rdd.IsCheckpointed);
        cut.Set();

        Assert.Equal(expected, (await running).Order());
    }
}
