using Ember.Streaming.Tests.Checkpointing;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.WriteAheadLog;

/// <summary>
/// A receiver stream with the write-ahead log across stops and recoveries: every record whose <c>Store</c> returned is
/// processed exactly once, batches run again with exactly their blocks, and the receiver finds where it stopped.
/// </summary>
public sealed class ReceiverRecoveryTests
{
    [Fact]
    public async Task Recovery_StoppedBeforeTheBatchWasGenerated_StoredRecordsGoToTheNextBatchExactlyOnce()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture);
        run1.Start();
        program.Receiver.Store(["a1", "a2"], new SourcePosition("src", 2));
        await run1.AdvanceAsync();
        program.Receiver.Store(["b1"], new SourcePosition("src", 3));
        program.Receiver.Store("c1");
        await run1.StopAsync();

        // Batches 2 and 3 are missed while nothing runs.
        var run2 = program.Open(fixture, clockAt: Batch(3).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.WaitForAsync(Batch(3));
        program.Receiver.Store(["d1"], new SourcePosition("src", 4));
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(["a1", "a2"], program.At(Batch(1)));
        Assert.Equal(["b1", "c1"], program.At(Batch(2)));
        Assert.Empty(program.At(Batch(3)));
        Assert.Equal(["d1"], program.At(Batch(4)));
        Assert.All(program.Counts(), pair => Assert.Equal(1, pair.Value));
        Assert.Equal([new SourcePosition("src", 3)], program.Receiver.ResumedFrom);
    }

    [Fact]
    public async Task Recovery_StoppedWhileABatchOutputWasBlocked_TheBatchRunsAgainWithExactlyItsBlocks()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram { BlockAt = Batch(3) };
        var run1 = program.Open(fixture, withState: true);
        run1.Start();
        program.Receiver.Store(["ember", "spark"], new SourcePosition("src", 1));
        await run1.AdvanceAsync();
        program.Receiver.Store(["ember"], new SourcePosition("src", 2));
        await run1.AdvanceAsync();
        program.Receiver.Store(["stream", "ember"], new SourcePosition("src", 3));
        run1.Clock.Advance(Second);
        await program.Blocked.Task.WaitAsync(RecoveryRun.SafetyNet);
        // Stored once batch 3 was generated: it belongs to batch 4, which run 1 never generates.
        program.Receiver.Store(["late"], new SourcePosition("src", 4));
        await run1.StopAsync();
        Assert.Empty(program.At(Batch(3)));

        program.BlockAt = null;
        var run2 = program.Open(fixture, clockAt: Batch(4).ToDateTimeOffset(), withState: true);
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.WaitForAsync(Batch(4));
        await run2.StopAsync();

        Assert.Equal(["stream", "ember"], program.At(Batch(3)));
        Assert.Equal(["late"], program.At(Batch(4)));
        Assert.All(program.Counts(), pair => Assert.Equal(pair.Key == "ember" ? 3 : 1, pair.Value));
        Assert.Equal(
            new Dictionary<string, int> { ["ember"] = 3, ["spark"] = 1, ["stream"] = 1, ["late"] = 1 },
            WordCount.ToDictionary(program.Totals.At(Batch(4))));
        Assert.Equal(1, program.Totals.CallsAt(Batch(2)));
        Assert.Equal([new SourcePosition("src", 4)], program.Receiver.ResumedFrom);
    }

    [Fact]
    public async Task Recovery_CompletedBatchesReplayedForState_KeepTheirBlocksAndTakeNoNewOnes()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture, withState: true);
        run1.Start();
        for (var k = 1; k <= 5; k++)
        {
            program.Receiver.Store([$"w{k}", "all"], new SourcePosition("src", k));
            await run1.AdvanceAsync();
        }
        // Batch 5 completed after the snapshot of batch 4: run 2 replays it for its state, without outputs.
        program.Receiver.Store(["pending"], new SourcePosition("src", 6));
        await run1.StopAsync();
        Assert.Equal([(Batch(5).Milliseconds, true)], BatchesOf(ReadManifest(fixture.Manifests()[^1])));

        var run2 = program.Open(fixture, clockAt: Batch(5).ToDateTimeOffset(), withState: true);
        run2.Start();
        await run2.WaitForAsync(Batch(5));
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(1, program.Totals.CallsAt(Batch(5)));
        Assert.Equal(["pending"], program.At(Batch(6)));
        Assert.All(program.Counts(), pair => Assert.Equal(pair.Key == "all" ? 5 : 1, pair.Value));
        var expected = Enumerable.Range(1, 5).ToDictionary(k => $"w{k}", _ => 1);
        expected["all"] = 5;
        expected["pending"] = 1;
        Assert.Equal(expected, WordCount.ToDictionary(program.Totals.At(Batch(6))));
    }

    [Fact]
    public async Task Recovery_GracefulStop_LastBlocksProcessedOnceAndNothingReplayed()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture);
        run1.Start();
        await run1.AdvanceAsync();
        program.Receiver.Store(["last"], new SourcePosition("src", 1));
        program.Receiver.Store("single");
        await run1.StopAsync(graceful: true);
        Assert.Equal(["last", "single"], program.Seen.Select(entry => entry.Record));

        var run2 = program.Open(fixture, clockAt: (run1.Now + Second * 2).ToDateTimeOffset());
        run2.Start();
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(["last", "single"], program.Seen.Select(entry => entry.Record));
        Assert.Equal([new SourcePosition("src", 1)], program.Receiver.ResumedFrom);
    }

    [Fact]
    public async Task Start_NoCheckpointButALog_LoggedBlocksGoToTheFirstBatch()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var run1 = program.Open(fixture);
        run1.Start();
        program.Receiver.Store(["early"], new SourcePosition("src", 9));
        await run1.StopAsync();
        // As a crash before the first checkpoint was written would leave it: a log and no manifest.
        foreach (var manifest in fixture.Manifests())
        {
            File.Delete(manifest);
        }

        var run2 = program.Open(fixture);
        Assert.False(run2.Context.IsRecovering);
        run2.Start();
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(["early"], program.At(Batch(1)));
        Assert.Equal([new SourcePosition("src", 9)], program.Receiver.ResumedFrom);
    }

    [Fact]
    public async Task Recovery_ThreeRunsWithStopsAtEveryStage_EveryStoredRecordCountedExactlyOnce()
    {
        await using var fixture = new CheckpointFixture();
        var program = new WalProgram();
        var expected = new Dictionary<string, int>();
        var next = 0;
        void StoreChunk(int words)
        {
            var chunk = Enumerable.Range(0, words).Select(i => $"w{(next + i) % 4}").ToArray();
            next += words;
            foreach (var word in chunk)
            {
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }
            program.Receiver.Store(chunk, new SourcePosition("src", next));
        }

        var run = program.Open(fixture, withState: true);
        run.Start();
        for (var stop = 0; stop < 3; stop++)
        {
            for (var k = 0; k < 3 + stop; k++)
            {
                StoreChunk(3);
                StoreChunk(2);
                await run.AdvanceAsync();
            }
            StoreChunk(4);
            if (stop == 1)
            {
                // Stop in the middle of a batch's output.
                program.BlockAt = run.Now + Second;
                run.Clock.Advance(Second);
                await program.Blocked.Task.WaitAsync(RecoveryRun.SafetyNet);
            }
            StoreChunk(1);
            await run.StopAsync();
            program.BlockAt = null;
            Assert.True(program.Receiver.TryGetLastStoredMetadata<SourcePosition>(out var position));
            Assert.Equal(next, position.Offset);
            run = program.Open(fixture, clockAt: (run.Now + Second * (stop + 1)).ToDateTimeOffset(), withState: true);
            Assert.True(run.Context.IsRecovering);
            run.Start();
            Assert.Equal(new SourcePosition("src", next), program.Receiver.ResumedFrom.Single());
        }
        await run.AdvanceAsync();
        var final = run.Now;
        await run.StopAsync();

        Assert.Equal(expected.OrderBy(pair => pair.Key), WordCount.ToDictionary(program.Totals.At(final)).OrderBy(pair => pair.Key));
        Assert.Equal(expected.Values.Sum(), program.Seen.Count);
    }
}
