using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Optimization;

/// <summary>
/// Spark's mini-batch gradient descent (<c>GradientDescent.runMiniBatchSGD</c>): each iteration samples a fraction of
/// the data (seed 42 + i; all of it at fraction 1.0), averages the examples' gradients on the workers, and takes a
/// step of stepSize / √i; it stops after the iterations, or once the weights moved less than the tolerance times
/// max(‖w‖, 1).
/// </summary>
internal sealed record GradientDescent(IGradient Gradient, IUpdater Updater, SgdSettings Settings)
{
    public async Task<double[]> OptimizeAsync(Rdd<LabeledPoint> data, double[] initialWeights, CancellationToken cancellationToken)
    {
        var weights = initialWeights;
        double[]? lastUpdate = null;
        for (var iteration = 1; iteration <= Settings.NumIterations; iteration++)
        {
            var batch = Settings.MiniBatchFraction < 1.0 ? data.Sample(false, Settings.MiniBatchFraction, 42 + iteration) : data;
            var (gradientSum, count) = await SumGradientsAsync(batch, weights, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                continue;
            }
            TensorPrimitives.Divide(gradientSum, count, gradientSum);
            weights = Updater.Step(weights, gradientSum, Settings.StepSize, iteration, Settings.RegParam);
            // As Spark, convergence compares two updated weights: the initial ones never count.
            if (lastUpdate is not null && HasConverged(lastUpdate, weights))
            {
                break;
            }
            lastUpdate = weights;
        }
        return weights;
    }

    private bool HasConverged(double[] previous, double[] current) =>
        TensorPrimitives.Distance<double>(previous, current) < Settings.ConvergenceTolerance * Math.Max(TensorPrimitives.Norm<double>(current), 1.0);

    private async Task<(double[] Sum, long Count)> SumGradientsAsync(Rdd<LabeledPoint> data, double[] weights, CancellationToken cancellationToken)
    {
        var gradient = Gradient;
        var parts = await data.Context.RunJobAsync(data, (_, points) =>
        {
            var sum = new double[weights.Length];
            var count = 0L;
            foreach (var point in points)
            {
                Vectors.RequireLength(point.Features, weights.Length, "A training point");
                gradient.Add(point.Features, point.Label, weights, sum);
                count++;
            }
            return (Sum: sum, Count: count);
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var total = new double[weights.Length];
        foreach (var part in parts)
        {
            TensorPrimitives.Add(total, part.Sum, total);
        }
        return (total, parts.Sum(part => part.Count));
    }
}
