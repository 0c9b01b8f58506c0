using Ember.Partitioning;
using Ember.Tests.Operators;
using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>CoGroup and GroupWith with two and three other RDDs, against a LINQ reference built with ToLookup.</summary>
public class CoGroupManyTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void CoGroup_ThreeRdds_ValueListsEqualReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (first, second) = (Ints(shape, seed: 1), Ints(shape, seed: 2));
        var third = Ints(shape, seed: 3).Where((_, index) => index % 2 == 0).ToArray();

        var groups = Distribute(context, first, shape).CoGroup(Distribute(context, second, shape), context.Parallelize(third, 2)).Collect();

        AssertSameMultiset(
            Reference(first, second, third),
            groups.Select(g => (g.Key, $"{Bag(g.Value.Left)} / {Bag(g.Value.Other1)} / {Bag(g.Value.Other2)}")));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void CoGroup_FourRddsWithNullKeysAndValues_ValueListsEqualReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (first, second, third, fourth) = (Strings(shape, seed: 1), Strings(shape, seed: 2), Strings(shape, seed: 3), Strings(shape, seed: 4));

        var groups = Distribute(context, first, shape)
            .CoGroup(context.Parallelize(second, 1), Distribute(context, third, shape), context.Parallelize(fourth, 6), partitions: 3)
            .Collect();

        AssertSameMultiset(
            Reference(first, second, third, fourth),
            groups.Select(g => (g.Key, $"{Bag(g.Value.Left)} / {Bag(g.Value.Other1)} / {Bag(g.Value.Other2)} / {Bag(g.Value.Other3)}")));
    }

    [Property(MaxTest = 40)]
    public void CoGroup_AnyInts_ThreeAndFourWayGroupsEqualReference(int[] first, int[] second, string?[] third, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));
        var count = RandomInputs.Partitions(partitions);
        (int Key, int Value)[] a = [.. first.Select(x => (x % 5, x))];
        (int Key, int Value)[] b = [.. second.Select(x => (x % 3, x))];
        (int Key, string? Value)[] c = [.. third.Select((x, i) => (i % 4, x))];

        var three = context.Parallelize(a, count).CoGroup(context.Parallelize(b, 2), context.Parallelize(c, count + 1)).Collect();
        var four = context.Parallelize(a, count).CoGroup(context.Parallelize(b, 1), context.Parallelize(a, 3), context.Parallelize(b, count), partitions: count).Collect();

        Assert.True(SameMultiset(
            Reference(a.Select(r => (r.Key, $"{r.Value}")).ToArray(), b.Select(r => (r.Key, $"{r.Value}")).ToArray(), c.Select(r => (r.Key, r.Value ?? "<null>")).ToArray()),
            three.Select(g => (g.Key, $"{Bag(g.Value.Left)} / {Bag(g.Value.Other1)} / {Bag(g.Value.Other2)}"))));
        Assert.True(SameMultiset(
            Reference(a, b, a, b),
            four.Select(g => (g.Key, $"{Bag(g.Value.Left)} / {Bag(g.Value.Other1)} / {Bag(g.Value.Other2)} / {Bag(g.Value.Other3)}"))));
    }

    [Fact]
    public void CoGroup_KeyInOnlyOneRdd_EmptyListsForTheOthers()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var empty = context.Parallelize(Array.Empty<(string Key, int Value)>(), 2);

        var groups = empty.CoGroup(empty, empty, context.Parallelize([("only", 1.5)], 1)).Collect();

        var (key, (left, other1, other2, other3)) = Assert.Single(groups);
        Assert.Equal("only", key);
        Assert.Empty(left);
        Assert.Empty(other1);
        Assert.Empty(other2);
        Assert.Equal([1.5], other3);
    }

    [Fact]
    public void CoGroup_ThreeRdds_OneShufflePerRddNotAlreadyPartitionedByTarget()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var target = new HashPartitioner(4);
        var placed = context.Parallelize([(1, "a"), (2, "b")], 2).PartitionBy(target);
        var other1 = context.Parallelize([(1, 10)], 3);
        var other2 = context.Parallelize([(2, 2.0)], 5);

        var grouped = placed.CoGroup(other1, other2, partitioner: target);

        Assert.Equal(target, grouped.Partitioner);
        Assert.Equal(2, ShufflesSince(grouped, placed).Count);
        Assert.Equal(4, grouped.Partitions.Count);
        Assert.All(RecordsByPartition(grouped).Select((records, index) => (records, index)),
            part => Assert.All(part.records, record => Assert.Equal(part.index, target.GetPartition(record.Key))));
    }

    [Fact]
    public void CoGroup_FourRdds_PartitionsAndPartitionerBothGiven_Throws()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize([(1, 1)], 1);

        Assert.Throws<ArgumentException>(() => rdd.CoGroup(rdd, rdd, rdd, partitions: 2, partitioner: new HashPartitioner(2)));
        Assert.Throws<ArgumentNullException>(() => rdd.CoGroup(rdd, (Rdd<(int, int)>)null!));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void GroupWith_OneTwoAndThreeOthers_SameGroupsAsCoGroup(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var rdd = Distribute(context, Ints(shape, seed: 7), shape);
        var other = Distribute(context, Ints(shape, seed: 8), shape);

        Assert.True(SameMultiset(Render(rdd.CoGroup(other)), Render(rdd.GroupWith(other))));
        AssertSameMultiset(Render(rdd.CoGroup(other, rdd)), Render(rdd.GroupWith(other, rdd)));
        AssertSameMultiset(Render(rdd.CoGroup(other, rdd, other)), Render(rdd.GroupWith(other, rdd, other)));
    }

    /// <summary>PySpark's <c>groupWith</c> doctest: w.groupWith(x, y, z).</summary>
    [Fact]
    public void GroupWith_PySparkDocExample_GivesTheDocumentedGroups()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var w = context.Parallelize([("a", 5), ("b", 6)]);
        var x = context.Parallelize([("a", 1), ("b", 4)]);
        var y = context.Parallelize([("a", 2)]);
        var z = context.Parallelize([("b", 42)]);

        var groups = w.GroupWith(x, y, z).Collect()
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: [{string.Join(",", g.Value.Left)}] [{string.Join(",", g.Value.Other1)}] [{string.Join(",", g.Value.Other2)}] [{string.Join(",", g.Value.Other3)}]");

        Assert.Equal(["a: [5] [1] [2] []", "b: [6] [4] [] [42]"], groups);
    }

    private static IEnumerable<string> Render<TKey>(Rdd<(TKey Key, (IReadOnlyList<int> Left, IReadOnlyList<int> Right) Value)> rdd) =>
        rdd.Collect().Select(g => $"{g.Key}: {Bag(g.Value.Left)} / {Bag(g.Value.Right)}");

    private static IEnumerable<string> Render<TKey>(Rdd<(TKey Key, (IReadOnlyList<int> Left, IReadOnlyList<int> Other1, IReadOnlyList<int> Other2) Value)> rdd) =>
        rdd.Collect().Select(g => $"{g.Key}: {Bag(g.Value.Left)} / {Bag(g.Value.Other1)} / {Bag(g.Value.Other2)}");

    private static IEnumerable<string> Render<TKey>(
        Rdd<(TKey Key, (IReadOnlyList<int> Left, IReadOnlyList<int> Other1, IReadOnlyList<int> Other2, IReadOnlyList<int> Other3) Value)> rdd) =>
        rdd.Collect().Select(g => $"{g.Key}: {Bag(g.Value.Left)} / {Bag(g.Value.Other1)} / {Bag(g.Value.Other2)} / {Bag(g.Value.Other3)}");

    /// <summary>Each key of any side with every side's values as order-independent bags, joined by " / ".</summary>
    private static IEnumerable<(TKey Key, string Groups)> Reference<TKey, TValue>(params (TKey Key, TValue Value)[][] sides)
    {
        var lookups = sides.Select(side => side.ToLookup(record => record.Key, record => record.Value)).ToList();
        return lookups.SelectMany(lookup => lookup.Select(group => group.Key)).Distinct()
            .Select(key => (key, string.Join(" / ", lookups.Select(lookup => Bag(lookup[key])))));
    }
}
