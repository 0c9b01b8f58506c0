namespace Ember.Streaming.RateControl;

/// <summary>
/// Spark's <c>PIDRateEstimator</c>: a proportional-integral-derivative controller whose set point is the rate it
/// proposed last, and whose measurement is the rate the last batch was processed at.
/// </summary>
/// <remarks>
/// <para>For each batch later than the last one used, with records and a positive processing delay:</para>
/// <list type="bullet">
/// <item><c>processingRate = elements / processingDelay</c> (records per second);</item>
/// <item><c>error = latestRate - processingRate</c>;</item>
/// <item><c>historicalError = schedulingDelay × processingRate / batchInterval</c>: the records queued behind earlier
/// batches, as a rate over one batch interval (the integral term);</item>
/// <item><c>dError = (error - latestError) / delaySinceUpdate</c>, the seconds since the last batch used;</item>
/// <item><c>newRate = max(latestRate - proportional × error - integral × historicalError - derivative × dError, minRate)</c>.</item>
/// </list>
/// <para>
/// The first such batch only records its processing rate as <c>latestRate</c> (with <c>latestError = 0</c>) and
/// returns null; every later one returns <c>newRate</c> and makes it the next <c>latestRate</c>. Batches with no
/// records, no processing delay, or a time not later than the last used are ignored (null, nothing recorded).
/// Thread-safe.
/// </para>
/// </remarks>
internal sealed class PidRateEstimator : IRateEstimator
{
    private readonly Lock gate = new();
    private readonly double batchIntervalMilliseconds;
    private Time? latestTime;
    private double latestRate;
    private double latestError;

    /// <summary>An estimator for a stream cut into batches of <paramref name="batchInterval"/>, with Spark's defaults.</summary>
    /// <param name="batchInterval">The context's batch interval; positive.</param>
    /// <param name="proportional">Weight of the current error (<c>spark.streaming.backpressure.pid.proportional</c>, 1.0); finite, at least 0.</param>
    /// <param name="integral">Weight of the queued records (<c>spark.streaming.backpressure.pid.integral</c>, 0.2); finite, at least 0.</param>
    /// <param name="derivative">Weight of the error's change (<c>spark.streaming.backpressure.pid.derived</c>, 0.0); finite, at least 0.</param>
    /// <param name="minRate">The lowest rate proposed, in records per second (<c>spark.streaming.backpressure.pid.minRate</c>, 100); finite, above 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A gain is negative or not finite, <paramref name="minRate"/> is not above 0 or not finite, or <paramref name="batchInterval"/> is not positive.</exception>
    public PidRateEstimator(TimeSpan batchInterval, double proportional = 1.0, double integral = 0.2, double derivative = 0.0, double minRate = 100)
    {
        if (batchInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(batchInterval), batchInterval, "The batch interval must be positive.");
        }
        RequireGain(proportional, nameof(proportional), "proportional");
        RequireGain(integral, nameof(integral), "integral");
        RequireGain(derivative, nameof(derivative), "derived");
        if (!double.IsFinite(minRate) || minRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minRate), minRate,
                $"The minimum rate (spark.streaming.backpressure.pid.minRate) must be a finite number above 0, so that some records always arrive to estimate from; got {minRate}.");
        }
        BatchInterval = batchInterval;
        Proportional = proportional;
        Integral = integral;
        Derivative = derivative;
        MinRate = minRate;
        batchIntervalMilliseconds = batchInterval.TotalMilliseconds;
    }

    /// <summary>The batch interval the integral term is computed over.</summary>
    public TimeSpan BatchInterval { get; }

    /// <summary>The proportional gain.</summary>
    public double Proportional { get; }

    /// <summary>The integral gain.</summary>
    public double Integral { get; }

    /// <summary>The derivative gain.</summary>
    public double Derivative { get; }

    /// <summary>The lowest rate proposed, in records per second.</summary>
    public double MinRate { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elements"/> or a delay is negative.</exception>
    public double? Compute(Time batchTime, long elements, TimeSpan processingDelay, TimeSpan schedulingDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elements);
        if (processingDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(processingDelay), processingDelay, "The processing delay cannot be negative.");
        }
        if (schedulingDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(schedulingDelay), schedulingDelay, "The scheduling delay cannot be negative.");
        }
        lock (gate)
        {
            if (elements == 0 || processingDelay == TimeSpan.Zero || (latestTime is { } latest && batchTime <= latest))
            {
                return null;
            }
            var processingRate = elements / processingDelay.TotalMilliseconds * 1000;
            if (latestTime is not { } previous)
            {
                // Nothing proposed yet to compare with: the measured rate becomes the set point.
                latestTime = batchTime;
                latestRate = processingRate;
                latestError = 0;
                return null;
            }
            var delaySinceUpdate = (batchTime - previous).TotalSeconds;
            var error = latestRate - processingRate;
            var historicalError = schedulingDelay.TotalMilliseconds * processingRate / batchIntervalMilliseconds;
            var dError = (error - latestError) / delaySinceUpdate;
            var newRate = Math.Max(latestRate - (Proportional * error) - (Integral * historicalError) - (Derivative * dError), MinRate);
            latestTime = batchTime;
            latestRate = newRate;
            latestError = error;
            return newRate;
        }
    }

    /// <summary>The context's backpressure options as an estimator for one stream (each stream has its own history); null when backpressure is off.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A backpressure option is out of range.</exception>
    public static PidRateEstimator? ForStream(StreamingContext context)
    {
        var options = context.Options;
        if (!options.BackpressureEnabled)
        {
            return null;
        }
        if (options.BackpressureInitialRate is { } initial && initial <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamingOptions.BackpressureInitialRate), initial,
                "The initial backpressure rate (spark.streaming.backpressure.initialRate) must be positive (leave it null for no limit until the first estimate).");
        }
        return new PidRateEstimator(context.BatchInterval, options.BackpressureProportional, options.BackpressureIntegral, options.BackpressureDerivative, options.BackpressureMinRate);
    }

    private static void RequireGain(double gain, string parameter, string key)
    {
        if (!double.IsFinite(gain) || gain < 0)
        {
            throw new ArgumentOutOfRangeException(parameter, gain,
                $"The {key} gain (spark.streaming.backpressure.pid.{key}) must be a finite number of at least 0; got {gain}.");
        }
    }
}
