using Ember.UI.Progress;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

public class HealthWarningsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void Of_HealthyBatches_IsEmpty()
    {
        Assert.Empty(Warnings((5, 300), (3, 400), (4, 350), (6, 300)));
    }

    [Fact]
    public void Of_ProcessingLongerThanTheInterval_WarnsWithBothDurations()
    {
        var warning = Assert.Single(Warnings((5, 300), (3, 1500)));

        Assert.Contains("took 1.5 s to process, longer than the batch interval of 1 s", warning);
    }

    [Fact]
    public void Of_SchedulingDelayGrowingForFourBatches_WarnsThatTheJobFallsBehind()
    {
        var warning = Assert.Single(Warnings((900, 300), (0, 900), (200, 900), (400, 900), (600, 900), (800, 900)));

        Assert.Contains("grown for 4 batches in a row, to 800 ms", warning);
    }

    [Fact]
    public void Of_SchedulingDelayGrowingForThreeBatchesOnly_IsEmpty()
    {
        Assert.Empty(Warnings((0, 900), (200, 900), (400, 900), (600, 900)));
    }

    [Fact]
    public void Of_SchedulingDelayRisingByJitter_IsEmpty()
    {
        // Five rising delays, but by 40 ms in all for batches of 1 s: noise around a steady delay, not a backlog.
        Assert.Empty(Warnings((1000, 300), (1010, 300), (1020, 300), (1030, 300), (1040, 300)));
    }

    [Fact]
    public void Of_CheckpointFailedAtTheLastBatches_WarnsWithTheDirectoryAndTheCause()
    {
        var warning = Assert.Single(Warnings(CheckpointFailure(atMs: 1000), (5, 300), (3, 400), (4, 350)));

        Assert.Contains("Checkpoint writes to /checkpoints are failing (3 in a row, the manifest of batch", warning);
        Assert.Contains("No space left on device", warning);
    }

    [Fact]
    public void Of_CheckpointFailureOlderThanTwoBatches_IsOver()
    {
        Assert.Empty(Warnings(CheckpointFailure(atMs: 0), (5, 300), (3, 400), (4, 350), (6, 300)));
    }

    private static Ember.Streaming.Listener.CheckpointFailureInfo CheckpointFailure(long atMs) =>
        new(Ember.Streaming.Time.From(Batches.Epoch.AddMilliseconds(atMs)), Batches.Epoch.AddMilliseconds(atMs + 10), "/checkpoints", "manifest", "No space left on device", 3);

    private static IReadOnlyList<string> Warnings(params (long Delay, long Processing)[] batches) => Warnings(null, batches);

    private static IReadOnlyList<string> Warnings(Ember.Streaming.Listener.CheckpointFailureInfo? checkpointFailure, params (long Delay, long Processing)[] batches) =>
        HealthWarnings.Of(
            [.. batches.Select((batch, index) => new BatchSnapshot(Batches.Completed(index * 1000, 1, batch.Delay, batch.Processing), BatchStatus.Completed, new Dictionary<int, Ember.Streaming.Listener.OutputOperationInfo>()))],
            Interval,
            checkpointFailure);
}
