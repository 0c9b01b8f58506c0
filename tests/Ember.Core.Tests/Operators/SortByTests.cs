using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>SortBy: Collect is the LINQ order (Java's for strings), whatever the partitioning.</summary>
public class SortByTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SortBy_StringsWithNulls_EqualsOrdinalLinqOrder(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(items.Order(StringComparer.Ordinal), rdd.SortBy(item => item).Collect());
        Assert.Equal(items.OrderDescending(StringComparer.Ordinal), rdd.SortBy(item => item, ascending: false).Collect());
    }

    [Fact]
    public void SortBy_DoublesWithNaN_NaNLastAsInSpark()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([3.0, double.NaN, -1.0, double.PositiveInfinity, double.NaN, 0.5], 3);

        Assert.Equal([-1.0, 0.5, 3.0, double.PositiveInfinity, double.NaN, double.NaN], rdd.SortBy(x => x, partitions: 2).Collect());
        Assert.Equal([double.NaN, double.NaN, double.PositiveInfinity, 3.0, 0.5, -1.0], rdd.SortBy(x => x, ascending: false).Collect());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SortBy_IntsByDerivedKey_KeysInLinqOrderAndSameRecords(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var sorted = context.Parallelize(items, partitions).SortBy(item => Math.Abs(item) % 5, partitions: 3).Collect();

        Assert.Equal(items.Select(item => Math.Abs(item) % 5).Order(), sorted.Select(item => Math.Abs(item) % 5));
        Assert.Equal(items.Order(), sorted.Order());
    }

    [Fact]
    public void SortBy_NoComparer_UppercaseBeforeLowercaseAsJava()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sorted = context.Parallelize(["b", "a", "B", "A", "ä"], 2).SortBy(item => item).Collect();

        Assert.Equal(["A", "B", "a", "b", "ä"], sorted);
    }

    [Fact]
    public void SortBy_CustomComparer_UsesIt()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sorted = context.Parallelize(["b", "a", "B", "A"], 2).SortBy(item => item, comparer: StringComparer.OrdinalIgnoreCase).Collect();

        Assert.Equal(["a", "a", "b", "b"], sorted.Select(item => item.ToLowerInvariant()));
    }

    [Fact]
    public void SortBy_PartitionCount_ResultHasThatManyPartitions()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sorted = context.Parallelize(Enumerable.Range(0, 100), 2).SortBy(item => -item, partitions: 5);

        Assert.Equal(5, sorted.Partitions.Count);
        Assert.Equal(Enumerable.Range(0, 100).Reverse(), sorted.Collect());
    }

    [Property(MaxTest = 40)]
    public void SortBy_AnyInts_EqualsLinqOrder(int[] items, PositiveInt partitions, bool ascending)
    {
        var context = Context(RandomInputs.Options(2));

        var sorted = context.Parallelize(items, RandomInputs.Partitions(partitions)).SortBy(item => item, ascending).Collect();

        Assert.Equal(ascending ? items.Order() : items.OrderDescending(), sorted);
    }
}
