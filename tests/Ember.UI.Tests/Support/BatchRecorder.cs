using System.Collections.Concurrent;
using Ember.Streaming.Listener;

namespace Ember.UI.Tests.Support;

/// <summary>Records the batches and checkpoints a job reports, and lets a test await them instead of sleeping.</summary>
public sealed class BatchRecorder : IStreamingListener
{
    private readonly ConcurrentDictionary<long, BatchInfo> completed = new();
    private readonly Lock gate = new();
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> waiters = [];
    private CheckpointInfo? lastCheckpoint;

    public IReadOnlyDictionary<long, BatchInfo> Completed => completed;

    public CheckpointInfo? LastCheckpoint => Volatile.Read(ref lastCheckpoint);

    public void OnBatchCompleted(BatchInfo batch)
    {
        completed[batch.BatchTime.Milliseconds] = batch;
        Signal();
    }

    public void OnCheckpointWritten(CheckpointInfo checkpoint)
    {
        Volatile.Write(ref lastCheckpoint, checkpoint);
        Signal();
    }

    /// <summary>Completes once <paramref name="count"/> batches completed after this call (or fails after the timeout).</summary>
    public Task WaitForMoreBatchesAsync(int count, TimeSpan? timeout = null)
    {
        var target = completed.Count + count;
        return WaitForAsync(() => completed.Count >= target, timeout);
    }

    /// <summary>
    /// The batch of <paramref name="time"/> once recorded: the UI's listener is added first and may be one event ahead,
    /// so what the UI shows is awaited here, never assumed already recorded.
    /// </summary>
    public async Task<BatchInfo> BatchAsync(long time)
    {
        await WaitForAsync(() => completed.ContainsKey(time));
        return completed[time];
    }

    public Task WaitForAsync(Func<bool> done, TimeSpan? timeout = null)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiters.Add((done, signal));
        }
        Signal();
        return signal.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    private void Signal()
    {
        lock (gate)
        {
            foreach (var waiter in waiters.Where(waiter => waiter.Done()).ToList())
            {
                waiter.Signal.TrySetResult();
                waiters.Remove(waiter);
            }
        }
    }
}
