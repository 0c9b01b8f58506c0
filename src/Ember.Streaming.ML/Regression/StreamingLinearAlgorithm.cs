using Ember.Storage;
using Ember.Streaming.ML.Optimization;

namespace Ember.Streaming.ML.Regression;

/// <summary>
/// A generalized linear model trained by stochastic gradient descent on every batch of a stream (Spark MLlib's
/// <c>StreamingLinearAlgorithm</c>): each non-empty batch runs the full optimizer starting from the current weights,
/// and the result replaces the model. Defaults as Spark's: step size 0.1, 50 iterations, mini-batch fraction 1.0,
/// convergence tolerance 0.001, no intercept. <see cref="InitialWeights"/> is required before training or
/// predicting; settings changed later apply from the next batch.
/// </summary>
/// <typeparam name="TSelf">The concrete algorithm, returned by the fluent setters.</typeparam>
/// <typeparam name="TModel">The model it trains.</typeparam>
public abstract class StreamingLinearAlgorithm<TSelf, TModel>
    where TSelf : StreamingLinearAlgorithm<TSelf, TModel>
    where TModel : GeneralizedLinearModel
{
    private volatile TModel? model;

    private protected StreamingLinearAlgorithm() { }

    private protected SgdSettings Settings { get; set; } = new();

    /// <summary>Sets the initial step size of each batch's gradient descent (iteration i steps stepSize / √i). Default 0.1.</summary>
    public TSelf StepSize(double stepSize) => Set(Settings with { StepSize = Positive(stepSize, nameof(stepSize)) });

    /// <summary>Sets the number of gradient-descent iterations per batch. Default 50.</summary>
    public TSelf NumIterations(int numIterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numIterations);
        return Set(Settings with { NumIterations = numIterations });
    }

    /// <summary>Sets the fraction of each batch sampled per iteration, in (0, 1]. Default 1.0 (every point, no sampling).</summary>
    public TSelf MiniBatchFraction(double fraction)
    {
        if (!(fraction is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The mini-batch fraction must lie in (0, 1].");
        }
        return Set(Settings with { MiniBatchFraction = fraction });
    }

    /// <summary>
    /// Sets when a batch's descent stops early: once an iteration moves the weights by less than
    /// <paramref name="tolerance"/> × max(‖w‖, 1). Default 0.001; 0 always runs every iteration.
    /// </summary>
    public TSelf ConvergenceTolerance(double tolerance)
    {
        if (!(tolerance is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The convergence tolerance must lie in [0, 1].");
        }
        return Set(Settings with { ConvergenceTolerance = tolerance });
    }

    /// <summary>Sets the weights to start from (required); their length is the number of features.</summary>
    public TSelf InitialWeights(double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        model = CreateModel(weights);
        return (TSelf)this;
    }

    /// <summary>The model as of the last batch trained (the initial weights before any).</summary>
    public TModel LatestModel() => Initialized();

    /// <summary>
    /// Output operation: trains on every non-empty batch of <paramref name="data"/>, on the driver, each gradient
    /// computed on the workers. The batch's RDD is cached for the iterations, then released.
    /// </summary>
    public void TrainOn(DStream<LabeledPoint> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Initialized();
        data.ForEachRddAsync(async (rdd, _, cancellationToken) =>
        {
            // Every iteration reads the batch again: cache it unless its stream already does.
            var cachedHere = rdd.StorageLevel == StorageLevel.None;
            if (cachedHere)
            {
                rdd.Cache();
            }
            try
            {
                if ((await rdd.TakeAsync(1, cancellationToken).ConfigureAwait(false)).Count == 0)
                {
                    return;
                }
                var optimizer = new GradientDescent(Gradient, Updater, Settings);
                var weights = await optimizer.OptimizeAsync(rdd, Initialized().Weights, cancellationToken).ConfigureAwait(false);
                model = CreateModel(weights);
            }
            finally
            {
                if (cachedHere)
                {
                    rdd.Unpersist();
                }
            }
        });
    }

    /// <summary>The prediction for every point, by the model current when the batch runs. Narrow.</summary>
    public DStream<double> PredictOn(DStream<double[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Initialized();
        return data.Map(features => Initialized().Predict(features));
    }

    /// <summary>As <see cref="PredictOn"/>, keeping each point's key (its true label, an id). Narrow.</summary>
    public DStream<(TKey Key, double Value)> PredictOnValues<TKey>(DStream<(TKey Key, double[] Value)> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Initialized();
        return data.MapValues(features => Initialized().Predict(features));
    }

    private protected abstract IGradient Gradient { get; }

    private protected abstract IUpdater Updater { get; }

    private protected abstract TModel CreateModel(double[] weights);

    private protected TSelf Set(SgdSettings settings)
    {
        Settings = settings;
        return (TSelf)this;
    }

    private protected static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "The value must be positive.");

    private TModel Initialized() =>
        model ?? throw new InvalidOperationException("The model must be initialized with InitialWeights before training or predicting.");
}
