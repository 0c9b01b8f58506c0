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

    /// <summary>
    /// Where the tasks' messages to the driver go: set once, before the first task, to a sender usable from any thread
    /// (it throws <see cref="ControlMessageTooLargeException"/> for a message too big for a control message).
    /// </summary>
    Action<TaskMessage>? ToDriver
    {
        set { }
    }

    /// <summary>Hands the driver's message to the tasks running here.</summary>
    void OnDriverMessage(DriverMessage message)
    {
    }

    /// <summary>Stops a running task (whose status should then be <see cref="TaskState.Killed"/>); ignores unknown ids.</summary>
    void KillTask(long taskId);

    /// <summary>Drops a shuffle's map outputs held by this executor.</summary>
    void RemoveShuffle(int shuffleId);

    /// <summary>Drops an RDD's cached partitions held by this executor.</summary>
    void RemoveRdd(int rddId);
}
