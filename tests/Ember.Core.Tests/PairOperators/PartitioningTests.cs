using Ember.Dependencies;
using Ember.Partitioning;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>PartitionBy and HashPartitioner placement: where each key goes, and that the place never changes.</summary>
public class PartitioningTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void PartitionBy_IntKeys_EveryKeyInTheHashPartitionersPartition(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);
        var partitioner = new HashPartitioner(6);

        var partitioned = Distribute(context, records, shape).PartitionBy(partitioner);

        var byPartition = RecordsByPartition(partitioned);
        Assert.Equal(6, byPartition.Count);
        for (var i = 0; i < byPartition.Count; i++)
        {
            Assert.All(byPartition[i], record => Assert.Equal(i, partitioner.GetPartition(record.Key)));
        }
        AssertSameMultiset(records, byPartition.SelectMany(part => part));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void PartitionBy_NullStringKeys_NullKeysGoToPartitionZero(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape).Append((null, "extra")).ToArray();
        var partitioner = new HashPartitioner(4);

        var byPartition = RecordsByPartition(Distribute(context, records, shape).PartitionBy(partitioner));

        Assert.Equal(records.Count(r => r.Key is null), byPartition[0].Count(r => r.Key is null));
        for (var i = 0; i < byPartition.Count; i++)
        {
            Assert.All(byPartition[i], record => Assert.Equal(i, partitioner.GetPartition(record.Key)));
        }
        AssertSameMultiset(records, byPartition.SelectMany(part => part));
    }

    [Fact]
    public void PartitionBy_EqualPartitioner_ReturnsTheSameRdd()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partitioned = context.Parallelize(Ints(Shape.Uniform), 3).PartitionBy(new HashPartitioner(4));

        Assert.Same(partitioned, partitioned.PartitionBy(new HashPartitioner(4)));
    }

    [Fact]
    public void PartitionBy_OtherPartitionCount_ShufflesIntoANewRdd()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var records = Ints(Shape.Uniform);
        var partitioned = context.Parallelize(records, 3).PartitionBy(new HashPartitioner(4));

        var repartitioned = partitioned.PartitionBy(new HashPartitioner(7));

        Assert.NotSame(partitioned, repartitioned);
        Assert.Equal(new HashPartitioner(7), repartitioned.Partitioner);
        Assert.IsAssignableFrom<ShuffleDependency>(Assert.Single(repartitioned.Dependencies));
        AssertSameMultiset(records, repartitioned.Collect());
    }

    [Fact]
    public void PartitionBy_RangePartitioner_EveryKeyInItsRange()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var records = Ints(Shape.Uniform);
        var ranges = new RangePartitioner<int>([-5, 5], Comparer<int>.Default, ascending: true);

        var byPartition = RecordsByPartition(context.Parallelize(records, 4).PartitionBy(ranges));

        Assert.Equal(3, byPartition.Count);
        Assert.All(byPartition[0], record => Assert.True(record.Key <= -5));
        Assert.All(byPartition[1], record => Assert.InRange(record.Key, -4, 5));
        Assert.All(byPartition[2], record => Assert.True(record.Key > 5));
        AssertSameMultiset(records, byPartition.SelectMany(part => part));
    }

    [Property(MaxTest = 50)]
    public bool PartitionBy_RandomKeys_PlacesEveryRecordByItsKey((string? Key, int Value)[] records, byte partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partitioner = new HashPartitioner(partitions % 9 + 1);

        var byPartition = RecordsByPartition(context.Parallelize(records, 3).PartitionBy(partitioner));

        return byPartition.Count == partitioner.NumPartitions
            && byPartition.Select((part, index) => part.All(record => partitioner.GetPartition(record.Key) == index)).All(ok => ok)
            && SameMultiset(records, byPartition.SelectMany(part => part));
    }

    // Pinned placements: state saved by one process is read back by another, so these may never change. They were
    // computed once and checked against an independent MurmurHash3 (x86_32, UTF-16LE) implementation.
    [Theory]
    [InlineData("apple", 8)]
    [InlineData("banana", 9)]
    [InlineData("cherry", 8)]
    [InlineData("spark", 10)]
    [InlineData("ember", 15)]
    public void HashPartitioner_KnownStringKey_PlacementIsTheSameInEveryProcess(string key, int expected)
    {
        Assert.Equal(expected, new HashPartitioner(16).GetPartition(key));

        var context = Context(new EmberOptions { Master = "local[2]" });
        var byPartition = RecordsByPartition(context.Parallelize(new[] { (Key: key, Value: 1) }, 1).PartitionBy(new HashPartitioner(16)));
        Assert.Equal([(key, 1)], byPartition[expected]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 7)]
    [InlineData(42, 12)]
    [InlineData(-7, 3)]
    [InlineData(1000, 8)]
    public void HashPartitioner_KnownIntKey_PlacementIsTheSameInEveryProcess(int key, int expected) =>
        Assert.Equal(expected, new HashPartitioner(16).GetPartition(key));

    [Fact]
    public void HashPartitioner_NullKey_GoesToPartitionZero()
    {
        Assert.Equal(0, new HashPartitioner(7).GetPartition<string?>(null));
        Assert.Equal(0, new HashPartitioner(7).GetPartition<int?>(null));
    }

    [Property(MaxTest = 50)]
    public bool HashPartitioner_AnyKey_PartitionIsInRangeAndStable(string? key, int number, byte partitions)
    {
        var partitioner = new HashPartitioner(partitions % 20 + 1);
        var copy = key is null ? null : new string(key.AsSpan());
        var stringPartition = partitioner.GetPartition(key);
        var intPartition = partitioner.GetPartition(number);
        return stringPartition == new HashPartitioner(partitioner.NumPartitions).GetPartition(copy)
            && stringPartition >= 0 && stringPartition < partitioner.NumPartitions
            && intPartition >= 0 && intPartition < partitioner.NumPartitions;
    }

    [Fact]
    public void HashPartitioner_SameCount_AreEqualAndOtherCountsAreNot()
    {
        Assert.Equal(new HashPartitioner(5), new HashPartitioner(5));
        Assert.True(new HashPartitioner(5).Equals((IPartitioner)new HashPartitioner(5)));
        Assert.NotEqual(new HashPartitioner(5), new HashPartitioner(6));
    }
}
