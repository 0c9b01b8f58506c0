namespace Ember.Listener;

/// <summary>
/// A task attempt that ended (Spark's SparkListenerTaskEnd with its metrics). Posted once for each
/// <see cref="TaskStartInfo"/>, also when its executor is lost (then <see cref="TaskEndStatus.Failed"/>).
/// </summary>
/// <param name="JobId">The job the task belongs to.</param>
/// <param name="StageId">Its stage attempt.</param>
/// <param name="PartitionId">The partition it computed.</param>
/// <param name="Attempt">0 for the first attempt, then 1, 2, ... for retries.</param>
/// <param name="ExecutorId">The executor it ran on.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Duration">From its start to its end, as the driver saw them.</param>
/// <param name="ShuffleBytesRead">
/// The shuffle block bytes it read as a reducer, local and fetched. Always 0 in local mode, whose shuffle outputs stay
/// objects in memory and are never measured in bytes.
/// </param>
/// <param name="ShuffleBytesWritten">The shuffle block bytes it wrote as a map task (the sizes of its map output); 0 in local mode.</param>
/// <param name="FailureReason">Why it failed or was killed (exception type and message); null when it succeeded.</param>
public sealed record TaskEndInfo(
    int JobId,
    int StageId,
    int PartitionId,
    int Attempt,
    string ExecutorId,
    TaskEndStatus Status,
    TimeSpan Duration,
    long ShuffleBytesRead,
    long ShuffleBytesWritten,
    string? FailureReason);
