using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>Cartesian: every pair, partition (i, j) at index i * q + j, records in Spark's order, no shuffle.</summary>
public class CartesianTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Cartesian_StringsWithNulls_EveryPairInSparkOrder(int count, int partitions)
    {
        var random = RandomInputs.For(count, partitions);
        var left = RandomInputs.Strings(random, count);
        var right = RandomInputs.Ints(random, count / 3 + 2);
        const int rightPartitions = 3;
        var context = Context(RandomInputs.Options(partitions));

        var pairs = context.Parallelize(left, partitions).Cartesian(context.Parallelize(right, rightPartitions));

        // Partition i * q + j pairs left slice i with right slice j, each left record with every right one.
        var expected = from leftSlice in RandomInputs.Slices(left, partitions)
                       from rightSlice in RandomInputs.Slices(right, rightPartitions)
                       from x in leftSlice
                       from y in rightSlice
                       select (x, y);
        Assert.Equal(expected, pairs.Collect());
        Assert.Equal(partitions * rightPartitions, pairs.Partitions.Count);
        Assert.Empty(PairOperators.PairInputs.ShufflesSince(pairs));
    }

    [Fact]
    public void Cartesian_WithItself_AllOrderedPairs()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([1, 2], 2);

        Assert.Equal([(1, 1), (1, 2), (2, 1), (2, 2)], rdd.Cartesian(rdd).Collect().Order());
    }

    [Property(MaxTest = 30)]
    public void Cartesian_AnyInts_EqualsLinqCrossProduct(int[] left, string[] right, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        var pairs = context.Parallelize(left, RandomInputs.Partitions(partitions)).Cartesian(context.Parallelize(right, 2)).Collect();

        Assert.True(PairOperators.PairInputs.SameMultiset(from x in left from y in right select (x, y), pairs));
    }
}

/// <summary>
/// What only one process can observe of <see cref="CartesianTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class CartesianInProcessTests : BackendTests
{
    [Fact]
    public void Cartesian_EmptyLeftPartitions_RightPartitionComputedOnlyForTheOthers()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var computed = 0;
        // Four left partitions, two of them empty after the filter; one right partition.
        var left = context.Parallelize([1, 2, 3, 4], 4).Filter(x => x % 2 == 0);
        var right = context.Parallelize(["a", "b"], 1).MapPartitions(items =>
        {
            Interlocked.Increment(ref computed);
            return items;
        });

        var pairs = left.Cartesian(right).Collect();

        Assert.Equal([(2, "a"), (2, "b"), (4, "a"), (4, "b")], pairs);
        Assert.Equal(2, Volatile.Read(ref computed));
    }
}
