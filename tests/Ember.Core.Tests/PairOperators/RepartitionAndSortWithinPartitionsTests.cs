using Ember.Partitioning;
using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>RepartitionAndSortWithinPartitions: every record where the partitioner puts it, each partition sorted by key.</summary>
public class RepartitionAndSortWithinPartitionsTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void RepartitionAndSort_IntKeys_PlacedByPartitionerAndSortedWithin(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);
        var partitioner = new HashPartitioner(3);

        var result = Distribute(context, records, shape).RepartitionAndSortWithinPartitions(partitioner);

        Assert.Same(partitioner, result.Partitioner);
        AssertPlacedAndSorted(records, RecordsByPartition(result), partitioner, Comparer<int>.Default);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void RepartitionAndSort_StringKeysWithNulls_OrdinalOrderNullFirst(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape).Append(("B", "x")).Append(("a", "y")).ToArray();
        var partitioner = new HashPartitioner(2);

        var parts = RecordsByPartition(Distribute(context, records, shape).RepartitionAndSortWithinPartitions(partitioner));

        AssertPlacedAndSorted(records, parts, partitioner, StringComparer.Ordinal);
    }

    [Fact]
    public void RepartitionAndSort_SamePartitionerAsInput_StillShufflesAndSorts()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partitioner = new HashPartitioner(2);
        var partitioned = context.Parallelize(Ints(Shape.Uniform), 3).PartitionBy(partitioner);

        var result = partitioned.RepartitionAndSortWithinPartitions(partitioner, Comparer<int>.Create((a, b) => b.CompareTo(a)));

        Assert.Single(ShufflesSince(result, partitioned));
        Assert.All(RecordsByPartition(result), part => Assert.Equal(part.Select(r => r.Key).OrderDescending(), part.Select(r => r.Key)));
    }

    [Property(MaxTest = 30)]
    public void RepartitionAndSort_AnyPairs_PlacedAndSorted((int Key, int Value)[] records, PositiveInt partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partitioner = new HashPartitioner(Operators.RandomInputs.Partitions(partitions));

        var parts = RecordsByPartition(context.Parallelize(records, 3).RepartitionAndSortWithinPartitions(partitioner));

        AssertPlacedAndSorted(records, parts, partitioner, Comparer<int>.Default);
    }

    private static void AssertPlacedAndSorted<TKey, TValue>(
        (TKey Key, TValue Value)[] records, IReadOnlyList<(TKey Key, TValue Value)[]> parts, IPartitioner partitioner, IComparer<TKey> comparer)
    {
        Assert.Equal(partitioner.NumPartitions, parts.Count);
        AssertSameMultiset(records, parts.SelectMany(part => part));
        for (var i = 0; i < parts.Count; i++)
        {
            Assert.All(parts[i], record => Assert.Equal(i, partitioner.GetPartition(record.Key)));
            Assert.Equal(parts[i].Select(record => record.Key).Order(comparer), parts[i].Select(record => record.Key));
        }
    }
}
