using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Optimization;

/// <summary>Binary logistic loss for labels 0 and 1, whose gradient is (σ(w·x) - y) x (Spark's <c>LogisticGradient</c>, two classes).</summary>
internal sealed class LogisticGradient : IGradient
{
    public static LogisticGradient Instance { get; } = new();

    public void Add(ReadOnlySpan<double> features, double label, ReadOnlySpan<double> weights, Span<double> cumulativeGradient)
    {
        if (label is not (0.0 or 1.0))
        {
            throw new ArgumentException($"Logistic regression needs labels 0 or 1, got {label}.");
        }
        var multiplier = 1.0 / (1.0 + Math.Exp(-TensorPrimitives.Dot(features, weights))) - label;
        TensorPrimitives.MultiplyAdd(features, multiplier, cumulativeGradient, cumulativeGradient);
    }
}
