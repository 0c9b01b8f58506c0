using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Listener;

/// <summary>
/// Delivers events to listeners in order on one background task, so the engine never waits for a listener.
/// A listener that throws is logged and keeps receiving later events.
/// </summary>
internal sealed class StreamingListenerBus(ILogger logger)
{
    private readonly Channel<Action<IStreamingListener>> events = Channel.CreateUnbounded<Action<IStreamingListener>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<IStreamingListener> listeners = [];
    private readonly Lock gate = new();
    private Task? delivery;

    public void Add(IStreamingListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (gate)
        {
            listeners.Add(listener);
        }
    }

    public void Start() => delivery ??= Task.Run(DeliverAsync);

    public void Post(Action<IStreamingListener> deliver) => events.Writer.TryWrite(deliver);

    /// <summary>Delivers what was posted so far, then ends.</summary>
    public async Task StopAsync()
    {
        events.Writer.TryComplete();
        if (delivery is not null)
        {
            await delivery.ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync()
    {
        await foreach (var deliver in events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            IStreamingListener[] snapshot;
            lock (gate)
            {
                snapshot = [.. listeners];
            }
            foreach (var listener in snapshot)
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
}
