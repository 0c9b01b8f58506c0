using Microsoft.Extensions.Time.Testing;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// The rules around checkpoints: stateful operations need a checkpoint directory; at most ten manifests are kept and
/// state snapshots no kept manifest refers to are deleted; names identifying state and sources must be unique.
/// </summary>
public sealed class CheckpointRulesTests
{
    private static StreamingContext PlainContext() =>
        new(new EmberOptions { Master = "local[2]", AppName = App }, Second, new StreamingOptions { TimeProvider = new FakeTimeProvider(Start) });

    public static TheoryData<string> StatefulOperations => ["UpdateStateByKey", "MapWithState", "ReduceByKeyAndWindow", "CountByWindow"];

    [Theory]
    [MemberData(nameof(StatefulOperations))]
    public async Task StatefulOperation_WithoutCheckpointDirectory_StartFailsSayingToCallCheckpoint(string operation)
    {
        await using var fixture = new CheckpointFixture();
        var ssc = PlainContext();
        await using (ssc)
        {
            var pairs = ssc.TextFileStream(fixture.Watched).Map(line => (line, 1));
            switch (operation)
            {
                case "UpdateStateByKey":
                    pairs.UpdateStateByKey((IReadOnlyList<int> values, Option<int> total) => Option.Some(values.Sum())).Print();
                    break;
                case "MapWithState":
                    pairs.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) => key)).Print();
                    break;
                case "ReduceByKeyAndWindow":
                    pairs.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(2)).Print();
                    break;
                default:
                    pairs.CountByWindow(TimeSpan.FromSeconds(2), Second).Print();
                    break;
            }

            var error = Assert.Throws<InvalidOperationException>(ssc.Start);

            Assert.Contains("Checkpoint(", error.Message);
            Assert.Contains(operation == "CountByWindow" ? "ReduceByKeyAndWindow" : operation, error.Message);
            Assert.Null(StreamingContext.GetActive());
        }
    }

    [Fact]
    public async Task StatelessProgram_WithoutCheckpointDirectory_Starts()
    {
        await using var fixture = new CheckpointFixture();
        await using var ssc = PlainContext();
        ssc.TextFileStream(fixture.Watched).Map(line => line.Length).ForEachRdd(_ => { });

        ssc.Start();

        Assert.Same(ssc, StreamingContext.GetActive());
    }

    [Fact]
    public async Task Manifests_ManyBatches_AtMostTenKeptTheNewest()
    {
        await using var fixture = new CheckpointFixture();
        var run = fixture.Open(ssc => WordCount.Totals(ssc, fixture.Watched).ForEachRdd(_ => { }));
        run.Start();
        for (var k = 1; k <= 15; k++)
        {
            if (k > 1)
            {
                fixture.Feed(Batch(k), $"w{k}");
            }
            await run.AdvanceAsync();
            // The writer runs off the batch path and prunes right after writing: one more may be seen for a moment.
            Assert.InRange(fixture.Manifests().Count, 1, 11);
        }
        await run.StopAsync();

        Assert.Equal(Enumerable.Range(6, 10).Select(k => Batch(k).Milliseconds), fixture.Manifests().Select(TimeOf));
        Assert.Empty(Directory.GetFiles(fixture.CheckpointDirectory, "*.tmp"));
    }

    [Fact]
    public async Task StateSnapshots_NoLongerReferenced_AreDeleted()
    {
        await using var fixture = new CheckpointFixture();
        var run = fixture.Open(ssc => WordCount.Totals(ssc, fixture.Watched, every: Second).ForEachRdd(_ => { }));
        run.Start();
        for (var k = 1; k <= 15; k++)
        {
            if (k > 1)
            {
                fixture.Feed(Batch(k), $"w{k}");
            }
            await run.AdvanceAsync();
        }
        await run.StopAsync();

        var referenced = fixture.Manifests()
            .SelectMany(manifest => StateOf(ReadManifest(manifest)))
            .Select(entry => Path.GetFullPath(Path.Combine(fixture.CheckpointDirectory, entry.Directory)))
            .ToHashSet();
        var present = Directory.GetDirectories(Path.Combine(fixture.CheckpointDirectory, "state"))
            .SelectMany(Directory.GetDirectories)
            .Select(Path.GetFullPath)
            .ToHashSet();
        Assert.Equal(referenced.Order(), present.Order());
        Assert.InRange(present.Count, 1, 10);
        Assert.DoesNotContain(present, directory => directory.EndsWith(Batch(1).Milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoStatefulStreams_SameName_StartFailsNamingIt()
    {
        await using var fixture = new CheckpointFixture();
        var run = fixture.Open(ssc =>
        {
            var words = WordCount.Words(ssc, fixture.Watched);
            WordCount.TotalsOf(words, name: "counts").ForEachRdd(_ => { });
            words.Map(word => (word.Length, 1)).ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(2)).WithName("counts").ForEachRdd(_ => { });
        });

        var error = Assert.Throws<InvalidOperationException>(run.Start);
        await run.StopAsync();

        Assert.Contains("'counts'", error.Message);
        Assert.Null(StreamingContext.GetActive());
    }

    [Fact]
    public async Task TwoSources_SameName_StartFailsNamingIt()
    {
        await using var fixture = new CheckpointFixture();
        var other = Path.Combine(fixture.Root, "other");
        Directory.CreateDirectory(other);
        var run = fixture.Open(ssc => ssc.TextFileStream(fixture.Watched).WithName("input")
            .Union(ssc.TextFileStream(other).WithName("input"))
            .ForEachRdd(_ => { }));

        var error = Assert.Throws<InvalidOperationException>(run.Start);
        await run.StopAsync();

        Assert.Contains("'input'", error.Message);
    }

    [Fact]
    public async Task GetOrCreate_FactorySetsAnotherCheckpointDirectory_Throws()
    {
        await using var fixture = new CheckpointFixture();
        var elsewhere = Path.Combine(fixture.Root, "elsewhere");

        var error = Assert.Throws<InvalidOperationException>(() => StreamingContext.GetOrCreate(fixture.CheckpointDirectory, () =>
        {
            var ssc = PlainContext();
            ssc.Checkpoint(elsewhere);
            ssc.TextFileStream(fixture.Watched).ForEachRdd(_ => { });
            return ssc;
        }));

        Assert.Contains(elsewhere, error.Message);
        Assert.Null(StreamingContext.GetActive());
    }

    [Fact]
    public async Task GetOrCreate_EmptyDirectory_CreatesAndNamesTheDirectoryForCheckpoints()
    {
        await using var fixture = new CheckpointFixture();
        var run = fixture.Open(ssc => WordCount.Totals(ssc, fixture.Watched).ForEachRdd(_ => { }), setCheckpointInFactory: false);

        Assert.False(run.Context.IsRecovering);
        Assert.Equal(Path.GetFullPath(fixture.CheckpointDirectory), run.Context.CheckpointDirectory);
        run.Start();
        await run.AdvanceAsync();
        await run.StopAsync();
        Assert.NotEmpty(fixture.Manifests());
    }
}
