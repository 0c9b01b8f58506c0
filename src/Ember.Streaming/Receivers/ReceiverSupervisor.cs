using Ember.Streaming.Listener;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>
/// Runs one receiver for its input stream (Spark's ReceiverSupervisor): starts it when the context starts, restarts
/// it on request after a delay on the context's clock, stops it when the context stops, hands what it stores to the
/// block generator, keeps its last error and reports its life to the listeners.
/// </summary>
/// <remarks>
/// Starting and stopping the receiver (its <c>OnStart</c>/<c>OnStop</c>) run one at a time under
/// <see cref="lifecycle"/>, and never under <see cref="gate"/>: a receiver's <c>OnStop</c> may wait for its own
/// thread, which may at that moment be calling <c>Restart</c>, <c>Stop</c> or <c>ReportError</c>. Those only take
/// <see cref="gate"/> briefly and hand the lifecycle work to another task, so they never wait for <c>OnStop</c>.
/// </remarks>
internal sealed class ReceiverSupervisor<T>
{
    private const string Location = "local";
    private readonly Receiver<T> receiver;
    private readonly DStream stream;
    private readonly StreamingContext context;
    private readonly BlockGenerator<T> blocks;
    private readonly RateLimiter? limiter;
    private readonly bool pacedStart;
    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private readonly CancellationTokenSource finished = new();
    private readonly Lock gate = new();
    private CancellationTokenSource run = new();
    private RunState state;
    private bool running;
    private bool restartPending;
    private bool stopRequested;
    private bool droppedWarned;
    private Task? stopping;
    private (string Message, string? Error, DateTimeOffset Time)? lastError;

    /// <param name="receiver">The receiver to run.</param>
    /// <param name="stream">The stream it feeds.</param>
    /// <param name="context">The context.</param>
    /// <param name="options">The stream's options, the context-wide maximum rate already applied.</param>
    /// <param name="backpressure">
    /// True when a rate controller will set the rate: the limiter then always exists, starts at the lower of the
    /// maximum and the initial rate (no limit when neither is set), and paces from the receiver's start, so that a
    /// backlog waiting at start never puts more than that rate × the batch interval into the first batch.
    /// </param>
    public ReceiverSupervisor(Receiver<T> receiver, DStream stream, StreamingContext context, ReceiverOptions options, bool backpressure = false)
    {
        this.receiver = receiver;
        this.stream = stream;
        this.context = context;
        blocks = new BlockGenerator<T>(context.TimeProvider, context.Options.BlockInterval, ReportError);
        if (backpressure)
        {
            limiter = new RateLimiter(context.TimeProvider, Lower(options.MaxRatePerSecond, context.Options.BackpressureInitialRate));
            pacedStart = true;
        }
        else
        {
            limiter = options.MaxRatePerSecond is { } rate ? new RateLimiter(context.TimeProvider, rate) : null;
        }
        receiver.Attach(this);
    }

    private enum RunState
    {
        Initialized,
        Started,
        Stopped,
    }

    public int StreamId => stream.Id;

    public TimeProvider Clock => context.TimeProvider;

    public BlockGenerator<T> Blocks => blocks;

    /// <summary>The metadata of the last block stored with some, possibly restored from the write-ahead log.</summary>
    public StoredMetadata? LastMetadata => blocks.LastMetadata;

    /// <summary>The serializer logged metadata is read back with.</summary>
    public Ember.Serialization.ISerializer Serializer => context.EmberContext.Serializer;

    /// <summary>The limiter <c>Store</c> waits on; null when the stream has neither a maximum rate nor backpressure.</summary>
    public RateLimiter? Limiter => limiter;

    public bool IsStarted
    {
        get
        {
            lock (gate)
            {
                return state == RunState.Started;
            }
        }
    }

    public bool IsStopped
    {
        get
        {
            lock (gate)
            {
                return state == RunState.Stopped;
            }
        }
    }

    public CancellationToken StoppingToken
    {
        get
        {
            lock (gate)
            {
                return run.Token;
            }
        }
    }

    /// <summary>The receiver's name in listener events: the stream's name, else the receiver's type name.</summary>
    private string Name
    {
        get
        {
            if (stream.Name is { } name)
            {
                return name;
            }
            var type = receiver.GetType().Name;
            var arity = type.IndexOf('`', StringComparison.Ordinal);
            return arity < 0 ? type : type[..arity];
        }
    }

    /// <summary>Starts the block generator, then the receiver; called by the context's <c>Start</c>, so it must not block.</summary>
    public void Start()
    {
        lifecycle.Wait();
        try
        {
            blocks.Start();
            if (pacedStart)
            {
                limiter?.Pace();
            }
            StartReceiver();
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the receiver for good and cuts the last block: once this completes, every record stored is in a block
    /// waiting for a batch (the context's graceful stop relies on it).
    /// </summary>
    public Task StopAsync()
    {
        Task task;
        CancellationTokenSource current;
        lock (gate)
        {
            stopRequested = true;
            state = RunState.Stopped;
            current = run;
            task = stopping ??= Task.Run(() => StopForGoodAsync("Stopped by the streaming context", null));
        }
        finished.Cancel();
        current.Cancel();
        return task;
    }

    public void Store(T item)
    {
        limiter?.Acquire(1, StoppingToken);
        if (!blocks.TryAdd(item))
        {
            Dropped(1);
        }
    }

    public void Store(IEnumerable<T> items, object? metadata)
    {
        T[] records = [.. items];
        if (records.Length == 0)
        {
            return;
        }
        limiter?.Acquire(records.Length, StoppingToken);
        if (!blocks.TryAddBlock(records, metadata))
        {
            Dropped(records.Length);
        }
    }

    public void Restart(string message, Exception? error, TimeSpan? delay)
    {
        var wait = delay ?? context.Options.ReceiverRestartDelay;
        CancellationTokenSource? current = null;
        string? ignored = null;
        lock (gate)
        {
            if (stopRequested || restartPending || state != RunState.Started)
            {
                ignored = restartPending ? "a restart is pending" : "it is not running";
            }
            else
            {
                restartPending = true;
                state = RunState.Stopped;
                current = run;
                RecordError(message, error);
            }
        }
        if (current is null)
        {
            context.Logger.LogDebug("Restart of receiver {Name} (stream {StreamId}) ignored: {Reason}", Name, StreamId, ignored);
            return;
        }
        context.Logger.LogWarning(error, "Restarting receiver {Name} (stream {StreamId}) in {Delay}: {Message}", Name, StreamId, Durations.Format(wait), message);
        // The delay is armed now, on the caller's thread, so that whoever asked for the restart (often a test with a
        // fake clock) can advance the clock as soon as Restart returns.
        var delayed = Task.Delay(wait, Clock, finished.Token);
        current.Cancel();
        _ = Task.Run(() => RestartAsync(message, delayed));
    }

    public void ReportError(string message, Exception? error)
    {
        ReceiverInfo info;
        lock (gate)
        {
            RecordError(message, error);
            info = Info(active: state == RunState.Started);
        }
        context.Logger.LogWarning(error, "Receiver {Name} (stream {StreamId}) reported an error: {Message}", Name, StreamId, message);
        context.PostToListeners(listener => listener.OnReceiverError(info));
    }

    public void Stop(string message, Exception? error)
    {
        CancellationTokenSource current;
        lock (gate)
        {
            if (stopRequested)
            {
                return;
            }
            stopRequested = true;
            state = RunState.Stopped;
            current = run;
            stopping = Task.Run(() => StopForGoodAsync(message, error));
        }
        finished.Cancel();
        current.Cancel();
    }

    /// <summary>Runs the receiver's <c>OnStart</c>; the caller holds <see cref="lifecycle"/>.</summary>
    private void StartReceiver()
    {
        ReceiverInfo info;
        lock (gate)
        {
            if (stopRequested)
            {
                return;
            }
            if (run.IsCancellationRequested)
            {
                run = new CancellationTokenSource();
            }
            state = RunState.Started;
            running = true;
            info = Info(active: true);
        }
        context.PostToListeners(listener => listener.OnReceiverStarted(info));
        try
        {
            receiver.InvokeStart();
            context.Logger.LogInformation("Receiver {Name} started for stream {StreamId}", Name, StreamId);
        }
        catch (Exception error)
        {
            CancellationTokenSource current;
            lock (gate)
            {
                stopRequested = true;
                state = RunState.Stopped;
                current = run;
            }
            finished.Cancel();
            current.Cancel();
            StopReceiver($"Error starting receiver {Name} of stream {StreamId}", error);
            blocks.Stop();
        }
    }

    /// <summary>Runs the receiver's <c>OnStop</c> if it is running; the caller holds <see cref="lifecycle"/>.</summary>
    private void StopReceiver(string message, Exception? error)
    {
        lock (gate)
        {
            if (!running)
            {
                return;
            }
            running = false;
        }
        try
        {
            receiver.InvokeStop();
        }
        catch (Exception stopError)
        {
            context.Logger.LogError(stopError, "Receiver {Name} (stream {StreamId}) failed in OnStop", Name, StreamId);
        }
        ReceiverInfo info;
        lock (gate)
        {
            if (error is not null)
            {
                RecordError(message, error);
            }
            info = Info(active: false);
        }
        context.Logger.LogInformation(error, "Receiver {Name} of stream {StreamId} stopped: {Message}", Name, StreamId, message);
        context.PostToListeners(listener => listener.OnReceiverStopped(info));
    }

    private async Task RestartAsync(string message, Task delayed)
    {
        try
        {
            await lifecycle.WaitAsync().ConfigureAwait(false);
            try
            {
                // The error was recorded (and logged) by Restart itself.
                StopReceiver($"Restarting: {message}", error: null);
            }
            finally
            {
                lifecycle.Release();
            }
            try
            {
                // Yield so that OnStart never runs inside the clock's timer callback (a fake clock's Advance).
                await delayed.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await lifecycle.WaitAsync().ConfigureAwait(false);
            try
            {
                lock (gate)
                {
                    restartPending = false;
                }
                StartReceiver();
            }
            finally
            {
                lifecycle.Release();
            }
        }
        catch (Exception unexpected)
        {
            context.Logger.LogError(unexpected, "Restarting receiver {Name} (stream {StreamId}) failed", Name, StreamId);
        }
        finally
        {
            lock (gate)
            {
                restartPending = false;
            }
        }
    }

    private async Task StopForGoodAsync(string message, Exception? error)
    {
        await lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            StopReceiver(message, error);
            blocks.Stop();
        }
        finally
        {
            lifecycle.Release();
        }
    }

    private void Dropped(int records)
    {
        lock (gate)
        {
            if (droppedWarned)
            {
                return;
            }
            droppedWarned = true;
        }
        context.Logger.LogWarning(
            "Receiver {Name} (stream {StreamId}) stored {Records} record(s) after it stopped; they are dropped (further drops are not logged)",
            Name, StreamId, records);
    }

    private static long? Lower(long? left, long? right) =>
        left is { } a && right is { } b ? Math.Min(a, b) : left ?? right;

    private void RecordError(string message, Exception? error) => lastError = (message, error?.ToString(), Clock.GetUtcNow());

    private ReceiverInfo Info(bool active) =>
        new(StreamId, Name, active, Location, lastError?.Message, lastError?.Error, lastError?.Time);
}
