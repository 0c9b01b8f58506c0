using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// Runs checkpoint writes one at a time, in the order they were asked for, on one background task: batch generation
/// only queues its manifest and never waits for the disk, nor for a state snapshot being written before it.
/// Bounded: a manifest write asked for while another is still queued joins it (manifests are built when written, so the
/// one written covers both), and snapshots are queued only by batch completions, which wait for them. Work reports its
/// own failures; the task a caller gets always completes without an exception.
/// </summary>
internal sealed class CheckpointWriter(ILogger logger)
{
    private readonly Channel<Work> queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource abandon = new();
    private readonly Lock gate = new();
    private Work? queuedManifest;
    private Task? loop;

    public void Start() => loop ??= Task.Run(RunAsync);

    /// <summary>Queues <paramref name="write"/>; the task completes once it ran (or was abandoned by a stop).</summary>
    public Task Enqueue(Func<CancellationToken, Task> write) => Add(new Work(write));

    /// <summary>
    /// Queues a manifest write, or joins the one already queued and not yet started: <paramref name="write"/> builds the
    /// manifest from the checkpoint's state when it runs, which then includes whatever the joined requests recorded.
    /// </summary>
    public Task EnqueueManifest(Func<CancellationToken, Task> write)
    {
        lock (gate)
        {
            if (queuedManifest is { } queued)
            {
                return queued.Done.Task;
            }
            var work = new Work(write);
            queuedManifest = work;
            return Add(work);
        }
    }

    /// <summary>
    /// Runs what is queued, then ends. When <paramref name="cancellationToken"/> fires first, the write in progress is
    /// cancelled and the rest abandoned: the next run recovers from the newest checkpoint written.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        if (loop is null)
        {
            return;
        }
        try
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await abandon.CancelAsync().ConfigureAwait(false);
            logger.LogWarning("Checkpoint writes still queued when the stop timed out were abandoned");
            await loop.ConfigureAwait(false);
        }
    }

    private Task Add(Work work)
    {
        if (!queue.Writer.TryWrite(work))
        {
            // Asked for after the stop (a batch cancelled as the context stopped): nothing is written any more.
            work.Done.TrySetResult();
        }
        return work.Done.Task;
    }

    private async Task RunAsync()
    {
        await foreach (var work in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            lock (gate)
            {
                // Started: a later request must queue a write of its own, built after whatever it recorded.
                if (queuedManifest == work)
                {
                    queuedManifest = null;
                }
            }
            try
            {
                if (!abandon.IsCancellationRequested)
                {
                    await work.Write(abandon.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                // Writes report their own I/O failures; this is a bug or a cancelled stop, and must not end the loop.
                logger.LogError(error, "Checkpoint write failed unexpectedly");
            }
            finally
            {
                work.Done.TrySetResult();
            }
        }
    }

    private sealed class Work(Func<CancellationToken, Task> write)
    {
        public Func<CancellationToken, Task> Write { get; } = write;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
