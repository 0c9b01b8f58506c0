namespace Ember.Scheduling;

/// <summary>Runs task attempts on workers. The local backend uses threads of this process; a cluster backend, executors.</summary>
internal interface ISchedulerBackend : IDisposable
{
    /// <summary>How many tasks can run at once.</summary>
    int Parallelism { get; }

    /// <summary>
    /// Queues <paramref name="work"/> for the task at <paramref name="address"/> and completes with its result or
    /// exception. An attempt still queued when <paramref name="cancellationToken"/> fires is dropped as cancelled.
    /// </summary>
    Task<TResult> LaunchAsync<TResult>(TaskAddress address, Func<TResult> work, CancellationToken cancellationToken);
}
