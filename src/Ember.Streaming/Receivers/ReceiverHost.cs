using Ember.Serialization;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>What a receiver's listeners hear about it (Spark's receiver events to the ReceiverTracker).</summary>
internal enum ReceiverEventKind
{
    Started = 1,
    Stopped = 2,
    Error = 3,
}

/// <summary>
/// Where a receiver's supervisor runs: the driver's process (local mode), or an executor's (a cluster), whose events
/// travel to the driver as messages. Plain settings and callbacks only, so the supervisor needs no streaming context.
/// </summary>
/// <param name="StreamId">The stream the receiver feeds.</param>
/// <param name="Name">The receiver's name in events, read each time (a stream may be named after it was made).</param>
/// <param name="Clock">The context's clock on the driver; the system clock on an executor.</param>
/// <param name="BlockInterval">How often records stored one by one are cut into a block.</param>
/// <param name="RestartDelay">The default delay of <see cref="Receiver{T}.Restart"/>.</param>
/// <param name="BackpressureInitialRate">With backpressure, the rate before the first estimate.</param>
/// <param name="Serializer">Reads logged metadata back.</param>
/// <param name="Logger">The process's logger.</param>
/// <param name="Post">Delivers an event to the driver's listeners.</param>
/// <param name="Location">Where the receiver runs, in events: <c>local</c>, or the executor's address.</param>
internal sealed record ReceiverHost(
    int StreamId, Func<string> Name, TimeProvider Clock, TimeSpan BlockInterval, TimeSpan RestartDelay, long? BackpressureInitialRate,
    ISerializer Serializer, ILogger Logger, Action<ReceiverEventKind, ReceiverInfo> Post, string Location)
{
    /// <summary>A receiver run in the driver's process by <paramref name="context"/> for <paramref name="stream"/>.</summary>
    public static ReceiverHost OnDriver(StreamingContext context, DStream stream, Type receiverType) => new(
        stream.Id, () => NameOf(stream.Name, receiverType), context.TimeProvider, context.Options.BlockInterval, context.Options.ReceiverRestartDelay,
        context.Options.BackpressureInitialRate, context.EmberContext.Serializer, context.Logger, (kind, info) => Deliver(context, kind, info), "local");

    /// <summary>The receiver's name in events: the stream's name, else the receiver's type name without its arity.</summary>
    public static string NameOf(string? streamName, Type receiverType)
    {
        if (streamName is { } name)
        {
            return name;
        }
        var type = receiverType.Name;
        var arity = type.IndexOf('`', StringComparison.Ordinal);
        return arity < 0 ? type : type[..arity];
    }

    /// <summary>Posts a receiver's event to the driver's listeners.</summary>
    public static void Deliver(StreamingContext context, ReceiverEventKind kind, ReceiverInfo info)
    {
        switch (kind)
        {
            case ReceiverEventKind.Started:
                context.PostToListeners(listener => listener.OnReceiverStarted(info));
                break;
            case ReceiverEventKind.Stopped:
                context.PostToListeners(listener => listener.OnReceiverStopped(info));
                break;
            case ReceiverEventKind.Error:
                context.PostToListeners(listener => listener.OnReceiverError(info));
                break;
        }
    }
}
