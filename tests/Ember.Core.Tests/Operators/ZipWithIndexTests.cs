using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>ZipWithIndex (positions 0..n-1, one counting job first) and ZipWithUniqueId (k * n + i, no job).</summary>
public class ZipWithIndexTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ZipWithIndex_StringsWithNulls_EqualsLinqPositions(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var indexed = context.Parallelize(items, partitions).ZipWithIndex();

        Assert.Equal(items.Select((item, index) => (item, (long)index)), indexed.Collect());
        Assert.Equal(partitions, indexed.Partitions.Count);
    }

    [Fact]
    public void ZipWithIndex_EmptyPartitionsInTheMiddle_IndicesStayContiguous()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 30), 6).Filter(item => item < 5 || item >= 25);

        Assert.Equal(rdd.Collect().Select((item, index) => (item, (long)index)), rdd.ZipWithIndex().Collect());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ZipWithUniqueId_AnyShape_SparksFormulaAndUnique(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var withIds = context.Parallelize(items, partitions).ZipWithUniqueId().Collect();

        var expected = RandomInputs.Slices(items, partitions)
            .SelectMany((slice, partition) => slice.Select((item, position) => (item, (long)position * partitions + partition)));
        Assert.Equal(expected, withIds);
        Assert.Equal(withIds.Count, withIds.Select(pair => pair.Id).Distinct().Count());
    }

    [Property(MaxTest = 40)]
    public void ZipWithIndex_AnyInts_EqualsLinqPositions(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        Assert.Equal(items.Select((item, index) => (item, (long)index)), context.Parallelize(items, RandomInputs.Partitions(partitions)).ZipWithIndex().Collect());
    }
}

/// <summary>
/// What only one process can observe of <see cref="ZipWithIndexTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class ZipWithIndexInProcessTests : BackendTests
{
    [Fact]
    public void ZipWithIndex_Created_CountsEveryPartitionButTheLastAtOnce()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var tracker = new ComputedPartitions();
        var rdd = tracker.Track(context.Parallelize(Enumerable.Range(0, 20), 4));

        var indexed = rdd.ZipWithIndex();

        Assert.Equal([0, 1, 2], tracker.Indices);
        Assert.Equal(Enumerable.Range(0, 20).Select(item => (item, (long)item)), indexed.Collect());
    }
}
