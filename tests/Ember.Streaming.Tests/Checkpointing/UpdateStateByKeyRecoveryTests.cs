using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// UpdateStateByKey running totals across a stop and a GetOrCreate recovery: totals continue exactly, completed batches
/// after the last snapshot rebuild state without running outputs again, and a batch cut short runs again in full.
/// </summary>
public sealed class UpdateStateByKeyRecoveryTests
{
    private static string[] LinesFor(int k) => [$"a b w{k % 3}", k % 2 == 0 ? "a" : "b c"];

    /// <summary>Feeds batch k, runs it and records what was fed.</summary>
    private static async Task RunBatchAsync(CheckpointFixture fixture, RecoveryRun run, int k, List<(int Batch, string Line)> fed)
    {
        if (k > 1)
        {
            fixture.Feed(Batch(k), LinesFor(k));
            fed.AddRange(LinesFor(k).Select(line => (k, line)));
        }
        var time = await run.AdvanceAsync();
        Assert.Equal(Batch(k), time);
    }

    private static Dictionary<string, int> ExpectedThrough(List<(int Batch, string Line)> fed, int k) =>
        WordCount.Count(fed.Where(entry => entry.Batch <= k).Select(entry => entry.Line));

    [Fact]
    public async Task Restart_LastSnapshotIsTheLastBatch_TotalsContinueExactly()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        void Build(StreamingContext ssc) => totals.Attach(WordCount.Totals(ssc, fixture.Watched));
        var fed = new List<(int Batch, string Line)>();

        var run1 = fixture.Open(Build);
        Assert.False(run1.Context.IsRecovering);
        run1.Start();
        for (var k = 1; k <= 6; k++)
        {
            await RunBatchAsync(fixture, run1, k, fed);
        }
        await run1.StopAsync();
        var newest = ReadManifest(fixture.Manifests()[^1]);
        Assert.Equal(Batch(6).Milliseconds, StateTimeOf(newest));
        Assert.Empty(BatchesOf(newest));

        var run2 = fixture.Open(Build, clockAt: Batch(6).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        for (var k = 7; k <= 9; k++)
        {
            await RunBatchAsync(fixture, run2, k, fed);
        }
        await run2.StopAsync();

        for (var k = 1; k <= 9; k++)
        {
            Assert.Equal(ExpectedThrough(fed, k), WordCount.ToDictionary(totals.At(Batch(k))));
            Assert.Equal(1, totals.CallsAt(Batch(k)));
        }
    }

    [Fact]
    public async Task Restart_BatchesCompletedAfterTheLastSnapshot_ReplayedForStateWithoutRunningOutputsAgain()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        void Build(StreamingContext ssc) => totals.Attach(WordCount.Totals(ssc, fixture.Watched, every: TimeSpan.FromSeconds(4)));
        var fed = new List<(int Batch, string Line)>();

        var run1 = fixture.Open(Build);
        run1.Start();
        for (var k = 1; k <= 7; k++)
        {
            await RunBatchAsync(fixture, run1, k, fed);
        }
        await run1.StopAsync();
        var newest = ReadManifest(fixture.Manifests()[^1]);
        Assert.Equal(Batch(4).Milliseconds, StateTimeOf(newest));
        Assert.Equal([(Batch(5).Milliseconds, true), (Batch(6).Milliseconds, true), (Batch(7).Milliseconds, true)], BatchesOf(newest));

        var run2 = fixture.Open(Build, clockAt: Batch(7).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        for (var k = 5; k <= 7; k++)
        {
            await run2.WaitForAsync(Batch(k));
        }
        for (var k = 8; k <= 10; k++)
        {
            await RunBatchAsync(fixture, run2, k, fed);
        }
        await run2.StopAsync();

        for (var k = 1; k <= 10; k++)
        {
            Assert.True(1 == totals.CallsAt(Batch(k)), $"The output of batch {k} ran {totals.CallsAt(Batch(k))} times.");
            Assert.Equal(ExpectedThrough(fed, k), WordCount.ToDictionary(totals.At(Batch(k))));
        }
    }

    [Fact]
    public async Task Restart_BatchCancelledInRun1_RunsAgainWithOutputsReadingTheSameFiles()
    {
        await using var fixture = new CheckpointFixture();
        var blockAt = (Time?)Batch(7);
        using var entered = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var started = new System.Collections.Concurrent.ConcurrentDictionary<Time, int>();
        var finished = new System.Collections.Concurrent.ConcurrentDictionary<Time, IReadOnlyList<(string Key, int Value)>>();
        var finishedCalls = new System.Collections.Concurrent.ConcurrentDictionary<Time, int>();
        void Build(StreamingContext ssc) => WordCount.Totals(ssc, fixture.Watched).ForEachRddAsync(async (rdd, time, cancellationToken) =>
        {
            started.AddOrUpdate(time, 1, (_, n) => n + 1);
            if (time == blockAt)
            {
                entered.Release();
                await release.WaitAsync(cancellationToken);
            }
            finished[time] = rdd.Collect();
            finishedCalls.AddOrUpdate(time, 1, (_, n) => n + 1);
        });
        var fed = new List<(int Batch, string Line)>();

        var run1 = fixture.Open(Build);
        run1.Start();
        for (var k = 1; k <= 6; k++)
        {
            await RunBatchAsync(fixture, run1, k, fed);
        }
        fixture.Feed(Batch(7), "seven seven");
        fed.Add((7, "seven seven"));
        run1.Clock.Advance(Second);
        Assert.True(await entered.WaitAsync(RecoveryRun.SafetyNet), "Batch 7's output never started.");
        await run1.StopAsync();
        Assert.Contains((Batch(7).Milliseconds, false), BatchesOf(ReadManifest(fixture.ManifestPath(Batch(7)))));

        // Arrives after the crash but is old enough for batch 7: a batch run again must not take it (it is batch 8's).
        fixture.MoveIn("late.txt", ["late"], Batch(6).ToDateTimeOffset());
        fed.Add((8, "late"));
        blockAt = null;
        var run2 = fixture.Open(Build, clockAt: Batch(7).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.WaitForAsync(Batch(7));
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(2, started.GetValueOrDefault(Batch(7)));
        Assert.Equal(1, finishedCalls.GetValueOrDefault(Batch(7)));
        Assert.Equal(ExpectedThrough(fed, 7), WordCount.ToDictionary(finished[Batch(7)]));
        Assert.Equal(ExpectedThrough(fed, 8), WordCount.ToDictionary(finished[Batch(8)]));
        Assert.All(Enumerable.Range(1, 8).Where(k => k != 7), k => Assert.Equal(1, finishedCalls.GetValueOrDefault(Batch(k))));
    }

    /// <summary>
    /// A completed batch replayed in run 2 must stay "completed" in the checkpoint while it is replayed: if run 2 dies
    /// during the replay, run 3 must still not run that batch's outputs again.
    /// </summary>
    [Fact]
    public async Task Restart_CrashWhileReplayingACompletedBatch_ItsOutputsStillNeverRunTwice()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        var blockAt = (Time?)null;
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        void Build(StreamingContext ssc)
        {
            var state = WordCount.Words(ssc, fixture.Watched)
                .Map(word => (word, 1))
                .UpdateStateByKey((Time time, string _, IReadOnlyList<int> values, Option<int> total) =>
                {
                    if (time == blockAt)
                    {
                        entered.Set();
                        release.Wait(RecoveryRun.SafetyNet);
                    }
                    return Option.Some(total.GetValueOrDefault(0) + values.Sum());
                })
                .WithName("totals")
                .Checkpoint(TimeSpan.FromSeconds(2));
            totals.Attach(state);
        }
        var fed = new List<(int Batch, string Line)>();

        var run1 = fixture.Open(Build);
        run1.Start();
        for (var k = 1; k <= 7; k++)
        {
            await RunBatchAsync(fixture, run1, k, fed);
        }
        await run1.StopAsync();
        Assert.Equal([(Batch(7).Milliseconds, true)], BatchesOf(ReadManifest(fixture.ManifestPath(Batch(7)))));

        blockAt = Batch(7);
        var run2 = fixture.Open(Build, clockAt: Batch(7).ToDateTimeOffset());
        run2.Start();
        Assert.True(entered.Wait(RecoveryRun.SafetyNet), "The replay of batch 7 never computed its state.");
        var duringReplay = BatchesOf(ReadManifest(fixture.ManifestPath(Batch(7))));
        var stopping = run2.Context.StopAsync();
        blockAt = null;
        release.Set();
        await stopping.WaitAsync(RecoveryRun.SafetyNet);

        var run3 = fixture.Open(Build, clockAt: Batch(7).ToDateTimeOffset());
        run3.Start();
        await run3.WaitForAsync(Batch(7));
        await RunBatchAsync(fixture, run3, 8, fed);
        await run3.StopAsync();

        Assert.True(1 == totals.CallsAt(Batch(7)),
            $"Batch 7's output ran {totals.CallsAt(Batch(7))} times; while run 2 replayed it, the checkpoint listed it as " +
            $"[{string.Join(", ", duringReplay.Select(batch => $"{batch.TimeMs}: completed={batch.Completed}"))}].");
        Assert.Equal(ExpectedThrough(fed, 8), WordCount.ToDictionary(totals.At(Batch(8))));
    }

    /// <summary>
    /// With a checkpoint interval longer than the file source's remember window (60 s), the batches completed since the
    /// last snapshot must still be replayable: the source has to remember their files as long as the checkpoint needs them
    /// (Spark makes every stream remember at least twice its checkpoint interval).
    /// </summary>
    [Fact]
    public async Task Restart_CheckpointIntervalLongerThanFileRememberWindow_ReplayedBatchesKeepTheirFiles()
    {
        await using var fixture = new CheckpointFixture();
        var interval = TimeSpan.FromSeconds(10);
        var totals = new Recorder<(string Key, int Value)>();
        void Build(StreamingContext ssc) => totals.Attach(WordCount.Totals(ssc, fixture.Watched, every: TimeSpan.FromSeconds(100)));

        var run1 = fixture.Open(Build, interval: interval);
        run1.Start();
        for (var k = 1; k <= 19; k++)
        {
            if (k > 1)
            {
                fixture.Feed(Batch(k, interval), interval, "w");
            }
            await run1.AdvanceAsync();
        }
        await run1.StopAsync();
        Assert.Equal(18, WordCount.ToDictionary(totals.At(Batch(19, interval)))["w"]);
        var newest = ReadManifest(fixture.Manifests()[^1]);
        Assert.Equal(Batch(10, interval).Milliseconds, StateTimeOf(newest));

        // State of batch 10 and batches 11 to 19 to replay, the oldest more than 60 s before the last.
        var run2 = fixture.Open(Build, clockAt: Batch(19, interval).ToDateTimeOffset(), interval: interval);
        run2.Start();
        fixture.Feed(Batch(20, interval), interval, "w");
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(19, WordCount.ToDictionary(totals.At(Batch(20, interval)))["w"]);
    }
    /// <summary>
    /// With two concurrent jobs, batch 8 can complete (and be snapshotted) while batch 7's output is still running. A
    /// crash then must still run batch 7's outputs again on recovery: a snapshot covers a batch's state, not its outputs.
    /// </summary>
    [Fact]
    public async Task Restart_ConcurrentJobs_LaterBatchSnapshottedWhileEarlierOutputRuns_EarlierOutputRunsAgain()
    {
        await using var fixture = new CheckpointFixture();
        var blockAt = (Time?)Batch(7);
        using var entered = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var finished = new System.Collections.Concurrent.ConcurrentDictionary<Time, IReadOnlyList<(string Key, int Value)>>();
        void Build(StreamingContext ssc) => WordCount.Totals(ssc, fixture.Watched).ForEachRddAsync(async (rdd, time, cancellationToken) =>
        {
            var totals = rdd.Collect();
            if (time == blockAt)
            {
                entered.Release();
                await release.WaitAsync(cancellationToken);
            }
            finished[time] = totals;
        });
        var fed = new List<(int Batch, string Line)>();

        var run1 = fixture.Open(Build, configure: options => options.ConcurrentJobs = 2);
        run1.Start();
        for (var k = 1; k <= 6; k++)
        {
            await RunBatchAsync(fixture, run1, k, fed);
        }
        fixture.Feed(Batch(7), "seven");
        fed.Add((7, "seven"));
        run1.Clock.Advance(Second);
        Assert.True(await entered.WaitAsync(RecoveryRun.SafetyNet), "Batch 7's output never started.");
        await RunBatchAsync(fixture, run1, 8, fed);
        await run1.StopAsync();
        Assert.False(finished.ContainsKey(Batch(7)));

        blockAt = null;
        var run2 = fixture.Open(Build, clockAt: Batch(8).ToDateTimeOffset(), configure: options => options.ConcurrentJobs = 2);
        run2.Start();
        await RunBatchAsync(fixture, run2, 9, fed);
        await run2.StopAsync();

        Assert.True(finished.ContainsKey(Batch(7)),
            $"Batch 7's output never completed; the checkpoint run 2 recovered from listed [{string.Join(", ", BatchesOf(ReadManifest(fixture.ManifestPath(Batch(8)))))}].");
        Assert.Equal(ExpectedThrough(fed, 7), WordCount.ToDictionary(finished[Batch(7)]));
        Assert.Equal(ExpectedThrough(fed, 9), WordCount.ToDictionary(finished[Batch(9)]));
    }
}
