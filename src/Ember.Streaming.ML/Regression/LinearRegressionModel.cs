namespace Ember.Streaming.ML.Regression;

/// <summary>Linear regression, predicting w·x + b (Spark MLlib's <c>LinearRegressionModel</c>).</summary>
public sealed class LinearRegressionModel(double[] weights, double intercept = 0.0) : GeneralizedLinearModel(weights, intercept)
{
    /// <inheritdoc/>
    protected override double PredictFromMargin(double margin) => margin;
}
