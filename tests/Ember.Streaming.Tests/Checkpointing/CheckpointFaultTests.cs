using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// A checkpoint directory that cannot be written (here it vanishes and a file takes its place, as when a mount goes
/// away): batches keep running, each failed write is reported to listeners without failing the job, nothing half
/// written stays, and once the directory is back checkpoints resume and a restart recovers from them.
/// </summary>
public sealed class CheckpointFaultTests
{
    [Fact]
    public async Task CheckpointWrite_DirectoryGone_BatchesKeepRunningAndCheckpointsResumeOnceItIsBack()
    {
        await using var fixture = new CheckpointFixture();
        var totals = new Recorder<(string Key, int Value)>();
        void Build(StreamingContext ssc) => totals.Attach(WordCount.Totals(ssc, fixture.Watched));
        var fed = new List<string>();
        async Task RunBatchAsync(RecoveryRun run, int k)
        {
            fixture.Feed(Batch(k), $"a w{k}");
            fed.Add($"a w{k}");
            Assert.Equal(Batch(k), await run.AdvanceAsync());
        }

        var run1 = fixture.Open(Build);
        var failures = new FailureListener();
        run1.Context.AddStreamingListener(failures);
        run1.Start();
        await run1.AdvanceAsync();
        await RunBatchAsync(run1, 2);
        Directory.Delete(fixture.CheckpointDirectory, recursive: true);
        File.WriteAllText(fixture.CheckpointDirectory, "not a directory");
        for (var k = 3; k <= 6; k++)
        {
            await RunBatchAsync(run1, k);
        }
        Assert.False(run1.Context.AwaitTerminationAsync().IsCompleted, "A failed checkpoint write stopped the job.");
        Assert.Equal(WordCount.Count(fed), WordCount.ToDictionary(totals.At(Batch(6))));
        var reported = failures.Failures;
        Assert.NotEmpty(reported);
        Assert.Contains(reported, failure => failure.What == "state snapshot" && failure.BatchTime == Batch(4));
        Assert.All(reported, failure => Assert.Equal(fixture.CheckpointDirectory, failure.Directory));
        Assert.True(reported[^1].ConsecutiveFailures >= 4, $"{reported[^1].ConsecutiveFailures} consecutive failures after four batches.");

        File.Delete(fixture.CheckpointDirectory);
        await RunBatchAsync(run1, 7);
        await RunBatchAsync(run1, 8);
        await run1.StopAsync();
        var newest = ReadManifest(fixture.Manifests()[^1]);
        Assert.Equal(Batch(8).Milliseconds, StateTimeOf(newest));
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.CheckpointDirectory, "*.tmp*", SearchOption.AllDirectories));

        var run2 = fixture.Open(Build, clockAt: Batch(8).ToDateTimeOffset());
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await RunBatchAsync(run2, 9);
        await run2.StopAsync();
        Assert.Equal(WordCount.Count(fed), WordCount.ToDictionary(totals.At(Batch(9))));
        Assert.All(Enumerable.Range(1, 9), k => Assert.Equal(1, totals.CallsAt(Batch(k))));
    }

    private sealed class FailureListener : IStreamingListener
    {
        private readonly ConcurrentQueue<CheckpointFailureInfo> failures = new();

        public IReadOnlyList<CheckpointFailureInfo> Failures => [.. failures];

        public void OnCheckpointFailed(CheckpointFailureInfo failure) => failures.Enqueue(failure);
    }
}
