using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>ToLocalIterator: Collect's records in order, fetched one partition (one job) at a time.</summary>
public class ToLocalIteratorTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ToLocalIterator_StringsWithNulls_EqualsInputInOrder(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(items, rdd.ToLocalIterator());
        Assert.Equal(items, await rdd.ToLocalIteratorAsync().ToListAsync());
    }

    [Property(MaxTest = 30)]
    public void ToLocalIterator_AnyInts_EqualsCollect(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        Assert.Equal(items, context.Parallelize(items, RandomInputs.Partitions(partitions)).ToLocalIterator());
    }
}

/// <summary>
/// What only one process can observe of <see cref="ToLocalIteratorTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class ToLocalIteratorInProcessTests : BackendTests
{
    [Fact]
    public void ToLocalIterator_PartlyEnumerated_ComputedOnlyThePartitionsReached()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var tracker = new ComputedPartitions();
        var rdd = tracker.Track(context.Parallelize(Enumerable.Range(0, 40), 4));

        using var enumerator = rdd.ToLocalIterator().GetEnumerator();
        Assert.Empty(tracker.Indices);
        for (var i = 0; i < 11; i++)
        {
            Assert.True(enumerator.MoveNext());
        }

        Assert.Equal(10, enumerator.Current);
        Assert.Equal([0, 1], tracker.Indices);
        Assert.Equal(2, tracker.Computations);
    }
}
