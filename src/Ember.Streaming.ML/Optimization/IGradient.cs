namespace Ember.Streaming.ML.Optimization;

/// <summary>The gradient of one example's loss (Spark's <c>Gradient</c>).</summary>
internal interface IGradient
{
    /// <summary>Adds the gradient of the loss at <paramref name="weights"/> to <paramref name="cumulativeGradient"/>.</summary>
    void Add(ReadOnlySpan<double> features, double label, ReadOnlySpan<double> weights, Span<double> cumulativeGradient);
}
