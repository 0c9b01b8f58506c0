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
}
