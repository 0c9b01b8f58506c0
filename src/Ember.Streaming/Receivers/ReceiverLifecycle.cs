namespace Ember.Streaming.Receivers;

/// <summary>
/// Starts, restarts and stops one receiver (the lifecycle half of Spark's ReceiverSupervisor): runs its
/// <c>OnStart</c> when the context starts, its <c>OnStop</c> then <c>OnStart</c> again after a delay on the context's
/// clock when it asks for a restart, and its <c>OnStop</c> once for good when it or the context stops it. Each run of
/// the receiver gets its own <see cref="StoppingToken"/>.
/// </summary>
/// <remarks>
/// Starting and stopping the receiver (<c>start</c>/<c>stop</c>) run one at a time under <see cref="lifecycle"/>, and
/// never under <see cref="gate"/>: a receiver's <c>OnStop</c> may wait for its own thread, which may at that moment be
/// calling <c>Restart</c>, <c>Stop</c> or <c>ReportError</c>. Those only take <see cref="gate"/> briefly and hand the
/// lifecycle work to another task, so they never wait for <c>OnStop</c>.
/// </remarks>
/// <param name="start">Runs the receiver's <c>OnStart</c>.</param>
/// <param name="stop">Runs the receiver's <c>OnStop</c>.</param>
/// <param name="stoppedForGood">Runs once the receiver stopped for good, under the lifecycle lock (the last cut of its records).</param>
/// <param name="reporter">Tells the log and listeners.</param>
/// <param name="clock">The context's clock, on which restart delays are counted.</param>
internal sealed class ReceiverLifecycle(Action start, Action stop, Action stoppedForGood, ReceiverReporter reporter, TimeProvider clock)
{
    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private readonly CancellationTokenSource finished = new();
    private readonly Lock gate = new();
    private CancellationTokenSource run = new();
    private RunState state;
    private bool running;
    private bool restartPending;
    private bool stopRequested;
    private Task? stopping;

    private enum RunState
    {
        Initialized,
        Started,
        Stopped,
    }

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

    /// <summary>Fires when the current run must end; a new token for each start.</summary>
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

    /// <summary>Runs <paramref name="prepare"/>, then the receiver's <c>OnStart</c>; called by the context's <c>Start</c>, so it must not block.</summary>
    public void Start(Action prepare)
    {
        lifecycle.Wait();
        try
        {
            prepare();
            StartReceiver();
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>Stops the receiver for good; completes once its <c>OnStop</c> and <c>stoppedForGood</c> ran. Idempotent.</summary>
    public Task StopAsync(string message)
    {
        Task task;
        CancellationTokenSource current;
        lock (gate)
        {
            stopRequested = true;
            state = RunState.Stopped;
            current = run;
            task = stopping ??= Task.Run(() => StopForGoodAsync(message, null));
        }
        finished.Cancel();
        current.Cancel();
        return task;
    }

    /// <summary>Stops the receiver for good without waiting (the receiver's own <c>Stop</c>); ignored once stopping.</summary>
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

    /// <summary>Restarts the receiver after <paramref name="delay"/> without waiting; ignored while a restart is pending or once stopped.</summary>
    public void Restart(string message, Exception? error, TimeSpan delay)
    {
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
            }
        }
        if (current is null)
        {
            reporter.RestartIgnored(ignored!);
            return;
        }
        reporter.Restarting(message, error, delay);
        // The delay is armed now, on the caller's thread, so that whoever asked for the restart (often a test with a
        // fake clock) can advance the clock as soon as Restart returns.
        var delayed = Task.Delay(delay, clock, finished.Token);
        current.Cancel();
        _ = Task.Run(() => RestartAsync(message, delayed));
    }

    /// <summary>An error the receiver recovers from itself: reported with whether it is running.</summary>
    public void ReportError(string message, Exception? error) => reporter.Error(message, error, active: IsStarted);

    /// <summary>Runs the receiver's <c>OnStart</c>; the caller holds <see cref="lifecycle"/>.</summary>
    private void StartReceiver()
    {
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
        }
        reporter.Starting();
        try
        {
            start();
            reporter.Started();
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
            StopReceiver(reporter.StartFailedMessage, error);
            stoppedForGood();
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
            stop();
        }
        catch (Exception stopError)
        {
            reporter.StopFailed(stopError);
        }
        reporter.Stopped(message, error);
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
            reporter.RestartFailed(unexpected);
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
            stoppedForGood();
        }
        finally
        {
            lifecycle.Release();
        }
    }
}
