using System.Numerics.Tensors;

namespace Ember.Streaming.ML.Clustering;

/// <summary>
/// The points of a batch summed per closest cluster (Spark's per-cluster aggregate): built per partition on the
/// workers, merged on the driver, so only k sums and counts travel.
/// </summary>
internal sealed class ClusterSums
{
    private ClusterSums(int k, int dimension)
    {
        Sums = [.. Enumerable.Range(0, k).Select(_ => new double[dimension])];
        Counts = new long[k];
    }

    public double[][] Sums { get; }

    public long[] Counts { get; }

    public long TotalCount => Counts.Sum();

    public static ClusterSums Of(StreamingKMeansModel model, IEnumerable<double[]> points)
    {
        var sums = new ClusterSums(model.K, model.Dimension);
        foreach (var point in points)
        {
            var cluster = model.Predict(point);
            TensorPrimitives.Add(sums.Sums[cluster], point, sums.Sums[cluster]);
            sums.Counts[cluster]++;
        }
        return sums;
    }

    public static async Task<ClusterSums> OfAsync(StreamingKMeansModel model, Rdd<double[]> points, CancellationToken cancellationToken)
    {
        var parts = await points.Context.RunJobAsync(points, (_, partition) => Of(model, partition), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var total = new ClusterSums(model.K, model.Dimension);
        foreach (var part in parts)
        {
            for (var cluster = 0; cluster < model.K; cluster++)
            {
                TensorPrimitives.Add(total.Sums[cluster], part.Sums[cluster], total.Sums[cluster]);
                total.Counts[cluster] += part.Counts[cluster];
            }
        }
        return total;
    }
}
