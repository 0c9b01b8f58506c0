using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Operators;
using Ember.Tests.Backends;

namespace Ember.Tests.Numeric;

/// <summary>Histogram with a bucket count and with given buckets: Spark's DoubleRDDSuite cases, PySpark's doctests, and LINQ.</summary>
public class HistogramTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    public static TheoryData<double[], double[], long[]> SparkCases => new()
    {
        // Spark's DoubleRDDSuite, case by case: (values, buckets, expected counts).
        { [], [0.0, 10.0], [0] },
        { [10.01, -0.01], [0.0, 10.0], [0] },
        { [1, 2, 3, 4], [0.0, 10.0], [4] },
        { [1, 2, 3, 4], [1.0, 4.0], [4] },
        { [10.01, -0.01], [0.0, 5.0, 10.0], [0, 0] },
        { [1, 2, 3, 5, 6], [0.0, 5.0, 11.0], [3, 2] },
        { [-0.01, 0.0, 1, 2, 3, 5, 6, 11.0, 11.01], [0.0, 5.0, 11.0], [4, 3] },
        { [-0.01, 0.0, 1, 2, 3, 5, 6, 11.01, 12.0, 199.0, 200.0, 200.1], [0.0, 5.0, 11.0, 12.0, 200.0], [4, 2, 1, 3] },
        { [-0.01, 0.0, 1, 2, 3, 5, 6, 11.01, 12.0, 199.0, 200.0, 200.1, double.NaN], [0.0, 5.0, 11.0, 12.0, 200.0], [4, 2, 1, 3] },
        // A NaN last boundary takes NaN values, and everything above the previous boundary, infinity included.
        { [-0.01, 0.0, 1, 2, 3, 5, 6, 11.01, 12.0, 199.0, 200.0, 200.1, double.NaN, double.PositiveInfinity], [0.0, 5.0, 11.0, 12.0, 200.0, double.NaN], [4, 2, 1, 2, 4] },
        { [10.01, -0.01, double.NaN], [double.NegativeInfinity, 0.0, double.PositiveInfinity], [1, 1] },
        { [10.01, -0.01, double.NaN, double.NegativeInfinity, double.PositiveInfinity], [double.NegativeInfinity, 0.0, double.PositiveInfinity], [2, 2] },
    };

    [Theory]
    [MemberData(nameof(SparkCases))]
    public void Histogram_SparkSuiteCases_SparksCounts(double[] values, double[] buckets, long[] expected)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(values, 3);

        Assert.Equal(expected, rdd.Histogram(buckets));
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 1, new[] { 1.0, 4.0 }, new long[] { 4 })]
    [InlineData(new double[] { 1 }, 1, new[] { 1.0, 1.0 }, new long[] { 1 })]
    [InlineData(new double[] { 1, 1, 1, 1 }, 1, new[] { 1.0, 1.0 }, new long[] { 4 })]
    [InlineData(new double[] { 1, 1, 1, 1 }, 5, new[] { 1.0, 1.0 }, new long[] { 4 })]
    [InlineData(new double[] { 1, 2, 3, 4 }, 2, new[] { 1.0, 2.5, 4.0 }, new long[] { 2, 2 })]
    [InlineData(new double[] { 1, 1, 1, 2, 3, 3 }, 4, new[] { 1.0, 1.5, 2.0, 2.5, 3.0 }, new long[] { 3, 0, 1, 2 })]
    public void Histogram_BucketCount_SparksBucketsAndCounts(double[] values, int bucketCount, double[] buckets, long[] counts)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var (actualBuckets, actualCounts) = context.Parallelize(values, 2).Histogram(bucketCount);

        Assert.Equal(buckets, actualBuckets);
        Assert.Equal(counts, actualCounts);
    }

    [Fact]
    public void Histogram_MoreBucketsThanValues_FirstAndLastBucketsHoldThem()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var (buckets, counts) = context.Parallelize([1.0, 2.0], 4).Histogram(10);

        Assert.Equal(11, buckets.Count);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 1], counts);
    }

    [Fact]
    public void Histogram_LargerDataset_SparksEvenBuckets()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var (buckets, counts) = context.Parallelize(Enumerable.Range(6, 94), 5).Histogram(8);

        Assert.Equal([6.0, 17.625, 29.25, 40.875, 52.5, 64.125, 75.75, 87.375, 99.0], buckets);
        Assert.Equal([12, 12, 11, 12, 12, 11, 12, 12], counts);
    }

    [Fact]
    public void Histogram_InvalidInput_SparksErrors()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Throws<InvalidOperationException>(() => context.Parallelize([1.0, double.NaN], 2).Histogram(4));
        Assert.Throws<InvalidOperationException>(() => context.Parallelize([1.0, double.PositiveInfinity], 2).Histogram(4));
        Assert.Throws<InvalidOperationException>(() => context.Parallelize([double.NegativeInfinity, 1.0], 2).Histogram(4));
        Assert.Throws<InvalidOperationException>(() => context.Parallelize(Array.Empty<double>(), 2).Histogram(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Parallelize([1.0], 1).Histogram(0));
        Assert.Throws<ArgumentException>(() => context.Parallelize([1.0], 1).Histogram([1.0]));
        Assert.Throws<ArgumentException>(() => context.Parallelize([1.0], 1).Histogram([1.0, 3.0, 2.0]));
        Assert.Throws<ArgumentException>(() => context.Parallelize([1.0], 1).Histogram([1.0, 1.0]));
    }

    [Fact]
    public void Histogram_EmptyRddWithoutPartitions_ZeroCounts()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Equal([0, 0], context.EmptyRdd<double>().Histogram([0.0, 1.0, 2.0]));
    }

    /// <summary>PySpark's histogram doctests.</summary>
    [Fact]
    public void Histogram_PySparkDocExamples_GiveTheDocumentedAnswers()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 51));

        var (buckets, counts) = rdd.Histogram(2);
        Assert.Equal([0.0, 25.0, 50.0], buckets);
        Assert.Equal([25, 26], counts);
        Assert.Equal([5, 20, 26], rdd.Histogram([0.0, 5, 25, 50]));
        Assert.Equal([15, 15, 15, 6], rdd.Histogram([0.0, 15, 30, 45, 60], evenBuckets: true));
        Assert.Equal([15, 15, 15, 6], rdd.Histogram([0.0, 15, 30, 45, 60]));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Histogram_RandomInts_EqualLinqCounts(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);
        double[] buckets = [-10, -3.5, 0, 2, 7, 40];

        Assert.Equal(Reference(items, buckets), rdd.Histogram(buckets));
        if (count > 0)
        {
            var (evenBuckets, counts) = rdd.Histogram(3);
            Assert.Equal(Reference(items, [.. evenBuckets]), counts);
            Assert.Equal(count, counts.Sum());
        }
    }

    [Property(MaxTest = 60)]
    public void Histogram_EvenBucketsFlag_SameCountsAsBinarySearch(int[] items, PositiveInt partitions, PositiveInt width)
    {
        var context = Context(RandomInputs.Options(2));
        var rdd = context.Parallelize(items, RandomInputs.Partitions(partitions));
        var step = width.Get % 50 + 1;
        double[] buckets = [.. Enumerable.Range(-3, 7).Select(i => (double)(i * step))];

        Assert.Equal(Reference(items, buckets), rdd.Histogram(buckets, evenBuckets: true));
        Assert.Equal(Reference(items, buckets), rdd.Histogram(buckets));
    }

    /// <summary>Buckets open on the right, the last one closed.</summary>
    private static long[] Reference(IEnumerable<int> items, double[] buckets) =>
        [.. Enumerable.Range(0, buckets.Length - 1).Select(i => items.LongCount(x =>
            x >= buckets[i] && (x < buckets[i + 1] || (i == buckets.Length - 2 && x == buckets[i + 1]))))];
}
