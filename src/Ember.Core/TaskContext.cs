namespace Ember;

/// <summary>What a running task knows about itself: its address and its cancellation.</summary>
/// <remarks>
/// A task is addressed by plain data (job, stage, partition, attempt) so that the same address can be sent to
/// another process in cluster mode.
/// </remarks>
public sealed class TaskContext
{
    internal TaskContext(int jobId, int stageId, int partitionId, int attemptNumber, CancellationToken cancellationToken)
    {
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

    /// <summary>Creates a context for code that computes a partition outside the scheduler (tests, the driver).</summary>
    public static TaskContext ForDriver(int partitionId = 0, CancellationToken cancellationToken = default) =>
        new(-1, -1, partitionId, 0, cancellationToken);
}
