namespace Ember.Scheduling;

/// <summary>
/// A job failed because one of its tasks failed on every attempt. <see cref="Exception.InnerException"/> is the
/// exception the user's code (or the engine) threw on the last attempt.
/// </summary>
public sealed class JobFailedException : Exception
{
    internal JobFailedException(int jobId, int stageId, string stageDescription, int partitionId, int attempts, Exception lastError)
        : base($"Job {jobId} aborted: stage {stageId} ({stageDescription}) failed on partition {partitionId} after {attempts} attempt(s). " +
               $"Last error: {lastError.GetType().Name}: {lastError.Message}", lastError)
    {
        JobId = jobId;
        StageId = stageId;
        PartitionId = partitionId;
        Attempts = attempts;
    }

    /// <summary>The failed job.</summary>
    public int JobId { get; }

    /// <summary>The stage whose task failed.</summary>
    public int StageId { get; }

    /// <summary>The partition whose task failed.</summary>
    public int PartitionId { get; }

    /// <summary>How many times the task was tried.</summary>
    public int Attempts { get; }
}
