using Ember.Streaming.Checkpointing;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// Damaged or foreign checkpoints: a torn or edited newest manifest falls back to the previous one, a damaged state
/// file to an older intact snapshot (never to silently empty state), all manifests damaged is an error unless
/// createOnError, and a checkpoint of another application or batch interval is refused with a clear message.
/// </summary>
public sealed class CorruptCheckpointTests
{
    private sealed class Program(CheckpointFixture fixture)
    {
        public Recorder<(string Key, int Value)> Totals { get; } = new();

        public List<(int Batch, string Line)> Fed { get; } = [];

        public void Build(StreamingContext ssc) => Totals.Attach(WordCount.Totals(ssc, fixture.Watched));

        public async Task RunAsync(RecoveryRun run, int through)
        {
            while (run.Now < Batch(through))
            {
                var k = (int)((run.Now - Time.From(Start)).Ticks / Second.Ticks) + 1;
                if (k > 1)
                {
                    var line = $"a b{k % 3} k{k}";
                    fixture.Feed(Batch(k), line);
                    Fed.Add((k, line));
                }
                await run.AdvanceAsync();
            }
        }

        public Dictionary<string, int> ExpectedThrough(int k) => WordCount.Count(Fed.Where(entry => entry.Batch <= k).Select(entry => entry.Line));

        public Dictionary<string, int> At(int k) => WordCount.ToDictionary(Totals.At(Batch(k)));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("edited")]
    [InlineData("empty")]
    public async Task NewestManifestDamaged_FallsBackToThePreviousOne_StateOfItsSnapshotAndLaterBatchesReplayed(string damage)
    {
        await using var fixture = new CheckpointFixture();
        var program = new Program(fixture);
        var run1 = fixture.Open(program.Build);
        run1.Start();
        await program.RunAsync(run1, 8);
        await run1.StopAsync();
        // checkpoint-8: state of 8. checkpoint-7: state of 6, batch 7 completed.
        Assert.Equal(Batch(8).Milliseconds, TimeOf(fixture.Manifests()[^1]));
        Assert.Equal(Batch(6).Milliseconds, StateTimeOf(ReadManifest(fixture.ManifestPath(Batch(7)))));
        var newest = fixture.ManifestPath(Batch(8));
        switch (damage)
        {
            case "truncated":
                Truncate(newest);
                break;
            case "edited":
                File.WriteAllText(newest, File.ReadAllText(newest).Replace("\"b2\"", "\"b9\"", StringComparison.Ordinal)
                    .Replace("\"Completed\": true", "\"Completed\": false", StringComparison.Ordinal)
                    .Replace("\"StateTimeMs\": ", "\"StateTimeMs\": 1", StringComparison.Ordinal));
                break;
            default:
                File.WriteAllBytes(newest, []);
                break;
        }

        var run2 = fixture.Open(program.Build, clockAt: Batch(8).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.WaitForAsync(Batch(8));
        await program.RunAsync(run2, 9);
        await run2.StopAsync();

        Assert.Equal(1, program.Totals.CallsAt(Batch(7)));
        Assert.Equal(program.ExpectedThrough(8), program.At(8));
        Assert.Equal(program.ExpectedThrough(9), program.At(9));
    }

    [Fact]
    public async Task StateFileOfNewestSnapshotTruncated_FallsBackToAnOlderIntactSnapshotOrFails_NeverEmptyState()
    {
        await using var fixture = new CheckpointFixture();
        var program = new Program(fixture);
        var run1 = fixture.Open(program.Build);
        run1.Start();
        await program.RunAsync(run1, 7);
        await run1.StopAsync();
        var newest = ReadManifest(fixture.Manifests()[^1]);
        Assert.Equal(Batch(6).Milliseconds, StateTimeOf(newest));
        var snapshot = Path.Combine(fixture.CheckpointDirectory, StateOf(newest).Single().Directory);
        var parts = Directory.GetFiles(snapshot);
        Assert.NotEmpty(parts);
        foreach (var part in parts)
        {
            Truncate(part);
        }

        RecoveryRun run2;
        try
        {
            run2 = fixture.Open(program.Build, clockAt: Batch(7).ToDateTimeOffset());
            run2.Start();
        }
        catch (Exception error) when (error is CheckpointCorruptException or InvalidOperationException)
        {
            Assert.Contains(snapshot, error.Message);
            return;
        }
        await run2.WaitForAsync(Batch(7));
        await program.RunAsync(run2, 8);
        await run2.StopAsync();

        Assert.Equal(program.ExpectedThrough(7), program.At(7));
        Assert.Equal(program.ExpectedThrough(8), program.At(8));
    }

    [Fact]
    public async Task StateFileDeletedAfterRecoveryChoseIt_StartFailsRatherThanRunningWithoutState()
    {
        await using var fixture = new CheckpointFixture();
        var program = new Program(fixture);
        var run1 = fixture.Open(program.Build);
        run1.Start();
        await program.RunAsync(run1, 6);
        await run1.StopAsync();

        // GetOrCreate verified the files; one disappears before Start reads them.
        var run2 = fixture.Open(program.Build, clockAt: Batch(6).ToDateTimeOffset());
        var snapshot = Path.Combine(fixture.CheckpointDirectory, StateOf(ReadManifest(fixture.Manifests()[^1])).Single().Directory);
        foreach (var part in Directory.GetFiles(snapshot))
        {
            File.Delete(part);
        }
        Exception? failure = null;
        try
        {
            run2.Start();
            await program.RunAsync(run2, 7);
        }
        catch (Exception error)
        {
            failure = error;
        }
        await run2.StopAsync();

        if (failure is null)
        {
            Assert.Fail($"Run 2 went on without its state: totals after batch 7 were {string.Join(", ", program.At(7).OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}={pair.Value}"))}.");
        }
        Assert.Contains(snapshot, failure.ToString());
    }

    [Fact]
    public async Task AllManifestsDamaged_GetOrCreateThrowsCorrupt_CreateOnErrorStartsFresh()
    {
        await using var fixture = new CheckpointFixture();
        var program = new Program(fixture);
        var run1 = fixture.Open(program.Build);
        run1.Start();
        await program.RunAsync(run1, 4);
        await run1.StopAsync();
        foreach (var manifest in fixture.Manifests())
        {
            Truncate(manifest);
        }

        var error = Assert.Throws<CheckpointCorruptException>(() => fixture.Open(program.Build, clockAt: Batch(4).ToDateTimeOffset()));
        Assert.Contains(Path.GetFileName(fixture.Manifests()[^1]), error.Message);
        Assert.Contains("createOnError", error.Message);
        Assert.Null(StreamingContext.GetActive());

        var fresh = fixture.Open(program.Build, clockAt: Batch(4).ToDateTimeOffset(), createOnError: true);
        Assert.False(fresh.Context.IsRecovering);
        fresh.Start();
        Assert.Equal(Batch(5), fresh.Context.StartTime);
        await fresh.AdvanceAsync();
        fixture.Feed(Batch(6), "new");
        await fresh.AdvanceAsync();
        await fresh.StopAsync();

        Assert.Equal(new Dictionary<string, int> { ["new"] = 1 }, program.At(6));
    }

    [Fact]
    public async Task LeftoversOfACrashedWrite_TemporaryManifestAndStateDirectory_AreIgnored()
    {
        await using var fixture = new CheckpointFixture();
        var program = new Program(fixture);
        var run1 = fixture.Open(program.Build);
        run1.Start();
        await program.RunAsync(run1, 6);
        await run1.StopAsync();
        File.WriteAllText(Path.Combine(fixture.CheckpointDirectory, $".checkpoint-{Batch(7).Milliseconds}.json.tmp"), "{\"sha256\": \"to");
        var state = Path.Combine(fixture.CheckpointDirectory, StateOf(ReadManifest(fixture.Manifests()[^1])).Single().Directory);
        var torn = Path.Combine(Path.GetDirectoryName(state)!, $"{Batch(7).Milliseconds}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(torn);
        File.WriteAllText(Path.Combine(torn, "part-00000"), "half");

        var run2 = fixture.Open(program.Build, clockAt: Batch(6).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await program.RunAsync(run2, 8);
        await run2.StopAsync();

        Assert.Equal(program.ExpectedThrough(8), program.At(8));
    }

    [Fact]
    public async Task CheckpointOfAnotherApplication_RefusedNamingBoth()
    {
        await using var fixture = new CheckpointFixture();
        var program = new Program(fixture);
        var run1 = fixture.Open(program.Build, app: "OrdersJob");
        run1.Start();
        await program.RunAsync(run1, 4);
        await run1.StopAsync();

        string message;
        try
        {
            var run2 = fixture.Open(program.Build, clockAt: Batch(4).ToDateTimeOffset(), app: "ClicksJob");
            message = Assert.Throws<InvalidOperationException>(run2.Start).Message;
            await run2.StopAsync();
        }
        catch (InvalidOperationException error)
        {
            message = error.Message;
        }

        Assert.Contains("OrdersJob", message);
        Assert.Contains("ClicksJob", message);
        Assert.Null(StreamingContext.GetActive());
    }

    [Fact]
    public async Task CheckpointWithAnotherBatchInterval_RefusedNamingBoth()
    {
        await using var fixture = new CheckpointFixture();
        var program = new Program(fixture);
        var run1 = fixture.Open(program.Build);
        run1.Start();
        await program.RunAsync(run1, 4);
        await run1.StopAsync();

        // Refused as soon as the checkpoint is read, before anything starts.
        var message = Assert.Throws<InvalidOperationException>(
            () => fixture.Open(program.Build, clockAt: Batch(4).ToDateTimeOffset(), interval: TimeSpan.FromSeconds(2))).Message;

        Assert.Contains("1000 ms", message);
        Assert.Contains("2000 ms", message);
        Assert.Null(StreamingContext.GetActive());
    }
}
