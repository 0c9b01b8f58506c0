using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>Max and Min: LINQ's answer, Java's order for strings, an error on an empty RDD.</summary>
public class MaxMinTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task MaxMin_RandomInts_EqualLinq(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);
        if (count == 0)
        {
            Assert.Throws<InvalidOperationException>(() => rdd.Max());
            await Assert.ThrowsAsync<InvalidOperationException>(() => rdd.MinAsync());
            return;
        }

        Assert.Equal(items.Max(), rdd.Max());
        Assert.Equal(items.Min(), rdd.Min());
        Assert.Equal(items.Max(), await rdd.MaxAsync());
        Assert.Equal(items.Min(), await rdd.MinAsync());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MaxMin_StringsWithNulls_OrdinalExtremesNullSmallest(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        if (count == 0)
        {
            return;
        }
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(items.Order(StringComparer.Ordinal).Last(), rdd.Max());
        Assert.Equal(items.Order(StringComparer.Ordinal).First(), rdd.Min());
    }

    [Fact]
    public void MaxMin_DoublesWithNaNAndSignedZeros_JavasTotalOrder()
    {
        // Spark's Ordering[Double] is java.lang.Double.compare: NaN above every number, -0.0 below 0.0.
        var context = Context(new EmberOptions { Master = "local[2]" });
        var doubles = context.Parallelize([1.0, double.NaN, 0.0, -0.0, -5.0], 3);
        var floats = context.Parallelize([1f, float.NaN, -2f], 2);

        Assert.True(double.IsNaN(doubles.Max()));
        Assert.Equal(-5.0, doubles.Min());
        Assert.True(float.IsNaN(floats.Max()));
        Assert.Equal(-2f, floats.Min());
        Assert.True(double.IsNegative(context.Parallelize([0.0, -0.0, 0.0], 2).Min()));
        Assert.True(double.IsPositive(context.Parallelize([-0.0, 0.0, -0.0], 2).Max()));
    }

    [Fact]
    public void MaxMin_CustomComparer_UsesIt()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([3, -10, 7, 1], 3);
        var byMagnitude = Comparer<int>.Create((a, b) => Math.Abs(a).CompareTo(Math.Abs(b)));

        Assert.Equal(-10, rdd.Max(byMagnitude));
        Assert.Equal(1, rdd.Min(byMagnitude));
    }

    [Property(MaxTest = 40)]
    public void MaxMin_AnyNonEmptyInts_EqualLinq(NonEmptyArray<int> items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));
        var rdd = context.Parallelize(items.Get, RandomInputs.Partitions(partitions));

        Assert.Equal(items.Get.Max(), rdd.Max());
        Assert.Equal(items.Get.Min(), rdd.Min());
    }
}
