using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Clustering;

/// <summary>
/// A snapshot of a streaming k-means model (Spark MLlib's <c>StreamingKMeansModel</c>): cluster centres with their
/// weights. Immutable: <see cref="StreamingKMeans"/> replaces its model after every batch, so a prediction running
/// on a worker never sees a half-updated one.
/// </summary>
public sealed class StreamingKMeansModel
{
    // Spark's thresholds: a cluster is "dying" below this fraction of the largest weight, and a split moves the
    // two halves this far apart (relative to each coordinate) so that the next batch can separate them.
    private const double DyingFraction = 1e-8;
    private const double SplitOffset = 1e-14;

    private readonly double[][] centers;
    private readonly double[] weights;

    internal StreamingKMeansModel(double[][] centers, double[] weights)
    {
        this.centers = centers;
        this.weights = weights;
    }

    /// <summary>The number of clusters.</summary>
    public int K => centers.Length;

    /// <summary>The dimension of the points.</summary>
    public int Dimension => centers[0].Length;

    /// <summary>A copy of the cluster centres, in cluster index order.</summary>
    public double[][] ClusterCenters => [.. centers.Select(center => (double[])center.Clone())];

    /// <summary>A copy of the cluster weights (discounted point counts), in cluster index order.</summary>
    public double[] ClusterWeights => (double[])weights.Clone();

    /// <summary>The index of the centre closest to <paramref name="point"/> (Euclidean; the lowest index on a tie).</summary>
    public int Predict(double[] point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Vectors.RequireLength(point, Dimension, "The point");
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var cluster = 0; cluster < centers.Length; cluster++)
        {
            var distance = TensorPrimitives.Distance<double>(centers[cluster], point);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = cluster;
            }
        }
        return best;
    }

    /// <summary>
    /// Spark's update rule: every weight is multiplied by the discount, then each cluster that received points moves
    /// to the weighted mean of its old centre (weight w) and the points' mean (weight n): c' = c + n/(w + n) (mean - c).
    /// If the lightest cluster then weighs less than 1e-8 of the heaviest, it is dying: the heaviest is split in two.
    /// </summary>
    internal StreamingKMeansModel Update(ClusterSums batch, double decayFactor, string timeUnit)
    {
        var discount = timeUnit == StreamingKMeans.Points ? Math.Pow(decayFactor, batch.TotalCount) : decayFactor;
        var newCenters = centers.Select(center => (double[])center.Clone()).ToArray();
        var newWeights = new double[weights.Length];
        TensorPrimitives.Multiply(weights, discount, newWeights);
        for (var cluster = 0; cluster < K; cluster++)
        {
            var count = batch.Counts[cluster];
            if (count == 0)
            {
                continue;
            }
            var updatedWeight = newWeights[cluster] + count;
            var lambda = count / Math.Max(updatedWeight, 1e-16);
            newWeights[cluster] = updatedWeight;
            var center = newCenters[cluster];
            TensorPrimitives.Multiply(center, 1.0 - lambda, center);
            TensorPrimitives.MultiplyAdd(batch.Sums[cluster], lambda / count, center, center);
        }
        SplitDyingCluster(newCenters, newWeights);
        return new StreamingKMeansModel(newCenters, newWeights);
    }

    private static void SplitDyingCluster(double[][] centers, double[] weights)
    {
        var largest = TensorPrimitives.IndexOfMax<double>(weights);
        var smallest = TensorPrimitives.IndexOfMin<double>(weights);
        if (weights[smallest] >= DyingFraction * weights[largest])
        {
            return;
        }
        var weight = (weights[largest] + weights[smallest]) / 2.0;
        weights[largest] = weight;
        weights[smallest] = weight;
        var source = centers[largest];
        var target = centers[smallest];
        for (var j = 0; j < source.Length; j++)
        {
            var x = source[j];
            var offset = SplitOffset * Math.Max(Math.Abs(x), 1.0);
            source[j] = x + offset;
            target[j] = x - offset;
        }
    }
}
