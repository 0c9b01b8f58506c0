using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Optimization;

/// <summary>Squared error (w·x - y)² / 2, whose gradient is (w·x - y) x (Spark's <c>LeastSquaresGradient</c>).</summary>
internal sealed class LeastSquaresGradient : IGradient
{
    public static LeastSquaresGradient Instance { get; } = new();

    public void Add(ReadOnlySpan<double> features, double label, ReadOnlySpan<double> weights, Span<double> cumulativeGradient)
    {
        var difference = TensorPrimitives.Dot(features, weights) - label;
        TensorPrimitives.MultiplyAdd(features, difference, cumulativeGradient, cumulativeGradient);
    }
}
