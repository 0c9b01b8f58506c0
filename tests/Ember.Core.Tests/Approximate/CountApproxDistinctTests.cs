using Ember.Partitioning;
using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Operators;
using Ember.Tests.PairOperators;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.Approximate;

/// <summary>CountApproxDistinct and CountApproxDistinctByKey against LINQ's distinct counts, and Spark's suite and doc cases.</summary>
public class CountApproxDistinctTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CountApproxDistinct_SmallInputs_ExactDistinctCount(int count, int partitions)
    {
        var random = RandomInputs.For(count, partitions);
        var strings = RandomInputs.Strings(random, count);
        var ints = RandomInputs.Ints(random, count);
        var context = Context(RandomInputs.Options(partitions));

        Assert.Equal(strings.Distinct().Count(), context.Parallelize(strings, partitions).CountApproxDistinct());
        Assert.Equal(ints.Distinct().Count(), context.Parallelize(ints, partitions).CountApproxDistinct());
        Assert.Equal(ints.Distinct().Count(), context.Parallelize(ints, partitions).Map(i => (i, i % 3 == 0)).CountApproxDistinct(0.01));
    }

    [Property(MaxTest = 60)]
    public void CountApproxDistinct_AnySmallInputs_EqualLinqDistinctCounts(string?[] strings, int[] ints, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));
        var count = RandomInputs.Partitions(partitions);

        Assert.Equal(strings.Distinct().Count(), context.Parallelize(strings, count).CountApproxDistinct());
        Assert.Equal(ints.Distinct().Count(), context.Parallelize(ints, count).CountApproxDistinct(0.2));
        AssertSameMultiset(
            ints.GroupBy(x => x % 7).Select(g => (g.Key, (long)g.Distinct().Count())),
            context.Parallelize(ints.Select(x => (x % 7, x)), count).CountApproxDistinctByKey().Collect());
    }

    [Theory]
    [InlineData(10_000, 0.05)]
    [InlineData(100_000, 0.05)]
    [InlineData(30_000, 0.01)]
    [InlineData(100_000, 0.02)]
    public void CountApproxDistinct_ManyDistinctWithDuplicates_WithinThreeRelativeSD(int distinct, double relativeSD)
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        // Every value three times, in 7 partitions: duplicates across partitions must not count twice.
        var rdd = context.Parallelize(Enumerable.Range(0, 3 * distinct).Select(i => (long)(i % distinct) * 1_000_003), 7);

        var estimate = rdd.CountApproxDistinct(relativeSD);

        Assert.InRange(estimate, distinct * (1 - (3 * relativeSD)), distinct * (1 + (3 * relativeSD)));
    }

    [Fact]
    public void CountApproxDistinct_SameInputTwice_SameAnswer()
    {
        var first = Context(new EmberOptions { Master = "local[4]" });
        var second = Context(new EmberOptions { Master = "local[1]" });
        var items = Enumerable.Range(0, 20_000).Select(i => $"user-{i % 12_345}").ToArray();

        Assert.Equal(first.Parallelize(items, 8).CountApproxDistinct(), second.Parallelize(items, 3).CountApproxDistinct());
    }

    [Fact]
    public void CountApproxDistinct_InvalidRelativeSD_Throws()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize([1, 2, 3]);

        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.CountApproxDistinct(0.000017));
        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.Map(i => (i, i)).CountApproxDistinctByKey(0));
    }

    /// <summary>Spark's RDDSuite "countApproxDistinct" (the relativeSD cases).</summary>
    [Fact]
    public void CountApproxDistinct_SparkSuiteUniformDistribution_WithinSparksBounds()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var simpleRdd = context.Parallelize(Enumerable.Range(1, 5000).Select(i => i % 1000), 10);

        Assert.True(Error(simpleRdd.CountApproxDistinct(0.02), 1000) < 0.1);
        Assert.True(Error(simpleRdd.CountApproxDistinct(0.5), 1000) < 0.22);
    }

    /// <summary>PySpark's countApproxDistinct doctests.</summary>
    [Fact]
    public void CountApproxDistinct_PySparkDocExamples_InTheDocumentedRanges()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.InRange(context.Parallelize(Enumerable.Range(0, 1000)).Map(i => i.ToString()).CountApproxDistinct(), 901, 1099);
        Assert.InRange(context.Parallelize(Enumerable.Range(0, 1000).Select(i => i % 20)).CountApproxDistinct(), 17, 23);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void CountApproxDistinctByKey_SmallInputs_ExactDistinctValuesPerKey(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape, seed: 21);

        var counts = Distribute(context, records, shape).CountApproxDistinctByKey().Collect();

        AssertSameMultiset(records.GroupBy(r => r.Key).Select(g => (g.Key, (long)g.Select(r => r.Value).Distinct().Count())), counts);
    }

    [Fact]
    public void CountApproxDistinctByKey_PartitionsOrPartitioner_PlacesResultsByIt()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Ints(Shape.Uniform), 3);
        var partitioner = new HashPartitioner(5);

        Assert.Equal(new HashPartitioner(4), rdd.CountApproxDistinctByKey(partitions: 4).Partitioner);
        var placed = rdd.PartitionBy(partitioner);
        var counted = placed.CountApproxDistinctByKey(partitioner: partitioner);
        Assert.Equal(partitioner, counted.Partitioner);
        Assert.Empty(ShufflesSince(counted, placed));
    }

    /// <summary>Spark's PairRDDFunctionsSuite "countApproxDistinctByKey": key i holds i distinct values.</summary>
    [Fact]
    public void CountApproxDistinctByKey_SparkSuiteStackedValues_WithinOnePercent()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var stacked = Enumerable.Range(1, 100).SelectMany(i => Enumerable.Range(1, i).Select(j => (i, j)));
        var random = new Random(42);
        var randStacked = Enumerable.Range(1, 100).SelectMany(_ =>
        {
            var num = random.Next(1, 500);
            return Enumerable.Range(1, num).Select(j => (num, j));
        });

        // p = 20, as the Spark test's countApproxDistinctByKey(20, 0), and relativeSD 0.01 (p = 14).
        var counted1 = context.Parallelize(stacked).CountApproxDistinctByKey(0.00103).Collect();
        var counted2 = context.Parallelize(randStacked).CountApproxDistinctByKey(0.01).Collect();

        Assert.Equal(100, counted1.Count);
        Assert.All(counted1.Concat(counted2), pair => Assert.True(Error(pair.Value, pair.Key) < 0.01, $"key {pair.Key}: {pair.Value}"));
    }

    [Fact]
    public void CountApproxDistinctByKey_OneHotKeyWithManyValues_WithinThreeRelativeSD()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var records = Enumerable.Range(0, 60_000).Select(i => (Key: i % 10 == 0 ? "cold" : "hot", Value: i % 40_000));
        var expected = records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Select(r => r.Value).Distinct().Count());

        var counts = context.Parallelize(records, 6).CountApproxDistinctByKey(0.02).Collect().ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.All(expected, pair => Assert.True(Error(counts[pair.Key], pair.Value) < 0.06, $"{pair.Key}: {counts[pair.Key]} for {pair.Value}"));
    }

    [Fact]
    public void CountApproxDistinctByKey_KeyNearTheSparseLimitInOnePartition_CountsTheOtherPartitionsToo()
    {
        // 300 values of the key in partition 0 leave its p = 9 sketch sparse with entries still unsorted; the
        // reduce side merges partition 1's 100 values into a copy of it, which turns dense on the way.
        var context = Context(new EmberOptions { Master = "local[2]" });
        var values = Enumerable.Range(0, 300).Concat(Enumerable.Range(1_000_000, 100)).ToArray();
        var rdd = context.Parallelize(values[..300].Select(value => ("key", value)), 1)
            .Union(context.Parallelize(values[300..].Select(value => ("key", value)), 1));

        var counted = rdd.CountApproxDistinctByKey().Collect();

        Assert.Equal([("key", context.Parallelize(values, 2).CountApproxDistinct())], counted);
    }

    private static double Error(long estimate, long size) => Math.Abs(estimate - size) / (double)size;
}
