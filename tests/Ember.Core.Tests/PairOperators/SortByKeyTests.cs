using Ember.Partitioning;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>SortByKey: Collect is fully ordered, keeps every record, and ranges split the keys across partitions.</summary>
public class SortByKeyTests : BackendTests
{
    public static TheoryData<Shape, bool> ShapesAndDirections
    {
        get
        {
            var data = new TheoryData<Shape, bool>();
            foreach (var shape in Enum.GetValues<Shape>())
            {
                data.Add(shape, true);
                data.Add(shape, false);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ShapesAndDirections))]
    public void SortByKey_IntKeys_CollectIsSortedPermutation(Shape shape, bool ascending)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        var sorted = Distribute(context, records, shape).SortByKey(ascending).Collect();

        AssertSorted(sorted.Select(r => r.Key), Comparer<int>.Default, ascending);
        AssertSameMultiset(records, sorted);
    }

    [Theory]
    [MemberData(nameof(ShapesAndDirections))]
    public void SortByKey_NullKeys_NullSortsBeforeEveryString(Shape shape, bool ascending)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape).Append((null, "n")).ToArray();

        var sorted = Distribute(context, records, shape).SortByKey(ascending, comparer: StringComparer.Ordinal).Collect();

        AssertSorted(sorted.Select(r => r.Key), StringComparer.Ordinal, ascending);
        AssertSameMultiset(records, sorted);
        Assert.Null(ascending ? sorted[0].Key : sorted[^1].Key);
    }

    [Fact]
    public void SortByKey_NullKeysDefaultComparer_NullFirst()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var records = Strings(Shape.Uniform);

        var sorted = context.Parallelize(records, 4).SortByKey(partitions: 3).Collect();

        Assert.Equal(records.Select(r => r.Key).Order(Comparer<string?>.Default), sorted.Select(r => r.Key));
        AssertSameMultiset(records, sorted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SortByKey_CustomComparer_SortedByThatComparer(bool ascending)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var records = Ints(Shape.Uniform);
        // By absolute value, a negative key before its positive twin: not the default order of ints.
        var byMagnitude = Comparer<int>.Create((a, b) => Math.Abs(a) != Math.Abs(b) ? Math.Abs(a).CompareTo(Math.Abs(b)) : a.CompareTo(b));

        var sorted = context.Parallelize(records, 3).SortByKey(ascending, partitions: 4, comparer: byMagnitude).Collect();

        AssertSorted(sorted.Select(r => r.Key), byMagnitude, ascending);
        AssertSameMultiset(records, sorted);
    }

    [Fact]
    public void SortByKey_CaseInsensitiveComparer_KeysEqualIgnoringCaseAreAdjacent()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var random = new Random(9);
        var records = Enumerable.Range(0, 200).Select(_ => (Key: random.Next(2) == 0 ? $"k{random.Next(10)}" : $"K{random.Next(10)}", Value: 1)).ToArray();

        var sorted = context.Parallelize(records, 3).SortByKey(partitions: 5, comparer: StringComparer.OrdinalIgnoreCase).Collect();

        AssertSorted(sorted.Select(r => r.Key), StringComparer.OrdinalIgnoreCase, ascending: true);
        AssertSameMultiset(records, sorted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SortByKey_ManyPartitions_EachPartitionSortedAndRangesInOrder(bool ascending)
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var random = new Random(11);
        var records = Enumerable.Range(0, 2000).Select(_ => (Key: random.Next(100_000), Value: random.Next())).ToArray();

        var sortedRdd = context.Parallelize(records, 6).SortByKey(ascending, partitions: 16);

        Assert.IsType<RangePartitioner<int>>(sortedRdd.Partitioner);
        var byPartition = RecordsByPartition(sortedRdd);
        Assert.InRange(byPartition.Count, 2, 16);
        Assert.True(byPartition.Count(part => part.Length > 0) > 1, "The keys were not spread over several ranges.");
        Assert.All(byPartition, part => AssertSorted(part.Select(r => r.Key), Comparer<int>.Default, ascending));
        AssertSorted(byPartition.SelectMany(part => part).Select(r => r.Key), Comparer<int>.Default, ascending);
        AssertSameMultiset(records, byPartition.SelectMany(part => part));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SortByKey_OnePartition_SinglePartitionFullySorted(bool ascending)
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var records = Ints(Shape.SkewedKeys);

        var byPartition = RecordsByPartition(context.Parallelize(records, 4).SortByKey(ascending, partitions: 1));

        var only = Assert.Single(byPartition);
        AssertSorted(only.Select(r => r.Key), Comparer<int>.Default, ascending);
        AssertSameMultiset(records, only);
    }

    [Fact]
    public void SortByKey_EmptyRddWithNoPartitions_ReturnsNothing()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        var sorted = context.EmptyRdd<(int Key, string Value)>().SortByKey();

        Assert.Empty(sorted.Collect());
    }

    [Property(MaxTest = 50)]
    public bool SortByKey_RandomPairs_CollectIsSortedPermutation((int Key, int Value)[] records, bool ascending, byte partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sorted = context.Parallelize(records, 3).SortByKey(ascending, partitions: partitions % 6 + 1).Collect();

        var keys = sorted.Select(r => r.Key).ToList();
        var ordered = keys.Zip(keys.Skip(1)).All(pair => ascending ? pair.First <= pair.Second : pair.First >= pair.Second);
        return ordered && SameMultiset(records, sorted);
    }

    private static void AssertSorted<TKey>(IEnumerable<TKey> keys, IComparer<TKey> comparer, bool ascending)
    {
        var list = keys.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            var order = comparer.Compare(list[i - 1], list[i]);
            Assert.True(ascending ? order <= 0 : order >= 0,
                $"Keys out of {(ascending ? "ascending" : "descending")} order at {i}: {list[i - 1]?.ToString() ?? "null"} then {list[i]?.ToString() ?? "null"}.");
        }
    }
}
