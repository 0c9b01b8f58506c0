using Ember.Streaming.Listener;

namespace Ember.Streaming.Receivers;

// The plain-data messages between the driver and a receiver running on an executor (Spark's ReceiverTracker RPCs).

/// <summary>Marks a receiver's message to the driver; the driver hands it to the stream <see cref="StreamId"/>.</summary>
internal interface IReceiverReport
{
    int StreamId { get; }
}

/// <summary>
/// A receiver on an executor stored a block (Spark's AddBlock): the block is kept under its cluster-wide unique id at
/// <paramref name="Locations"/> (the receiver's executor's block service, then the one it was replicated to) and may
/// go to a batch. With the write-ahead log, <paramref name="Sequence"/> is its number in the stream's log.
/// </summary>
internal sealed record ReceivedBlockReport(int StreamId, long Block, int Records, IReadOnlyList<string> Locations, long? Sequence = null) : IReceiverReport;

/// <summary>A receiver on an executor started, stopped or reported an error: the driver posts it to its listeners.</summary>
internal sealed record ReceiverEventReport(int StreamId, ReceiverEventKind Kind, ReceiverInfo Info) : IReceiverReport;

/// <summary>The driver asks the receiver of stream <paramref name="StreamId"/> to stop for good (Spark's StopReceiver).</summary>
internal sealed record StopReceiver(int StreamId);

/// <summary>The driver tells the receiver of stream <paramref name="StreamId"/> where the live executors keep blocks (its replication targets).</summary>
internal sealed record ReceiverPeers(int StreamId, string[] Locations);

/// <summary>The driver sets the rate of the receiver of stream <paramref name="StreamId"/> (backpressure; Spark's UpdateRateLimit).</summary>
internal sealed record ReceiverRateUpdate(int StreamId, long Rate);
