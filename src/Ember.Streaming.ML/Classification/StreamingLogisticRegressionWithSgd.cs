using Ember.Streaming.ML.Optimization;
using Ember.Streaming.ML.Regression;

namespace Ember.Streaming.ML.Classification;

/// <summary>
/// Binary logistic regression (labels 0 and 1) trained on every batch by SGD with optional L2 regularization (Spark
/// MLlib's <c>StreamingLogisticRegressionWithSGD</c>; defaults: step size 0.1, 50 iterations, mini-batch fraction
/// 1.0, regularization 0). A label other than 0 or 1 fails the batch. Predictions are 0 or 1 (threshold 0.5).
/// </summary>
public sealed class StreamingLogisticRegressionWithSgd : StreamingLinearAlgorithm<StreamingLogisticRegressionWithSgd, LogisticRegressionModel>
{
    /// <summary>Sets the L2 regularization parameter λ (penalty λ‖w‖²/2). Default 0.</summary>
    public StreamingLogisticRegressionWithSgd RegParam(double regParam)
    {
        if (!(regParam >= 0) || !double.IsFinite(regParam))
        {
            throw new ArgumentOutOfRangeException(nameof(regParam), regParam, "The regularization parameter must be at least 0.");
        }
        return Set(Settings with { RegParam = regParam });
    }

    private protected override IGradient Gradient => LogisticGradient.Instance;

    private protected override IUpdater Updater => SquaredL2Updater.Instance;

    private protected override LogisticRegressionModel CreateModel(double[] weights) => new(weights);
}
