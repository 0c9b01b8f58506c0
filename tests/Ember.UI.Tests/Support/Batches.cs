using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.UI.Tests.Support;

/// <summary>Builds the listener events of made-up batches: times in ms from an epoch, delays in ms.</summary>
internal static class Batches
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    public static BatchInfo Completed(long offsetMs, long records, long schedulingDelayMs, long processingMs, int streamId = 0,
        IReadOnlyList<PartitionProgress>? partitions = null, string? failure = null)
    {
        var time = new Time(Epoch.ToUnixTimeMilliseconds() + offsetMs);
        var start = time.ToDateTimeOffset().AddMilliseconds(schedulingDelayMs);
        var end = start.AddMilliseconds(processingMs);
        var metadata = partitions is null ? null : new Dictionary<string, object> { [StreamInputInfo.PartitionsKey] = partitions };
        var operation = new OutputOperationInfo(time, 0, "ForEachRdd", "ForEachRdd at Test", start, end, failure);
        return new BatchInfo(
            time,
            new Dictionary<int, StreamInputInfo> { [streamId] = new(streamId, records, metadata) },
            time.ToDateTimeOffset(),
            start,
            end,
            new Dictionary<int, OutputOperationInfo> { [0] = operation });
    }

    /// <summary>Sends a batch through the listener as the engine would: submitted, started, its operation, completed.</summary>
    public static void Run(IStreamingListener listener, BatchInfo batch)
    {
        listener.OnBatchSubmitted(batch with { ProcessingStartTime = null, ProcessingEndTime = null, OutputOperationInfos = new Dictionary<int, OutputOperationInfo>() });
        listener.OnBatchStarted(batch with { ProcessingEndTime = null, OutputOperationInfos = new Dictionary<int, OutputOperationInfo>() });
        foreach (var operation in batch.OutputOperationInfos.Values)
        {
            listener.OnOutputOperationStarted(operation with { EndTime = null, FailureReason = null });
            listener.OnOutputOperationCompleted(operation);
        }
        listener.OnBatchCompleted(batch);
    }
}
