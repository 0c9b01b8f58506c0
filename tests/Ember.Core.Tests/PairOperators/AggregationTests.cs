using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>
/// ReduceByKey, GroupByKey, CombineByKey, AggregateByKey, FoldByKey and CountByKey, each against its LINQ
/// GroupBy equivalent on every input shape.
/// </summary>
public class AggregationTests : BackendTests
{
    public static TheoryData<Shape, bool> ShapesWithMapSideCombine
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
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void ReduceByKey_IntKeys_EqualsLinqGroupBySum(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        var sums = Distribute(context, records, shape).ReduceByKey((a, b) => a + b).Collect();

        AssertSameMultiset(records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, g.Sum())), sums);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void ReduceByKey_NullKeysAndValues_EqualsLinqGroupByMin(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);
        // CompareOrdinal orders null first, so this minimum is associative and commutative over null values too.
        static string? Min(string? a, string? b) => string.CompareOrdinal(a, b) <= 0 ? a : b;

        var minima = Distribute(context, records, shape).ReduceByKey(Min).Collect();

        AssertSameMultiset(records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, g.Aggregate(Min))), minima);
    }

    [Property(MaxTest = 50)]
    public bool ReduceByKey_RandomPairs_EqualsLinqGroupBySum((int Key, int Value)[] records, byte partitions, byte outputPartitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var keyed = records.Select(r => (Key: r.Key % 8, r.Value)).ToArray();

        var sums = context.Parallelize(keyed, partitions % 6 + 1)
            .ReduceByKey((a, b) => a + b, partitions: outputPartitions % 5 + 1)
            .Collect();

        var expected = keyed.GroupBy(r => r.Key, r => r.Value).ToDictionary(g => g.Key, g => g.Sum());
        return sums.Count == expected.Count && sums.All(pair => expected[pair.Key] == pair.Value);
    }

    [Fact]
    public void ReduceByKey_EmptyRddWithNoPartitions_ReturnsNothing()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        var sums = context.EmptyRdd<(int Key, int Value)>().ReduceByKey((a, b) => a + b);

        Assert.Empty(sums.Collect());
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void GroupByKey_IntKeys_GroupsEqualLinqGroupByAsMultisets(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        var groups = Distribute(context, records, shape).GroupByKey().Collect();

        AssertSameMultiset(
            records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, Bag(g))),
            groups.Select(g => (g.Key, Bag(g.Value))));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void GroupByKey_NullKeysAndValues_GroupsEqualLinqGroupByAsMultisets(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var groups = Distribute(context, records, shape).GroupByKey(partitions: 3).Collect();

        AssertSameMultiset(
            records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, Bag(g))),
            groups.Select(g => (g.Key, Bag(g.Value))));
    }

    [Property(MaxTest = 50)]
    public bool GroupByKey_RandomPairs_EveryValueLandsInItsKeysGroupOnce((int Key, int Value)[] records, byte partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var keyed = records.Select(r => (Key: r.Key % 5, r.Value)).ToArray();

        var groups = context.Parallelize(keyed, partitions % 6 + 1).GroupByKey().Collect();

        var expected = keyed.GroupBy(r => r.Key, r => r.Value).ToDictionary(g => g.Key, g => Bag(g));
        return groups.Count == expected.Count && groups.All(g => expected[g.Key] == Bag(g.Value));
    }

    [Theory]
    [MemberData(nameof(ShapesWithMapSideCombine))]
    public void CombineByKey_SumAndCountCombiner_EqualsLinqGroupBy(Shape shape, bool mapSideCombine)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        var combined = Distribute(context, records, shape).CombineByKey(
            value => (Sum: (long)value, Count: 1),
            (acc, value) => (acc.Sum + value, acc.Count + 1),
            (a, b) => (a.Sum + b.Sum, a.Count + b.Count),
            mapSideCombine: mapSideCombine).Collect();

        AssertSameMultiset(
            records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, (g.Sum(v => (long)v), g.Count()))),
            combined.Select(c => (c.Key, (c.Value.Sum, c.Value.Count))));
    }

    [Theory]
    [MemberData(nameof(ShapesWithMapSideCombine))]
    public void CombineByKey_NullKeysAndValues_EqualsLinqGroupBy(Shape shape, bool mapSideCombine)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var nullCounts = Distribute(context, records, shape).CombineByKey(
            value => value is null ? 1 : 0,
            (count, value) => count + (value is null ? 1 : 0),
            (a, b) => a + b,
            partitions: 2,
            mapSideCombine: mapSideCombine).Collect();

        AssertSameMultiset(records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, g.Count(v => v is null))), nullCounts);
    }

    [Property(MaxTest = 50)]
    public bool CombineByKey_MapSideCombineOnOrOff_BothEqualLinqGroupBy((int Key, int Value)[] records, byte partitions)
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var keyed = records.Select(r => (Key: r.Key % 7, r.Value)).ToArray();
        var rdd = context.Parallelize(keyed, partitions % 6 + 1);
        Rdd<(int Key, (long Sum, int Count) Value)> Combine(bool mapSideCombine) => rdd.CombineByKey(
            value => (Sum: (long)value, Count: 1),
            (acc, value) => (acc.Sum + value, acc.Count + 1),
            (a, b) => (a.Sum + b.Sum, a.Count + b.Count),
            partitions: 3,
            mapSideCombine: mapSideCombine);

        var expected = keyed.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, (g.Sum(v => (long)v), g.Count()))).ToList();
        return SameMultiset(expected, Combine(true).Collect()) && SameMultiset(expected, Combine(false).Collect());
    }

    // Spark lets mergeValue and mergeCombiners modify and return their first argument to avoid allocations; a
    // second action on the same RDD must still see each value exactly once.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CombineByKey_MutableListCombinerCollectedTwice_SameGroupsBothTimes(bool mapSideCombine)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var records = Ints(Shape.SkewedKeys);
        var expected = records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, Bag(g))).ToList();

        var groups = context.Parallelize(records, 4).CombineByKey(
            value => new List<int> { value },
            (list, value) => { list.Add(value); return list; },
            (first, second) => { first.AddRange(second); return first; },
            mapSideCombine: mapSideCombine);

        AssertSameMultiset(expected, groups.Collect().Select(g => (g.Key, Bag(g.Value))));
        AssertSameMultiset(expected, groups.Collect().Select(g => (g.Key, Bag(g.Value))));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void AggregateByKey_MinMaxCountAccumulator_EqualsLinqGroupBy(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        var stats = Distribute(context, records, shape).AggregateByKey(
            (Min: int.MaxValue, Max: int.MinValue, Count: 0),
            (acc, value) => (Math.Min(acc.Min, value), Math.Max(acc.Max, value), acc.Count + 1),
            (a, b) => (Math.Min(a.Min, b.Min), Math.Max(a.Max, b.Max), a.Count + b.Count)).Collect();

        AssertSameMultiset(
            records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, (g.Min(), g.Max(), g.Count()))),
            stats.Select(s => (s.Key, (s.Value.Min, s.Value.Max, s.Value.Count))));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void AggregateByKey_NullKeysAndValues_EqualsLinqGroupBy(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var lengths = Distribute(context, records, shape)
            .AggregateByKey(0L, (total, value) => total + (value?.Length ?? 0), (a, b) => a + b, partitions: 4)
            .Collect();

        AssertSameMultiset(records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, g.Sum(v => (long)(v?.Length ?? 0)))), lengths);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void FoldByKey_MaxFromNeutralZero_EqualsLinqGroupByMax(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        var maxima = Distribute(context, records, shape).FoldByKey(int.MinValue, Math.Max).Collect();

        AssertSameMultiset(records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, g.Max())), maxima);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void FoldByKey_NullKeys_EqualsLinqGroupByCount(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var counts = Distribute(context, records, shape).MapValues(_ => 1).FoldByKey(0, (a, b) => a + b, partitions: 5).Collect();

        AssertSameMultiset(records.GroupBy(r => r.Key).Select(g => (g.Key, g.Count())), counts);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void CountByKey_NullKeys_EqualsLinqGroupByCount(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var counts = Distribute(context, records, shape).CountByKey();

        AssertSameMultiset(records.GroupBy(r => r.Key).Select(g => (g.Key, g.LongCount())), counts.Select(pair => (pair.Key, pair.Value)));
    }

    [Fact]
    public void CountByKey_NullKey_IsCountedAndLookedUp()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(new (string? Key, int Value)[] { (null, 1), ("a", 2), (null, 3), ("b", 4), (null, 5) }, 3);

        var counts = rdd.CountByKey();

        Assert.Equal(3, counts.Count);
        Assert.True(counts.ContainsKey(null));
        Assert.Equal(3L, counts[null]);
        Assert.Equal(1L, counts["a"]);
        Assert.False(counts.ContainsKey("c"));
    }

    [Fact]
    public void CountByKey_EmptyRdd_IsEmpty()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        Assert.Empty(context.EmptyRdd<(int Key, int Value)>().CountByKey());
        Assert.Empty(context.Parallelize(Array.Empty<(int Key, int Value)>(), 4).CountByKey());
    }
}
