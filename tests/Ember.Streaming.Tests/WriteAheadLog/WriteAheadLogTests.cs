using Ember.Streaming.Checkpointing;
using Ember.Streaming.Receivers;
using Ember.Streaming.Tests.Checkpointing;
using Microsoft.Extensions.Time.Testing;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.WriteAheadLog;

/// <summary>The receiver write-ahead log on disk: what is logged when, torn records, deletion of old segments, the checkpoint it needs.</summary>
public sealed class WriteAheadLogTests
{
    [Fact]
    public async Task Store_ItemsWithMetadata_BlockIsInTheLogWhenStoreReturns()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run = program.Open(fixture);
        run.Start();
        var directory = program.Stream.LogDirectory!;
        Assert.Equal(Path.Combine(fixture.CheckpointDirectory, "receivedData", "ReceiverStream%230"), directory);

        program.Receiver.Store(["a", "b"], new SourcePosition("src", 7));

        var record = Assert.Single(LogFiles.Records(directory));
        Assert.Equal(["a", "b"], record.Records);
        Assert.Equal(new SourcePosition("src", 7), LogFiles.Decode<SourcePosition>(record.Metadata));
        Assert.True(program.Receiver.TryGetLastStoredMetadata<SourcePosition>(out var last));
        Assert.Equal(new SourcePosition("src", 7), last);
    }

    [Fact]
    public async Task Store_SingleItems_LoggedWhenTheirBlockIsCut()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run = program.Open(fixture);
        run.Start();
        var directory = program.Stream.LogDirectory!;

        program.Receiver.Store("one");
        program.Receiver.Store("two");
        Assert.Empty(LogFiles.Records(directory));
        run.Clock.Advance(TimeSpan.FromMilliseconds(200));

        var record = Assert.Single(LogFiles.Records(directory));
        Assert.Equal(["one", "two"], record.Records);
        Assert.Null(record.Metadata);
        Assert.False(program.Receiver.TryGetLastStoredMetadata<SourcePosition>(out _));
    }

    [Fact]
    public async Task Store_ItemsAfterSingleItems_BothLoggedInStoredOrderBeforeStoreReturns()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run = program.Open(fixture);
        run.Start();

        program.Receiver.Store("single");
        program.Receiver.Store(["chunk"], new SourcePosition("src", 1));

        Assert.Equal([(0L, "single"), (1L, "chunk")], LogFiles.Records(program.Stream.LogDirectory!).Select(record => (record.Sequence, Assert.Single(record.Records))));
        await run.AdvanceAsync();
        Assert.Equal(["single", "chunk"], program.At(Batch(1)));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("corrupted")]
    public async Task Recovery_TornLastRecord_IgnoredAndTheBlocksBeforeItKept(string damage)
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture);
        run1.Start();
        program.Receiver.Store(["kept"], new SourcePosition("src", 1));
        program.Receiver.Store(["torn"], new SourcePosition("src", 2));
        var directory = program.Stream.LogDirectory!;
        await run1.StopAsync();

        // A crash in the middle of the second append: its Store never returned, so nobody acknowledged it.
        var segment = Assert.Single(LogFiles.Segments(directory));
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            if (damage == "truncated")
            {
                file.SetLength(file.Length - 3);
            }
            else
            {
                file.Position = file.Length - 5;
                var b = file.ReadByte();
                file.Position = file.Length - 5;
                file.WriteByte((byte)(b ^ 0xFF));
            }
        }

        var run2 = program.Open(fixture, clockAt: Batch(1).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.WaitForAsync(Batch(1));
        program.Receiver.Store(["after"], new SourcePosition("src", 2));
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(["kept"], program.At(Batch(1)));
        Assert.Equal(["after"], program.At(Batch(2)));
        Assert.Equal([new SourcePosition("src", 1)], program.Receiver.ResumedFrom);
        // The next run logs to a new segment: the torn one is never appended to.
        Assert.Equal(2, LogFiles.Segments(directory).Count);
    }

    [Fact]
    public async Task Checkpoints_ManyBatches_OldSegmentsDeletedAndRecoveryStillExact()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture);
        run1.Start();
        var directory = program.Stream.LogDirectory!;
        const int Batches = 24;
        for (var k = 1; k <= Batches; k++)
        {
            program.Receiver.Store([$"r{k}"], new SourcePosition("src", k));
            await run1.AdvanceAsync();
        }

        var segments = LogFiles.Segments(directory);
        var oldest = LogFiles.Records(directory).Min(record => record.Sequence);
        Assert.True(segments.Count <= CheckpointStore.Kept + 2, $"{segments.Count} segments are left after {Batches} batches of one segment each.");
        Assert.True(oldest > 5, $"The oldest logged block is still {oldest}.");

        // Idle batches: every block is processed and forgotten, so the log empties, but the last metadata survives in the checkpoint.
        for (var k = 0; k < 12; k++)
        {
            await run1.AdvanceAsync();
        }
        Assert.Empty(LogFiles.Segments(directory));
        await run1.StopAsync();

        var run2 = program.Open(fixture, clockAt: run1.Now.ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(new SourcePosition("src", Batches), program.Receiver.ResumedFrom.Single());
        Assert.Equal(Enumerable.Range(1, Batches).Select(k => $"r{k}"), program.Seen.OrderBy(entry => entry.Time).Select(entry => entry.Record));
    }

    /// <summary>With state, blocks are kept while a recovery may replay their batches for it (since the last snapshot), then deleted.</summary>
    [Fact]
    public async Task Checkpoints_StatefulProgram_SegmentsOutlivingTheSnapshotsDeletedAndTotalsExactAfterRecovery()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture, withState: true);
        run1.Start();
        const int Batches = 30;
        for (var k = 1; k <= Batches; k++)
        {
            program.Receiver.Store([$"w{k % 3}"], new SourcePosition("src", k));
            await run1.AdvanceAsync();
        }
        await run1.StopAsync();

        var oldest = LogFiles.Records(program.Stream.LogDirectory!).Min(record => record.Sequence);
        Assert.True(oldest > 5, $"The oldest logged block is still {oldest} after {Batches} batches.");

        var run2 = program.Open(fixture, clockAt: run1.Now.ToDateTimeOffset(), withState: true);
        run2.Start();
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(new Dictionary<string, int> { ["w0"] = 10, ["w1"] = 10, ["w2"] = 10 }, WordCount.ToDictionary(program.Totals.At(run2.Now)));
    }

    /// <summary>Recovery falls back to an older manifest when the newest are torn: the segments it refers to must still be there.</summary>
    [Fact]
    public async Task Recovery_NewestManifestsTorn_AnOlderManifestStillFindsEveryBlockItNeeds()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture);
        run1.Start();
        const int Batches = 16;
        for (var k = 1; k <= Batches; k++)
        {
            program.Receiver.Store([$"r{k}"], new SourcePosition("src", k));
            await run1.AdvanceAsync();
        }
        await run1.StopAsync();
        foreach (var manifest in fixture.Manifests().TakeLast(CheckpointStore.Kept - 1))
        {
            Truncate(manifest);
        }

        var run2 = program.Open(fixture, clockAt: run1.Now.ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.AdvanceAsync();
        await run2.StopAsync();

        // Outputs of batches after the old manifest may run again (the checkpoint lost them), but no record is lost.
        Assert.Equal(Enumerable.Range(1, Batches).Select(k => $"r{k}").Order(), program.Counts().Keys.Order());
    }

    [Fact]
    public async Task Start_WriteAheadLogWithoutCheckpointDirectory_ThrowsNamingTheOption()
    {
        var options = new StreamingOptions { TimeProvider = new FakeTimeProvider(Start), WriteAheadLog = true };
        await using var ssc = new StreamingContext(new EmberOptions { Master = "local[1]", AppName = "WalTests" }, Second, options);
        ssc.ReceiverStream(new PushReceiver()).ForEachRdd(_ => { });

        var error = Assert.Throws<InvalidOperationException>(ssc.Start);

        Assert.Contains("WriteAheadLog", error.Message, StringComparison.Ordinal);
        Assert.Contains("spark.streaming.receiver.writeAheadLog.enable", error.Message, StringComparison.Ordinal);
        Assert.Contains("Checkpoint(directory)", error.Message, StringComparison.Ordinal);
        Assert.Null(StreamingContext.GetActive());
    }

    [Fact]
    public async Task Store_WithoutWriteAheadLog_LastMetadataIsTheStoredObject()
    {
        await using var harness = Receivers.ReceiverHarness.Create();
        var receiver = new PushReceiver();
        harness.Context.ReceiverStream(receiver).ForEachRdd(_ => { });
        Assert.False(receiver.TryGetLastStoredMetadata<object>(out _));
        harness.Start();

        var position = new SourcePosition("src", 3);
        receiver.Store(["x"], position);
        receiver.Store(["y"]);

        Assert.True(receiver.TryGetLastStoredMetadata<SourcePosition>(out var last));
        Assert.Same(position, last);
        Assert.Throws<InvalidCastException>(() => receiver.TryGetLastStoredMetadata<string>(out _));
    }
}
