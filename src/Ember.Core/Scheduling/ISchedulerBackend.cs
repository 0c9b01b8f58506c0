namespace Ember.Scheduling;

/// <summary>Runs task attempts on workers. The local backend uses threads of this process; a cluster backend, executors.</summary>
internal interface ISchedulerBackend : IDisposable
{
    /// <summary>How many tasks can run at once.</summary>
    int Parallelism { get; }

    /// <summary>The executors alive now, by id, sorted ordinally; the local backend's one is <c>driver</c>.</summary>
    IReadOnlyList<string> ExecutorIds { get; }

    /// <summary>
    /// Runs the task at <paramref name="address"/> of <paramref name="stage"/> on a worker and completes with what
    /// <see cref="StageBody.Run"/> returned there, or its exception. An attempt still queued when
    /// <paramref name="cancellationToken"/> fires is dropped as cancelled.
    /// </summary>
    Task<object?> LaunchAsync(TaskAddress address, StageBody stage, CancellationToken cancellationToken);

    /// <summary>Where the live executors serve shared input blocks (their block services' addresses); none without executors.</summary>
    IReadOnlyList<string> InputBlockLocations => [];

    /// <summary>Sends a plain-data message to every live executor (see <c>EmberContext.SendToExecutors</c>); nothing without executors.</summary>
    void SendToExecutors(object message)
    {
    }
}
