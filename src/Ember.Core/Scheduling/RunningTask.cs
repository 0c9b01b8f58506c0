namespace Ember.Scheduling;

/// <summary>
/// Marks the code a task attempt runs, so an action called from inside a task (<c>rdd1.Map(x => rdd2.Count() * x)</c>)
/// fails at once instead of waiting for tasks queued behind the very workers it blocks (Spark's SPARK-5063).
/// </summary>
/// <remarks>
/// The mark is an <see cref="AsyncLocal{T}"/>, set by the scheduler around the task's function on whichever backend
/// runs it, so it also follows work the task starts itself (<c>Task.Run(() => other.Count()).Wait()</c> deadlocks the
/// same way). It costs one assignment per task attempt, nothing per record.
/// </remarks>
internal static class RunningTask
{
    private static readonly AsyncLocal<TaskContext?> current = new();

    /// <summary>The task the calling code runs in, or null outside tasks (on the driver).</summary>
    public static TaskContext? Current => current.Value;

    /// <summary>
    /// Runs <paramref name="run"/> on <paramref name="state"/> marked as the task <paramref name="context"/>; static
    /// delegates and a state argument, so that a task attempt allocates no closure for it.
    /// </summary>
    public static TResult Run<TState, TResult>(TaskContext context, TState state, Func<TState, TaskContext, TResult> run)
    {
        var outer = current.Value;
        current.Value = context;
        try
        {
            return run(state, context);
        }
        finally
        {
            current.Value = outer;
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming <paramref name="action"/> and <paramref name="rdd"/> when
    /// called from inside a task.
    /// </summary>
    public static void ThrowIfInside(string action, Rdd rdd)
    {
        if (current.Value is { } task)
        {
            throw new InvalidOperationException(
                $"{action} was called on {rdd} inside a task (job {task.JobId}, stage {task.StageId}, partition {task.PartitionId}). " +
                "Actions and jobs run on the driver only, never inside another RDD's function: for example " +
                "rdd1.Map(x => rdd2.Count() * x) is invalid, because Count cannot run inside rdd1's Map. " +
                "Run the action on the driver first and use its result in the function (see SPARK-5063).");
        }
    }
}
