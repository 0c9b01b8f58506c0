using Ember.Streaming.ML.Regression;

namespace Ember.Streaming.ML.Classification;

/// <summary>
/// Binary logistic regression (Spark MLlib's <c>LogisticRegressionModel</c>): the probability of class 1 is
/// σ(w·x + b); <see cref="GeneralizedLinearModel.Predict"/> gives 1 when it is above <see cref="Threshold"/> (default
/// 0.5), else 0, or the probability itself when the threshold is null.
/// </summary>
public sealed class LogisticRegressionModel : GeneralizedLinearModel
{
    /// <summary>Creates a model; <paramref name="threshold"/> must lie in [0, 1], or be null to predict probabilities.</summary>
    public LogisticRegressionModel(double[] weights, double intercept = 0.0, double? threshold = 0.5) : base(weights, intercept)
    {
        if (threshold is { } value && !(value is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), value, "The threshold must lie in [0, 1].");
        }
        Threshold = threshold;
    }

    /// <summary>The probability above which the prediction is 1; null when predictions are probabilities.</summary>
    public double? Threshold { get; }

    /// <inheritdoc/>
    protected override double PredictFromMargin(double margin)
    {
        var probability = 1.0 / (1.0 + Math.Exp(-margin));
        return Threshold is { } threshold ? (probability > threshold ? 1.0 : 0.0) : probability;
    }
}
