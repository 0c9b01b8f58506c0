namespace Ember.Cluster.Scheduling;

/// <summary>
/// A task's executor was lost while the task ran (Spark's ExecutorLostFailure): the scheduler retries the task on
/// another executor.
/// </summary>
internal sealed class ExecutorLostException(string executorId, string reason)
    : Exception($"Executor {executorId} was lost while running the task: {reason}")
{
    public string ExecutorId { get; } = executorId;
}
