namespace Ember;

/// <summary>What a running task knows about itself: its address and its cancellation.</summary>
/// <remarks>
/// A task is addressed by plain data (job, stage, partition, attempt) so that the same address can be sent to
/// another process in cluster mode.
/// </remarks>
public sealed class TaskContext
{
    private readonly Action<object>? toDriver;

    internal TaskContext(int jobId, int stageId, int partitionId, int attemptNumber, CancellationToken cancellationToken, Action<object>? toDriver = null,
        Scheduling.TaskMetrics? metrics = null)
    {
        this.toDriver = toDriver;
        Metrics = metrics;
        JobId = jobId;
        StageId = stageId;
        PartitionId = partitionId;
        AttemptNumber = attemptNumber;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job this task belongs to.</summary>
    public int JobId { get; }

    /// <summary>The stage this task belongs to.</summary>
    public int StageId { get; }

    /// <summary>The partition the task computes.</summary>
    public int PartitionId { get; }

    /// <summary>0 for the first attempt, then 1, 2, ... for retries.</summary>
    public int AttemptNumber { get; }

    /// <summary>Signalled when the job is cancelled or another task of the stage failed for good.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Sends a small, plain-data <paramref name="message"/> to the driver's listeners of task messages (the way a task
    /// reports what it saw without holding a reference to any driver object). In local mode it is delivered at once,
    /// on the task's thread; a context made without a way to the driver drops it.
    /// </summary>
    internal void SendToDriver(object message) => toDriver?.Invoke(message);

    /// <summary>Where the task's measures go, when the backend that runs it reports them (a cluster's executor); else null.</summary>
    internal Scheduling.TaskMetrics? Metrics { get; }
}
