namespace Ember.Streaming.Listener;

/// <summary>Records one input stream contributed to a batch (Spark's StreamInputInfo).</summary>
public sealed record StreamInputInfo(int InputStreamId, long NumRecords, IReadOnlyDictionary<string, object>? Metadata = null);

/// <summary>What happened to one output operation of a batch (Spark's OutputOperationInfo).</summary>
public sealed record OutputOperationInfo(
    Time BatchTime,
    int Id,
    string Name,
    string Description,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    string? FailureReason)
{
    /// <summary>How long the operation ran, once it ended.</summary>
    public TimeSpan? Duration => StartTime is { } start && EndTime is { } end ? end - start : null;
}

/// <summary>
/// A batch as the listener bus reports it (Spark's BatchInfo): its input, when it was submitted, started and
/// finished, and its output operations.
/// </summary>
public sealed record BatchInfo(
    Time BatchTime,
    IReadOnlyDictionary<int, StreamInputInfo> StreamIdToInputInfo,
    DateTimeOffset SubmissionTime,
    DateTimeOffset? ProcessingStartTime,
    DateTimeOffset? ProcessingEndTime,
    IReadOnlyDictionary<int, OutputOperationInfo> OutputOperationInfos)
{
    /// <summary>Records of all input streams in this batch.</summary>
    public long NumRecords => StreamIdToInputInfo.Values.Sum(info => info.NumRecords);

    /// <summary>Time from the batch's scheduled time until its first job started (queueing behind earlier batches).</summary>
    public TimeSpan? SchedulingDelay => ProcessingStartTime - BatchTime.ToDateTimeOffset();

    /// <summary>Time from the first job's start to the last job's end.</summary>
    public TimeSpan? ProcessingDelay => ProcessingEndTime - ProcessingStartTime;

    /// <summary>Scheduling delay plus processing delay.</summary>
    public TimeSpan? TotalDelay => ProcessingEndTime - BatchTime.ToDateTimeOffset();
}

/// <summary>A receiver's state as the listener bus reports it (Spark's ReceiverInfo).</summary>
public sealed record ReceiverInfo(int StreamId, string Name, bool Active, string Location, string? LastErrorMessage = null, string? LastError = null, DateTimeOffset? LastErrorTime = null);
