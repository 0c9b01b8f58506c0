using Ember.Streaming.Scheduling;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Listener;

/// <summary>
/// Delivers events to listeners in order on one dedicated thread, so the engine never waits for a listener.
/// A listener that throws is logged and keeps receiving later events. The per-batch events no listener implements
/// (<see cref="Handles"/>) are not posted at all, so their payloads are never built.
/// </summary>
internal sealed class StreamingListenerBus(ILogger logger)
{
    private readonly WorkQueue<Action<IStreamingListener>> events = new();
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    // Copied on write: listeners are added rarely, events delivered every batch.
    private volatile IStreamingListener[] listeners = [];
    private volatile int handled;
    private Thread? delivery;

    public void Add(IStreamingListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (gate)
        {
            listeners = [.. listeners, listener];
            handled |= (int)ListenedEvents.Of(listener);
        }
    }

    /// <summary>True when a listener implements one of <paramref name="events"/>: post them only then.</summary>
    public bool Handles(PerBatchEvents events) => (handled & (int)events) != 0;

    public void Start()
    {
        lock (gate)
        {
            if (delivery is not null)
            {
                return;
            }
            delivery = new Thread(Deliver) { IsBackground = true, Name = "ember-streaming-listeners" };
            delivery.Start();
        }
    }

    public void Post(Action<IStreamingListener> deliver) => events.TryAdd(deliver);

    /// <summary>Delivers what was posted so far, then ends.</summary>
    public Task StopAsync()
    {
        events.Complete();
        lock (gate)
        {
            return delivery is null ? Task.CompletedTask : stopped.Task;
        }
    }

    private void Deliver()
    {
        try
        {
            while (events.TryTake(out var deliver))
            {
                foreach (var listener in listeners)
                {
                    try
                    {
                        deliver(listener);
                    }
                    catch (Exception error)
                    {
                        logger.LogError(error, "Streaming listener {Listener} failed", listener.GetType().Name);
                    }
                }
            }
        }
        finally
        {
            stopped.TrySetResult();
        }
    }
}
