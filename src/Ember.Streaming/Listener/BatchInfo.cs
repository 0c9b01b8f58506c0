namespace Ember.Streaming.Listener;

/// <summary>
/// Records one input stream contributed to a batch (Spark's StreamInputInfo). Streams that read partitioned logs
/// (Kafka) put their per-partition positions under <see cref="PartitionsKey"/> as a list of <see cref="PartitionProgress"/>.
/// </summary>
public sealed record StreamInputInfo(int InputStreamId, long NumRecords, IReadOnlyDictionary<string, object>? Metadata = null)
{
    /// <summary>The metadata key of the per-partition positions, an <c>IReadOnlyList&lt;PartitionProgress&gt;</c>.</summary>
    public const string PartitionsKey = "partitions";

    /// <summary>The metadata key of the stream's description, a string (Spark's <c>StreamInputInfo.METADATA_KEY_DESCRIPTION</c>).</summary>
    public const string DescriptionKey = "Description";

    /// <summary>What the input stream is, for people: its <c>WithName</c> name, else its operation and id.</summary>
    public string? Description => Metadata?.GetValueOrDefault(DescriptionKey) as string;

    /// <summary>The per-partition positions of this batch, or empty when the stream has none.</summary>
    public IReadOnlyList<PartitionProgress> Partitions =>
        Metadata?.GetValueOrDefault(PartitionsKey) as IReadOnlyList<PartitionProgress> ?? [];
}

/// <summary>
/// What a batch read from one partition of a log: the offsets <c>[FromOffset, UntilOffset)</c> and, when known, the
/// partition's end offset when the range was picked.
/// </summary>
public sealed record PartitionProgress(string Partition, long FromOffset, long UntilOffset, long? LatestOffset)
{
    /// <summary>Records left in the partition after this batch's range, when its end offset is known.</summary>
    public long? Lag => LatestOffset is { } latest ? Math.Max(0, latest - UntilOffset) : null;
}

/// <summary>An input stream without a receiver failed to reach its data; <see cref="Attempt"/> counts the retries so far.</summary>
public sealed record InputSourceErrorInfo(int StreamId, string Name, string Message, DateTimeOffset Time, int Attempt);

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
