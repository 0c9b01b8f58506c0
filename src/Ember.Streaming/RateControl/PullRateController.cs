namespace Ember.Streaming.RateControl;

/// <summary>
/// Backpressure for a source that pulls (Spark's <c>DirectKafkaRateController</c>, for every direct source): a new
/// rate is not pushed anywhere; the source reads <see cref="CurrentRate"/> when it allocates its next batch.
/// </summary>
internal sealed class PullRateController(int streamId, IRateEstimator estimator, long? initialRate)
    : RateController(streamId, estimator)
{
    /// <summary>The rate before the first estimate (<see cref="StreamingOptions.BackpressureInitialRate"/>); null for no bound until then.</summary>
    public long? InitialRate { get; } = initialRate;

    /// <summary>The latest estimate, else the initial rate; null when neither bounds the stream yet.</summary>
    public long? CurrentRate => LatestRate ?? InitialRate;

    protected override void Publish(long rate)
    {
        // Pulled at the next allocation (DirectInputDStream.BackpressureRate); nothing to push.
    }
}
