using Ember.Streaming.RateControl;

namespace Ember.Streaming.Kafka;

/// <summary>
/// Backpressure for a direct Kafka stream (Spark's <c>DirectKafkaRateController</c>): the stream pulls, so a new rate
/// is not pushed anywhere; the driver reads <see cref="RateController.LatestRate"/> (before the first estimate,
/// <see cref="InitialRate"/>) when it cuts the next batch and shares it between partitions by lag.
/// </summary>
internal sealed class DirectKafkaRateController(int streamId, IRateEstimator estimator, long? initialRate)
    : RateController(streamId, estimator)
{
    /// <summary>The rate before the first estimate (<see cref="StreamingOptions.BackpressureInitialRate"/>); null for no bound until then.</summary>
    public long? InitialRate { get; } = initialRate;

    protected override void Publish(long rate)
    {
        // Pulled at the next cut (DirectKafkaSource.BackpressureLimits); nothing to push.
    }
}
