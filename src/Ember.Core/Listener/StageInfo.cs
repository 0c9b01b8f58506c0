namespace Ember.Listener;

/// <summary>
/// A stage attempt of a job (Spark's StageInfo), as <see cref="IEmberListener.OnStageSubmitted"/> and
/// <see cref="IEmberListener.OnStageCompleted"/> report it.
/// </summary>
/// <param name="StageId">The stage attempt's id (a stage run again after a lost shuffle output gets a new one).</param>
/// <param name="JobId">The job that submitted it (a shuffle stage two jobs need runs once, under the first).</param>
/// <param name="Name">The stage, for people: <c>ShuffleMapStage of ...</c> or <c>ResultStage of ...</c>.</param>
/// <param name="NumTasks">The tasks it runs: one per missing partition.</param>
/// <param name="IsShuffleMap">True for a shuffle map stage, false for a job's result stage.</param>
/// <param name="SubmissionTime">When the scheduler submitted its tasks.</param>
/// <param name="CompletionTime">When its last task ended; null until then.</param>
/// <param name="FailureReason">Why it failed (exception type and message); null when it succeeded or is still running.</param>
public sealed record StageInfo(
    int StageId,
    int JobId,
    string Name,
    int NumTasks,
    bool IsShuffleMap,
    DateTimeOffset SubmissionTime,
    DateTimeOffset? CompletionTime = null,
    string? FailureReason = null);
