using Ember.Streaming.ML.Optimization;

namespace Ember.Streaming.ML.Regression;

/// <summary>
/// Least-squares linear regression trained on every batch by SGD, without regularization (Spark MLlib's
/// <c>StreamingLinearRegressionWithSGD</c>; defaults: step size 0.1, 50 iterations, mini-batch fraction 1.0).
/// </summary>
/// <example>
/// <code>
/// var model = new StreamingLinearRegressionWithSgd().InitialWeights(new double[3]);
/// model.TrainOn(training);
/// model.PredictOnValues(test.Map(p => (p.Label, p.Features))).Print();
/// </code>
/// </example>
public sealed class StreamingLinearRegressionWithSgd : StreamingLinearAlgorithm<StreamingLinearRegressionWithSgd, LinearRegressionModel>
{
    private protected override IGradient Gradient => LeastSquaresGradient.Instance;

    private protected override IUpdater Updater => SimpleUpdater.Instance;

    private protected override LinearRegressionModel CreateModel(double[] weights) => new(weights);
}
