namespace Ember.UI.Api;

// The shapes of Spark's streaming REST API (org.apache.spark.status.api.v1.streaming), field for field, so tools
// written against Spark read Ember's. Durations are milliseconds; instants are strings as Spark writes them.

/// <summary>An application as <c>/api/v1/applications</c> lists it.</summary>
internal sealed record ApplicationApiModel(string Id, string Name);

/// <summary>Spark's StreamingStatistics.</summary>
internal sealed record StreamingStatisticsApiModel(
    string? StartTime,
    long BatchDuration,
    int NumReceivers,
    int NumActiveReceivers,
    int NumInactiveReceivers,
    long NumTotalCompletedBatches,
    long NumRetainedCompletedBatches,
    long NumActiveBatches,
    long NumProcessedRecords,
    long NumReceivedRecords,
    double? AvgInputRate,
    long? AvgSchedulingDelay,
    long? AvgProcessingTime,
    long? AvgTotalDelay);

/// <summary>Spark's ReceiverInfo: one input stream with its event rate per retained batch as <c>[batch time, records/s]</c>.</summary>
internal sealed record ReceiverApiModel(
    int StreamId,
    string StreamName,
    bool? IsActive,
    string? ExecutorId,
    string? ExecutorHost,
    string? LastErrorTime,
    string? LastErrorMessage,
    string? LastError,
    double? AvgEventRate,
    IReadOnlyList<double[]> EventRates);

/// <summary>Spark's BatchInfo; <see cref="BatchId"/> is the batch time in milliseconds.</summary>
internal sealed record BatchApiModel(
    long BatchId,
    string BatchTime,
    string Status,
    long BatchDuration,
    long InputSize,
    long? SchedulingDelay,
    long? ProcessingTime,
    long? TotalDelay,
    int NumActiveOutputOps,
    int NumCompletedOutputOps,
    int NumFailedOutputOps,
    int NumTotalOutputOps,
    string? FirstFailureReason);

/// <summary>Spark's OutputOperationInfo (Ember runs no separate Spark jobs per operation: <see cref="JobIds"/> is empty).</summary>
internal sealed record OutputOperationApiModel(
    int OutputOpId,
    string Name,
    string Description,
    string? StartTime,
    string? EndTime,
    long? Duration,
    string? FailureReason,
    IReadOnlyList<int> JobIds);

/// <summary>
/// Spark's ExecutorSummary (org.apache.spark.status.api.v1), the fields Ember measures: durations in milliseconds,
/// shuffle sizes in bytes, <see cref="RemoveTime"/> and <see cref="RemoveReason"/> only for removed executors.
/// <see cref="MaxTasks"/> equals <see cref="TotalCores"/> (one core per task).
/// </summary>
internal sealed record ExecutorApiModel(
    string Id,
    string HostPort,
    bool IsActive,
    int TotalCores,
    int MaxTasks,
    int ActiveTasks,
    int FailedTasks,
    int CompletedTasks,
    int TotalTasks,
    long TotalDuration,
    long TotalShuffleRead,
    long TotalShuffleWrite,
    string AddTime,
    string? RemoveTime,
    string? RemoveReason);
