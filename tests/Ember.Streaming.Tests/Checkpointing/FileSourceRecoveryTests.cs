using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// The file source across a restart: files taken before the stop are never taken again; files that arrived while
/// nothing ran are taken by the batch times missed meanwhile, each by the batch it would have gone to.
/// </summary>
public sealed class FileSourceRecoveryTests
{
    [Fact]
    public async Task Restart_FilesTakenInRun1NotTakenAgain_FilesMovedInWhileDownTakenByMissedBatches()
    {
        await using var fixture = new CheckpointFixture();
        var lines = new Recorder<string>();
        void Build(StreamingContext ssc) => lines.Attach(ssc.TextFileStream(fixture.Watched));
        var expected = new Dictionary<int, string[]>();
        void FeedBatch(int k, params string[] content)
        {
            fixture.Feed(Batch(k), content);
            expected[k] = content;
        }

        var run1 = fixture.Open(Build);
        run1.Start();
        await run1.AdvanceAsync();
        for (var k = 2; k <= 4; k++)
        {
            FeedBatch(k, $"run1 batch {k}", $"run1 batch {k} again");
            await run1.AdvanceAsync();
        }
        await run1.StopAsync();

        // Nothing runs during batch times 5 to 8.
        FeedBatch(6, "down 6");
        FeedBatch(8, "down 8");
        var run2 = fixture.Open(Build, clockAt: Batch(8).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        for (var k = 5; k <= 8; k++)
        {
            await run2.WaitForAsync(Batch(k));
        }
        FeedBatch(9, "run2 batch 9");
        await run2.AdvanceAsync();
        await run2.AdvanceAsync();
        await run2.StopAsync();

        for (var k = 1; k <= 10; k++)
        {
            Assert.Equal(expected.GetValueOrDefault(k, []), lines.At(Batch(k)));
            Assert.Equal(1, lines.CallsAt(Batch(k)));
        }
    }

    [Fact]
    public async Task Restart_TwiceWithoutNewFiles_NothingIsReadAgain()
    {
        await using var fixture = new CheckpointFixture();
        var lines = new Recorder<string>();
        void Build(StreamingContext ssc) => lines.Attach(ssc.TextFileStream(fixture.Watched));

        var run1 = fixture.Open(Build);
        run1.Start();
        await run1.AdvanceAsync();
        fixture.Feed(Batch(2), "only");
        await run1.AdvanceAsync();
        await run1.StopAsync();

        for (var restart = 0; restart < 2; restart++)
        {
            var run = fixture.Open(Build, clockAt: (Batch(2) + Second * (restart * 3 + 2)).ToDateTimeOffset());
            Assert.True(run.Context.IsRecovering);
            run.Start();
            await run.AdvanceAsync();
            await run.StopAsync();
        }

        var taken = lines.Outputs.OrderBy(pair => pair.Key).SelectMany(pair => pair.Value).ToList();
        Assert.Equal(["only"], taken);
        Assert.Equal(["only"], lines.At(Batch(2)));
    }
    /// <summary>
    /// A context stopped before its first batch still left a checkpoint: files that arrive afterwards, modified after
    /// that start, are taken by the recovered run's missed batches rather than ignored as older than a fresh start.
    /// </summary>
    [Fact]
    public async Task Restart_StoppedBeforeTheFirstBatch_FilesArrivedMeanwhileAreTaken()
    {
        await using var fixture = new CheckpointFixture();
        var lines = new Recorder<string>();
        void Build(StreamingContext ssc) => lines.Attach(ssc.TextFileStream(fixture.Watched));

        var run1 = fixture.Open(Build);
        run1.Start();
        await run1.StopAsync();
        fixture.Feed(Batch(3), "early");

        var run2 = fixture.Open(Build, clockAt: Batch(4).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering, "Run 1 left no checkpoint.");
        run2.Start();
        Assert.Equal(Batch(1), run2.Context.StartTime);
        await run2.WaitForAsync(Batch(4));
        await run2.StopAsync();

        Assert.Equal(["early"], lines.At(Batch(3)));
    }
}
