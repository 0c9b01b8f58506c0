using Ember.Listener;

namespace Ember.UI.Progress;

/// <summary>
/// Gathers the batch engine's executor and task events into per-executor totals for the Executors page and
/// <c>/api/v1/applications/{id}/executors</c> (Spark's AppStatusListener, executors only). Events arrive on the
/// context's listener thread and pages read snapshots on request threads, hence the lock. Removed executors are kept,
/// the newest <c>retainedDeadExecutors</c> of them (Spark's <c>spark.ui.retainedDeadExecutors</c>).
/// </summary>
internal sealed class ExecutorsListener(int retainedDeadExecutors = ExecutorsListener.DefaultRetainedDeadExecutors) : IEmberListener
{
    public const int DefaultRetainedDeadExecutors = 100;

    private readonly Lock gate = new();
    private readonly Dictionary<string, ExecutorSnapshot> executors = [];
    private readonly Queue<string> dead = new();

    public void OnExecutorAdded(ExecutorInfo executor)
    {
        lock (gate)
        {
            // An id seen again is a new executor (a restarted one): its totals start over.
            executors[executor.ExecutorId] = new ExecutorSnapshot(executor.ExecutorId, executor.HostPort, executor.TotalCores, executor.AddTime,
                null, null, 0, 0, 0, 0, TimeSpan.Zero, 0, 0);
        }
    }

    public void OnExecutorRemoved(ExecutorRemovedInfo removed)
    {
        lock (gate)
        {
            if (!executors.TryGetValue(removed.ExecutorId, out var executor))
            {
                return;
            }
            executors[removed.ExecutorId] = executor with { RemoveTime = removed.RemoveTime, RemoveReason = removed.Reason, ActiveTasks = 0 };
            dead.Enqueue(removed.ExecutorId);
            while (dead.Count > retainedDeadExecutors)
            {
                var oldest = dead.Dequeue();
                if (executors.TryGetValue(oldest, out var forgotten) && !forgotten.IsActive)
                {
                    executors.Remove(oldest);
                }
            }
        }
    }

    public void OnTaskStart(TaskStartInfo task) => Update(task.ExecutorId, executor => executor with { ActiveTasks = executor.ActiveTasks + 1 });

    public void OnTaskEnd(TaskEndInfo task) => Update(task.ExecutorId, executor => executor with
    {
        ActiveTasks = Math.Max(0, executor.ActiveTasks - 1),
        CompletedTasks = executor.CompletedTasks + (task.Status == TaskEndStatus.Succeeded ? 1 : 0),
        FailedTasks = executor.FailedTasks + (task.Status == TaskEndStatus.Failed ? 1 : 0),
        TotalTasks = executor.TotalTasks + 1,
        TotalDuration = executor.TotalDuration + task.Duration,
        TotalShuffleRead = executor.TotalShuffleRead + task.ShuffleBytesRead,
        TotalShuffleWrite = executor.TotalShuffleWrite + task.ShuffleBytesWritten,
    });

    /// <summary>The executors known now, active and retained dead ones, in the order they were added.</summary>
    public IReadOnlyList<ExecutorSnapshot> Snapshot()
    {
        lock (gate)
        {
            return [.. executors.Values.OrderBy(executor => executor.AddTime).ThenBy(executor => executor.Id, StringComparer.Ordinal)];
        }
    }

    private void Update(string executorId, Func<ExecutorSnapshot, ExecutorSnapshot> change)
    {
        lock (gate)
        {
            // A task of an executor removed meanwhile changes nothing: its end was counted when it was lost.
            if (executors.TryGetValue(executorId, out var executor) && executor.IsActive)
            {
                executors[executorId] = change(executor);
            }
        }
    }
}
