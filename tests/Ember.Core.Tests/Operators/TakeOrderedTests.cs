using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>TakeOrdered and Top: LINQ's first n in ascending and descending order.</summary>
public class TakeOrderedTests : BackendTests
{
    public static TheoryData<int, int, int> ShapesAndCounts => ShapeGrid.With(0, 1, 5, 1000);

    [Theory]
    [MemberData(nameof(ShapesAndCounts))]
    public async Task TakeOrderedTop_RandomInts_EqualLinq(int count, int partitions, int take)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(items.Order().Take(take), rdd.TakeOrdered(take));
        Assert.Equal(items.OrderDescending().Take(take), rdd.Top(take));
        Assert.Equal(items.Order().Take(take), await rdd.TakeOrderedAsync(take));
        Assert.Equal(items.OrderDescending().Take(take), await rdd.TopAsync(take));
    }

    [Theory]
    [MemberData(nameof(ShapesAndCounts))]
    public void TakeOrderedTop_StringsWithNulls_OrdinalNullFirst(int count, int partitions, int take)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(items.Order(StringComparer.Ordinal).Take(take), rdd.TakeOrdered(take));
        Assert.Equal(items.OrderDescending(StringComparer.Ordinal).Take(take), rdd.Top(take));
    }

    [Fact]
    public void TakeOrderedTop_DoublesWithNaNAndSignedZeros_JavasTotalOrder()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([0.0, double.NaN, 1.0, -0.0, double.NegativeInfinity], 2);

        var ascending = rdd.TakeOrdered(5);
        var top = rdd.Top(2);

        Assert.Equal([double.NegativeInfinity, -0.0, 0.0, 1.0, double.NaN], ascending);
        Assert.True(double.IsNegative(ascending[1]) && double.IsPositive(ascending[2]));
        Assert.Equal([double.NaN, 1.0], top);
    }

    [Fact]
    public void TakeOrderedTop_CustomComparer_UsesIt()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7], 2);
        var reversed = Comparer<int>.Create((a, b) => b.CompareTo(a));

        Assert.Equal([10, 9, 7, 6, 5, 4], rdd.TakeOrdered(6, reversed));
        Assert.Equal([1, 2, 3], rdd.Top(3, reversed));
    }

    [Fact]
    public void TakeOrdered_NegativeCount_Throws()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        Assert.Throws<ArgumentOutOfRangeException>(() => context.Parallelize([1], 1).TakeOrdered(-1));
    }

    [Property(MaxTest = 40)]
    public void TakeOrderedTop_AnyInts_EqualLinq(int[] items, PositiveInt partitions, NonNegativeInt take)
    {
        var context = Context(RandomInputs.Options(2));
        var rdd = context.Parallelize(items, RandomInputs.Partitions(partitions));

        Assert.Equal(items.Order().Take(take.Get), rdd.TakeOrdered(take.Get));
        Assert.Equal(items.OrderDescending().Take(take.Get), rdd.Top(take.Get));
    }
}
