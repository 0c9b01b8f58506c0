using Ember.Streaming.Listener;

namespace Ember.Streaming.RateControl;

/// <summary>
/// Keeps one input stream's ingestion rate in line with what its batches can process (Spark's <c>RateController</c>):
/// a listener that feeds each completed batch of its stream to an <see cref="IRateEstimator"/> and publishes every new
/// estimate, bounded by <see cref="MaxRate"/>, to the stream's source. Every source gets one,
/// registered on the listener bus, when <see cref="StreamingOptions.BackpressureEnabled"/> is set.
/// </summary>
/// <remarks>
/// <para>
/// A source that pushes (a receiver) applies the rate in <see cref="Publish"/>; a source that pulls (any other
/// <see cref="Sources.DirectInputDStream{TAllocation, T}"/>) does nothing there and reads the rate when it allocates
/// its next batch (<see cref="PullRateController"/>).
/// </para>
/// <para>
/// For each completed batch that has input information for <see cref="StreamId"/> and both delays, the estimator gets
/// the batch time, the stream's record count, the processing delay and the scheduling delay (a negative scheduling
/// delay, as a graceful stop's early last batch has, counts as zero). Spark passes the batch's end time instead of its
/// batch time; batch times are a steadier clock for the estimator (one batch interval apart) and the same for every
/// stream of the batch. Estimates are computed and published in order, one at a time, on the caller's thread (the
/// listener bus's): <see cref="Publish"/> must be quick and must not block.
/// </para>
/// </remarks>
internal abstract class RateController : IStreamingListener
{
    private readonly Lock gate = new();
    private readonly IRateEstimator estimator;
    private long latestRate;

    /// <summary>A controller of stream <paramref name="streamId"/>'s rate.</summary>
    /// <param name="streamId">The input stream's <see cref="DStream.Id"/>.</param>
    /// <param name="estimator">Turns completed batches into rates.</param>
    /// <param name="maxRate">The most records per second ever published; null for no bound. Positive when set.</param>
    /// <exception cref="ArgumentNullException"><paramref name="estimator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRate"/> is not positive.</exception>
    protected RateController(int streamId, IRateEstimator estimator, long? maxRate = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (maxRate is { } max && max <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRate), max, "The maximum rate must be positive (null for no bound).");
        }
        StreamId = streamId;
        this.estimator = estimator;
        MaxRate = maxRate;
    }

    /// <summary>The input stream whose batches this controller reads.</summary>
    public int StreamId { get; }

    /// <summary>The most records per second ever published; null for no bound.</summary>
    public long? MaxRate { get; }

    /// <summary>The last rate published, in records per second; null until the estimator's first estimate.</summary>
    public long? LatestRate => Interlocked.Read(ref latestRate) is var rate && rate > 0 ? rate : null;

    /// <summary>
    /// Feeds <paramref name="batch"/> to the estimator when it holds input information for <see cref="StreamId"/> and
    /// both delays, and publishes the new estimate if there is one. Other batches are ignored.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    public void OnBatchCompleted(BatchInfo batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.StreamIdToInputInfo.TryGetValue(StreamId, out var input)
            || batch.ProcessingDelay is not { } processing
            || batch.SchedulingDelay is not { } scheduling
            || processing < TimeSpan.Zero)
        {
            return;
        }
        lock (gate)
        {
            var estimate = estimator.Compute(batch.BatchTime, input.NumRecords, processing, scheduling < TimeSpan.Zero ? TimeSpan.Zero : scheduling);
            if (estimate is not { } proposed || double.IsNaN(proposed))
            {
                return;
            }
            var rate = Bound(proposed);
            Interlocked.Exchange(ref latestRate, rate);
            Publish(rate);
        }
    }

    /// <summary>
    /// Applies a new rate (records per second, at least 1, at most <see cref="MaxRate"/>) to the stream's source.
    /// Called in order, one call at a time, on the thread that delivered the batch; must not block.
    /// </summary>
    protected abstract void Publish(long rate);

    /// <summary>Spark truncates estimates to whole records per second; a rate of 0 would stop the stream, so 1 is the floor.</summary>
    private long Bound(double estimate)
    {
        var bounded = MaxRate is { } max ? Math.Min(estimate, max) : estimate;
        return bounded >= long.MaxValue ? long.MaxValue : Math.Max(1, (long)bounded);
    }
}
