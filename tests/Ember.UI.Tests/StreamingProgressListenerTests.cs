using Ember.Streaming;
using Ember.Streaming.Listener;
using Ember.UI.Progress;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

public class StreamingProgressListenerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void OnBatchCompleted_MoreThanRetained_KeepsTheLastOnesButCountsAll()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 3);

        for (var i = 0; i < 5; i++)
        {
            Batches.Run(progress, Batches.Completed(i * 1000, records: 10, schedulingDelayMs: 5, processingMs: 100));
        }

        var snapshot = progress.Snapshot();
        Assert.Equal([2000L, 3000, 4000], snapshot.Completed.Select(batch => batch.BatchTime.Milliseconds - Batches.Epoch.ToUnixTimeMilliseconds()));
        Assert.Equal(5, snapshot.TotalCompleted);
        Assert.Equal(50, snapshot.ProcessedRecords);
        Assert.Null(progress.Batch(new Time(Batches.Epoch.ToUnixTimeMilliseconds())));
        Assert.Empty(snapshot.Active);
    }

    [Fact]
    public void OnOutputOperationStarted_RunningBatch_ShowsTheOperationRunning()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 10);
        var batch = Batches.Completed(0, records: 3, schedulingDelayMs: 1, processingMs: 50);
        var operation = batch.OutputOperationInfos[0];

        progress.OnBatchSubmitted(batch with { ProcessingStartTime = null, ProcessingEndTime = null, OutputOperationInfos = new Dictionary<int, OutputOperationInfo>() });
        progress.OnBatchStarted(batch with { ProcessingEndTime = null, OutputOperationInfos = new Dictionary<int, OutputOperationInfo>() });
        progress.OnOutputOperationStarted(operation with { EndTime = null });

        var running = Assert.Single(progress.Snapshot().Active);
        Assert.Equal(BatchStatus.Processing, running.Status);
        Assert.Equal(1, running.Running);
        Assert.Equal(0, running.Succeeded);
        Assert.Same(running, progress.Batch(batch.BatchTime));
    }

    [Fact]
    public void OnBatchSubmitted_KafkaPartitions_KeepsTheLatestOffsetsAndLag()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 10);

        Batches.Run(progress, Batches.Completed(0, 10, 1, 10, partitions: [new PartitionProgress("events-0", 0, 10, 25), new PartitionProgress("events-1", 0, 5, null)]));
        Batches.Run(progress, Batches.Completed(1000, 10, 1, 10, partitions: [new PartitionProgress("events-0", 10, 20, 30)]));

        var partitions = progress.Snapshot().Partitions;
        Assert.Equal(2, partitions.Count);
        var first = partitions.Single(entry => entry.Progress.Partition == "events-0").Progress;
        Assert.Equal((10L, 20L, 10L), (first.FromOffset, first.UntilOffset, first.Lag!.Value));
        Assert.Null(partitions.Single(entry => entry.Progress.Partition == "events-1").Progress.Lag);
    }

    [Fact]
    public void OnBatchSubmitted_StreamWithADescription_NamesTheSourceByIt()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 10);
        var batch = Batches.Completed(0, 10, 1, 10, streamId: 3);
        var input = batch.StreamIdToInputInfo[3] with { Metadata = new Dictionary<string, object> { [StreamInputInfo.DescriptionKey] = "DirectKafkaStream stream 3" } };

        Batches.Run(progress, batch with { StreamIdToInputInfo = new Dictionary<int, StreamInputInfo> { [3] = input } });

        Assert.Equal("DirectKafkaStream stream 3", Assert.Single(progress.Snapshot().Sources).Name);
    }

    [Fact]
    public void OnInputSourceError_ThenADataBatch_ShowsTheErrorThenRecovers()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 10);
        var failedAt = Batches.Epoch.AddSeconds(1);

        progress.OnInputSourceError(new InputSourceErrorInfo(0, "kafka [events]", "Broker transport failure", failedAt, Attempt: 2));
        var failing = Assert.Single(progress.Snapshot().Sources);
        Batches.Run(progress, Batches.Completed(2000, 10, 1, 10));
        var recovered = Assert.Single(progress.Snapshot().Sources);

        Assert.Equal(("kafka [events]", "ERROR", "Broker transport failure", failedAt), (failing.Name, failing.Status, failing.LastErrorMessage, failing.LastErrorTime!.Value));
        Assert.Equal("ACTIVE", recovered.Status);
        Assert.Equal("Broker transport failure", recovered.LastErrorMessage);
    }

    [Fact]
    public void OnReceiverError_Receiver_ShowsItsLocationAndLastError()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 10);

        progress.OnReceiverStarted(new ReceiverInfo(3, "SocketReceiver", true, "localhost"));
        progress.OnReceiverError(new ReceiverInfo(3, "SocketReceiver", true, "localhost", "Connection refused", "SocketException: Connection refused", Batches.Epoch));
        progress.OnReceiverStopped(new ReceiverInfo(3, "SocketReceiver", false, "localhost", "Connection refused", "SocketException: Connection refused", Batches.Epoch));

        var receiver = Assert.Single(progress.Snapshot().Sources);
        Assert.True(receiver.IsReceiver);
        Assert.Equal(("INACTIVE", "localhost", "Connection refused"), (receiver.Status, receiver.Location, receiver.LastErrorMessage));
    }

    [Fact]
    public void OnCheckpointWritten_StatefulOperators_KeepsKeysBytesAndCheckpointTime()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 10);
        var time = new Time(Batches.Epoch.ToUnixTimeMilliseconds());

        progress.OnCheckpointWritten(new CheckpointInfo(time, Batches.Epoch.AddMilliseconds(30),
            [new StateOperatorInfo("totals", "UpdateStateByKey<String, Int32>", 12, 400), new StateOperatorInfo("sessions", "MapWithState<String, Int64>", 3, 90)]));
        progress.OnCheckpointWritten(new CheckpointInfo(time + Interval, Batches.Epoch.AddMilliseconds(1030),
            [new StateOperatorInfo("totals", "UpdateStateByKey<String, Int32>", 15, 480)]));

        var state = progress.Snapshot().State;
        Assert.Equal(["sessions", "totals"], state.Select(entry => entry.State.Id));
        var totals = state.Single(entry => entry.State.Id == "totals");
        Assert.Equal((15L, 480L, time + Interval), (totals.State.Keys, totals.State.Bytes, totals.CheckpointBatchTime));
        Assert.Equal(time, state.Single(entry => entry.State.Id == "sessions").CheckpointBatchTime);
    }

    [Fact]
    public void OnCheckpointFailed_DuringTheLastBatch_ShowsABannerWarning()
    {
        var progress = new StreamingProgressListener(Interval, retainedBatches: 10);
        Batches.Run(progress, Batches.Completed(0, 1, 5, 300));

        progress.OnCheckpointFailed(new CheckpointFailureInfo(new Time(Batches.Epoch.ToUnixTimeMilliseconds()), Batches.Epoch.AddMilliseconds(40),
            "/checkpoints", "state snapshot", "No space left on device", 1));

        Assert.Contains(progress.Snapshot().Warnings, warning => warning.Contains("the state snapshot of batch", StringComparison.Ordinal) && warning.Contains("No space left on device", StringComparison.Ordinal));
    }
}
