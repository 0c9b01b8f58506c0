using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>CollectAsMap: one entry per key (null included), the last value in partition order winning.</summary>
public class CollectAsMapTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public async Task CollectAsMap_StringKeysWithNulls_LastValuePerKey(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape);
        var rdd = Distribute(context, records, shape);

        var map = rdd.CollectAsMap();

        AssertLastValuePerKey(records, map);
        AssertLastValuePerKey(records, await rdd.CollectAsMapAsync());
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void CollectAsMap_IntKeys_LastValuePerKey(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape);

        AssertLastValuePerKey(records, Distribute(context, records, shape).CollectAsMap());
    }

    [Property(MaxTest = 30)]
    public void CollectAsMap_AnyPairs_LastValuePerKey((int Key, string Value)[] records, PositiveInt partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        AssertLastValuePerKey(records, context.Parallelize(records, Operators.RandomInputs.Partitions(partitions)).CollectAsMap());
    }

    private static void AssertLastValuePerKey<TKey, TValue>((TKey Key, TValue Value)[] records, IReadOnlyDictionary<TKey, TValue> map)
    {
        var last = records.Reverse().DistinctBy(record => record.Key).ToList();
        Assert.Equal(last.Count, map.Count);
        Assert.All(last, record => Assert.Equal(record.Value, map[record.Key]));
    }
}
