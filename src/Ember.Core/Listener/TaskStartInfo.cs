namespace Ember.Listener;

/// <summary>A task attempt that started on an executor (Spark's SparkListenerTaskStart).</summary>
/// <param name="JobId">The job the task belongs to.</param>
/// <param name="StageId">Its stage attempt (a stage resubmitted after a lost shuffle output runs under a new id).</param>
/// <param name="PartitionId">The partition it computes.</param>
/// <param name="Attempt">0 for the first attempt, then 1, 2, ... for retries.</param>
/// <param name="ExecutorId">The executor it runs on.</param>
/// <param name="LaunchTime">When it started.</param>
public sealed record TaskStartInfo(int JobId, int StageId, int PartitionId, int Attempt, string ExecutorId, DateTimeOffset LaunchTime);
