namespace Ember.Scheduling;

/// <summary>
/// What one task attempt measured while it ran (Spark's TaskMetrics, only what the listeners report now): the shuffle
/// bytes a reducer read. The reader adds to it through <see cref="RunningTask.Current"/>, once per block, never per record.
/// </summary>
internal sealed class TaskMetrics
{
    private long shuffleBytesRead;

    /// <summary>The shuffle block bytes read so far, local and fetched.</summary>
    public long ShuffleBytesRead => Interlocked.Read(ref shuffleBytesRead);

    /// <summary>Counts a block of <paramref name="bytes"/> the task read (a task may read on several threads of its own).</summary>
    public void AddShuffleBytesRead(long bytes) => Interlocked.Add(ref shuffleBytesRead, bytes);
}
