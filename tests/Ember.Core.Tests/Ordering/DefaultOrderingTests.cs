using Ember.Ordering;
using Ember.Partitioning;

namespace Ember.Tests.Ordering;

/// <summary>
/// Ember's default order is Java's: strings by UTF-16 code unit, value tuples holding strings element by element
/// (Scala's tuple Ordering), in SortByKey and range partitioning alike, whatever the culture.
/// </summary>
public sealed class DefaultOrderingTests
{
    private static readonly string?[] Words = ["b", "B", "a", "A", "é", "Z", "z", null, "ab", "aB"];

    [Fact]
    public void Culture_OfTheTestRun_IsLinguistic()
    {
        // Guards the other tests: they only prove something where the culture's order differs from the ordinal one.
        Assert.True(string.Compare("a", "B", StringComparison.CurrentCulture) < 0);
        Assert.True(string.CompareOrdinal("a", "B") > 0);
    }

    [Fact]
    public void SortByKey_StringKeys_OrdinalOrder()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });

        var sorted = context.Parallelize(Words.Select(word => (word, 1)), 3).SortByKey(partitions: 3).Keys().Collect();

        Assert.Equal(Words.Order(StringComparer.Ordinal), sorted);
    }

    [Fact]
    public void SortByKey_TupleKeysHoldingStrings_ElementByElementOrdinal()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var keys = Words.SelectMany(word => new[] { (word, 2), (word, 1) }).ToArray();

        var sorted = context.Parallelize(keys.Select(key => (key, 0)), 4).SortByKey(partitions: 3).Keys().Collect();

        Assert.Equal(keys.OrderBy(key => key.word, StringComparer.Ordinal).ThenBy(key => key.Item2), sorted);
    }

    [Fact]
    public void SortByKey_TupleKeysDescending_ReverseOrdinal()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        (int, string)[] keys = [(1, "b"), (1, "B"), (0, "a"), (0, "A")];

        var sorted = context.Parallelize(keys.Select(key => (key, 0)), 2).SortByKey(ascending: false, partitions: 2).Keys().Collect();

        Assert.Equal([(1, "b"), (1, "B"), (0, "a"), (0, "A")], sorted);
    }

    [Fact]
    public void RangePartitioner_NoComparer_PlacesStringsByOrdinalOrder()
    {
        var partitioner = new RangePartitioner<string>(["B"], comparer: null, ascending: true);

        Assert.Equal(0, partitioner.GetPartition("A"));
        Assert.Equal(1, partitioner.GetPartition("a"));
        Assert.Equal(0, partitioner.GetPartition<string?>(null));
    }

    [Fact]
    public void RangePartitioner_FromSampleWithoutComparer_BoundsInOrdinalOrder()
    {
        var partitioner = RangePartitioner<(string, int)>.FromSample([("a", 1), ("B", 1), ("b", 1), ("A", 1)], 2, comparer: null, ascending: true);

        Assert.Equal(0, partitioner.GetPartition(("B", 9)));
        Assert.Equal(1, partitioner.GetPartition(("b", 0)));
    }

    [Fact]
    public void Instance_TuplesOfEveryArity_CompareStringsOrdinally()
    {
        Assert.True(DefaultOrdering<ValueTuple<string>>.Instance.Compare(new("a"), new("B")) > 0);
        Assert.True(DefaultOrdering<(int, (string, string))>.Instance.Compare((1, ("x", "a")), (1, ("x", "B"))) > 0);
        Assert.True(DefaultOrdering<(string, int, long)>.Instance.Compare(("a", 1, 1), ("B", 1, 1)) > 0);
        Assert.True(DefaultOrdering<(int, int, int, string)>.Instance.Compare((1, 1, 1, "a"), (1, 1, 1, "B")) > 0);
        Assert.True(DefaultOrdering<(int, int, int, int, int, int, int, string)>.Instance.Compare((0, 0, 0, 0, 0, 0, 0, "a"), (0, 0, 0, 0, 0, 0, 0, "B")) > 0);
        Assert.True(DefaultOrdering<(int, int, int, (string, int))>.Instance.Compare((1, 1, 1, ("a", 0)), (1, 1, 1, ("B", 0))) > 0);
        Assert.True(DefaultOrdering<(string?, int)>.Instance.Compare((null, 5), ("", 0)) < 0);
        Assert.Equal(0, DefaultOrdering<(string, int, int, int)>.Instance.Compare(("a", 1, 2, 3), ("a", 1, 2, 3)));
    }

    [Fact]
    public void Instance_TypesWithoutStrings_ComparerDefault()
    {
        Assert.Same(Comparer<int>.Default, DefaultOrdering<int>.Instance);
        Assert.Same(Comparer<(int, long)>.Default, DefaultOrdering<(int, long)>.Instance);
        Assert.Same(StringComparer.Ordinal, DefaultOrdering<string>.Instance);
    }
}
