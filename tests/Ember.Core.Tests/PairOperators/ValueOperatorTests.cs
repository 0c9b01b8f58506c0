using Ember.Dependencies;
using Ember.Partitioning;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>MapValues, FlatMapValues, Keys and Values: narrow, order-keeping, and (for the first two) partitioner-keeping.</summary>
public class ValueOperatorTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void MapValues_AnyShape_EqualsLinqSelectInOrder(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        var mapped = Distribute(context, records, shape).MapValues(value => value * 3 - 1).Collect();

        Assert.Equal(records.Select(r => (r.Key, r.Value * 3 - 1)), mapped);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void MapValues_NullKeysAndValues_KeepsKeysAndSeesNulls(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var mapped = Distribute(context, records, shape).MapValues(value => value is null ? -1 : value.Length).Collect();

        Assert.Equal(records.Select(r => (r.Key, r.Value is null ? -1 : r.Value.Length)), mapped);
    }

    [Fact]
    public void MapValues_AfterPartitionBy_KeepsPartitionerAndPlacement()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partitioner = new HashPartitioner(4);
        var partitioned = context.Parallelize(Ints(Shape.Uniform), 3).PartitionBy(partitioner);

        var mapped = partitioned.MapValues(value => value.ToString());

        Assert.Equal(partitioner, mapped.Partitioner);
        Assert.All(mapped.Dependencies, dependency => Assert.IsType<OneToOneDependency>(dependency));
        var byPartition = RecordsByPartition(mapped);
        for (var i = 0; i < byPartition.Count; i++)
        {
            Assert.All(byPartition[i], record => Assert.Equal(i, partitioner.GetPartition(record.Key)));
        }
    }

    [Fact]
    public void MapValues_AfterPartitionBy_LetsReduceByKeySkipTheShuffle()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var records = Ints(Shape.SkewedKeys);
        var partitioned = context.Parallelize(records, 4).PartitionBy(new HashPartitioner(3));

        var sums = partitioned.MapValues(value => (long)value).ReduceByKey((a, b) => a + b);

        Assert.Empty(ShufflesSince(sums, partitioned));
        AssertSameMultiset(records.GroupBy(r => r.Key, r => (long)r.Value).Select(g => (g.Key, g.Sum())), sums.Collect());
    }

    [Property(MaxTest = 50)]
    public bool MapValues_RandomPairs_EqualsLinqSelect((int Key, int Value)[] records, byte partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var mapped = context.Parallelize(records, partitions % 6 + 1).MapValues(value => (long)value * value).Collect();
        return records.Select(r => (r.Key, (long)r.Value * r.Value)).SequenceEqual(mapped);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void FlatMapValues_ZeroOneOrManyResults_EqualsLinqSelectMany(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);
        // A negative value yields nothing, so some records vanish; others yield up to four copies.
        static IEnumerable<int> Expand(int value) => Enumerable.Range(0, Math.Max(0, value % 5)).Select(i => value + i);

        var flattened = Distribute(context, records, shape).FlatMapValues(Expand).Collect();

        Assert.Equal(records.SelectMany(r => Expand(r.Value).Select(v => (r.Key, v))), flattened);
    }

    [Fact]
    public void FlatMapValues_AfterPartitionBy_KeepsPartitioner()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partitioner = new HashPartitioner(5);
        var partitioned = context.Parallelize(Strings(Shape.Uniform), 2).PartitionBy(partitioner);

        var flattened = partitioned.FlatMapValues(value => new[] { value, value });

        Assert.Equal(partitioner, flattened.Partitioner);
        Assert.Equal(2 * partitioned.Count(), flattened.Count());
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void Keys_AnyShape_EqualsLinqSelectKeyInOrder(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var keys = Distribute(context, records, shape).Keys().Collect();

        Assert.Equal(records.Select(r => r.Key), keys);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void Values_AnyShape_EqualsLinqSelectValueInOrder(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);

        var values = Distribute(context, records, shape).Values().Collect();

        Assert.Equal(records.Select(r => r.Value), values);
    }

    [Fact]
    public void KeysAndValues_NullKeyAndNullValue_ArePreserved()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize(new (string? Key, string? Value)[] { (null, "a"), ("b", null), (null, null) }, 2);

        Assert.Equal([null, "b", null], rdd.Keys().Collect());
        Assert.Equal(["a", null, null], rdd.Values().Collect());
    }

    [Fact]
    public void KeysAndValues_EmptyRdd_AreEmpty()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.EmptyRdd<(int Key, int Value)>();

        Assert.Empty(rdd.Keys().Collect());
        Assert.Empty(rdd.Values().Collect());
    }
}
