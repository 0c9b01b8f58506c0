using System.Text.Json.Nodes;
using Ember.Serialization;
using Ember.Streaming.Sources;
using Ember.Streaming.Tests.Checkpointing;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Sources;

/// <summary>
/// The public source contract, through a source written against it alone (<see cref="ByteLogSource"/>): batches read
/// what their allocation says, allocations go through checkpoints, and a forgotten allocation is an error.
/// </summary>
public sealed class DirectSourceTests
{
    [Fact]
    public async Task CustomSource_LinesAppendedBetweenBatches_EachBatchReadsItsOwnLines()
    {
        await using var fixture = new CheckpointFixture();
        var log = Path.Combine(fixture.Root, "log.txt");
        var lines = new Recorder<string>();
        var run = fixture.Open(ssc => lines.Attach(new ByteLogSource(ssc, log)));
        run.Start();
        await run.AdvanceAsync();
        ByteLogSource.Append(log, "a", "b");
        await run.AdvanceAsync();
        ByteLogSource.Append(log, "c");
        await run.AdvanceAsync();
        await run.AdvanceAsync();

        Assert.Empty(lines.At(Batch(1)));
        Assert.Equal(["a", "b"], lines.At(Batch(2)));
        Assert.Equal(["c"], lines.At(Batch(3)));
        Assert.Empty(lines.At(Batch(4)));
    }

    [Fact]
    public async Task Restart_FromCheckpoint_AllocationsRoundTripAndTheSourceGoesOnAfterTheLast()
    {
        await using var fixture = new CheckpointFixture();
        var log = Path.Combine(fixture.Root, "log.txt");
        var lines = new Recorder<string>();
        ByteLogSource? source = null;
        void Build(StreamingContext ssc)
        {
            source = new ByteLogSource(ssc, log);
            lines.Attach(source);
        }

        var run1 = fixture.Open(Build);
        run1.Start();
        ByteLogSource.Append(log, "one");
        await run1.AdvanceAsync();
        ByteLogSource.Append(log, "two", "three");
        await run1.AdvanceAsync();
        var saved = source!.AllocationAt(Batch(2));
        await run1.StopAsync();
        var manifest = ReadManifest(fixture.Manifests()[^1]);
        var batches = manifest["Sources"]!["ByteLogStream#0"]!["Batches"]!.AsArray();
        var last = batches[^1]!;
        Assert.Equal(Batch(2).Milliseconds, last["TimeMs"]!.GetValue<long>());
        Assert.Equal(saved.From, last["Allocation"]!["From"]!.GetValue<long>());
        Assert.Equal(saved.Until, last["Allocation"]!["Until"]!.GetValue<long>());

        ByteLogSource.Append(log, "four");
        var run2 = fixture.Open(Build, clockAt: Batch(2).ToDateTimeOffset());
        run2.Start();
        Assert.Equal((Batch(2), saved), source!.Restored[^1]);
        Assert.Equal(saved, source.AllocationAt(Batch(2)));
        await run2.AdvanceAsync();

        Assert.Equal(["one"], lines.At(Batch(1)));
        Assert.Equal(["two", "three"], lines.At(Batch(2)));
        Assert.Equal(["four"], lines.At(Batch(3)));
    }

    [Fact]
    public async Task AllocationAt_BatchForgotten_ThrowsNamingTheStreamAndTheTime()
    {
        await using var fixture = new CheckpointFixture();
        var log = Path.Combine(fixture.Root, "log.txt");
        ByteLogSource? source = null;
        var run = fixture.Open(ssc =>
        {
            source = new ByteLogSource(ssc, log);
            source.WithName("orders").ForEachRdd(rdd => rdd.Count());
        });
        run.Start();
        for (var k = 1; k <= 4; k++)
        {
            await run.AdvanceAsync();
        }

        Assert.Contains(Batch(1), source!.Forgotten);
        var error = Assert.Throws<InvalidOperationException>(() => source.AllocationAt(Batch(1)));
        Assert.Contains("orders", error.Message, StringComparison.Ordinal);
        Assert.Contains(Batch(1).ToString(), error.Message, StringComparison.Ordinal);
        var rdd = Assert.Throws<InvalidOperationException>(() => source.GetOrCompute(Batch(1)));
        Assert.Contains("orders", rdd.Message, StringComparison.Ordinal);
        Assert.Contains(Batch(1).ToString(), rdd.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnBatchCompleted_AfterTheOutputsOfEachBatch_CalledOncePerBatch()
    {
        await using var fixture = new CheckpointFixture();
        var log = Path.Combine(fixture.Root, "log.txt");
        ByteLogSource? source = null;
        var run = fixture.Open(ssc =>
        {
            source = new ByteLogSource(ssc, log);
            source.ForEachRdd(rdd => rdd.Count());
            source.Map(line => line.Length).ForEachRdd(rdd => rdd.Count());
        });
        run.Start();
        await run.AdvanceAsync();
        await run.AdvanceAsync();

        Assert.Equal([Batch(1), Batch(2)], source!.Completed);
    }

    [Fact]
    public void Allocation_ThroughTheContextSerializer_RoundTrips()
    {
        var range = new ByteRange(12, 40);
        var serializer = MessagePackEmberSerializer.Default;

        Assert.Equal(range, serializer.Deserialize<ByteRange>(serializer.Serialize(range)));
    }

    [Fact]
    public async Task SourceRdd_StraightOutOfTheSource_HasItsBatchAndAllocation()
    {
        await using var fixture = new CheckpointFixture();
        var log = Path.Combine(fixture.Root, "log.txt");
        ByteLogSource.Append(log, "x");
        var seen = new System.Collections.Concurrent.ConcurrentBag<(Time, ByteRange)>();
        var run = fixture.Open(ssc => new ByteLogSource(ssc, log).ForEachRdd(rdd =>
        {
            var batch = Assert.IsAssignableFrom<IHasAllocation<ByteRange>>(rdd);
            seen.Add((batch.BatchTime, batch.Allocation));
        }));
        run.Start();
        await run.AdvanceAsync();

        Assert.Equal([(Batch(1), new ByteRange(0, 2))], seen);
    }
}
