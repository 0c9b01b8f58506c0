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
    public void Of_SchedulingDelayGrowingForThreeBatches_WarnsThatTheJobFallsBehind()
    {
        var warning = Assert.Single(Warnings((0, 900), (200, 900), (400, 900), (600, 900)));

        Assert.Contains("grown for 3 batches in a row, to 600 ms", warning);
    }

    [Fact]
    public void Of_SchedulingDelayGrowingByNoise_IsEmpty()
    {
        // Increasing, but the latest delay is under a tenth of the interval: thread-pool jitter, not a backlog.
        Assert.Empty(Warnings((1, 300), (2, 300), (3, 300), (4, 300)));
    }

    private static IReadOnlyList<string> Warnings(params (long Delay, long Processing)[] batches) =>
        HealthWarnings.Of(
            [.. batches.Select((batch, index) => new BatchSnapshot(Batches.Completed(index * 1000, 1, batch.Delay, batch.Processing), BatchStatus.Completed, new Dictionary<int, Ember.Streaming.Listener.OutputOperationInfo>()))],
            Interval);
}
