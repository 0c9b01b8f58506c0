using System.Globalization;
using Ember.Partitioning;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>
/// The examples Spark's documentation gives for these operators (the RDD programming guide's tables of
/// transformations and actions, and the worked examples of Spark's RDD API pages), ported line by line, asserting
/// the answers Spark's documentation prints.
/// </summary>
public class SparkGuideExamplesTests : BackendTests
{
    private readonly EmberContext sc;

    public SparkGuideExamplesTests() => sc = Context("local[4]");

    [Fact]
    public void SortBy_TupleByFirstThenSecond_GuideOrder()
    {
        (string, int)[] tmp = [("a", 1), ("b", 2), ("1", 3), ("d", 4), ("2", 5)];

        Assert.Equal([("1", 3), ("2", 5), ("a", 1), ("b", 2), ("d", 4)], sc.Parallelize(tmp).SortBy(x => x.Item1).Collect());
        Assert.Equal(tmp, sc.Parallelize(tmp).SortBy(x => x.Item2).Collect());
    }

    [Fact]
    public void GroupBy_Parity_EvensAndOdds()
    {
        var result = sc.Parallelize([1, 1, 2, 3, 5, 8]).GroupBy(x => x % 2).Collect();

        Assert.Equal([(0, "2,8"), (1, "1,1,3,5")], result.Select(g => (g.Key, string.Join(",", g.Value.Order()))).Order());
    }

    [Fact]
    public void KeyBy_SquaresCoGroupedWithPairs_GuideGroups()
    {
        var x = sc.Parallelize(Enumerable.Range(0, 3)).KeyBy(x => x * x);
        var y = sc.Parallelize(Enumerable.Range(0, 5).Zip(Enumerable.Range(0, 5)));

        var groups = x.CoGroup(y).Collect().OrderBy(g => g.Key)
            .Select(g => (g.Key, $"[{string.Join(",", g.Value.Left)}] [{string.Join(",", g.Value.Right)}]"));

        Assert.Equal([(0, "[0] [0]"), (1, "[1] [1]"), (2, "[] [2]"), (3, "[] [3]"), (4, "[2] [4]")], groups);
    }

    [Fact]
    public void CollectAsMap_TwoPairs_MapOfThem()
    {
        var m = sc.Parallelize([(1, 2), (3, 4)]).CollectAsMap();

        Assert.Equal(2, m[1]);
        Assert.Equal(4, m[3]);
    }

    [Fact]
    public void Lookup_ThousandPairs_FoundBeforeAndAfterSortByKey()
    {
        var l = Enumerable.Range(0, 1000).ToArray();
        var rdd = sc.Parallelize(l.Zip(l), 10);

        Assert.Equal([42], rdd.Lookup(42));
        var sorted = rdd.SortByKey();
        Assert.Equal([42], sorted.Lookup(42));
        var rdd2 = sc.Parallelize([(("a", "b"), "c")]).GroupByKey();
        Assert.Equal(["c"], rdd2.Lookup(("a", "b"))[0]);
    }

    [Fact]
    public void IsEmpty_EmptyAndOneItem_TrueThenFalse()
    {
        Assert.True(sc.Parallelize(Array.Empty<int>()).IsEmpty());
        Assert.False(sc.Parallelize([1]).IsEmpty());
    }

    [Fact]
    public void MaxMin_Doubles_NaturalAndByString()
    {
        var rdd = sc.Parallelize([1.0, 5.0, 43.0, 10.0]);
        var byString = Comparer<double>.Create((a, b) => string.CompareOrdinal(Str(a), Str(b)));

        Assert.Equal(43.0, rdd.Max());
        Assert.Equal(5.0, rdd.Max(byString));
        Assert.Equal(1.0, rdd.Min());
        Assert.Equal(1.0, rdd.Min(byString));
    }

    [Fact]
    public void Top_Examples_LargestFirst()
    {
        var byString = Comparer<int>.Create((a, b) => string.CompareOrdinal(Str(a), Str(b)));

        Assert.Equal([12], sc.Parallelize([10, 4, 2, 12, 3]).Top(1));
        Assert.Equal([6, 5], sc.Parallelize([2, 3, 4, 5, 6], 2).Top(2));
        Assert.Equal([4, 3, 2], sc.Parallelize([10, 4, 2, 12, 3]).Top(3, byString));
    }

    [Fact]
    public void TakeOrdered_Examples_SmallestFirst()
    {
        Assert.Equal([2], sc.Parallelize([10, 4, 2, 12, 3]).TakeOrdered(1));
        Assert.Equal([2, 3], sc.Parallelize([2, 3, 4, 5, 6]).TakeOrdered(2));
        Assert.Equal([1, 2, 3, 4, 5, 6], sc.Parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7]).TakeOrdered(6));
        Assert.Equal([10, 9, 7, 6, 5, 4], sc.Parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7], 2).TakeOrdered(6, Comparer<int>.Create((a, b) => (-a).CompareTo(-b))));
    }

    [Fact]
    public void TakeSample_RangeOfTen_GuideSizes()
    {
        var rdd = sc.Parallelize(Enumerable.Range(0, 10));

        Assert.Equal(20, rdd.TakeSample(true, 20, 1).Count);
        Assert.Equal(5, rdd.TakeSample(false, 5, 2).Count);
        Assert.Equal(10, rdd.TakeSample(false, 15, 3).Count);
    }

    [Fact]
    public void RandomSplit_FiveHundredTwoToThree_GuideBounds()
    {
        var rdd = sc.Parallelize(Enumerable.Range(0, 500), 1);

        var splits = rdd.RandomSplit([2, 3], 17);

        Assert.Equal(500, splits[0].Collect().Count + splits[1].Collect().Count);
        Assert.InRange(splits[0].Count(), 151, 249);
        Assert.InRange(splits[1].Count(), 251, 349);
    }

    [Fact]
    public void Zip_TwoRanges_Pairs()
    {
        var x = sc.Parallelize(Enumerable.Range(0, 5));
        var y = sc.Parallelize(Enumerable.Range(1000, 5));

        Assert.Equal([(0, 1000), (1, 1001), (2, 1002), (3, 1003), (4, 1004)], x.Zip(y).Collect());
    }

    [Fact]
    public void ZipWithIndex_FourLettersThreePartitions_Positions()
    {
        Assert.Equal([("a", 0L), ("b", 1L), ("c", 2L), ("d", 3L)], sc.Parallelize(["a", "b", "c", "d"], 3).ZipWithIndex().Collect());
    }

    [Fact]
    public void ZipWithUniqueId_FiveLettersThreePartitions_GuideIds()
    {
        Assert.Equal([("a", 0L), ("b", 1L), ("c", 4L), ("d", 2L), ("e", 5L)], sc.Parallelize(["a", "b", "c", "d", "e"], 3).ZipWithUniqueId().Collect());
    }

    [Fact]
    public void Cartesian_PairWithItself_AllPairs()
    {
        var rdd = sc.Parallelize([1, 2]);

        Assert.Equal([(1, 1), (1, 2), (2, 1), (2, 2)], rdd.Cartesian(rdd).Collect().Order());
    }

    [Fact]
    public void Intersection_TwoLists_CommonElements()
    {
        var rdd1 = sc.Parallelize([1, 10, 2, 3, 4, 5]);
        var rdd2 = sc.Parallelize([1, 6, 2, 3, 7, 8]);

        Assert.Equal([1, 2, 3], rdd1.Intersection(rdd2).Collect().Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public void TreeAggregateTreeReduce_NineNumbersTenPartitions_MinusFive(int depth)
    {
        var rdd = sc.Parallelize([-5, -4, -3, -2, -1, 1, 2, 3, 4], 10);

        Assert.Equal(-5, rdd.TreeAggregate(0, (x, y) => x + y, (x, y) => x + y, depth));
        Assert.Equal(-5, rdd.TreeReduce((x, y) => x + y, depth));
    }

    [Fact]
    public void RepartitionAndSortWithinPartitions_ParityPartitioner_GuidePartitions()
    {
        var rdd = sc.Parallelize([(0, 5), (3, 8), (2, 6), (0, 8), (3, 8), (1, 3)]);

        var rdd2 = rdd.RepartitionAndSortWithinPartitions(new ParityPartitioner());

        var parts = rdd2.Glom().Collect();
        Assert.Equal([(0, 5), (0, 8), (2, 6)], parts[0]);
        Assert.Equal([(1, 3), (3, 8), (3, 8)], parts[1]);
    }

    [Fact]
    public void FilterByRange_SortedThousand_InclusiveRangeFromFewerPartitions()
    {
        var pairs = sc.Parallelize(Enumerable.Range(1, 1000).Select(x => (x, x)), 10);
        var sorted = pairs.SortByKey();

        var range = sorted.FilterByRange(200, 800);

        Assert.Equal(Enumerable.Range(200, 601), range.Collect().Select(r => r.Item1));
        Assert.True(range.Partitions.Count < sorted.Partitions.Count);
    }

    [Fact]
    public void ToLocalIterator_RangeOfTen_InOrder()
    {
        Assert.Equal(Enumerable.Range(0, 10), sc.Parallelize(Enumerable.Range(0, 10)).ToLocalIterator());
    }

    // Python's str of a float keeps ".0"; only the relative order of the strings matters in these examples.
    private static string Str(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    /// <summary>Python's <c>lambda x: x % 2</c> as a partitioner.</summary>
    private sealed class ParityPartitioner : IPartitioner
    {
        public int NumPartitions => 2;

        public int GetPartition<TKey>(TKey key) => Convert.ToInt32(key, CultureInfo.InvariantCulture) % 2;

        public bool Equals(IPartitioner? other) => other is ParityPartitioner;
    }
}
