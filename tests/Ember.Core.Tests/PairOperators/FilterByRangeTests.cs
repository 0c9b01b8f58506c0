using Ember.Tests.Operators;
using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>FilterByRange: LINQ's filter on an inclusive key range, computing only the candidate ranges after a sort.</summary>
public class FilterByRangeTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void FilterByRange_Unsorted_EqualsLinqWhereInOrder(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);
        var rdd = Distribute(context, records, shape);

        var filtered = rdd.FilterByRange(-5, 7);

        Assert.Equal(records.Where(record => record.Key is >= -5 and <= 7), filtered.Collect());
        Assert.Equal(rdd.Partitions.Count, filtered.Partitions.Count);
    }

    [Fact]
    public void FilterByRange_OtherComparerThanTheSort_NoPruningStillCorrect()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var records = new[] { "a", "B", "c", "D", "e", "F" }.Select(key => (Key: key, Value: 1)).ToArray();
        var sorted = context.Parallelize(records, 2).SortByKey(partitions: 3);

        var filtered = sorted.FilterByRange("b", "d", StringComparer.OrdinalIgnoreCase);

        Assert.Equal(sorted.Partitions.Count, filtered.Partitions.Count);
        Assert.Equal(["B", "c", "D"], filtered.Collect().Select(r => r.Key).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Property(MaxTest = 30)]
    public void FilterByRange_AnySortedPairs_EqualsLinqWhere((int Key, int Value)[] records, int lower, int upper, PositiveInt partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var sorted = context.Parallelize(records, 3).SortByKey(partitions: RandomInputs.Partitions(partitions));

        var filtered = sorted.FilterByRange(lower, upper).Collect();

        Assert.True(SameMultiset(records.Where(r => r.Key >= lower && r.Key <= upper), filtered));
        Assert.Equal(filtered.Select(r => r.Key).Order(), filtered.Select(r => r.Key));
    }
}

/// <summary>
/// What only one process can observe of <see cref="FilterByRangeTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class FilterByRangeInProcessTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void FilterByRange_AfterSortByKey_SortedRangeFromFewerPartitions(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);
        var tracker = new ComputedPartitions();
        var sorted = tracker.Track(Distribute(context, records, shape).SortByKey(partitions: 6)).Persist();

        var filtered = sorted.FilterByRange("k10", "k3").Collect();

        var expected = records.Where(r => r.Key is not null && string.CompareOrdinal(r.Key, "k10") >= 0 && string.CompareOrdinal(r.Key, "k3") <= 0);
        Assert.Equal(expected.Select(r => r.Key).Order(StringComparer.Ordinal), filtered.Select(r => r.Key));
        AssertSameMultiset(expected, filtered);
        if (sorted.Partitions.Count > 2)
        {
            Assert.True(tracker.Indices.Count < sorted.Partitions.Count, $"computed {string.Join(",", tracker.Indices)} of {sorted.Partitions.Count}");
        }
    }

    [Fact]
    public void FilterByRange_DescendingSort_PrunesAndKeepsOrder()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var records = Enumerable.Range(0, 1000).Select(i => (Key: i, Value: -i)).ToArray();
        var tracker = new ComputedPartitions();
        var sorted = tracker.Track(context.Parallelize(records, 4).SortByKey(ascending: false, partitions: 10));

        var filtered = sorted.FilterByRange(420, 450);

        Assert.Equal(Enumerable.Range(420, 31).Reverse(), filtered.Collect().Select(r => r.Key));
        Assert.InRange(filtered.Partitions.Count, 1, 2);
        Assert.InRange(tracker.Indices.Count, 1, 2);
    }
}
