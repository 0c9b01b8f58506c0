using System.Collections.Concurrent;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Testing;

/// <summary>
/// One run of a job under <see cref="StreamingTestDriver"/> (the first start, or a restart): its context, and what
/// the listener bus told of its batches. Every wait ends on an event (a batch completed, the context terminated) or
/// fails at the safety net; none polls or sleeps.
/// </summary>
internal sealed class TestRun(StreamingTestGraph graph, TimeSpan safetyNet) : IStreamingListener
{
    private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> completions = new();
    private readonly ConcurrentQueue<Time> submitted = new();
    private Task termination = Task.CompletedTask;

    public StreamingContext Context => graph.Context;

    /// <summary>Faulted with the job's error once a batch failed; completed once the context stopped.</summary>
    public Task Termination => termination;

    /// <summary>
    /// Starts the context and waits for the batches it generates at once (after a recovery: the batches its
    /// checkpoint replays and those missed while the job was down), returning their times in order.
    /// </summary>
    public async Task<IReadOnlyList<Time>> StartAsync(CancellationToken cancellationToken)
    {
        Context.AddStreamingListener(this);
        termination = Context.AwaitTerminationAsync();
        Context.Start();
        // Start generates a recovery's batches before it returns, and their submissions were posted to the bus before
        // this marker: once the marker arrives, every batch of the start is known.
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Context.PostToListeners(listener =>
        {
            if (ReferenceEquals(listener, this))
            {
                marker.TrySetResult();
            }
        });
        await Bounded(marker.Task, "the batches generated at the start to be submitted", cancellationToken).ConfigureAwait(false);
        var times = submitted.ToList();
        foreach (var time in times)
        {
            await WaitForBatchAsync(time, cancellationToken).ConfigureAwait(false);
        }
        return times;
    }

    /// <summary>
    /// Waits until the batch of <paramref name="time"/> ended. Throws the job's <see cref="StreamingJobException"/>
    /// when the batch (or anything before it) failed, and <see cref="InvalidOperationException"/> when the context
    /// stopped first.
    /// </summary>
    public async Task<BatchInfo> WaitForBatchAsync(Time time, CancellationToken cancellationToken)
    {
        var done = Completion(time).Task;
        await Bounded(Task.WhenAny(done, termination), $"batch {time} to complete", cancellationToken).ConfigureAwait(false);
        // A failing output reports the error before its batch's completion is posted: a faulted termination is seen here.
        if (termination.IsFaulted)
        {
            await termination.ConfigureAwait(false);
        }
        if (!done.IsCompleted)
        {
            throw new InvalidOperationException($"The streaming context stopped before batch {time} completed.");
        }
        return await done.ConfigureAwait(false);
    }

    /// <summary>Waits for <paramref name="task"/> at most the safety net, failing with a message saying what was awaited.</summary>
    public async Task Bounded(Task task, string what, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(safetyNet, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException(
                $"Waited {safetyNet} of real time for {what}. StreamingTestOptions.BatchTimeout is a safety net against hangs, " +
                "not a clock (batches follow the fake clock): a task or an output operation is probably blocked.", error);
        }
    }

    void IStreamingListener.OnBatchSubmitted(BatchInfo batch) => submitted.Enqueue(batch.BatchTime);

    void IStreamingListener.OnBatchCompleted(BatchInfo batch)
    {
        foreach (var (output, operationId) in graph.Outputs)
        {
            output.BatchCompleted(batch, operationId);
        }
        Completion(batch.BatchTime).TrySetResult(batch);
    }

    private TaskCompletionSource<BatchInfo> Completion(Time time) =>
        completions.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));
}
