using System.Globalization;
using Ember.Streaming.Listener;
using Ember.UI.Progress;

namespace Ember.UI.Api;

/// <summary>Turns the UI's snapshots into Spark's REST shapes.</summary>
internal static class ApiMapper
{
    public static StreamingStatisticsApiModel Statistics(ProgressSnapshot progress)
    {
        var receivers = progress.Sources.Where(source => source.IsReceiver).ToList();
        var active = receivers.Count(receiver => receiver.Active);
        return new StreamingStatisticsApiModel(
            Date(progress.StartTime?.ToDateTimeOffset()),
            Milliseconds(progress.BatchInterval),
            receivers.Count,
            active,
            receivers.Count - active,
            progress.TotalCompleted,
            progress.Completed.Count,
            progress.Active.Count,
            progress.ProcessedRecords,
            progress.ReceivedRecords,
            progress.AverageInputRate,
            Milliseconds(progress.Average(batch => batch.SchedulingDelay)),
            Milliseconds(progress.Average(batch => batch.ProcessingDelay)),
            Milliseconds(progress.Average(batch => batch.TotalDelay)));
    }

    public static ReceiverApiModel Receiver(ProgressSnapshot progress, SourceSnapshot source) => new(
        source.StreamId,
        source.Name,
        source.Active,
        source.IsReceiver ? "driver" : null,
        source.Location,
        Date(source.LastErrorTime),
        source.LastErrorMessage,
        source.LastError,
        progress.AverageInputRateOf(source.StreamId),
        [.. progress.Completed.Select(batch => new[] { batch.BatchTime.Milliseconds, batch.RecordsOf(source.StreamId) / progress.BatchInterval.TotalSeconds })]);

    public static BatchApiModel Batch(BatchSnapshot batch, TimeSpan batchInterval) => new(
        batch.BatchTime.Milliseconds,
        Date(batch.BatchTime.ToDateTimeOffset())!,
        batch.Status.ToString().ToUpperInvariant(),
        Milliseconds(batchInterval),
        batch.Info.NumRecords,
        Milliseconds(batch.Info.SchedulingDelay),
        Milliseconds(batch.Info.ProcessingDelay),
        Milliseconds(batch.Info.TotalDelay),
        batch.Running,
        batch.Succeeded + batch.Failed,
        batch.Failed,
        batch.Operations.Count,
        batch.FirstFailureReason);

    public static OutputOperationApiModel Operation(OutputOperationInfo operation) => new(
        operation.Id,
        operation.Name,
        operation.Description,
        Date(operation.StartTime),
        Date(operation.EndTime),
        Milliseconds(operation.Duration),
        operation.FailureReason,
        []);

    public static ExecutorApiModel Executor(ExecutorSnapshot executor) => new(
        executor.Id,
        executor.HostPort,
        executor.IsActive,
        executor.TotalCores,
        executor.TotalCores,
        executor.ActiveTasks,
        executor.FailedTasks,
        executor.CompletedTasks,
        executor.TotalTasks,
        Milliseconds(executor.TotalDuration),
        executor.TotalShuffleRead,
        executor.TotalShuffleWrite,
        Date(executor.AddTime)!,
        Date(executor.RemoveTime),
        executor.RemoveReason);

    /// <summary>Spark writes instants as <c>2015-07-29T00:00:00.000GMT</c>.</summary>
    public static string? Date(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'GMT'", CultureInfo.InvariantCulture);

    private static long Milliseconds(TimeSpan duration) => (long)duration.TotalMilliseconds;

    private static long? Milliseconds(TimeSpan? duration) => duration is { } value ? Milliseconds(value) : null;
}
