using Ember.Partitioning;
using Ember.Tests.Operators;
using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>Lookup: LINQ's values of the key, scanning one partition when the partitioner is known.</summary>
public class LookupTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public async Task Lookup_NoPartitioner_ValuesOfEveryKeyInOrder(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);
        var rdd = Distribute(context, records, shape);

        foreach (var key in records.Select(record => record.Key).Append(null).Append("absent").Distinct())
        {
            Assert.Equal(records.Where(record => record.Key == key).Select(record => record.Value), rdd.Lookup(key));
        }
        Assert.Equal(records.Where(record => record.Key == HotStringKey).Select(record => record.Value), await rdd.LookupAsync(HotStringKey));
    }

    [Fact]
    public void Lookup_NullKeyHashPartitioned_FindsItsValues()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        (string? Key, int Value)[] records = [(null, 1), ("a", 2), (null, 3)];

        var values = context.Parallelize(records, 2).PartitionBy(new HashPartitioner(3)).Lookup(null);

        Assert.Equal([1, 3], values.Order());
    }

    [Property(MaxTest = 30)]
    public void Lookup_AnyPairs_EqualsLinqWhere((int Key, int Value)[] records, PositiveInt partitions, int key)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(records, Operators.RandomInputs.Partitions(partitions));
        var wanted = records.Length > 0 && key % 2 == 0 ? records[Math.Abs(key % records.Length)].Key : key;

        Assert.Equal(records.Where(record => record.Key == wanted).Select(record => record.Value), rdd.Lookup(wanted));
    }
}

/// <summary>
/// What only one process can observe of <see cref="LookupTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class LookupInProcessTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void Lookup_HashPartitioned_ValuesOfEveryKeyFromOnePartition(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);
        var partitioner = new HashPartitioner(4);
        var partitioned = Distribute(context, records, shape).PartitionBy(partitioner).Persist();

        foreach (var key in records.Select(record => record.Key).Append(1000).Distinct())
        {
            var tracker = new ComputedPartitions();
            var values = tracker.Track(partitioned).Lookup(key);

            AssertSameMultiset(records.Where(record => record.Key == key).Select(record => record.Value), values);
            Assert.Equal([partitioner.GetPartition(key)], tracker.Indices);
        }
    }
}
