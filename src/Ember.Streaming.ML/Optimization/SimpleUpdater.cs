using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Optimization;

/// <summary>A plain step, no regularization: w' = w - (step / √i) g (Spark's <c>SimpleUpdater</c>).</summary>
internal sealed class SimpleUpdater : IUpdater
{
    public static SimpleUpdater Instance { get; } = new();

    public double[] Step(double[] weights, double[] gradient, double stepSize, int iteration, double regParam)
    {
        var updated = new double[weights.Length];
        TensorPrimitives.MultiplyAdd(gradient, -stepSize / Math.Sqrt(iteration), weights, updated);
        return updated;
    }
}
