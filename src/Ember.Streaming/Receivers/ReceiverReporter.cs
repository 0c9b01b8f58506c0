using Ember.Streaming.Listener;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>
/// Tells the log and the listeners what happens to one receiver (what Spark's ReceiverSupervisor reports to the
/// ReceiverTracker), and keeps the receiver's last error for the events that follow. The receiver's name in events is
/// the stream's name, else the receiver's type name.
/// </summary>
/// <remarks>Listeners are posted to through the host: the context's bus, which never runs them on the caller's thread, or a message to the driver.</remarks>
internal sealed class ReceiverReporter(ReceiverHost host)
{
    private readonly Lock gate = new();
    private (string Message, string? Error, DateTimeOffset Time)? lastError;
    private bool droppedWarned;

    public int StreamId => host.StreamId;

    /// <summary>Read each time: the stream may be named after its receiver was attached.</summary>
    private string Name => host.Name();

    /// <summary>The receiver is about to run its <c>OnStart</c>: listeners get <c>OnReceiverStarted</c>.</summary>
    public void Starting()
    {
        var info = Info(active: true);
        host.Post(ReceiverEventKind.Started, info);
    }

    /// <summary>The receiver's <c>OnStart</c> returned.</summary>
    public void Started() => host.Logger.LogInformation("Receiver {Name} started for stream {StreamId}", Name, StreamId);

    /// <summary>The message a receiver whose <c>OnStart</c> threw is stopped with.</summary>
    public string StartFailedMessage => $"Error starting receiver {Name} of stream {StreamId}";

    /// <summary>The receiver's <c>OnStop</c> returned (or threw): listeners get <c>OnReceiverStopped</c>, with <paramref name="error"/> as the last error if any.</summary>
    public void Stopped(string message, Exception? error)
    {
        if (error is not null)
        {
            RecordError(message, error);
        }
        var info = Info(active: false);
        host.Logger.LogInformation(error, "Receiver {Name} of stream {StreamId} stopped: {Message}", Name, StreamId, message);
        host.Post(ReceiverEventKind.Stopped, info);
    }

    public void StopFailed(Exception error) =>
        host.Logger.LogError(error, "Receiver {Name} (stream {StreamId}) failed in OnStop", Name, StreamId);

    /// <summary>A restart was accepted: the error becomes the last one (the stop event that follows carries it).</summary>
    public void Restarting(string message, Exception? error, TimeSpan delay)
    {
        RecordError(message, error);
        host.Logger.LogWarning(error, "Restarting receiver {Name} (stream {StreamId}) in {Delay}: {Message}", Name, StreamId, Durations.Format(delay), message);
    }

    public void RestartIgnored(string reason) =>
        host.Logger.LogDebug("Restart of receiver {Name} (stream {StreamId}) ignored: {Reason}", Name, StreamId, reason);

    public void RestartFailed(Exception error) =>
        host.Logger.LogError(error, "Restarting receiver {Name} (stream {StreamId}) failed", Name, StreamId);

    /// <summary>The receiver reported an error it recovers from: listeners get <c>OnReceiverError</c>.</summary>
    public void Error(string message, Exception? error, bool active)
    {
        RecordError(message, error);
        var info = Info(active);
        host.Logger.LogWarning(error, "Receiver {Name} (stream {StreamId}) reported an error: {Message}", Name, StreamId, message);
        host.Post(ReceiverEventKind.Error, info);
    }

    /// <summary>Records stored after the receiver stopped for good were dropped; logged the first time only.</summary>
    public void Dropped(int records)
    {
        lock (gate)
        {
            if (droppedWarned)
            {
                return;
            }
            droppedWarned = true;
        }
        host.Logger.LogWarning(
            "Receiver {Name} (stream {StreamId}) stored {Records} record(s) after it stopped; they are dropped (further drops are not logged)",
            Name, StreamId, records);
    }

    private void RecordError(string message, Exception? error)
    {
        var time = host.Clock.GetUtcNow();
        lock (gate)
        {
            lastError = (message, error?.ToString(), time);
        }
    }

    private ReceiverInfo Info(bool active)
    {
        lock (gate)
        {
            return new(StreamId, Name, active, host.Location, lastError?.Message, lastError?.Error, lastError?.Time);
        }
    }
}
