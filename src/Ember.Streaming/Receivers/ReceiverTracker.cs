using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>
/// The driver's side of a receiver that runs on an executor (Spark's ReceiverTracker, for one stream): launches the
/// receiver's job preferring one executor (receivers spread over the live executors, one each where possible),
/// launches it again, on any live executor, when it ends before the stream stopped (its executor was lost, or it
/// failed), collects the blocks the receiver reports until batches take them, and stops it.
/// </summary>
/// <remarks>
/// A lost executor fails the receiver's task, which the scheduler retries on another executor at once; once the
/// job fails for good, it is launched again after the restart delay. Blocks reported by an executor that is then
/// lost stay in the list: each has a copy on a second executor (replicated before it was reported), read instead; a
/// block whose copies were all lost fails the task that reads it (Spark's "Could not compute split, block not found").
/// </remarks>
internal sealed class ReceiverTracker<T>
{
    /// <summary>How long a stop waits for the receiver to store and report its last blocks before its task is killed.</summary>
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly StreamingContext context;
    private readonly DStream stream;
    private readonly Receiver<T> receiver;
    private readonly ReceiverOptions options;
    private readonly bool backpressure;
    private readonly Lock gate = new();
    private readonly List<ReceivedBlockReport> reported = [];
    private readonly CancellationTokenSource killed = new();
    private Task? running;
    private bool stopping;
    private long? rate;
    private string[] peers = [];
    private ReceiverLogSettings? log;
    private long reportedUntil;

    public ReceiverTracker(StreamingContext context, DStream stream, Receiver<T> receiver, ReceiverOptions options, bool backpressure)
    {
        this.context = context;
        this.stream = stream;
        this.receiver = receiver;
        this.options = options;
        this.backpressure = backpressure;
    }

    /// <summary>True while blocks were reported that no batch took yet.</summary>
    public bool HasPendingData
    {
        get
        {
            lock (gate)
            {
                return reported.Count > 0;
            }
        }
    }

    /// <summary>
    /// Hands over every block reported and not taken yet, in the order the receiver stored them; tells the receiver
    /// where the executors are when they changed since (a batch is a cheap, regular moment to look).
    /// </summary>
    public ReceivedBlockReport[] TakeAll()
    {
        string[] current = [.. context.EmberContext.InputBlockLocations];
        bool changed;
        ReceivedBlockReport[] taken;
        lock (gate)
        {
            changed = !current.SequenceEqual(peers);
            peers = current;
            taken = [.. reported];
            reported.Clear();
        }
        if (changed)
        {
            context.EmberContext.SendToExecutors(new ReceiverPeers(stream.Id, current));
        }
        return taken;
    }

    /// <summary>With the write-ahead log: the first log sequence number not reported yet (every later report is newer).</summary>
    public long ReportedUntil
    {
        get
        {
            lock (gate)
            {
                return reportedUntil;
            }
        }
    }

    /// <summary>Makes the receiver write every block to the stream's log before reporting it; called before <see cref="Start"/>.</summary>
    public void UseLog(ReceiverLogSettings settings)
    {
        lock (gate)
        {
            log = settings;
            reportedUntil = settings.ReportedUntil;
        }
    }

    /// <summary>A message from the receiver's task (on the control plane's thread: quick).</summary>
    public void OnReport(IReceiverReport report)
    {
        switch (report)
        {
            case ReceivedBlockReport block:
                lock (gate)
                {
                    if (block.Sequence is { } sequence)
                    {
                        // A receiver started again reports the logged blocks from where it was launched: drop those known.
                        if (sequence < reportedUntil)
                        {
                            break;
                        }
                        reportedUntil = sequence + 1;
                    }
                    reported.Add(block);
                }
                break;
            case ReceiverEventReport { Kind: var kind, Info: var info }:
                ReceiverHost.Deliver(context, kind, info);
                long? current;
                lock (gate)
                {
                    current = rate;
                }
                if (kind == ReceiverEventKind.Started && current is { } resent)
                {
                    // A receiver started again elsewhere starts from the rate it was launched with; backpressure's is newer.
                    context.EmberContext.SendToExecutors(new ReceiverRateUpdate(stream.Id, resent));
                }
                break;
        }
    }

    /// <summary>Sets the receiver's rate (backpressure), now and after each restart.</summary>
    public void SetRate(long ratePerSecond)
    {
        lock (gate)
        {
            rate = ratePerSecond;
        }
        context.EmberContext.SendToExecutors(new ReceiverRateUpdate(stream.Id, ratePerSecond));
    }

    /// <summary>Launches the receiver's job; returns at once.</summary>
    public void Start() => running = Task.Run(RunAsync);

    /// <summary>
    /// Stops the receiver for good: once this completes, every block it stored was reported (unless it did not stop
    /// within <see cref="StopTimeout"/>: then its task is killed).
    /// </summary>
    public async Task StopAsync()
    {
        lock (gate)
        {
            stopping = true;
        }
        if (running is not { } job)
        {
            return;
        }
        context.EmberContext.SendToExecutors(new StopReceiver(stream.Id));
        try
        {
            await job.WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            context.Logger.LogWarning("{Stream}: the receiver did not stop within {Timeout}; its task is killed", stream, StopTimeout);
            await killed.CancelAsync().ConfigureAwait(false);
            await job.ConfigureAwait(false);
        }
    }

    private bool Stopping
    {
        get
        {
            lock (gate)
            {
                return stopping;
            }
        }
    }

    private async Task RunAsync()
    {
        while (!Stopping)
        {
            var preferred = Placement();
            var rdd = new ReceiverRdd<T>(context.EmberContext, receiver, Settings(), preferred);
            try
            {
                var blocks = await context.EmberContext.RunJobAsync(rdd, (_, counts) => counts.Sum(), cancellationToken: killed.Token).ConfigureAwait(false);
                if (!Stopping)
                {
                    context.Logger.LogWarning("{Stream}: the receiver's job ended after {Blocks} block(s) while the stream runs; launched again", stream, blocks.Sum());
                }
            }
            catch (Exception error) when (error is ObjectDisposedException || (Stopping && error is OperationCanceledException))
            {
                // Stopped, or the engine itself was (there is nothing left to launch on).
                return;
            }
            catch (Exception error)
            {
                if (Stopping)
                {
                    return;
                }
                context.Logger.LogWarning(error, "{Stream}: the receiver's job failed; launched again on a live executor in {Delay}", stream,
                    context.Options.ReceiverRestartDelay);
                try
                {
                    await Task.Delay(context.Options.ReceiverRestartDelay, killed.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Spreads receivers over the live executors (Spark's round robin of ReceiverSchedulingPolicy): the n-th receiver
    /// stream of the graph prefers the n-th executor, wrapping around.
    /// </summary>
    private string? Placement()
    {
        var executors = context.EmberContext.ExecutorIds;
        if (executors.Count == 0)
        {
            return null;
        }
        var receivers = context.Graph.Inputs.Select(input => input.Stream).Where(input => input is IReceiverStream).ToList();
        var index = Math.Max(0, receivers.IndexOf(stream));
        return executors[index % executors.Count];
    }

    private ReceiverTaskSettings Settings() => new(stream.Id, ReceiverHost.NameOf(stream.Name, receiver.GetType()), context.Options.BlockInterval,
        context.Options.ReceiverRestartDelay, options.MaxRatePerSecond, backpressure, context.Options.BackpressureInitialRate,
        [.. context.EmberContext.InputBlockLocations], LogSettings());

    private ReceiverLogSettings? LogSettings()
    {
        lock (gate)
        {
            return log is null ? null : log with { ReportedUntil = reportedUntil };
        }
    }
}

/// <summary>Marks a receiver's input stream (placement counts them).</summary>
internal interface IReceiverStream
{
    /// <summary>Hands a message of the stream's receiver on an executor to the stream.</summary>
    void OnReceiverReport(IReceiverReport report);
}
