namespace Ember.Cluster.Control;

/// <summary>
/// What an executor does with the driver's requests: the task runner and block store plug in here.
/// </summary>
/// <remarks>
/// Every method is called on an Akka dispatcher thread, one call at a time: it must return at once and hand real work
/// to the executor's own task threads (pitfall 5: Akka's heartbeats share the .NET ThreadPool, and a starved pool
/// makes a healthy executor look unreachable).
/// </remarks>
internal interface IExecutorHandler
{
    /// <summary>
    /// Starts a task. <paramref name="reply"/> sends its status to the driver, from any thread, once; it throws
    /// <see cref="ControlMessageTooLargeException"/> for a status too big for a control message.
    /// </summary>
    void LaunchTask(LaunchTask task, Action<StatusUpdate> reply);

    /// <summary>Stops a running task (whose status should then be <see cref="TaskState.Killed"/>); ignores unknown ids.</summary>
    void KillTask(long taskId);

    /// <summary>Drops a shuffle's map outputs held by this executor.</summary>
    void RemoveShuffle(int shuffleId);

    /// <summary>Drops an RDD's cached partitions held by this executor.</summary>
    void RemoveRdd(int rddId);
}
