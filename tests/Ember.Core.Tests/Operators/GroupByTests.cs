using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>GroupBy: LINQ's groups (as multisets), null keys and skewed keys included, in the partitions asked for.</summary>
public class GroupByTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GroupBy_StringsWithNullKeys_EqualsLinqGroups(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var groups = context.Parallelize(items, partitions).GroupBy(item => item is null ? null : item[..Math.Min(1, item.Length)]).Collect();

        AssertSameMultiset(
            items.GroupBy(item => item is null ? null : item[..Math.Min(1, item.Length)]).Select(group => (group.Key, Bag(group))),
            groups.Select(group => (group.Key, Bag(group.Value))));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GroupBy_SkewedKeys_EqualsLinqGroups(int count, int partitions)
    {
        // Nine records in ten share one key: one group holds almost everything.
        var random = RandomInputs.For(count, partitions);
        var items = Enumerable.Range(0, count).Select(_ => random.NextDouble() < 0.9 ? HotIntKey : random.Next(100)).ToArray();
        var context = Context(RandomInputs.Options(partitions));

        var groups = context.Parallelize(items, partitions).GroupBy(item => item % 10, partitions: 4);

        Assert.Equal(4, groups.Partitions.Count);
        AssertSameMultiset(
            items.GroupBy(item => item % 10).Select(group => (group.Key, Bag(group))),
            groups.Collect().Select(group => (group.Key, Bag(group.Value))));
    }

    [Property(MaxTest = 40)]
    public void GroupBy_AnyInts_EqualsLinqGroups(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        var groups = context.Parallelize(items, RandomInputs.Partitions(partitions)).GroupBy(item => item % 4).Collect();

        Assert.True(SameMultiset(
            items.GroupBy(item => item % 4).Select(group => (group.Key, Bag(group))),
            groups.Select(group => (group.Key, Bag(group.Value)))));
    }
}
