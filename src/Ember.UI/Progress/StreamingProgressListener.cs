using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.UI.Progress;

/// <summary>
/// Everything the UI shows, gathered from listener events alone (Spark's StreamingJobProgressListener): queued and
/// running batches, the last <see cref="RetainedBatches"/> completed ones, sources, Kafka partitions and state. Memory
/// stays bounded by the retained count; totals count every batch. Readers get immutable copies.
/// </summary>
internal sealed class StreamingProgressListener : IStreamingListener
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<Time, BatchSnapshot> active = [];
    private readonly Queue<BatchSnapshot> completed = new();
    private readonly Dictionary<Time, BatchSnapshot> completedByTime = [];
    private readonly SortedDictionary<int, SourceSnapshot> sources = [];
    private readonly SortedDictionary<(int StreamId, string Partition), PartitionProgress> partitions = [];
    private readonly SortedDictionary<string, OperatorState> state = new(StringComparer.Ordinal);
    private Time? startTime;
    private CheckpointFailureInfo? checkpointFailure;
    private long totalCompleted;
    private long processedRecords;
    private long receivedRecords;

    public StreamingProgressListener(TimeSpan batchInterval, int retainedBatches, Time? startTime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retainedBatches, 1);
        BatchInterval = batchInterval;
        RetainedBatches = retainedBatches;
        this.startTime = startTime;
    }

    public TimeSpan BatchInterval { get; }

    public int RetainedBatches { get; }

    public void OnStreamingStarted(Time time)
    {
        lock (gate)
        {
            startTime = time;
        }
    }

    public void OnBatchSubmitted(BatchInfo batch)
    {
        lock (gate)
        {
            active[batch.BatchTime] = new BatchSnapshot(batch, BatchStatus.Queued, batch.OutputOperationInfos);
            receivedRecords += batch.NumRecords;
            foreach (var input in batch.StreamIdToInputInfo.Values)
            {
                var source = sources.GetValueOrDefault(input.InputStreamId) ?? SourceSnapshot.Unnamed(input.InputStreamId);
                sources[input.InputStreamId] = source.IsReceiver ? source : source with { Name = input.Description ?? source.Name, Failing = false };
                foreach (var partition in input.Partitions)
                {
                    partitions[(input.InputStreamId, partition.Partition)] = partition;
                }
            }
        }
    }

    public void OnBatchStarted(BatchInfo batch)
    {
        lock (gate)
        {
            var operations = active.TryGetValue(batch.BatchTime, out var known) ? known.Operations : batch.OutputOperationInfos;
            active[batch.BatchTime] = new BatchSnapshot(batch, BatchStatus.Processing, operations);
        }
    }

    public void OnOutputOperationStarted(OutputOperationInfo operation) => UpdateOperation(operation);

    public void OnOutputOperationCompleted(OutputOperationInfo operation) => UpdateOperation(operation);

    public void OnBatchCompleted(BatchInfo batch)
    {
        lock (gate)
        {
            active.Remove(batch.BatchTime);
            var snapshot = new BatchSnapshot(batch, BatchStatus.Completed, batch.OutputOperationInfos);
            completed.Enqueue(snapshot);
            completedByTime[batch.BatchTime] = snapshot;
            while (completed.Count > RetainedBatches)
            {
                completedByTime.Remove(completed.Dequeue().BatchTime);
            }
            totalCompleted++;
            processedRecords += batch.NumRecords;
        }
    }

    public void OnReceiverStarted(ReceiverInfo receiver) => UpdateReceiver(receiver);

    public void OnReceiverError(ReceiverInfo receiver) => UpdateReceiver(receiver);

    public void OnReceiverStopped(ReceiverInfo receiver) => UpdateReceiver(receiver);

    public void OnInputSourceError(InputSourceErrorInfo error)
    {
        lock (gate)
        {
            var source = sources.GetValueOrDefault(error.StreamId) ?? SourceSnapshot.Unnamed(error.StreamId);
            sources[error.StreamId] = source with
            {
                Name = error.Name,
                Failing = true,
                LastErrorMessage = error.Message,
                LastError = $"Attempt {error.Attempt}: {error.Message}",
                LastErrorTime = error.Time,
            };
        }
    }

    public void OnCheckpointWritten(CheckpointInfo checkpoint)
    {
        lock (gate)
        {
            foreach (var operatorState in checkpoint.Operators)
            {
                state[operatorState.Id] = new OperatorState(operatorState, checkpoint.BatchTime, checkpoint.WrittenAt);
            }
        }
    }

    public void OnCheckpointFailed(CheckpointFailureInfo failure)
    {
        lock (gate)
        {
            checkpointFailure = failure;
        }
    }

    /// <summary>A consistent copy of everything, taken under one lock.</summary>
    public ProgressSnapshot Snapshot()
    {
        lock (gate)
        {
            return new ProgressSnapshot(
                BatchInterval,
                startTime,
                totalCompleted,
                processedRecords,
                receivedRecords,
                [.. active.Values],
                [.. completed],
                [.. sources.Values],
                [.. partitions.Select(entry => (entry.Key.StreamId, entry.Value))],
                [.. state.Values],
                checkpointFailure);
        }
    }

    /// <summary>The batch of <paramref name="time"/> while it is active or retained, else null.</summary>
    public BatchSnapshot? Batch(Time time)
    {
        lock (gate)
        {
            return active.GetValueOrDefault(time) ?? completedByTime.GetValueOrDefault(time);
        }
    }

    private void UpdateOperation(OutputOperationInfo operation)
    {
        lock (gate)
        {
            if (active.TryGetValue(operation.BatchTime, out var batch))
            {
                active[operation.BatchTime] = batch.WithOperation(operation);
            }
        }
    }

    private void UpdateReceiver(ReceiverInfo receiver)
    {
        lock (gate)
        {
            sources[receiver.StreamId] = new SourceSnapshot(
                receiver.StreamId, receiver.Name, IsReceiver: true, receiver.Active, Failing: false, receiver.Location,
                receiver.LastErrorMessage, receiver.LastError, receiver.LastErrorTime);
        }
    }
}
