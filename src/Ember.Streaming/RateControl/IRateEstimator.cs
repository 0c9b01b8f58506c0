namespace Ember.Streaming.RateControl;

/// <summary>
/// Proposes how many records per second a stream should ingest, from what its completed batches took (Spark's
/// <c>RateEstimator</c>). A <see cref="RateController"/> calls it once per completed batch of its stream.
/// </summary>
/// <remarks>Implementations must be thread-safe: calls may come from the listener bus and from tests at once.</remarks>
internal interface IRateEstimator
{
    /// <summary>
    /// Takes one completed batch into account and returns the new rate in records per second, or null when there is
    /// no new estimate (not enough history yet, or the batch says nothing about the processing speed).
    /// </summary>
    /// <param name="batchTime">The batch's time; estimators ignore batches not later than the last one they used.</param>
    /// <param name="elements">Records the stream contributed to the batch; not negative.</param>
    /// <param name="processingDelay">How long the batch's jobs ran; not negative.</param>
    /// <param name="schedulingDelay">How long the batch waited for earlier batches before it started; not negative.</param>
    double? Compute(Time batchTime, long elements, TimeSpan processingDelay, TimeSpan schedulingDelay);
}
