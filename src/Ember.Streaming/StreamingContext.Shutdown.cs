using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming;

public sealed partial class StreamingContext
{
    private readonly List<PosixSignalRegistration> shutdownSignals = [];

    /// <summary>
    /// With <see cref="StreamingOptions.StopGracefullyOnShutdown"/>, SIGTERM and SIGINT (Ctrl+C) stop the context
    /// gracefully (generated batches finish, their checkpoints are written) instead of killing it mid-batch; the signal
    /// is held until the stop ends, then the process exits with code 0 as the signal's default would have ended it.
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
        _ = Task.Run(async () =>
        {
            await StopAsync(graceful: true).ConfigureAwait(false);
            Environment.Exit(0);
        });
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
