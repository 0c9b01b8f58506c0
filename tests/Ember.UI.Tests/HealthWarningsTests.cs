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

    private static IReadOnlyList<string> Warnings(params (long Delay, long Processing)[] batches) =>
        HealthWarnings.Of(
            [.. batches.Select((batch, index) => new BatchSnapshot(Batches.Completed(index * 1000, 1, batch.Delay, batch.Processing), BatchStatus.Completed, new Dictionary<int, Ember.Streaming.Listener.OutputOperationInfo>()))],
            Interval);
}
