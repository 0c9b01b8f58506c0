using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Operators;
using Ember.Tests.Backends;

namespace Ember.Tests.Numeric;

/// <summary>Sum, Mean, Variance, Stdev and their sample forms, and Stats, against LINQ and against Spark's documented answers.</summary>
public class NumericActionTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Statistics_RandomDoubles_EqualLinq(int count, int partitions)
    {
        var random = RandomInputs.For(count, partitions);
        var items = Enumerable.Range(0, count).Select(_ => Math.Round((random.NextDouble() - 0.3) * 1000, 3)).ToArray();
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        AssertStatistics(items, rdd);
    }

    [Property(MaxTest = 60)]
    public void Statistics_AnyInts_EqualLinqOverDoubles(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));
        var rdd = context.Parallelize(items, RandomInputs.Partitions(partitions));

        AssertStatistics([.. items.Select(x => (double)x)], rdd);
    }

    [Fact]
    public void Statistics_SkewedPartitions_EqualLinq()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        // One large partition of big values and several tiny ones: Chan's merge with very unequal counts.
        var parts = new[] { Enumerable.Repeat(1e9, 5000).Select((x, i) => x + i).ToArray(), [1.0], [], [2.0, 3.0] };
        var rdd = context.Union(parts.Select(part => context.Parallelize(part, 1)));

        AssertStatistics([.. parts.SelectMany(part => part)], rdd);
    }

    [Fact]
    public void Stats_EmptyRdd_SparksEmptyCounter()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        foreach (var empty in new[] { context.Parallelize(Array.Empty<double>(), 3), context.EmptyRdd<double>() })
        {
            var stats = empty.Stats();
            Assert.Equal(0, stats.Count);
            Assert.Equal(0.0, stats.Mean);
            Assert.Equal(0.0, stats.Sum);
            Assert.Equal(double.NegativeInfinity, stats.Max);
            Assert.Equal(double.PositiveInfinity, stats.Min);
            Assert.True(double.IsNaN(stats.Variance));
            Assert.True(double.IsNaN(empty.SampleStdev()));
            Assert.Equal(0.0, empty.Sum());
            Assert.Equal(0.0, empty.Mean());
        }
    }

    [Fact]
    public void Sum_IntsLongsFloatsAndDecimals_ConvertedToDoubleAsSpark()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Equal(5050.0, context.Parallelize(Enumerable.Range(1, 100), 4).Sum());
        Assert.Equal(3.0 * int.MaxValue, context.Parallelize([int.MaxValue, int.MaxValue, int.MaxValue], 2).Sum());
        Assert.Equal(6e18, context.Parallelize([3_000_000_000_000_000_000L, 3_000_000_000_000_000_000L], 2).Sum());
        Assert.Equal(1.0, context.Parallelize([0.5f, 0.25f, 0.25f], 2).Sum());
        Assert.Equal(0.5, context.Parallelize([0.1m, 0.4m], 2).Mean() * 2, 12);
    }

    [Fact]
    public void Stats_NaNValue_PropagatesAsSpark()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var stats = context.Parallelize([1.0, double.NaN, 3.0], 2).Stats();

        Assert.Equal(3, stats.Count);
        Assert.True(double.IsNaN(stats.Mean));
        Assert.True(double.IsNaN(stats.Max));
        Assert.True(double.IsNaN(stats.Min));
    }

    /// <summary>PySpark's doctests for stats, mean, variance, stdev, sampleStdev, sampleVariance and sum.</summary>
    [Fact]
    public void Statistics_PySparkDocExamples_GiveTheDocumentedAnswers()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([1, 2, 3]);

        Assert.Equal("(count: 3, mean: 2.000000, stdev: 0.816497, max: 3.000000, min: 1.000000)", rdd.Stats().ToString());
        Assert.Equal(2.0, rdd.Mean());
        Assert.Equal(0.6666666666666666, rdd.Variance(), 15);
        Assert.Equal(0.816496580927726, rdd.Stdev(), 15);
        Assert.Equal(1.0, rdd.SampleStdev());
        Assert.Equal(1.0, rdd.SampleVariance());
        Assert.Equal(6.0, context.Parallelize([1.0, 2.0, 3.0]).Sum());
    }

    [Fact]
    public async Task Async_Variants_SameAnswersAsSync()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([4L, 8L, 15L, 16L, 23L, 42L], 3);

        Assert.Equal(rdd.Sum(), await rdd.SumAsync());
        Assert.Equal(rdd.Mean(), await rdd.MeanAsync());
        Assert.Equal(rdd.Variance(), await rdd.VarianceAsync());
        Assert.Equal(rdd.SampleVariance(), await rdd.SampleVarianceAsync());
        Assert.Equal(rdd.Stdev(), await rdd.StdevAsync());
        Assert.Equal(rdd.SampleStdev(), await rdd.SampleStdevAsync());
        Assert.Equal(rdd.Stats().ToString(), (await rdd.StatsAsync()).ToString());
    }

    private static void AssertStatistics(double[] items, Rdd<double> rdd) => AssertStatistics(items, rdd.Stats(), rdd.Sum());

    private static void AssertStatistics(double[] items, Rdd<int> rdd) => AssertStatistics(items, rdd.Stats(), rdd.Sum());

    private static void AssertStatistics(double[] items, StatCounter stats, double sum)
    {
        Assert.Equal(items.Length, stats.Count);
        AssertClose(items.Sum(), sum);
        AssertClose(items.Sum(), stats.Sum);
        if (items.Length == 0)
        {
            return;
        }
        var mean = items.Average();
        var squares = items.Sum(x => (x - mean) * (x - mean));
        AssertClose(mean, stats.Mean);
        AssertClose(items.Max(), stats.Max);
        AssertClose(items.Min(), stats.Min);
        AssertClose(squares / items.Length, stats.Variance);
        AssertClose(Math.Sqrt(squares / items.Length), stats.Stdev);
        if (items.Length > 1)
        {
            AssertClose(squares / (items.Length - 1), stats.SampleVariance);
            AssertClose(Math.Sqrt(squares / (items.Length - 1)), stats.SampleStdev);
        }
        else
        {
            Assert.True(double.IsNaN(stats.SampleVariance));
        }
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"Expected {expected}, got {actual}.");
}
