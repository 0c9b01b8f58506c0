using Ember.Cluster.Blocks;
using Ember.Cluster.Control;
using Ember.Scheduling;
using Ember.Shuffle;

namespace Ember.Cluster.Scheduling;

// What a task's status from its executor does: frees its core, then completes, fails, fences or resubmits.
internal sealed partial class ClusterSchedulerBackend
{
    private void OnStatusUpdate(string executorId, StatusUpdate status)
    {
        LaunchedTask? task;
        lock (gate)
        {
            if (executors.ContainsKey(executorId))
            {
                cache.Add(executorId, status.CachedPartitions);
            }
            if (!running.Remove(status.TaskId, out task))
            {
                return;
            }
            if (executors.TryGetValue(executorId, out var executor))
            {
                executor.Free++;
            }
            Dispatch();
        }
        if (status.State != TaskState.Finished)
        {
            events.Unfinished(task.Address, executorId, task.StartedAt, status);
        }
        switch (status.State)
        {
            case TaskState.Finished:
                _ = CompleteAsync(task, executorId, status);
                break;
            case TaskState.FetchFailed:
                var failure = status.FetchFailure!.Value;
                Tracker.Unregister(failure.ShuffleId, failure.MapIndex);
                if (failure.ExecutorId.Length > 0)
                {
                    // Once one of its blocks is unreachable, trust none of them: Spark unregisters the whole executor.
                    Tracker.RemoveExecutor(failure.ExecutorId);
                }
                task.Completion.TrySetException(new ShuffleOutputMissingException(failure.ShuffleId, failure.MapIndex));
                break;
            case TaskState.Killed:
                task.Completion.TrySetCanceled();
                break;
            default:
                task.Completion.TrySetException(RemoteExceptions.Rebuild(executorId, status.ErrorType, status.ErrorMessage, status.ErrorText));
                break;
        }
    }

    /// <summary>Reads a finished task's value (fetching it when it waits on the executor) and records a map output.</summary>
    private async Task CompleteAsync(LaunchedTask task, string executorId, StatusUpdate status)
    {
        try
        {
            var result = await results.ReadAsync(status).ConfigureAwait(false);
            long shuffleBytesWritten = 0;
            if (task.Stage is ShuffleMapStageBody map)
            {
                var blockSizes = (long[])result!;
                var executor = control.Find(executorId);
                if (executor is null || !Tracker.Register(map.Shuffle.ShuffleId, task.Address.PartitionId,
                        new MapStatus(executorId, new BlockPeer(executor.Host, executor.BlockPort), blockSizes), task.LaunchEpoch))
                {
                    // Lost before (or while) its output was recorded: nobody could fetch it, so the task runs again.
                    throw new ExecutorLostException(executorId, "it was lost before its map output was registered");
                }
                shuffleBytesWritten = blockSizes.Sum();
            }
            events.Succeeded(task.Address, executorId, task.StartedAt, status, shuffleBytesWritten);
            task.Completion.TrySetResult(result);
        }
        catch (Exception error)
        {
            events.Failed(task.Address, executorId, task.StartedAt, error);
            task.Completion.TrySetException(error);
        }
    }
}
