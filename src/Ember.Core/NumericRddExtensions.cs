using System.Numerics;
using Ember.Numeric;

namespace Ember;

/// <summary>
/// Statistics of RDDs of numbers (Spark's DoubleRDDFunctions): sum, mean, variances, standard deviations, a
/// <see cref="StatCounter"/> and histograms. They apply to <see cref="Rdd{T}"/> of any number type (<see cref="double"/>,
/// <see cref="int"/>, <see cref="long"/>, <see cref="float"/>, <see cref="decimal"/>, ...); every value is converted to
/// <see cref="double"/> first, as Spark converts an RDD of Int, so the sum of an RDD of ints is a <see cref="double"/>.
/// </summary>
/// <remarks>
/// Each method is an action: it runs one job (two for <see cref="HistogramAsync{T}(Rdd{T}, int, CancellationToken)"/>),
/// with no shuffle, keeping a few numbers per partition; partition results are combined on the caller in partition
/// order, so the same input gives the same floating-point answer every run.
/// </remarks>
public static class NumericRddExtensions
{
    /// <summary>The sum of the values (0 for an empty RDD): each partition adds its values in order, then the partition sums are added.</summary>
    public static async Task<double> SumAsync<T>(this Rdd<T> rdd, CancellationToken cancellationToken = default)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var sums = await rdd.Context.RunActionAsync("Sum", rdd, (_, items) =>
        {
            var sum = 0.0;
            foreach (var item in items)
            {
                sum += double.CreateChecked(item);
            }
            return sum;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return sums.Aggregate(0.0, (total, sum) => total + sum);
    }

    /// <inheritdoc cref="SumAsync"/>
    public static double Sum<T>(this Rdd<T> rdd)
        where T : INumber<T> => Wait(rdd.SumAsync());

    /// <summary>
    /// Count, mean, variance, minimum and maximum of the values in one job: a <see cref="StatCounter"/> per
    /// partition, merged (an empty RDD gives an empty counter).
    /// </summary>
    public static async Task<StatCounter> StatsAsync<T>(this Rdd<T> rdd, CancellationToken cancellationToken = default)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var counters = await rdd.Context.RunActionAsync("Stats", rdd, (_, items) =>
        {
            var counter = new StatCounter();
            foreach (var item in items)
            {
                counter.Merge(double.CreateChecked(item));
            }
            return counter;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return counters.Aggregate(new StatCounter(), (total, counter) => total.Merge(counter));
    }

    /// <inheritdoc cref="StatsAsync"/>
    public static StatCounter Stats<T>(this Rdd<T> rdd)
        where T : INumber<T> => Wait(rdd.StatsAsync());

    /// <summary>The mean of the values (0 for an empty RDD, as Spark). Runs <see cref="StatsAsync"/>.</summary>
    public static async Task<double> MeanAsync<T>(this Rdd<T> rdd, CancellationToken cancellationToken = default)
        where T : INumber<T> => (await rdd.StatsAsync(cancellationToken).ConfigureAwait(false)).Mean;

    /// <inheritdoc cref="MeanAsync"/>
    public static double Mean<T>(this Rdd<T> rdd)
        where T : INumber<T> => Wait(rdd.MeanAsync());

    /// <summary>The population variance (divided by N; NaN for an empty RDD). Runs <see cref="StatsAsync"/>.</summary>
    public static async Task<double> VarianceAsync<T>(this Rdd<T> rdd, CancellationToken cancellationToken = default)
        where T : INumber<T> => (await rdd.StatsAsync(cancellationToken).ConfigureAwait(false)).Variance;

    /// <inheritdoc cref="VarianceAsync"/>
    public static double Variance<T>(this Rdd<T> rdd)
        where T : INumber<T> => Wait(rdd.VarianceAsync());

    /// <summary>The sample variance (divided by N - 1; NaN with fewer than two values). Runs <see cref="StatsAsync"/>.</summary>
    public static async Task<double> SampleVarianceAsync<T>(this Rdd<T> rdd, CancellationToken cancellationToken = default)
        where T : INumber<T> => (await rdd.StatsAsync(cancellationToken).ConfigureAwait(false)).SampleVariance;

    /// <inheritdoc cref="SampleVarianceAsync"/>
    public static double SampleVariance<T>(this Rdd<T> rdd)
        where T : INumber<T> => Wait(rdd.SampleVarianceAsync());

    /// <summary>The population standard deviation (NaN for an empty RDD). Runs <see cref="StatsAsync"/>.</summary>
    public static async Task<double> StdevAsync<T>(this Rdd<T> rdd, CancellationToken cancellationToken = default)
        where T : INumber<T> => (await rdd.StatsAsync(cancellationToken).ConfigureAwait(false)).Stdev;

    /// <inheritdoc cref="StdevAsync"/>
    public static double Stdev<T>(this Rdd<T> rdd)
        where T : INumber<T> => Wait(rdd.StdevAsync());

    /// <summary>The sample standard deviation (from the sample variance; NaN with fewer than two values). Runs <see cref="StatsAsync"/>.</summary>
    public static async Task<double> SampleStdevAsync<T>(this Rdd<T> rdd, CancellationToken cancellationToken = default)
        where T : INumber<T> => (await rdd.StatsAsync(cancellationToken).ConfigureAwait(false)).SampleStdev;

    /// <inheritdoc cref="SampleStdevAsync"/>
    public static double SampleStdev<T>(this Rdd<T> rdd)
        where T : INumber<T> => Wait(rdd.SampleStdevAsync());

    /// <summary>
    /// A histogram of <paramref name="bucketCount"/> evenly spaced buckets from the minimum to the maximum value: for
    /// minimum 0, maximum 100 and two buckets, [0, 50) and [50, 100] (the last bucket is closed). Returns the
    /// <c>bucketCount + 1</c> boundaries and the count in each bucket; when every value is equal, one bucket
    /// [value, value] holding them all. Runs two jobs (minimum and maximum, then the counts), no shuffle.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bucketCount"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The RDD is empty or holds NaN or an infinity (Spark's rule).</exception>
    public static async Task<(IReadOnlyList<double> Buckets, IReadOnlyList<long> Counts)> HistogramAsync<T>(
        this Rdd<T> rdd, int bucketCount, CancellationToken cancellationToken = default)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        var ranges = await rdd.Context.RunActionAsync("Histogram", rdd, (_, items) =>
        {
            var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
            foreach (var item in items)
            {
                var value = double.CreateChecked(item);
                (min, max) = (Math.Min(min, value), Math.Max(max, value));
            }
            return (Min: min, Max: max);
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var (low, high) = ranges.Aggregate((Min: double.PositiveInfinity, Max: double.NegativeInfinity),
            (total, range) => (Math.Min(total.Min, range.Min), Math.Max(total.Max, range.Max)));
        if (!double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new InvalidOperationException($"Histogram on either an empty RDD or an RDD containing +/-infinity or NaN ({rdd}).");
        }
        var buckets = HistogramBuckets.Spanning(low, high, bucketCount);
        return (buckets.Boundaries, await CountAsync(rdd, buckets, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc cref="HistogramAsync{T}(Rdd{T}, int, CancellationToken)"/>
    public static (IReadOnlyList<double> Buckets, IReadOnlyList<long> Counts) Histogram<T>(this Rdd<T> rdd, int bucketCount)
        where T : INumber<T> => Wait(rdd.HistogramAsync(bucketCount));

    /// <summary>
    /// The number of values in each bucket between consecutive <paramref name="buckets"/> boundaries: every bucket is
    /// open on the right except the last, so for [1, 10, 20, 50] the buckets are [1, 10), [10, 20) and [20, 50], and
    /// the values 1 and 50 give 1, 0, 1. Values outside every bucket are not counted, nor is NaN, unless the last
    /// boundary is NaN (then NaN values count in the last bucket, as Spark). With <paramref name="evenBuckets"/> the
    /// boundaries are taken to be evenly spaced and each value's bucket is computed in constant time rather than by
    /// binary search. One job, no shuffle.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two boundaries, or boundaries not strictly increasing.</exception>
    public static async Task<IReadOnlyList<long>> HistogramAsync<T>(
        this Rdd<T> rdd, IReadOnlyList<double> buckets, bool evenBuckets = false, CancellationToken cancellationToken = default)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(rdd);
        return await CountAsync(rdd, HistogramBuckets.Given(buckets, evenBuckets), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="HistogramAsync{T}(Rdd{T}, IReadOnlyList{double}, bool, CancellationToken)"/>
    public static IReadOnlyList<long> Histogram<T>(this Rdd<T> rdd, IReadOnlyList<double> buckets, bool evenBuckets = false)
        where T : INumber<T> => Wait(rdd.HistogramAsync(buckets, evenBuckets));

    private static async Task<IReadOnlyList<long>> CountAsync<T>(Rdd<T> rdd, HistogramBuckets buckets, CancellationToken cancellationToken)
        where T : INumber<T>
    {
        var parts = await rdd.Context.RunActionAsync("Histogram", rdd, (_, items) =>
        {
            var counts = new long[buckets.Count];
            foreach (var item in items)
            {
                if (buckets.IndexOf(double.CreateChecked(item)) is var index and >= 0)
                {
                    counts[index]++;
                }
            }
            return counts;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var total = new long[buckets.Count];
        foreach (var counts in parts)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += counts[i];
            }
        }
        return total;
    }

    private static TResult Wait<TResult>(Task<TResult> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();
}
