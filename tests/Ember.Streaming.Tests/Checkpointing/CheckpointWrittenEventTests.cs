using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>The listener event of a state snapshot, which the web UI's state panel shows.</summary>
public sealed class CheckpointWrittenEventTests
{
    [Fact]
    public async Task OnCheckpointWritten_StateSnapshot_ReportsKeysAndBytesOfEachOperator()
    {
        await using var fixture = new CheckpointFixture();
        var run = fixture.Open(ssc => WordCount.Totals(ssc, fixture.Watched).ForEachRdd(_ => { }));
        var checkpoints = new CheckpointListener();
        run.Context.AddStreamingListener(checkpoints);
        run.Start();

        await run.AdvanceAsync();
        fixture.Feed(Batch(2), "a b c", "a");
        await run.AdvanceAsync();

        var checkpoint = Assert.Single(checkpoints.Written);
        Assert.Equal(Batch(2), checkpoint.BatchTime);
        var totals = Assert.Single(checkpoint.Operators);
        Assert.Equal(("totals", 3L), (totals.Id, totals.Keys));
        Assert.StartsWith("UpdateStateByKey", totals.Signature);
        var files = Directory.GetFiles(Path.Combine(fixture.CheckpointDirectory, "state", "totals", Batch(2).Milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(files.Sum(file => new FileInfo(file).Length), totals.Bytes);
        Assert.Equal(totals.Bytes, checkpoint.TotalBytes);
    }

    private sealed class CheckpointListener : IStreamingListener
    {
        private readonly ConcurrentQueue<CheckpointInfo> written = new();

        public IReadOnlyList<CheckpointInfo> Written => [.. written];

        public void OnCheckpointWritten(CheckpointInfo checkpoint) => written.Enqueue(checkpoint);
    }
}
