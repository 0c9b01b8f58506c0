using Ember.Cluster.Blocks;
using Ember.Cluster.Scheduling;

namespace Ember.Cluster.Tests.Failures;

/// <summary>
/// The driver's map output tracker fences a lost executor's late successes (Spark's executorFailureEpoch): a map
/// task's status that raced its executor's loss never registers an output that nobody could fetch.
/// </summary>
public sealed class MapOutputFencingTests
{
    private static MapStatus On(string executorId) => new(executorId, new BlockPeer("127.0.0.1", 7000), [1, 2]);

    [Fact]
    public void Register_TaskLaunchedBeforeItsExecutorWasLost_IsRefused()
    {
        var tracker = new ClusterMapOutputTracker(_ => { });
        var launchedAt = tracker.Epoch;
        Assert.True(tracker.Register(0, 0, On("a"), launchedAt));

        Assert.Equal(1, tracker.ExecutorLost("a"));

        Assert.False(tracker.Register(0, 1, On("a"), launchedAt));
        Assert.Equal([0, 1], tracker.MissingMapOutputs(0, 2));
        Assert.True(tracker.Register(0, 1, On("b"), launchedAt)); // the other executor's outputs still count
        Assert.Equal([0], tracker.MissingMapOutputs(0, 2));
    }

    [Fact]
    public void Register_TaskLaunchedAfterTheLoss_OnAnExecutorTakingTheSameId_IsRecorded()
    {
        var tracker = new ClusterMapOutputTracker(_ => { });
        tracker.ExecutorLost("a");

        Assert.True(tracker.Register(0, 0, On("a"), tracker.Epoch));
        Assert.Empty(tracker.MissingMapOutputs(0, 1));
    }

    [Fact]
    public void RemoveExecutor_AfterAFetchFailure_ForgetsItsOutputsButKeepsItsLaterOnes()
    {
        var tracker = new ClusterMapOutputTracker(_ => { });
        var launchedAt = tracker.Epoch;
        tracker.Register(0, 0, On("a"), launchedAt);

        // Unreachable blocks say nothing of the executor itself: a task already running there may still succeed.
        Assert.Equal(1, tracker.RemoveExecutor("a"));
        Assert.True(tracker.Register(0, 1, On("a"), launchedAt));
        Assert.Equal([0], tracker.MissingMapOutputs(0, 2));
    }
}
