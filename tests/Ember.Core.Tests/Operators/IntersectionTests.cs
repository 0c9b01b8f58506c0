using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>Intersection: LINQ's Intersect (distinct records in both), null included, after one shuffle of each side.</summary>
public class IntersectionTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Intersection_StringsWithNulls_EqualsLinqIntersect(int count, int partitions)
    {
        var random = RandomInputs.For(count, partitions);
        var left = RandomInputs.Strings(random, count);
        var right = RandomInputs.Strings(random, count / 2 + 1);
        var context = Context(RandomInputs.Options(partitions));

        var common = context.Parallelize(left, partitions).Intersection(context.Parallelize(right, 3)).Collect();

        Assert.Equal(RandomInputs.Sorted(left.Intersect(right)), RandomInputs.Sorted(common));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Intersection_DuplicatedInts_EachCommonRecordOnce(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var doubled = items.Concat(items).Where(item => item % 2 == 0).ToArray();
        var context = Context(RandomInputs.Options(partitions));

        var common = context.Parallelize(items, partitions).Intersection(context.Parallelize(doubled, 2), partitions: 5);

        Assert.Equal(5, common.Partitions.Count);
        Assert.Equal(items.Intersect(doubled).Order(), common.Collect().Order());
    }

    [Fact]
    public void Intersection_EmptyOther_Empty()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Empty(context.Parallelize([1, 2, 3], 2).Intersection(context.EmptyRdd<int>()).Collect());
    }

    [Property(MaxTest = 40)]
    public void Intersection_AnyInts_EqualsLinqIntersect(int[] left, int[] right, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        var common = context.Parallelize(left, RandomInputs.Partitions(partitions)).Intersection(context.Parallelize(right, 2)).Collect();

        Assert.True(SameMultiset(left.Intersect(right), common));
    }
}
