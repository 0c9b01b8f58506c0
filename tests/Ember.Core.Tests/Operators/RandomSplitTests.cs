using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>RandomSplit: the splits are disjoint, together hold every record, and follow the weights.</summary>
public class RandomSplitTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RandomSplit_AnyShape_DisjointAndComplete(int count, int partitions)
    {
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(Enumerable.Range(0, count), partitions);

        var splits = rdd.RandomSplit([1, 2, 0, 3.5], seed: count);

        Assert.Equal(4, splits.Length);
        Assert.Empty(splits[2].Collect());
        var all = splits.SelectMany(split => split.Collect()).ToList();
        Assert.Equal(Enumerable.Range(0, count), all.Order());
        Assert.All(splits, split => Assert.Equal(partitions, split.Partitions.Count));
    }

    [Fact]
    public void RandomSplit_ManyRecords_SizesFollowTheWeights()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 20_000), 8);

        var counts = rdd.RandomSplit([1, 3, 6], seed: 11).Select(split => split.Count()).ToArray();

        // Each share is binomial: 4 standard deviations is under 300 records here.
        Assert.InRange(counts[0], 2_000 - 300, 2_000 + 300);
        Assert.InRange(counts[1], 6_000 - 300, 6_000 + 300);
        Assert.InRange(counts[2], 12_000 - 300, 12_000 + 300);
        Assert.Equal(20_000, counts.Sum());
    }

    [Fact]
    public void RandomSplit_SameSeed_SameSplits()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 300), 3);

        var first = rdd.RandomSplit([1, 1], seed: 3)[0].Collect();

        Assert.Equal(first, rdd.RandomSplit([1, 1], seed: 3)[0].Collect());
        Assert.NotEqual(first, rdd.RandomSplit([1, 1], seed: 4)[0].Collect());
    }

    [Theory]
    [InlineData(new[] { -1.0, 2.0 })]
    [InlineData(new[] { 0.0, 0.0 })]
    [InlineData(new[] { double.NaN, 1.0 })]
    [InlineData(new double[0])]
    public void RandomSplit_BadWeights_Throws(double[] weights)
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        Assert.Throws<ArgumentOutOfRangeException>(() => context.Parallelize([1, 2], 1).RandomSplit(weights));
    }

    [Property(MaxTest = 30)]
    public void RandomSplit_AnyInts_SplitsTogetherEqualTheInput(int[] items, PositiveInt partitions, PositiveInt[] weights, int seed)
    {
        var context = Context(RandomInputs.Options(2));
        var usable = weights.Length == 0 ? [1.0] : weights.Select(weight => (double)weight.Get).ToArray();

        var splits = context.Parallelize(items, RandomInputs.Partitions(partitions)).RandomSplit(usable, seed);

        Assert.Equal(items.Order(), splits.SelectMany(split => split.Collect()).Order());
    }
}
