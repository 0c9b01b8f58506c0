using Ember.Cluster.Control;

namespace Ember.Cluster.Processes;

/// <summary>
/// The executor's handler while no task runner is plugged in: every task fails at once with an error that says so
/// (the driver's scheduler sees an ordinary task failure), and there is nothing cached to remove.
/// </summary>
internal sealed class NoTaskRunner : IExecutorHandler
{
    public void LaunchTask(LaunchTask task, Action<StatusUpdate> reply) =>
        reply(new StatusUpdate(task.TaskId, TaskState.Failed, errorType: nameof(NotSupportedException),
            errorText: $"This executor has no task runner: task {task.TaskId} (stage {task.StageId}.{task.StageAttempt}, " +
                       $"partition {task.PartitionId}) was not run."));

    public void KillTask(long taskId)
    {
        // Nothing runs here, so there is nothing to kill.
    }

    public void RemoveShuffle(int shuffleId)
    {
        // No map outputs are kept without a task runner.
    }

    public void RemoveRdd(int rddId)
    {
        // No partitions are cached without a task runner.
    }
}
