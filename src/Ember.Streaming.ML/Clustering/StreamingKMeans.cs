namespace Ember.Streaming.ML.Clustering;

/// <summary>
/// K-means clustering updated by every batch of a stream (Spark MLlib's <c>StreamingKMeans</c>, with its defaults:
/// k = 2, decay factor 1.0, time unit <see cref="Batches"/>). Each batch assigns its points to the closest centre,
/// discounts the old weights by the decay factor, and moves each centre to the weighted mean of its old position and
/// its new points; a cluster whose weight falls below 1e-8 of the largest is replaced by a split of the largest.
/// </summary>
/// <example>
/// <code>
/// var model = new StreamingKMeans(k: 3).HalfLife(5, StreamingKMeans.Batches).RandomCenters(dimension: 2, weight: 0.0, seed: 42);
/// model.TrainOn(trainingPoints);
/// model.PredictOnValues(labelledPoints).Print();
/// </code>
/// </example>
public sealed class StreamingKMeans
{
    /// <summary>The decay is applied once per batch, whatever its size.</summary>
    public const string Batches = "batches";

    /// <summary>The decay is applied once per point: a batch of n points discounts old weights by decay^n.</summary>
    public const string Points = "points";

    private volatile StreamingKMeansModel? model;

    /// <summary>Creates a model of <paramref name="k"/> clusters (Spark's default 2); set its initial centres before use.</summary>
    public StreamingKMeans(int k = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        K = k;
    }

    /// <summary>The number of clusters.</summary>
    public int K { get; }

    internal double DecayFactorValue { get; private set; } = 1.0;

    internal string TimeUnitValue { get; private set; } = Batches;

    /// <summary>
    /// Sets how much of the past is kept per time unit: 1.0 (the default) weighs all points alike since the start; 0
    /// keeps only the latest batch. The time unit stays as it was.
    /// </summary>
    public StreamingKMeans DecayFactor(double decayFactor)
    {
        if (!(decayFactor >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(decayFactor), decayFactor, "The decay factor must be at least 0.");
        }
        DecayFactorValue = decayFactor;
        return this;
    }

    /// <summary>
    /// Sets the decay so that a point's weight halves after <paramref name="halfLife"/> time units
    /// (<see cref="Batches"/> or <see cref="Points"/>): decay factor = exp(ln(0.5) / halfLife).
    /// </summary>
    public StreamingKMeans HalfLife(double halfLife, string timeUnit)
    {
        if (!(halfLife > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "The half life must be positive.");
        }
        if (timeUnit is not (Batches or Points))
        {
            throw new ArgumentException($"Invalid time unit for decay: '{timeUnit}' (use \"{Batches}\" or \"{Points}\").", nameof(timeUnit));
        }
        DecayFactorValue = Math.Exp(Math.Log(0.5) / halfLife);
        TimeUnitValue = timeUnit;
        return this;
    }

    /// <summary>Starts from the given centres, one per cluster, each with a non-negative weight (its prior point count).</summary>
    public StreamingKMeans InitialCenters(double[][] centers, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentNullException.ThrowIfNull(weights);
        if (centers.Length != weights.Length)
        {
            throw new ArgumentException($"Got {centers.Length} initial centres but {weights.Length} weights: they must be as many.", nameof(weights));
        }
        if (centers.Length != K)
        {
            throw new ArgumentException($"The number of initial centres must be {K}, not {centers.Length}.", nameof(centers));
        }
        if (centers.Any(center => center is null || center.Length == 0 || center.Length != centers[0].Length))
        {
            throw new ArgumentException("The initial centres must all be non-empty vectors of the same dimension.", nameof(centers));
        }
        if (weights.Any(weight => !(weight >= 0)))
        {
            throw new ArgumentException("The weight of each initial centre must be non-negative.", nameof(weights));
        }
        model = new StreamingKMeansModel([.. centers.Select(center => (double[])center.Clone())], (double[])weights.Clone());
        return this;
    }

    /// <summary>
    /// Starts from k random centres of <paramref name="dimension"/> coordinates drawn from a standard normal
    /// distribution, each with <paramref name="weight"/>; the same <paramref name="seed"/> gives the same centres.
    /// </summary>
    public StreamingKMeans RandomCenters(int dimension, double weight, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!(weight >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be non-negative.");
        }
        var random = new Random(seed);
        var centers = Enumerable.Range(0, K).Select(_ => Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray()).ToArray();
        model = new StreamingKMeansModel(centers, Enumerable.Repeat(weight, K).ToArray());
        return this;
    }

    /// <summary>The model as of the last batch trained (the initial centres before any).</summary>
    public StreamingKMeansModel LatestModel() => Initialized();

    /// <summary>
    /// Output operation: updates the model with every batch of <paramref name="data"/> (an empty batch still decays the
    /// weights when the time unit is <see cref="Batches"/>). Runs on the driver; the assignment of points runs on the
    /// workers and only k sums travel back.
    /// </summary>
    public void TrainOn(DStream<double[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Initialized();
        data.ForEachRddAsync(async (rdd, _, cancellationToken) =>
        {
            var current = Initialized();
            var sums = await ClusterSums.OfAsync(current, rdd, cancellationToken).ConfigureAwait(false);
            model = current.Update(sums, DecayFactorValue, TimeUnitValue);
        });
    }

    /// <summary>The index of the closest cluster of every point, by the model current when the batch runs. Narrow.</summary>
    public DStream<int> PredictOn(DStream<double[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Initialized();
        return data.Map(point => Initialized().Predict(point));
    }

    /// <summary>As <see cref="PredictOn"/>, keeping each point's key (a label, an id). Narrow.</summary>
    public DStream<(TKey Key, int Value)> PredictOnValues<TKey>(DStream<(TKey Key, double[] Value)> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Initialized();
        return data.MapValues(point => Initialized().Predict(point));
    }

    private StreamingKMeansModel Initialized() =>
        model ?? throw new InvalidOperationException("Initial cluster centres must be set (InitialCenters or RandomCenters) before training or predicting.");

    // Box-Muller: two uniforms give a standard normal draw.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
