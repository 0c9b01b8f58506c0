using System.Diagnostics;
using Ember.Cluster.Control;
using Ember.Listener;
using Ember.Scheduling;
using ListenedExecutor = Ember.Listener.ExecutorInfo;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// Turns the cluster backend's bookkeeping into the context's listener events: executors added and removed (with the
/// removal's kind and message), task starts, and task ends with the executor that ran them and their shuffle bytes.
/// Each call is one post to the bus (a short lock), so the backend may call it under its own lock; task events are not
/// even built while nobody listens.
/// </summary>
internal sealed class TaskEvents(ListenerBus bus)
{
    public void ExecutorAdded(Control.ExecutorInfo executor) =>
        bus.PostExecutorAdded(new ListenedExecutor(executor.ExecutorId, executor.Host, executor.BlockPort, executor.Cores, DateTimeOffset.UtcNow));

    public void ExecutorRemoved(ExecutorRemoved removed) =>
        bus.PostExecutorRemoved(new ExecutorRemovedInfo(removed.ExecutorId, DateTimeOffset.UtcNow, $"{removed.Reason}: {removed.Message}"));

    /// <summary>Posts the start of <paramref name="address"/> on <paramref name="executorId"/>, returning when it started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Started(TaskAddress address, string executorId)
    {
        if (bus.IsListened)
        {
            bus.PostTaskStart(new TaskStartInfo(address.JobId, address.StageId, address.PartitionId, address.Attempt, executorId, DateTimeOffset.UtcNow));
        }
        return Stopwatch.GetTimestamp();
    }

    /// <summary>A task whose value was read; a map task's shuffle bytes written are the block sizes of its map status.</summary>
    public void Succeeded(TaskAddress address, string executorId, long startedAt, StatusUpdate status, long shuffleBytesWritten) =>
        Ended(address, executorId, startedAt, TaskEndStatus.Succeeded, status.ShuffleBytesRead, shuffleBytesWritten, null);

    /// <summary>A task that did not finish on its executor: failed there, failed to fetch a shuffle output, or killed.</summary>
    public void Unfinished(TaskAddress address, string executorId, long startedAt, StatusUpdate status) =>
        Ended(address, executorId, startedAt, status.State == TaskState.Killed ? TaskEndStatus.Killed : TaskEndStatus.Failed, status.ShuffleBytesRead, 0,
            status.FetchFailure is { } fetch
                ? $"FetchFailed: shuffle {fetch.ShuffleId} map {fetch.MapIndex} reduce {fetch.ReduceId} from executor {fetch.ExecutorId}"
                : status.State == TaskState.Killed ? "Killed" : $"{status.ErrorType?.Split(',')[0] ?? "Failed"}: {status.ErrorMessage}");

    /// <summary>A task that finished on its executor but whose value could not be read or registered.</summary>
    public void Failed(TaskAddress address, string executorId, long startedAt, Exception error) =>
        Ended(address, executorId, startedAt, TaskEndStatus.Failed, 0, 0, $"{error.GetType().FullName}: {error.Message}");

    private void Ended(TaskAddress address, string executorId, long startedAt, TaskEndStatus status, long read, long written, string? reason)
    {
        if (bus.IsListened)
        {
            bus.PostTaskEnd(new TaskEndInfo(address.JobId, address.StageId, address.PartitionId, address.Attempt, executorId, status,
                Stopwatch.GetElapsedTime(startedAt), read, written, reason));
        }
    }
}
