using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming;

public sealed partial class StreamingContext
{
    private readonly List<PosixSignalRegistration> shutdownSignals = [];

    /// <summary>
    /// With <see cref="StreamingOptions.StopGracefullyOnShutdown"/>, SIGTERM and SIGINT (Ctrl+C) stop the context
    /// gracefully (generated batches finish, their checkpoints are written) instead of killing it mid-batch. The
    /// signal's default (ending the process) is cancelled and never replaced: the process belongs to its host, which
    /// learns of the stop from <see cref="AwaitTerminationAsync"/> and decides the exit code, so a host embedding
    /// Ember (a web app, a service with other work) keeps running.
    /// </summary>
    private void RegisterShutdownSignals()
    {
        if (!Options.StopGracefullyOnShutdown)
        {
            return;
        }
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            shutdownSignals.Add(PosixSignalRegistration.Create(signal, OnShutdownSignal));
        }
    }

    private void OnShutdownSignal(PosixSignalContext signal)
    {
        signal.Cancel = true;
        Logger.LogInformation("{Signal} received: stopping gracefully", signal.Signal);
        // Off the signal thread: a graceful stop waits for batches, and the runtime runs signal handlers one at a time.
        _ = Task.Run(() => StopAsync(graceful: true));
    }

    private void UnregisterShutdownSignals()
    {
        foreach (var registration in shutdownSignals)
        {
            registration.Dispose();
        }
        shutdownSignals.Clear();
    }

    /// <summary>
    /// Stops in Spark's order: no new batches, then (graceful) receivers drain before the last batches run, the
    /// scheduler and the checkpoint writer finish, and whatever happens the context leaves the active slot and
    /// terminates.
    /// </summary>
    private async Task StopCoreAsync(bool wasActive, bool graceful, CancellationToken cancellationToken)
    {
        try
        {
            if (wasActive)
            {
                generator.BeginStop();
                var inputs = Graph.Inputs.ToList();
                if (graceful)
                {
                    await Task.WhenAll(inputs.Select(input => input.StopAsync())).ConfigureAwait(false);
                }
                generator.Stop(graceful);
                using var timeout = new CancellationTokenSource(Options.GracefulStopTimeout ?? BatchInterval * 10, TimeProvider.System);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                await scheduler.StopAsync(graceful, linked.Token).ConfigureAwait(false);
                if (checkpointer is not null)
                {
                    await checkpointer.StopAsync(linked.Token).ConfigureAwait(false);
                }
                if (!graceful)
                {
                    await Task.WhenAll(inputs.Select(input => input.StopAsync())).ConfigureAwait(false);
                }
                await bus.StopAsync().ConfigureAwait(false);
                Logger.LogInformation("StreamingContext stopped{Mode}", graceful ? " gracefully" : string.Empty);
            }
        }
        finally
        {
            lock (ActiveGate)
            {
                if (active == this)
                {
                    active = null;
                }
            }
            metrics.Dispose();
            EmberContext.TaskMessage -= OnTaskMessage;
            UnregisterShutdownSignals();
            if (ownsEmberContext)
            {
                EmberContext.Dispose();
            }
            termination.TrySetResult();
        }
    }
}
