using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// MapWithState (with timeouts), ReduceByKeyAndWindow with an inverse, and CountByWindow, each run once without
/// interruption and once stopped and recovered (after a snapshot, between snapshots, before the first one, across a gap
/// of missed batches): every batch's output must be the same.
/// </summary>
public sealed class StatefulOperatorRecoveryTests
{
    /// <summary>
    /// "a" every batch; "y" only in batch 4 (times out at 8, in run 1); "z" in batch 8 (times out at 12, while batch 12
    /// is replayed); "x" in batches 9 and 11 (times out at 15, in run 2).
    /// </summary>
    private static string[] SessionInput(int k) => k switch
    {
        1 => [],
        4 => ["a y"],
        8 => ["a z"],
        9 or 11 => ["a x"],
        _ => ["a"],
    };

    private static MapWithStateDStream<string, int, int, string> Sessions(StreamingContext ssc, string watched) =>
        WordCount.Words(ssc, watched).Map(word => (word, 1)).MapWithState(
            StateSpec.Function((Time time, string key, Option<int> value, State<int> state) =>
            {
                if (state.IsTimingOut)
                {
                    return Option.Some($"{key} idle after {state.Get()}");
                }
                var total = state.GetOption().GetValueOrDefault(0) + value.Value;
                state.Update(total);
                return Option.Some($"{key}={total}");
            }).Timeout(TimeSpan.FromSeconds(3)));

    private static DStream<string> SessionsAndSnapshots(StreamingContext ssc, string watched)
    {
        var sessions = Sessions(ssc, watched);
        return sessions.Union(sessions.StateSnapshots().Map(pair => $"state {pair.Key}={pair.Value}"));
    }

    [Fact]
    public async Task MapWithState_RestartBetweenSnapshots_StateAndTimeoutsContinueAsUninterrupted()
    {
        // MapWithState snapshots every 10 batches: state of batch 10, batches 11 and 12 replayed.
        var reference = await Scenario.RunAsync(SessionsAndSnapshots, SessionInput, 16);
        var recovered = await Scenario.RunAsync(SessionsAndSnapshots, SessionInput, 16, (12, 0));

        Assert.Equal(Scenario.Lines(reference, 16), Scenario.Lines(recovered, 16));
        Assert.Contains("x idle after 2", reference.At(Batch(15)));
        Assert.Contains("z idle after 1", reference.At(Batch(12)));
        Assert.All(Enumerable.Range(1, 16), k => Assert.Equal(1, recovered.CallsAt(Batch(k))));
    }

    [Fact]
    public async Task MapWithState_RestartAfterGapOfMissedBatches_KeysTimeOutInTheMissedBatches()
    {
        var reference = await Scenario.RunAsync(SessionsAndSnapshots, SessionInput, 16);
        var recovered = await Scenario.RunAsync(SessionsAndSnapshots, SessionInput, 16, (11, 3));

        Assert.Equal(Scenario.Lines(reference, 16), Scenario.Lines(recovered, 16));
    }

    /// <summary>WithName and Checkpoint(interval) on the stream MapWithState returns must apply to its state.</summary>
    [Fact]
    public async Task MapWithState_WithNameAndCheckpointInterval_ApplyToTheStateInTheCheckpoint()
    {
        await using var fixture = new CheckpointFixture();
        var run = fixture.Open(ssc => Sessions(ssc, fixture.Watched).WithName("sessions").Checkpoint(TimeSpan.FromSeconds(2)).ForEachRdd(_ => { }));
        run.Start();
        fixture.Feed(Batch(2), "a");
        await run.AdvanceAsync();
        await run.AdvanceAsync();
        await run.StopAsync();

        var manifest = ReadManifest(fixture.ManifestPath(Batch(2)));
        Assert.Equal(Batch(2).Milliseconds, StateTimeOf(manifest));
        Assert.Equal(["sessions"], StateOf(manifest).Select(entry => entry.Id));
    }

    private static string[] WindowInput(int k) => k switch
    {
        1 => [],
        3 or 4 => [],
        _ => [$"a b{k % 2} c{k % 3}", k % 4 == 0 ? "a a" : "d"],
    };

    private static DStream<(string Key, int Value)> WindowCounts(StreamingContext ssc, string watched) =>
        WordCount.Words(ssc, watched).Map(word => (word, 1))
            .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1))
            .Checkpoint(TimeSpan.FromSeconds(2));

    [Fact]
    public async Task ReduceByKeyAndWindow_WithInverse_RestartsBetweenAndAtSnapshots_WindowsEqualUninterrupted()
    {
        var reference = await Scenario.RunAsync(WindowCounts, WindowInput, 14);
        var recovered = await Scenario.RunAsync(WindowCounts, WindowInput, 14, (5, 0), (8, 0), (10, 2));

        Assert.Equal(Scenario.Lines(reference, 14), Scenario.Lines(recovered, 14));
        Assert.All(Enumerable.Range(1, 14), k => Assert.Equal(1, recovered.CallsAt(Batch(k))));
    }

    private static DStream<(string Key, int Value)> SlidingWindowCounts(StreamingContext ssc, string watched) =>
        WordCount.Words(ssc, watched).Map(word => (word, 1))
            .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2),
                filter: pair => pair.Value != 0)
            .Checkpoint(TimeSpan.FromSeconds(4));

    [Fact]
    public async Task ReduceByKeyAndWindow_SlideOfTwoBatches_RestartOnAnOddBatch_WindowsEqualUninterrupted()
    {
        var reference = await Scenario.RunAsync(SlidingWindowCounts, WindowInput, 14);
        var recovered = await Scenario.RunAsync(SlidingWindowCounts, WindowInput, 14, (7, 0), (11, 0));

        Assert.Equal(Scenario.Lines(reference, 14), Scenario.Lines(recovered, 14));
    }

    private static DStream<long> WindowSizes(StreamingContext ssc, string watched) =>
        WordCount.Words(ssc, watched).CountByWindow(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));

    [Fact]
    public async Task CountByWindow_RestartBeforeTheFirstSnapshotAndAfterIt_CountsEqualUninterrupted()
    {
        // The default interval is 10 s: the first restart has no state at all (every batch is replayed), the second
        // has the state of batch 10.
        var reference = await Scenario.RunAsync(WindowSizes, WindowInput, 15);
        var recovered = await Scenario.RunAsync(WindowSizes, WindowInput, 15, (5, 0), (12, 1));

        Assert.Equal(Scenario.Lines(reference, 15), Scenario.Lines(recovered, 15));
        Assert.All(Enumerable.Range(1, 15), k => Assert.True(recovered.CallsAt(Batch(k)) <= 1, $"Batch {k}'s output ran {recovered.CallsAt(Batch(k))} times."));
    }
}
