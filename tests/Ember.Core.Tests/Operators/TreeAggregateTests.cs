using Ember.Rdds;
using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>TreeAggregate and TreeReduce: Aggregate's and Reduce's answers at every depth, through Spark's levels.</summary>
public class TreeAggregateTests : BackendTests
{
    // 64 partitions make depth 2 and 3 add levels.
    public static TheoryData<int, int, int> ShapesAndDepths => ShapeGrid.With([(500, 64)], 1, 2, 3, 10);

    [Theory]
    [MemberData(nameof(ShapesAndDepths))]
    public async Task TreeAggregate_RandomInts_EqualsLinqAggregate(int count, int partitions, int depth)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(items.Sum(item => (long)item), rdd.TreeAggregate(0L, (sum, item) => sum + item, (a, b) => a + b, depth));
        Assert.Equal(items.Length, await rdd.TreeAggregateAsync(0, (n, _) => n + 1, (a, b) => a + b, depth));
    }

    [Fact]
    public void TreeAggregate_ListZero_EachPartitionStartsFromItsOwnCopy()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 40), 8);

        var all = rdd.TreeAggregate(new List<int>(), (list, item) => { list.Add(item); return list; },
            (first, second) => { first.AddRange(second); return first; }, depth: 2);

        Assert.Equal(Enumerable.Range(0, 40), all.Order());
    }

    [Theory]
    [MemberData(nameof(ShapesAndDepths))]
    public async Task TreeReduce_RandomInts_EqualsLinqOrThrowsWhenEmpty(int count, int partitions, int depth)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);
        if (count == 0)
        {
            Assert.Throws<InvalidOperationException>(() => rdd.TreeReduce(Math.Max, depth));
            return;
        }

        Assert.Equal(items.Max(), rdd.TreeReduce(Math.Max, depth));
        Assert.Equal(items.Sum(item => (long)item), await rdd.Map(item => (long)item).TreeReduceAsync((a, b) => a + b, depth));
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(10, 2, 2)]
    [InlineData(100, 2, 10)]
    [InlineData(100, 3, 4)]
    [InlineData(100, 1, 100)]
    [InlineData(1000, 2, 31)]
    public void TreeAggregation_Levels_SparksScaleRule(int partitions, int depth, int finalPartitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partials = context.Parallelize(Enumerable.Range(0, partitions), partitions);

        var narrowed = TreeAggregation.Narrow(partials, (a, b) => a + b, depth);

        Assert.Equal(finalPartitions, narrowed.Partitions.Count);
        Assert.Equal(Enumerable.Range(0, partitions).Sum(), narrowed.Collect().Sum());
    }

    [Fact]
    public void TreeAggregate_NoPartitions_Zero()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        Assert.Equal(17, context.EmptyRdd<int>().TreeAggregate(17, (a, b) => a + b, (a, b) => a + b));
    }

    [Fact]
    public void TreeAggregate_DepthZero_Throws()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize([1], 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.TreeAggregate(0, (a, b) => a + b, (a, b) => a + b, depth: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.TreeReduce((a, b) => a + b, depth: 0));
    }

    [Property(MaxTest = 30)]
    public void TreeAggregate_AnyInts_EqualsAggregate(int[] items, PositiveInt partitions, PositiveInt depth)
    {
        var context = Context(RandomInputs.Options(2));
        var rdd = context.Parallelize(items, RandomInputs.Partitions(partitions) * 4);

        Assert.Equal(items.Sum(item => (long)item), rdd.TreeAggregate(0L, (sum, item) => sum + item, (a, b) => a + b, depth.Get % 5 + 1));
    }
}
