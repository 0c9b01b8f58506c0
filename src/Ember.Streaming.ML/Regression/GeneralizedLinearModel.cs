using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Regression;

/// <summary>
/// A model that predicts from the margin w·x + b (Spark MLlib's <c>GeneralizedLinearModel</c>). Immutable: the
/// streaming algorithms replace their model after every batch.
/// </summary>
public abstract class GeneralizedLinearModel
{
    private readonly double[] weights;

    /// <summary>Creates a model with a copy of <paramref name="weights"/> and the given intercept.</summary>
    protected GeneralizedLinearModel(double[] weights, double intercept)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length == 0)
        {
            throw new ArgumentException("A linear model needs at least one weight.", nameof(weights));
        }
        this.weights = (double[])weights.Clone();
        Intercept = intercept;
    }

    /// <summary>A copy of the weights, one per feature.</summary>
    public double[] Weights => (double[])weights.Clone();

    /// <summary>The intercept b (0 for models trained by the streaming algorithms, which fit none, as Spark's).</summary>
    public double Intercept { get; }

    /// <summary>The number of features a point must have.</summary>
    public int NumFeatures => weights.Length;

    /// <summary>The prediction for <paramref name="features"/>, which must have <see cref="NumFeatures"/> values.</summary>
    public double Predict(double[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Vectors.RequireLength(features, weights.Length, "The point");
        return PredictFromMargin(TensorPrimitives.Dot<double>(weights, features) + Intercept);
    }

    /// <summary>The prediction for a point whose margin w·x + b is <paramref name="margin"/>.</summary>
    protected abstract double PredictFromMargin(double margin);

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}(weights=[{string.Join(", ", weights)}], intercept={Intercept})";
}
