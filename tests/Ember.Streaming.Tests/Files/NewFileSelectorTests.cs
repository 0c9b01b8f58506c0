using Ember.Streaming.Sources.Files;

namespace Ember.Streaming.Tests.Files;

public sealed class NewFileSelectorTests
{
    private static readonly TimeSpan Batch = TimeSpan.FromSeconds(1);
    private static readonly Time Start = new(1_700_000_000_000);

    [Theory]
    [InlineData(1_000, 60_000)]
    [InlineData(7_000, 63_000)]
    [InlineData(30_000, 60_000)]
    [InlineData(45_000, 90_000)]
    [InlineData(60_000, 120_000)]
    [InlineData(90_000, 180_000)]
    public void RememberWindowFor_CeilOfSixtySecondsInBatchesAtLeastTwo(int batchMs, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), NewFileSelector.RememberWindowFor(TimeSpan.FromMilliseconds(batchMs)));
    }

    [Fact]
    public void Select_ModificationTimeAtThresholdOrAfterBatch_NotCandidates()
    {
        var selector = Started();
        var time = Start + (Batch * 5);

        var selected = Select(selector, time, [File("at-start", Start), File("future", time + TimeSpan.FromMilliseconds(1)), File("ok", Start + Batch)]);

        Assert.Equal(["ok"], selected.Select(file => file.Path));
    }

    [Fact]
    public void Select_OlderThanRememberWindow_IgnoredEvenWithoutNewFilesOnly()
    {
        var selector = new NewFileSelector(Batch);
        selector.Start(new Time(0));
        var time = Start + TimeSpan.FromMinutes(10);

        var selected = Select(selector, time, [File("old", time - TimeSpan.FromSeconds(60)), File("recent", time - TimeSpan.FromSeconds(59))]);

        Assert.Equal(["recent"], selected.Select(file => file.Path));
    }

    [Fact]
    public void Select_FreshFile_WaitsUntilABatchOldOrSeenUnchanged()
    {
        var selector = Started();
        var t1 = Start + Batch;
        var fresh = File("fresh", t1 - TimeSpan.FromMilliseconds(1));

        Assert.Empty(Select(selector, t1, [fresh]));
        // Not yet a batch old, but unchanged since a listing more than half a batch earlier.
        Assert.Equal([fresh], Select(selector, t1 + TimeSpan.FromMilliseconds(600), [fresh]));
    }

    [Fact]
    public void Select_FreshFileNeverListedBefore_TakenOnceABatchOld()
    {
        var selector = Started();
        var t1 = Start + Batch;
        var fresh = File("fresh", t1 - TimeSpan.FromMilliseconds(1));

        Assert.Empty(Select(selector, t1, []));
        Assert.Empty(Select(selector, t1 + TimeSpan.FromMilliseconds(998), [fresh]));
        Assert.Equal([fresh], Select(selector, t1 + TimeSpan.FromMilliseconds(999), [fresh]));
    }

    [Fact]
    public void Select_LengthChangedSinceLastListing_WaitsEvenWithSameTimeStamp()
    {
        var selector = Started();
        var t1 = Start + Batch;
        var t2 = t1 + Batch;
        // A coarse file system clock: the file grew but kept its time stamp.
        var half = File("growing", t1 + TimeSpan.FromMilliseconds(500), length: 10);
        var full = half with { Length = 20 };

        Assert.Empty(Select(selector, t1, [half]));
        Assert.Empty(Select(selector, t2, [full]));
        Assert.Equal([full], Select(selector, t2 + Batch, [full]));
    }

    [Fact]
    public void Select_SameLengthDifferentTime_Waits()
    {
        var selector = Started();
        var t1 = Start + Batch;
        var first = File("rewritten", t1 + TimeSpan.FromMilliseconds(200));
        var second = first with { LastWriteUtc = first.LastWriteUtc.AddMilliseconds(300) };

        Assert.Empty(Select(selector, t1 + TimeSpan.FromMilliseconds(600), [first]));
        Assert.Empty(Select(selector, t1 + TimeSpan.FromMilliseconds(900), [second]));
    }

    [Fact]
    public void Select_AlreadySelected_NotAgainUntilForgotten()
    {
        var selector = Started();
        var t1 = Start + (Batch * 2);
        var file = File("once", Start + Batch);

        Assert.Equal([file], Select(selector, t1, [file]));
        var touched = file with { LastWriteUtc = (t1 + TimeSpan.FromMilliseconds(1)).ToDateTimeOffset().UtcDateTime };
        Assert.Empty(Select(selector, t1 + Batch, [touched]));
        Assert.Empty(Select(selector, t1 + (Batch * 2), [touched]));

        selector.Forget(t1, [file]);
        Assert.Equal([touched], Select(selector, t1 + (Batch * 3), [touched]));
    }

    [Fact]
    public void Select_OrdersByModificationTimeThenPath()
    {
        var selector = Started();
        var time = Start + (Batch * 5);

        var selected = Select(selector, time, [File("c", Start + Batch), File("b", Start + (Batch * 2)), File("a", Start + (Batch * 2))]);

        Assert.Equal(["c", "a", "b"], selected.Select(file => file.Path));
    }

    [Fact]
    public void Select_ListingsBackToBack_NotEvidenceOfStability()
    {
        var selector = Started();
        var t1 = Start + Batch;
        var t2 = t1 + Batch;
        var fresh = File("fresh", t1 + TimeSpan.FromMilliseconds(500));
        var late = (t2 + TimeSpan.FromMilliseconds(100)).ToDateTimeOffset();

        // Both batches computed at once, after t2 (a window sliding over two batches): the first listing is only
        // milliseconds older than the second, so it proves nothing.
        Assert.Empty(selector.Select(t1, late, [fresh]));
        Assert.Empty(selector.Select(t2, late + TimeSpan.FromMilliseconds(5), [fresh]));
        Assert.Equal([fresh], selector.Select(t2 + Batch, (t2 + Batch).ToDateTimeOffset(), [fresh]));
    }

    [Fact]
    public void Select_ListingsBackToBack_OlderListingStillEvidence()
    {
        var selector = Started();
        var t1 = Start + Batch;
        var t2 = t1 + Batch;
        var t3 = t2 + Batch;
        var file = File("late", t2 + TimeSpan.FromMilliseconds(500));

        // Batches computed late: t1 after the file was written; t2 and t3 back to back a batch later.
        Assert.Empty(selector.Select(t1, (t2 + TimeSpan.FromMilliseconds(600)).ToDateTimeOffset(), [file]));
        Assert.Empty(selector.Select(t2, (t3 + TimeSpan.FromMilliseconds(100)).ToDateTimeOffset(), [file]));
        Assert.Equal([file], selector.Select(t3, (t3 + TimeSpan.FromMilliseconds(105)).ToDateTimeOffset(), [file]));
    }

    [Fact]
    public void Select_TimerJitterBetweenBatches_PreviousListingStillEvidence()
    {
        var selector = Started();
        var t1 = Start + Batch;
        var t2 = t1 + Batch;
        var file = File("written-after-batch-time", t1 + TimeSpan.FromMilliseconds(20));

        // The timer fired 40 ms late for t1 and 5 ms late for t2: the listings are a little under a batch apart.
        Assert.Empty(selector.Select(t1, (t1 + TimeSpan.FromMilliseconds(40)).ToDateTimeOffset(), [file]));
        Assert.Equal([file], selector.Select(t2, (t2 + TimeSpan.FromMilliseconds(5)).ToDateTimeOffset(), [file]));
    }

    private static IReadOnlyList<ListedFile> Select(NewFileSelector selector, Time time, IReadOnlyList<ListedFile> listing) =>
        selector.Select(time, time.ToDateTimeOffset(), listing);

    private static NewFileSelector Started()
    {
        var selector = new NewFileSelector(Batch);
        selector.Start(Start);
        return selector;
    }

    private static ListedFile File(string path, Time modified, long length = 1) => new(path, length, modified.ToDateTimeOffset().UtcDateTime);
}
