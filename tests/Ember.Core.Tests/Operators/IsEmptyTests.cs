using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>IsEmpty: LINQ's !Any(), empty partitions and an RDD with no partitions included.</summary>
public class IsEmptyTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task IsEmpty_AnyShape_EqualsLinqNotAny(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(!items.Any(), rdd.IsEmpty());
        Assert.Equal(!items.Any(item => item > 100), await rdd.Filter(item => item > 100).IsEmptyAsync());
    }

    [Fact]
    public void IsEmpty_NoPartitions_True()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        Assert.True(context.EmptyRdd<string>().IsEmpty());
    }

    [Property(MaxTest = 30)]
    public void IsEmpty_AnyInts_EqualsLinqNotAny(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        Assert.Equal(!items.Any(), context.Parallelize(items, RandomInputs.Partitions(partitions)).IsEmpty());
    }
}

/// <summary>
/// What only one process can observe of <see cref="IsEmptyTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class IsEmptyInProcessTests : BackendTests
{
    [Fact]
    public void IsEmpty_FirstPartitionHasRecords_ComputesOnlyIt()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var tracker = new ComputedPartitions();

        Assert.False(tracker.Track(context.Parallelize(Enumerable.Range(0, 100), 10)).IsEmpty());
        Assert.Equal([0], tracker.Indices);
    }
}
