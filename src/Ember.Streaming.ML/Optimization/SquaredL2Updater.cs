using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Optimization;

/// <summary>A step with L2 regularization regParam ‖w‖² / 2: w' = (1 - s λ) w - s g with s = step / √i (Spark's <c>SquaredL2Updater</c>).</summary>
internal sealed class SquaredL2Updater : IUpdater
{
    public static SquaredL2Updater Instance { get; } = new();

    public double[] Step(double[] weights, double[] gradient, double stepSize, int iteration, double regParam)
    {
        var step = stepSize / Math.Sqrt(iteration);
        var updated = new double[weights.Length];
        TensorPrimitives.Multiply(weights, 1.0 - step * regParam, updated);
        TensorPrimitives.MultiplyAdd(gradient, -step, updated, updated);
        return updated;
    }
}
