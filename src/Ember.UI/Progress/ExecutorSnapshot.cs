namespace Ember.UI.Progress;

/// <summary>
/// One executor as the Executors page and API show it (Spark's ExecutorSummary, the fields Ember measures): its place,
/// its state, and the totals of the tasks it ran. Killed tasks count as neither failed nor completed, as in Spark.
/// </summary>
internal sealed record ExecutorSnapshot(
    string Id,
    string HostPort,
    int TotalCores,
    DateTimeOffset AddTime,
    DateTimeOffset? RemoveTime,
    string? RemoveReason,
    int ActiveTasks,
    int FailedTasks,
    int CompletedTasks,
    int TotalTasks,
    TimeSpan TotalDuration,
    long TotalShuffleRead,
    long TotalShuffleWrite)
{
    /// <summary>Whether it is still part of the application (not removed).</summary>
    public bool IsActive => RemoveTime is null;
}
