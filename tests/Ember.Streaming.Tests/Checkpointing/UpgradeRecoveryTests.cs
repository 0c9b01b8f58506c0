using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// A checkpoint restored by a changed program: new outputs and changed stateless functions keep the state; a stateful
/// operator renamed, removed or whose state type changed is refused at Start with an error naming it.
/// </summary>
public sealed class UpgradeRecoveryTests
{
    /// <summary>Run 1: totals over batches 2 to 6 (the snapshot of batch 6 is the newest checkpoint), then stopped.</summary>
    private static async Task<List<string>> RunFirstVersionAsync(CheckpointFixture fixture, Action<StreamingContext> build)
    {
        var fed = new List<string>();
        var run = fixture.Open(build);
        run.Start();
        await run.AdvanceAsync();
        for (var k = 2; k <= 6; k++)
        {
            var line = $"a b{k % 2}";
            fixture.Feed(Batch(k), line);
            fed.Add(line);
            await run.AdvanceAsync();
        }
        await run.StopAsync();
        var newest = ReadManifest(fixture.Manifests()[^1]);
        Assert.Equal(Batch(6).Milliseconds, StateTimeOf(newest));
        Assert.NotEmpty(StateOf(newest));
        return fed;
    }

    /// <summary>Opens run 2 with <paramref name="build"/>, expects Start to refuse it, and returns the message.</summary>
    private static async Task<string> StartFailsAsync(CheckpointFixture fixture, Action<StreamingContext> build)
    {
        var manifests = fixture.Manifests().Select(File.ReadAllText).ToList();
        var run = fixture.Open(build, clockAt: Batch(6).ToDateTimeOffset());
        Assert.True(run.Context.IsRecovering);
        var error = Assert.Throws<InvalidOperationException>(run.Start);
        await run.StopAsync();
        Assert.Null(StreamingContext.GetActive());
        // A refused program leaves the checkpoint as it was, for the right program to recover from.
        Assert.Equal(manifests, fixture.Manifests().Select(File.ReadAllText));
        return error.Message;
    }

    [Fact]
    public async Task Upgrade_ExtraOutputAndChangedMapFunction_StateContinues()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        var fed = await RunFirstVersionAsync(fixture, ssc => totals.Attach(WordCount.Totals(ssc, fixture.Watched, name: null)));

        // Version 2: a new output defined first (stream ids shift), and each word now counts 10.
        var words = new Recorder<string>();
        var run2 = fixture.Open(ssc =>
        {
            var source = WordCount.Words(ssc, fixture.Watched);
            words.Attach(source.Map(word => word.ToUpperInvariant()));
            totals.Attach(WordCount.TotalsOf(source, name: null, weight: 10));
        }, clockAt: Batch(6).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        fixture.Feed(Batch(7), "a c");
        await run2.AdvanceAsync();
        await run2.StopAsync();

        var expected = WordCount.Count(fed);
        expected["a"] += 10;
        expected["c"] = 10;
        Assert.Equal(expected, WordCount.ToDictionary(totals.At(Batch(7))));
        Assert.Equal(["A", "C"], words.At(Batch(7)).Order());
    }

    [Fact]
    public async Task Upgrade_StatefulOperatorRenamed_StartFailsNamingTheCheckpointedId()
    {
        await using var fixture = new CheckpointFixture();
        await RunFirstVersionAsync(fixture, ssc => WordCount.Totals(ssc, fixture.Watched, name: "totals").ForEachRdd(_ => { }));

        var message = await StartFailsAsync(fixture, ssc => WordCount.Totals(ssc, fixture.Watched, name: "sums").ForEachRdd(_ => { }));

        Assert.Contains("'totals'", message);
    }

    [Fact]
    public async Task Upgrade_StatefulOperatorRemoved_StartFailsNamingTheCheckpointedId()
    {
        await using var fixture = new CheckpointFixture();
        await RunFirstVersionAsync(fixture, ssc => WordCount.Totals(ssc, fixture.Watched, name: "totals").ForEachRdd(_ => { }));

        var message = await StartFailsAsync(fixture, ssc => WordCount.Words(ssc, fixture.Watched).ForEachRdd(_ => { }));

        Assert.Contains("'totals'", message);
    }

    [Fact]
    public async Task Upgrade_UnnamedStatefulOperatorRemoved_StartFailsNamingItsDerivedId()
    {
        await using var fixture = new CheckpointFixture();
        await RunFirstVersionAsync(fixture, ssc => WordCount.Totals(ssc, fixture.Watched, name: null).ForEachRdd(_ => { }));

        var message = await StartFailsAsync(fixture, ssc => WordCount.Words(ssc, fixture.Watched).ForEachRdd(_ => { }));

        Assert.Contains("UpdateStateByKey#0", message);
    }

    [Fact]
    public async Task Upgrade_StateTypeChangedFromIntToLong_StartFailsNamingIdAndBothSignatures()
    {
        await using var fixture = new CheckpointFixture();
        await RunFirstVersionAsync(fixture, ssc => WordCount.Totals(ssc, fixture.Watched, name: "totals").ForEachRdd(_ => { }));

        var message = await StartFailsAsync(fixture, ssc => WordCount.Words(ssc, fixture.Watched)
            .Map(word => (word, 1L))
            .UpdateStateByKey((IReadOnlyList<long> values, Option<long> total) => Option.Some(total.GetValueOrDefault(0) + values.Sum()))
            .WithName("totals")
            .ForEachRdd(_ => { }));

        Assert.Contains("'totals'", message);
        Assert.Contains("UpdateStateByKey<string, int>", message);
        Assert.Contains("UpdateStateByKey<string, long>", message);
    }

    [Fact]
    public async Task Upgrade_RefusedProgramThenOriginalProgram_RecoversTheUntouchedCheckpoint()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        void Original(StreamingContext ssc) => totals.Attach(WordCount.Totals(ssc, fixture.Watched, name: "totals"));
        var fed = await RunFirstVersionAsync(fixture, Original);
        await StartFailsAsync(fixture, ssc => WordCount.Totals(ssc, fixture.Watched, name: "renamed").ForEachRdd(_ => { }));

        var run3 = fixture.Open(Original, clockAt: Batch(6).ToDateTimeOffset());
        run3.Start();
        fixture.Feed(Batch(7), "a");
        fed.Add("a");
        await run3.AdvanceAsync();
        await run3.StopAsync();

        Assert.Equal(WordCount.Count(fed), WordCount.ToDictionary(totals.At(Batch(7))));
    }
    /// <summary>
    /// A stateful operator the checkpoint does not know starts with empty state (as the recovery log says): it must not
    /// rebuild part of a history from whatever old batches the sources happen to remember.
    /// </summary>
    [Fact]
    public async Task Upgrade_StatefulOperatorAdded_StartsEmptyWhileTheOtherContinues()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        var fed = await RunFirstVersionAsync(fixture, ssc => totals.Attach(WordCount.Totals(ssc, fixture.Watched, name: "totals")));

        var lengths = new Recorder<(string Key, int Value)>();
        var run2 = fixture.Open(ssc =>
        {
            var words = WordCount.Words(ssc, fixture.Watched);
            totals.Attach(WordCount.TotalsOf(words, name: "totals"));
            lengths.Attach(WordCount.TotalsOf(words.Map(word => $"len{word.Length}"), name: "lengths"));
        }, clockAt: Batch(6).ToDateTimeOffset());
        run2.Start();
        fixture.Feed(Batch(7), "a cc");
        fed.Add("a cc");
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(WordCount.Count(fed), WordCount.ToDictionary(totals.At(Batch(7))));
        Assert.Equal(new Dictionary<string, int> { ["len1"] = 1, ["len2"] = 1 }, WordCount.ToDictionary(lengths.At(Batch(7))));
    }
    [Fact]
    public async Task Upgrade_NumberOfStatePartitionsChanged_StateRedistributedAndContinues()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        DStream<(string Key, int Value)> Totals(StreamingContext ssc, int partitions) =>
            WordCount.Words(ssc, fixture.Watched).Map(word => (word, 1))
                .UpdateStateByKey((IReadOnlyList<int> values, Option<int> total) => Option.Some(total.GetValueOrDefault(0) + values.Sum()), partitions: partitions)
                .WithName("totals")
                .Checkpoint(TimeSpan.FromSeconds(2));
        var fed = await RunFirstVersionAsync(fixture, ssc => totals.Attach(Totals(ssc, 2)));

        var run2 = fixture.Open(ssc => totals.Attach(Totals(ssc, 5)), clockAt: Batch(6).ToDateTimeOffset());
        run2.Start();
        fixture.Feed(Batch(7), "a b0 b1 z");
        fed.Add("a b0 b1 z");
        await run2.AdvanceAsync();
        await run2.StopAsync();

        var after = totals.At(Batch(7));
        Assert.Equal(after.Count, after.Select(pair => pair.Key).Distinct().Count());
        Assert.Equal(WordCount.Count(fed), WordCount.ToDictionary(after));
    }
}
