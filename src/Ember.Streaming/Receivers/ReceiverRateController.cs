using Ember.Streaming.RateControl;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>
/// Backpressure for a receiver stream (Spark's <c>ReceiverRateController</c>): every new estimate, already bounded by
/// the stream's maximum rate, becomes the rate of the receiver's limiter, which <c>Store</c> waits on (through
/// <paramref name="publish"/>: at once in the driver's process, as a message to a receiver on an executor).
/// </summary>
internal sealed class ReceiverRateController(int streamId, IRateEstimator estimator, long? maxRate, Action<long> publish, ILogger logger)
    : RateController(streamId, estimator, maxRate)
{
    protected override void Publish(long rate)
    {
        publish(rate);
        logger.LogDebug("Backpressure: receiver of stream {StreamId} limited to {Rate} records/s", StreamId, rate);
    }
}
