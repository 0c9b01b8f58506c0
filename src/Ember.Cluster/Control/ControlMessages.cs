namespace Ember.Cluster.Control;

// The control plane's messages: small records only. Bulk data (stage binaries, big task results, shuffle blocks)
// travels through the executors' block service; these carry references to it. Every type here is bound to
// ControlMessageSerializer through IControlMessage, so none is ever serialized with type names from the network.

/// <summary>Marks the messages <see cref="ControlMessageSerializer"/> writes.</summary>
internal interface IControlMessage;

/// <summary>One assembly of the application build: its file name and module version id.</summary>
internal readonly record struct AssemblyFingerprint(string FileName, Guid Mvid);

/// <summary>
/// An executor asks the driver to accept it. <paramref name="Assemblies"/> may be empty when the list would be too big
/// for a control message: then only <paramref name="BuildDigest"/> is compared.
/// </summary>
internal sealed record RegisterExecutor(
    string ExecutorId, string Host, int BlockPort, int Cores, string BuildDigest,
    IReadOnlyList<AssemblyFingerprint> Assemblies) : IControlMessage;

/// <summary>The driver accepted the executor.</summary>
internal sealed record RegisteredExecutor : IControlMessage
{
    public static RegisteredExecutor Instance { get; } = new();
}

/// <summary>The driver refused the executor (a different build, a duplicate id); the executor exits.</summary>
internal sealed record RegistrationRefused(string Reason) : IControlMessage;

/// <summary>Where a stage's serialized lineage (Spark's task binary) can be fetched: the driver's block service.</summary>
internal readonly record struct StageBinaryReference(string Host, int Port, int StageId);

/// <summary>Where a task result too big to travel inline waits: the executor's block service.</summary>
internal readonly record struct ResultBlockReference(string Host, int Port, string BlockId, long Size);

/// <summary>The driver asks an executor to run one task: one partition of one stage attempt.</summary>
internal sealed record LaunchTask(
    long TaskId, int JobId, int StageId, int StageAttempt, int PartitionId, int Attempt, long Epoch,
    StageBinaryReference StageBinary) : IControlMessage;

/// <summary>How a task ended (Spark's TaskState, terminal states only).</summary>
internal enum TaskState : byte
{
    Finished = 1,
    Failed = 2,
    FetchFailed = 3,
    Killed = 4,
}

/// <summary>A reducer could not fetch a map output: the parent stage must be resubmitted (Spark's FetchFailed).</summary>
internal readonly record struct FetchFailure(int ShuffleId, int MapIndex, int ReduceId, string ExecutorId);

/// <summary>A partition of a persisted RDD that an executor now keeps in its block manager.</summary>
internal readonly record struct CachedPartition(int RddId, int Partition);

/// <summary>
/// An executor reports a task's end. A result travels inline only when it is at most
/// <see cref="MaxInlineResultBytes"/>; a bigger one goes to the block service and travels as
/// <see cref="ResultBlock"/>.
/// </summary>
internal sealed record StatusUpdate : IControlMessage
{
    /// <summary>The largest inline result: far under Akka's 128,000-byte frame, so status updates never delay heartbeats.</summary>
    public const int MaxInlineResultBytes = 32 * 1024;

    /// <summary>Error text past this many characters is cut (a stack trace is enough to read).</summary>
    public const int MaxErrorChars = 16 * 1024;

    public StatusUpdate(long taskId, TaskState state, byte[]? inlineResult = null, ResultBlockReference? resultBlock = null,
        string? errorType = null, string? errorMessage = null, string? errorText = null, FetchFailure? fetchFailure = null,
        IReadOnlyList<CachedPartition>? cachedPartitions = null)
    {
        if (!Enum.IsDefined(state))
            throw new ArgumentOutOfRangeException(nameof(state), state, "Not a task state.");
        if (inlineResult is { Length: > MaxInlineResultBytes })
            throw new ArgumentOutOfRangeException(nameof(inlineResult), inlineResult.Length,
                $"An inline task result is at most {MaxInlineResultBytes} bytes; a bigger one travels through the block service.");
        if (inlineResult is not null && resultBlock is not null)
            throw new ArgumentException("A result is either inline or in a block, not both.", nameof(resultBlock));
        if (state == TaskState.FetchFailed && fetchFailure is null)
            throw new ArgumentNullException(nameof(fetchFailure), "A FetchFailed status names the missing map output.");
        TaskId = taskId;
        State = state;
        InlineResult = inlineResult;
        ResultBlock = resultBlock;
        ErrorType = errorType;
        ErrorMessage = errorMessage is { Length: > MaxErrorChars } ? errorMessage[..MaxErrorChars] + " [cut]" : errorMessage;
        ErrorText = errorText is { Length: > MaxErrorChars } ? errorText[..MaxErrorChars] + " [cut]" : errorText;
        FetchFailure = fetchFailure;
        CachedPartitions = cachedPartitions ?? [];
    }

    public long TaskId { get; }
    public TaskState State { get; }
    public byte[]? InlineResult { get; }
    public ResultBlockReference? ResultBlock { get; }
    public string? ErrorType { get; }
    /// <summary>The exception's message, from which the driver rebuilds an exception of the same type.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The exception with its stack trace, as the executor printed it.</summary>
    public string? ErrorText { get; }
    public FetchFailure? FetchFailure { get; }

    /// <summary>
    /// Partitions this executor started keeping since its previous status update, so the driver sends their later
    /// tasks here (a few per task at most: each task caches the partitions it computed).
    /// </summary>
    public IReadOnlyList<CachedPartition> CachedPartitions { get; }

    /// <summary>The shuffle block bytes the task read as a reducer (local and fetched), for the driver's listeners.</summary>
    public long ShuffleBytesRead
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ShuffleBytesRead), value, "A byte count is never negative.");
    }
}

/// <summary>The driver asks an executor to stop a running task (it answers with a Killed status, or none if it had ended).</summary>
internal sealed record KillTask(long TaskId) : IControlMessage;

/// <summary>The driver asks an executor to leave the cluster and exit.</summary>
internal sealed record StopExecutor : IControlMessage
{
    public static StopExecutor Instance { get; } = new();
}

/// <summary>The driver asks executors to drop a shuffle's map outputs.</summary>
internal sealed record RemoveShuffle(int ShuffleId) : IControlMessage;

/// <summary>The driver asks executors to drop an RDD's cached partitions.</summary>
internal sealed record RemoveRdd(int RddId) : IControlMessage;

/// <summary>A running task's plain-data message to the driver (TaskContext.SendToDriver), serialized as a task result is.</summary>
internal sealed record TaskMessage(byte[] Payload) : IControlMessage;

/// <summary>The driver's plain-data message to the tasks of an executor (EmberContext.SendToExecutors), serialized as a task result is.</summary>
internal sealed record DriverMessage(byte[] Payload) : IControlMessage;

/// <summary>Liveness probe, answered by the executor's endpoint itself (never the handler).</summary>
internal sealed record Ping(long Nonce) : IControlMessage;

/// <summary>The answer to <see cref="Ping"/>.</summary>
internal sealed record Pong(long Nonce, string ExecutorId) : IControlMessage;
