using Ember.Serialization;
using Ember.Streaming.Listener;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>State snapshots are written off the generation path: a slow snapshot delays no batch generation.</summary>
public sealed class SnapshotWriteTests
{
    [Fact]
    public async Task Generation_StateSnapshotStillBeingWritten_NextBatchIsGeneratedAndRunsAfterIt()
    {
        await using var fixture = new CheckpointFixture();
        using var serializer = new GatedSerializer();
        var totals = new Recorder<(string Key, int Value)>();
        var run = fixture.Open(ssc => totals.Attach(WordCount.Totals(ssc, fixture.Watched)), serializer: serializer);
        var submitted = new SubmissionListener();
        run.Context.AddStreamingListener(submitted);
        run.Start();
        await run.AdvanceAsync();

        serializer.Armed = true;
        fixture.Feed(Batch(2), "a b");
        run.Clock.Advance(Second);
        Assert.True(serializer.Entered.Wait(RecoveryRun.SafetyNet), "The snapshot of batch 2 never started.");
        fixture.Feed(Batch(3), "a");
        run.Clock.Advance(Second);
        await submitted.Of(Batch(3)).WaitAsync(RecoveryRun.SafetyNet);
        Assert.False(run.HasCompleted(Batch(3)), "Batch 3 ran before the checkpoint recording its input was written.");

        serializer.Release.Set();
        await run.WaitForAsync(Batch(3));
        await run.StopAsync();
        Assert.Equal(Batch(2).Milliseconds, StateTimeOf(ReadManifest(fixture.Manifests()[^1])));
        Assert.Equal(2, WordCount.ToDictionary(totals.At(Batch(3)))["a"]);
    }

    /// <summary>Holds the first serialization of a state snapshot's records (word totals) once armed, until released.</summary>
    private sealed class GatedSerializer : ISerializer, IDisposable
    {
        private readonly ISerializer inner = MessagePackEmberSerializer.Default;

        public volatile bool Armed;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public byte[] Serialize<T>(T value)
        {
            if (Armed && typeof(T) == typeof((string, int)[]))
            {
                Entered.Set();
                Release.Wait(RecoveryRun.SafetyNet);
            }
            return inner.Serialize(value);
        }

        public void Serialize<T>(Stream destination, T value) => inner.Serialize(destination, value);

        public T Deserialize<T>(ReadOnlyMemory<byte> bytes) => inner.Deserialize<T>(bytes);

        public T Deserialize<T>(Stream source) => inner.Deserialize<T>(source);

        public void Dispose()
        {
            Release.Set();
            Entered.Dispose();
            Release.Dispose();
        }
    }

    private sealed class SubmissionListener : IStreamingListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Time, TaskCompletionSource> submitted = new();

        public Task Of(Time time) => Completion(time).Task;

        public void OnBatchSubmitted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult();

        private TaskCompletionSource Completion(Time time) =>
            submitted.GetOrAdd(time, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
